"""filesystem adapter."""
