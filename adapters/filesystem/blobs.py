"""BlobCache on the local filesystem: the embedded default (ADR 0026).

Blocking file I/O runs in worker threads (`asyncio.to_thread`), never on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from adapters.filesystem.blob_file import decode, encode, open_temp_beside, publish
from adapters.filesystem.keys import BLOB_SUFFIX, key_path, path_key, prefix_directory
from domain.ports import Blob, Clock

# A put whose folder another process's purge removes tries again.
_PUT_ATTEMPTS = 3


class FilesystemBlobCache:
    """Blobs as files under `root`, one per key (`cards/1/ab12/light-social.png.blob`).

    `fsync=True` makes each put durable across power loss; off by default since a torn
    file reads as missing and a card can always be rendered again.
    """

    def __init__(self, root: Path, clock: Clock, *, fsync: bool = False) -> None:
        self._root = Path(root)
        self._clock = clock
        self._fsync = fsync
        self._folders = threading.Lock()  # folder creation vs removal, across worker threads

    @property
    def root(self) -> Path:
        return self._root

    async def get(self, key: str) -> Blob | None:
        return await asyncio.to_thread(self._get, key_path(self._root, key))

    async def put(self, key: str, data: bytes, content_type: str, ttl_seconds: int) -> None:
        if ttl_seconds < 0:
            raise ValueError(f"ttl_seconds must be >= 0 (0: no expiry), got {ttl_seconds}")
        now = self._clock.now()
        expires_at = now + timedelta(seconds=ttl_seconds) if ttl_seconds else None
        payload = encode(Blob(bytes(data), content_type, now, expires_at))
        await asyncio.to_thread(self._put, key_path(self._root, key), payload)

    async def delete_prefix(self, prefix: str) -> int:
        directory = prefix_directory(self._root, prefix)
        return await asyncio.to_thread(self._delete_prefix, directory, prefix)

    async def ping(self) -> None:
        await asyncio.to_thread(self._ping)

    def _get(self, path: Path) -> Blob | None:
        try:
            blob = decode(path.read_bytes())
        except FileNotFoundError:
            return None
        if blob is None or (blob.expires_at and self._clock.now() >= blob.expires_at):
            # Torn or expired: drop it lazily. A put racing with this unlink may lose its
            # fresh file, which only costs one more render.
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return None
        return blob

    def _put(self, path: Path, payload: bytes) -> None:
        fd, temp = self._temp_file_beside(path)
        publish(fd, temp, path, payload, self._fsync)

    def _temp_file_beside(self, path: Path) -> tuple[int, str]:
        """Once the temp file exists its folder is not empty, so no purge removes it; the
        lock covers the moment before. Another process's purge may still win that moment,
        hence the retries."""
        for attempt in range(_PUT_ATTEMPTS):
            try:
                with self._folders:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    return open_temp_beside(path)
            except FileNotFoundError:
                if attempt == _PUT_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _delete_prefix(self, directory: Path, prefix: str) -> int:
        if not directory.is_dir():
            return 0
        removed = 0
        for folder, _subfolders, files in os.walk(directory, topdown=False):
            for name in files:
                path = Path(folder, name)
                if name.endswith(BLOB_SUFFIX) and path_key(self._root, path).startswith(prefix):
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                        removed += 1
            self._remove_if_empty(Path(folder))
        for parent in directory.parents:
            if self._root not in parent.parents or not self._remove_if_empty(parent):
                break
        return removed

    def _remove_if_empty(self, folder: Path) -> bool:
        """Remove `folder` (never the root) if it is empty; say whether it is gone."""
        if folder == self._root:
            return False
        try:
            with self._folders:
                folder.rmdir()
        except FileNotFoundError:
            return True
        except OSError:  # not empty: keep it
            return False
        return True

    def _ping(self) -> None:
        self._root.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=self._root, prefix=".ping-")
        os.close(fd)
        os.unlink(probe)
