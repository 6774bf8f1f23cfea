"""Wire formats as msgspec Structs, and their conversion to and from domain objects."""
