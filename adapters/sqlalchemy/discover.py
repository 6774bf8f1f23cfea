"""Discover on SQL: public collections, word search, owner filter, three sorts, pages.

Words are matched against `collections.search_words`: the collection's words as the domain
defines them (domain/discovery.py `words`), lower-case and space-separated, written by the
adapter on every change. PostgreSQL searches them through a GIN full-text index (the
'simple' configuration keeps alphanumeric words as they are, so it agrees with the
domain); SQLite matches ` word ` inside ` search_words `. Both give the same answers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, literal, literal_column, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.collection_rows import collection_from_row
from adapters.sqlalchemy.tables import collection_items, collections, discover_totals, users
from domain.discovery import DiscoverHit, DiscoverQuery, DiscoverSort, words
from domain.pages import Page
from domain.visibility import Visibility

# A literal, not a bound parameter: the planner uses the GIN index only when the query's
# expression is the index's expression, `to_tsvector('simple'::regconfig, search_words)`.
SEARCH_CONFIG = literal_column("'simple'::regconfig")

LISTED = and_(
    collections.c.visibility == Visibility.PUBLIC.value,
    collections.c.hidden_by_moderation == false(),
)


def _word_filter(dialect: str, wanted: list[str]) -> ColumnElement[bool]:
    if dialect == "postgresql":
        # The words are letters and digits only, so `a & b` is a safe tsquery.
        query = func.to_tsquery(SEARCH_CONFIG, literal(" & ".join(wanted)))
        return func.to_tsvector(SEARCH_CONFIG, collections.c.search_words).op("@@")(query)
    padded = literal(" ") + collections.c.search_words + literal(" ")
    return and_(*(padded.like(f"% {word} %") for word in wanted))


def discover_statements(dialect: str, query: DiscoverQuery) -> tuple[Select[Any], Select[Any]]:
    """(count, page) for the query: the bench times exactly these as its floor.

    Only the rows of the page are joined to their owner and have their items counted:
    doing it for every row an OFFSET skips made deep pages slow.
    """
    conditions: list[ColumnElement[bool]] = [LISTED]
    if query.owner is not None:
        owner_id = select(users.c.id).where(users.c.username == query.owner).scalar_subquery()
        conditions.append(collections.c.owner_id == owner_id)
    wanted = words(query.text)
    if wanted:
        conditions.append(_word_filter(dialect, wanted))
    if len(conditions) == 1:
        count = select(discover_totals.c.listed).where(discover_totals.c.id == 1)
    else:
        count = select(func.count()).select_from(collections).where(*conditions)
    chosen = (
        select(collections)
        .where(*conditions)
        .order_by(*_order(collections.c, query.sort))
        .limit(query.page.limit)
        .offset(query.page.offset)
        .subquery("chosen")
    )
    item_count = (
        select(func.count())
        .where(collection_items.c.collection_id == chosen.c.id)
        .scalar_subquery()
    )
    page = (
        select(chosen, users.c.username.label("owner_username"), item_count.label("n"))
        .join(users, users.c.id == chosen.c.owner_id)
        .order_by(*_order(chosen.c, query.sort))
    )
    return count, page


def _order(columns: Any, sort: DiscoverSort) -> tuple[ColumnElement[Any], ...]:
    keys = {
        DiscoverSort.RECENT: ("created_at", "id"),
        DiscoverSort.UPDATED: ("updated_at", "id"),
        DiscoverSort.POPULAR: ("copy_count", "view_count", "id"),
    }[sort]
    return tuple(columns[key].desc() for key in keys)


async def discover(db: AsyncConnection, query: DiscoverQuery) -> Page[DiscoverHit]:
    count, page = discover_statements(db.dialect.name, query)
    total = await db.scalar(count) or 0
    hits = [
        DiscoverHit(collection_from_row(row), row.owner_username, row.n)
        for row in await db.execute(page)
    ]
    return Page(items=hits, total=total, limit=query.page.limit, offset=query.page.offset)
