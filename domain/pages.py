from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import BadValue
from domain.validation import OFFSET_MAX

T = TypeVar("T")
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise BadValue("limit", f"must be 1-{MAX_PAGE_SIZE} (got {self.limit})")
        if not 0 <= self.offset <= OFFSET_MAX:
            raise BadValue("offset", f"must be 0-{OFFSET_MAX} (got {self.offset})")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
