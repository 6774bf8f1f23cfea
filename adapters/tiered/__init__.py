"""tiered adapter."""
