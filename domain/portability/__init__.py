"""The portable format's rules that need no wire library: which versions are read, how an
older document is upcast to the current one, and what `exported_by` means."""

from domain.portability.errors import MalformedDocument, PortableFormatError, UnsupportedVersion
from domain.portability.exported_by import exporter_id, exporter_uuid
from domain.portability.paths import index_path, key_path, origin
from domain.portability.upcast import STEPS, Step, Upcast, upcast, upcast_traced
from domain.portability.versions import CURRENT, SUPPORTED, check_version, find_version

__all__ = [
    "CURRENT",
    "STEPS",
    "SUPPORTED",
    "MalformedDocument",
    "PortableFormatError",
    "Step",
    "UnsupportedVersion",
    "Upcast",
    "check_version",
    "exporter_id",
    "exporter_uuid",
    "find_version",
    "index_path",
    "key_path",
    "origin",
    "upcast",
    "upcast_traced",
]
