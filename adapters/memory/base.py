from __future__ import annotations

import copy
from typing import Any, TypeVar

from adapters.memory.store import MemoryStore
from domain.errors import NotFound

T = TypeVar("T")


class MemoryTable:
    """One table of the store; hands out copies so callers never edit stored rows."""

    table: str

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def rows(self) -> dict[Any, Any]:
        return self._store.tables[self.table]

    def _insert(self, entity: T) -> T:
        """Store a copy under a new id; the caller's object is left as it was."""
        stored = copy.deepcopy(entity)
        stored.id = self._store.next_id(self.table)  # type: ignore[attr-defined]
        self.rows[stored.id] = stored  # type: ignore[attr-defined]
        return copy.deepcopy(stored)

    def _require_user(self, user_id: int | None, field: str) -> None:
        """What a foreign key to users does in SQL."""
        if user_id is not None and user_id not in self._store.tables["users"]:
            raise NotFound(f"user {user_id} not found", field=field)

    def _get(self, key: Any) -> Any:
        row = self.rows.get(key)
        return copy.deepcopy(row) if row is not None else None

    def _replace(self, key: Any, entity: Any) -> bool:
        if key not in self.rows:
            return False
        self.rows[key] = copy.deepcopy(entity)
        return True

    def _all(self) -> list[Any]:
        return [copy.deepcopy(row) for row in self.rows.values()]
