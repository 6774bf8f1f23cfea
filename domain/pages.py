from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import Invalid

T = TypeVar("T")
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise Invalid("limit", f"must be 1-{MAX_PAGE_SIZE} (got {self.limit})")
        if self.offset < 0:
            raise Invalid("offset", f"must be >= 0 (got {self.offset})")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
