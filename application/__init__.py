"""Use cases: one module per capability; each takes ports and returns domain objects."""
