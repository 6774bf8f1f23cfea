"""Pillow: images drawn without a browser."""
