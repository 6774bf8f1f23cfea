"""The state behind the in-memory adapters: one dict per table and one lock.

A unit of work holds the lock for its whole life, so transactions run one at a time
(serializable, like the strictest database setting). Stored values are never changed in
place — repositories store and hand out copies — so a rollback only has to put back a
shallow copy of each table taken when the transaction began.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from typing import Any

TABLES = (
    "users", "api_keys", "listings", "collections", "items", "share_tokens", "reports", "previews",
)  # fmt: skip


class MemoryStore:
    def __init__(self) -> None:
        self.tables: dict[str, dict[Any, Any]] = {name: {} for name in TABLES}
        self.lock = asyncio.Lock()
        self._ids: dict[str, Iterator[int]] = {name: itertools.count(1) for name in TABLES}

    def next_id(self, table: str) -> int:
        # Like a database sequence: ids used by a rolled-back transaction are not reused.
        return next(self._ids[table])

    def snapshot(self) -> dict[str, dict[Any, Any]]:
        return {name: dict(rows) for name, rows in self.tables.items()}

    def restore(self, snapshot: dict[str, dict[Any, Any]]) -> None:
        self.tables = snapshot
