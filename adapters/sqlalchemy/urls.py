"""Derived columns the adapter stores beside a listing so searches and duplicates use indexes.

The URL rule itself is the domain's (domain/urls.py); it is re-exported here for the writers.
"""

from __future__ import annotations

from domain.urls import normalize_url

__all__ = ["normalize_url", "search_text"]


def search_text(*fields: str | None) -> str:
    """What a listing search matches its words against (see ListingRepo.search)."""
    return " ".join(filter(None, fields)).lower()
