"""Discover: finding other people's public collections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from domain.collections import Collection
from domain.pages import PageRequest

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class DiscoverSort(StrEnum):
    RECENT = "recent"  # newest first
    POPULAR = "popular"  # most copied, then most viewed
    UPDATED = "updated"  # most recently changed first


@dataclass(frozen=True, slots=True)
class DiscoverQuery:
    text: str | None = None
    owner: str | None = None
    sort: DiscoverSort = DiscoverSort.RECENT
    page: PageRequest = field(default_factory=PageRequest)


@dataclass(frozen=True, slots=True)
class DiscoverHit:
    collection: Collection
    owner_username: str
    item_count: int


def words(text: str | None) -> list[str]:
    """The lower-case words of a text: runs of letters and digits, everything else splits."""
    return _WORD.findall(text.lower()) if text else []


def matches_words(query: str | None, *texts: str | None) -> bool:
    """Every word of the query is a whole word of one of the texts (any case)."""
    wanted = words(query)
    if not wanted:
        return True
    have = {word for text in texts for word in words(text)}
    return all(word in have for word in wanted)
