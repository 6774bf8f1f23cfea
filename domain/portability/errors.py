"""What can be wrong with a portable document. One family, so callers catch one type."""

from __future__ import annotations

from domain.errors import Invalid


class PortableFormatError(Invalid):
    """The document breaks the format; `path` is a JSON path in the document as received
    (e.g. `$.data.items[2].listing.listing.condition`)."""

    @property
    def path(self) -> str:
        return self.field or "$"


class MalformedDocument(PortableFormatError):
    """Not a document at all: not JSON, not an object, or nested too deeply to read."""


class UnsupportedVersion(PortableFormatError):
    """A version this reader refuses (a later major, an unknown draft, not semver)."""
