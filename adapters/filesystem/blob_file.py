"""One file per blob: a header line of JSON metadata, then the data (ADR 0026).

A single file means one atomic `os.replace` publishes data and metadata together, so a
reader never pairs new bytes with old metadata.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from domain.ports import Blob

MAGIC = b"DBBLOB1 "
TEMP_PREFIX = ".tmp-"


def encode(blob: Blob) -> bytes:
    header = {
        "bytes": len(blob.data),
        "content_type": blob.content_type,
        "created_at": blob.created_at.isoformat(),
        "expires_at": blob.expires_at.isoformat() if blob.expires_at else None,
    }
    return MAGIC + json.dumps(header).encode() + b"\n" + blob.data


def decode(raw: bytes) -> Blob | None:
    """The blob, or None when the file is not a whole blob file (torn by a power loss)."""
    if not raw.startswith(MAGIC):
        return None
    header_line, newline, data = raw[len(MAGIC) :].partition(b"\n")
    if not newline:
        return None
    try:
        header = json.loads(header_line)
        if header["bytes"] != len(data):
            return None
        expires_at = header["expires_at"]
        return Blob(
            data=data,
            content_type=header["content_type"],
            created_at=datetime.fromisoformat(header["created_at"]),
            expires_at=datetime.fromisoformat(expires_at) if expires_at else None,
        )
    except (ValueError, KeyError, TypeError):
        return None


def open_temp_beside(path: Path) -> tuple[int, str]:
    """A new temp file in `path`'s folder (which must exist): its descriptor and name."""
    return tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)


def publish(fd: int, temp: str, path: Path, payload: bytes, fsync: bool) -> None:
    """Fill the temp file, then rename it over `path` (atomic on POSIX); on any error the
    temp file is removed and `path` keeps what it had."""
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(payload)
            if fsync:
                file.flush()
                os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
