"""What only the filesystem BlobCache promises: keys stay inside the root, writes are atomic."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from adapters.filesystem import FilesystemBlobCache, blob_file
from adapters.memory.clock import FixedClock

KEY = "cards/7/fp/light-social.png"
BAD_KEYS = [
    "../escape.png",
    "cards/../../escape.png",
    "/etc/passwd",
    "cards\\7\\x.png",
    "cards//x.png",
    "./x.png",
    "cards/",
    "",
    "..",
    "nul\x00.png",
    "dir.blob/x.png",
]


@pytest.fixture
def cache(tmp_path: Path, clock: FixedClock) -> FilesystemBlobCache:
    return FilesystemBlobCache(tmp_path / "blobs", clock)


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize("key", BAD_KEYS)
async def test_keys_that_could_leave_the_root_are_refused(
    cache: FilesystemBlobCache, key: str
) -> None:
    with pytest.raises(ValueError):
        await cache.put(key, b"x", "image/png", 60)
    with pytest.raises(ValueError):
        await cache.get(key)
    assert not cache.root.exists() or files_under(cache.root) == []


@pytest.mark.parametrize("prefix", ["../", "cards/../../", "/etc/", "a\\b", "a//"])
async def test_prefixes_that_could_leave_the_root_are_refused(
    cache: FilesystemBlobCache, prefix: str
) -> None:
    with pytest.raises(ValueError):
        await cache.delete_prefix(prefix)


async def test_a_crash_mid_write_leaves_the_old_blob_and_no_temp_file(
    cache: FilesystemBlobCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    await cache.put(KEY, b"old", "image/png", 60)

    def crash(*_args: object) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(blob_file.os, "replace", crash)
    with pytest.raises(OSError, match="disk pulled out"):
        await cache.put(KEY, b"new", "image/png", 60)
    monkeypatch.undo()

    blob = await cache.get(KEY)
    assert blob is not None
    assert blob.data == b"old"
    assert [path.name for path in files_under(cache.root)] == ["light-social.png.blob"]


async def test_a_torn_file_reads_as_missing_and_is_removed(cache: FilesystemBlobCache) -> None:
    await cache.put(KEY, b"x" * 1000, "image/png", 60)
    (path,) = files_under(cache.root)
    path.write_bytes(path.read_bytes()[:-10])

    assert await cache.get(KEY) is None
    assert not path.exists()


async def test_an_expired_file_is_removed_when_read(
    cache: FilesystemBlobCache, clock: FixedClock
) -> None:
    await cache.put(KEY, b"card", "image/png", 60)
    clock.advance(seconds=60)

    assert await cache.get(KEY) is None
    assert files_under(cache.root) == []


async def test_delete_prefix_removes_now_empty_directories(cache: FilesystemBlobCache) -> None:
    await cache.put("cards/7/old/light-social.png", b"x", "image/png", 60)
    await cache.put("cards/7/old/dark-story.png", b"x", "image/png", 60)
    await cache.put("cards/8/fp/light-social.png", b"x", "image/png", 60)

    assert await cache.delete_prefix("cards/7/") == 2

    remaining = sorted(p.relative_to(cache.root).as_posix() for p in cache.root.rglob("*"))
    assert remaining == ["cards", "cards/8", "cards/8/fp", "cards/8/fp/light-social.png.blob"]
    assert await cache.delete_prefix("cards/8/fp/light") == 1
    assert list(cache.root.iterdir()) == []


async def test_files_are_written_only_under_the_root(tmp_path: Path, clock: FixedClock) -> None:
    cache = FilesystemBlobCache(tmp_path / "data" / "blobs", clock)

    await cache.put(KEY, b"x", "image/png", 60)

    assert [p.relative_to(tmp_path).as_posix() for p in files_under(tmp_path)] == [
        "data/blobs/cards/7/fp/light-social.png.blob"
    ]
    assert oct(os.stat(files_under(tmp_path)[0]).st_mode & 0o777) == "0o600"


async def test_ping_creates_the_root_and_leaves_nothing(cache: FilesystemBlobCache) -> None:
    await cache.ping()

    assert cache.root.is_dir()
    assert list(cache.root.iterdir()) == []


async def test_ping_fails_when_the_root_cannot_be_made(tmp_path: Path, clock: FixedClock) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    cache = FilesystemBlobCache(tmp_path / "a-file" / "blobs", clock)

    with pytest.raises(OSError):
        await cache.ping()


async def test_puts_racing_with_purges_of_their_folder_never_fail(
    cache: FilesystemBlobCache,
) -> None:
    keys = [f"cards/7/fp{i % 3}/v{i}.png" for i in range(30)]

    for _ in range(10):
        await asyncio.gather(
            *(cache.put(key, b"x" * 5000, "image/png", 60) for key in keys),
            *(cache.delete_prefix("cards/7/") for _ in range(5)),
        )

    await cache.delete_prefix("cards/")
    assert list(cache.root.iterdir()) == []
