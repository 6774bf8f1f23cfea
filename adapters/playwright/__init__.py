"""playwright adapter."""
