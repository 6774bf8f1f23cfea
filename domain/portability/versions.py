"""Which format versions this reader takes, and what it says about them."""

from __future__ import annotations

import re
from typing import Any

from domain.portability.errors import PortableFormatError, UnsupportedVersion

CURRENT = "1.0.0"
SUPPORTED = ("0.9.0", "1.0.0")
VERSION_PATH = "$.deal_brain_export.version"

# semver.org's own pattern: MAJOR.MINOR.PATCH, optional pre-release and build metadata.
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)
_SUPPORTED_TEXT = f"supported: {', '.join(SUPPORTED)} (later 1.x read with warnings)"


def check_version(found: str) -> list[str]:
    """Warnings for a version this reader takes; `UnsupportedVersion` for any other."""
    match = _SEMVER.fullmatch(found) if isinstance(found, str) else None
    if match is None:
        raise UnsupportedVersion(
            VERSION_PATH, f"{found!r} is not a semantic version; {_SUPPORTED_TEXT}"
        )
    if found in SUPPORTED:
        return []
    if int(match.group(1)) == 1:
        return [
            f"{VERSION_PATH}: version {found} is newer than {CURRENT}; read as {CURRENT}, "
            "fields this reader does not know are ignored"
        ]
    raise UnsupportedVersion(VERSION_PATH, f"version {found} is not supported; {_SUPPORTED_TEXT}")


def major_of(version: str) -> int:
    return int(version.split(".", 1)[0])


def find_version(document: Any) -> str:
    """The version the document claims, or a format error naming what is missing."""
    if not isinstance(document, dict):
        raise PortableFormatError("$", "a document must be a JSON object")
    header = document.get("deal_brain_export")
    if header is None:
        raise PortableFormatError("$.deal_brain_export", "is required")
    if not isinstance(header, dict):
        raise PortableFormatError("$.deal_brain_export", "must be an object")
    version = header.get("version")
    if version is None:
        raise PortableFormatError(VERSION_PATH, "is required")
    if not isinstance(version, str):
        raise UnsupportedVersion(
            VERSION_PATH, f"{version!r} is not a semantic version; {_SUPPORTED_TEXT}"
        )
    return version
