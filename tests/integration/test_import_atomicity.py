"""Confirming an import is one transaction on SQLite and PostgreSQL: a failure injected
midway (after the new listings are written, or with the items) leaves no rows and the
preview unclaimed; of two racing confirms exactly one wins."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory import FixedClock, RecordingEventSink
from adapters.sqlalchemy.engine import SQLITE_BEGIN
from adapters.sqlalchemy.tables import collection_items, collections, import_previews, listings
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from application.context import Deps
from application.duplicates import DuplicateDetector
from application.imports import Imports
from domain.errors import Conflict
from domain.imports import CollectionDecision, CollectionStrategy, DealDecision, DealStrategy
from domain.ports import UnitOfWork, UnitOfWorkFactory
from domain.users import User

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "portable"
CREATE_COLLECTION = CollectionDecision(CollectionStrategy.CREATE_NEW)


class InjectedFailure(Exception):
    pass


class Failing:
    """A repository, except that `method` raises once it has done its work (its writes are
    in the transaction), on its `fail_at`-th call."""

    def __init__(self, repo: Any, method: str, fail_at: int) -> None:
        self._repo = repo
        self._method = method
        self._fail_at = fail_at
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._repo, name)
        if name != self._method:
            return found

        async def failing(*args: Any, **kw: Any) -> Any:
            self.calls += 1
            result = await found(*args, **kw)
            if self.calls == self._fail_at:
                raise InjectedFailure(f"{name} call {self.calls}")
            return result

        return failing


def failing_on(factory: UnitOfWorkFactory, method: str, fail_at: int = 1) -> UnitOfWorkFactory:
    """Units of work whose `method` (of listings or collections) fails on its Nth call."""
    repo = "listings" if method == "add_many" else "collections"

    def make(**options: Any) -> UnitOfWork:
        uow = factory(**options)
        setattr(uow, repo, Failing(getattr(uow, repo), method, fail_at))
        return uow

    return make


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def factory(migrated_engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(migrated_engine)


def imports_on(factory: UnitOfWorkFactory, clock: FixedClock) -> Imports:
    """An Imports as one server process would have it (its own detector and events)."""
    deps = Deps(uow=factory, clock=clock, events=RecordingEventSink())
    return Imports(deps, DuplicateDetector(factory), max_items=10_000)


@pytest.fixture
async def alice(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> User:
    async with factory() as uow:
        user = await uow.users.add(User("alice", "Alice", created_at=clock.now()))
        await uow.commit()
    return user


async def counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        return {
            table.name: await connection.scalar(select(func.count()).select_from(table))
            for table in (listings, collections, collection_items)
        }


async def claimed(engine: AsyncEngine, preview_id: str) -> bool:
    async with engine.connect() as connection:
        query = select(import_previews.c.confirmed_at).where(import_previews.c.id == preview_id)
        return (await connection.scalar(query)) is not None


NOTHING = {"listings": 0, "collections": 0, "collection_items": 0}


@pytest.mark.parametrize("method", ["add_many", "add_items"])
async def test_a_failure_midway_leaves_no_rows_and_the_preview_confirmable(
    migrated_engine: AsyncEngine, factory, clock, alice, method: str
) -> None:
    raw = (FIXTURES / "collection-v1.0.0.json").read_bytes()
    preview = await imports_on(factory, clock).preview(alice, raw)
    failing = imports_on(failing_on(factory, method), clock)

    with pytest.raises(InjectedFailure):
        await failing.confirm(alice, preview.id, CREATE_COLLECTION)

    assert await counts(migrated_engine) == NOTHING
    assert not await claimed(migrated_engine, preview.id)
    # Another process confirms it afterwards, as if nothing had happened.
    outcome = await imports_on(factory, clock).confirm(alice, preview.id, CREATE_COLLECTION)
    assert len(outcome.items) == 3
    assert await counts(migrated_engine) == {
        "listings": 3,
        "collections": 1,
        "collection_items": 3,
    }
    assert await claimed(migrated_engine, preview.id)


async def test_a_failed_merge_leaves_the_target_collection_as_it_was(
    migrated_engine: AsyncEngine, factory, clock, alice
) -> None:
    imports = imports_on(factory, clock)
    first = await imports.preview(alice, (FIXTURES / "collection-v0.9.0.json").read_bytes())
    made = await imports.confirm(alice, first.id, CREATE_COLLECTION)
    assert made.collection is not None
    before = await counts(migrated_engine)
    clock.advance(minutes=5)

    second = await imports.preview(alice, (FIXTURES / "collection-v1.0.0.json").read_bytes())
    merge = CollectionDecision(CollectionStrategy.MERGE_INTO, made.collection.id)
    with pytest.raises(InjectedFailure):
        await imports_on(failing_on(factory, "add_items"), clock).confirm(alice, second.id, merge)

    assert await counts(migrated_engine) == before
    async with factory() as uow:
        kept = await uow.collections.get(made.collection.id)  # type: ignore[arg-type]
    assert kept is not None and kept.updated_at == made.collection.updated_at
    assert not await claimed(migrated_engine, second.id)


async def test_of_two_racing_confirms_exactly_one_imports(
    migrated_engine: AsyncEngine, factory, clock, alice
) -> None:
    raw = (FIXTURES / "deal-v1.0.0-full.json").read_bytes()
    preview = await imports_on(factory, clock).preview(alice, raw)
    create = DealDecision(DealStrategy.CREATE_NEW)
    # Two "processes": separate Imports, each with its own unit-of-work factory.
    racers = [imports_on(SqlUnitOfWorkFactory(migrated_engine), clock) for _ in range(2)]

    results = await asyncio.gather(
        *(racer.confirm(alice, preview.id, create) for racer in racers), return_exceptions=True
    )

    assert sorted(type(result).__name__ for result in results) == ["Conflict", "ImportOutcome"]
    assert any(isinstance(result, Conflict) for result in results)
    assert (await counts(migrated_engine))["listings"] == 1


# -- A large confirm: bulk statements, one short writing transaction (ADR 0082) ----------------
LARGE = 2_500  # three rounds of ITEMS_PER_ROUND


def large_file(size: int = LARGE) -> bytes:
    document = json.loads((FIXTURES / "collection-v1.0.0.json").read_text())
    template = document["data"]["items"][0]
    items = []
    for n in range(size):
        item = copy.deepcopy(template)
        item["listing"]["listing"].update(
            id=50_000 + n,
            title=f"Lenovo ThinkCentre M{700 + n % 300}q Tiny i5-{8000 + n}T",
            price_usd=90.0 + n % 200,
            listing_url=f"https://shop.example/tiny/{n}",
        )
        item["position"] = n
        items.append(item)
    document["data"]["items"] = items
    return json.dumps(document).encode()


def _writes(connection: Any) -> bool:
    options = connection.get_execution_options()
    return options.get(SQLITE_BEGIN) != "DEFERRED" and not options.get("postgresql_readonly")


async def test_a_large_confirm_is_one_writing_transaction_of_few_statements(
    migrated_engine: AsyncEngine, factory, clock, alice
) -> None:
    imports = imports_on(factory, clock)
    preview = await imports.preview(alice, large_file())
    statements: list[str] = []
    writers: list[bool] = []

    def executed(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    def began(connection: Any) -> None:
        writers.append(_writes(connection))

    sync_engine = migrated_engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", executed)
    event.listen(sync_engine, "begin", began)
    try:
        outcome = await imports.confirm(alice, preview.id, CREATE_COLLECTION)
    finally:
        event.remove(sync_engine, "before_cursor_execute", executed)
        event.remove(sync_engine, "begin", began)

    assert len(outcome.items) == LARGE and len(outcome.created_listing_ids) == LARGE
    assert await counts(migrated_engine) == {
        "listings": LARGE,
        "collections": 1,
        "collection_items": LARGE,
    }
    # Row by row this was ~4 statements per item; in bulk it does not grow with the file
    # (PostgreSQL's COPY does not even show here).
    assert len(statements) <= 40, len(statements)
    # Reading the preview happens before; the writes are one transaction.
    assert writers.count(True) == 1, writers


async def test_a_large_confirm_failing_in_a_later_round_leaves_nothing(
    migrated_engine: AsyncEngine, factory, clock, alice
) -> None:
    preview = await imports_on(factory, clock).preview(alice, large_file())

    with pytest.raises(InjectedFailure):
        await imports_on(failing_on(factory, "add_items", fail_at=3), clock).confirm(
            alice, preview.id, CREATE_COLLECTION
        )

    assert await counts(migrated_engine) == NOTHING
    assert not await claimed(migrated_engine, preview.id)
