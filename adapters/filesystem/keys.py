"""Blob keys as paths under the cache root, refusing anything that could leave it."""

from __future__ import annotations

from pathlib import Path

BLOB_SUFFIX = ".blob"


def key_path(root: Path, key: str) -> Path:
    """The file holding `key`: its segments as directories, the last one plus `.blob`.

    The suffix keeps S3's semantics where `a` and `a/b` may both exist (file `a.blob`,
    directory `a`); a directory segment may therefore not end in `.blob` itself.
    """
    *directories, name = _segments(key, "key")
    _check_directories(directories, key)
    if name in ("", ".", ".."):
        raise ValueError(f"blob key must end in a file name: {key!r}")
    return root.joinpath(*directories, name + BLOB_SUFFIX)


def prefix_directory(root: Path, prefix: str) -> Path:
    """The deepest directory that holds every key starting with `prefix`."""
    *directories, _partial_name = _segments(prefix, "prefix")
    _check_directories(directories, prefix)
    return root.joinpath(*directories)


def path_key(root: Path, path: Path) -> str:
    """The key a `.blob` file under `root` holds."""
    return path.relative_to(root).as_posix().removesuffix(BLOB_SUFFIX)


def _segments(text: str, what: str) -> list[str]:
    if "\\" in text or "\x00" in text:
        raise ValueError(f"blob {what} may not contain backslashes or NUL: {text!r}")
    if text.startswith("/"):
        raise ValueError(f"blob {what} must be relative, not absolute: {text!r}")
    return text.split("/")


def _check_directories(directories: list[str], text: str) -> None:
    for segment in directories:
        if segment in ("", ".", ".."):
            raise ValueError(f"blob key segment {segment!r} is not allowed: {text!r}")
        if segment.endswith(BLOB_SUFFIX):
            raise ValueError(f"blob key directory may not end in {BLOB_SUFFIX}: {text!r}")
