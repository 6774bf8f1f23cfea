"""JSON paths (`$.data.items[2].listing`) and the trail that maps a path in an upcast
document back to the path of the same value in the document as received."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

ROOT = "$"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_path(base: str, key: str) -> str:
    """`base.key`, or `base["odd key"]` when the key is not a plain name."""
    return f"{base}.{key}" if _NAME.fullmatch(key) else f"{base}[{json.dumps(key)}]"


def index_path(base: str, index: int) -> str:
    return f"{base}[{index}]"


def remap(path: str, moves: Mapping[str, str]) -> str:
    """Replace the longest prefix of `path` that `moves` knows (whole segments only)."""
    end = len(path)
    while end > 0:
        prefix = path[:end]
        if prefix in moves:
            return moves[prefix] + path[end:]
        end = max(path.rfind(".", 0, end), path.rfind("[", 0, end))
    return path


def origin(path: str, trail: Sequence[Mapping[str, str]]) -> str:
    """Walk the path back through each step's moves, the last step first."""
    for moves in reversed(trail):
        path = remap(path, moves)
    return path
