"""Applying a confirmed import (ADR 0042, 0082, 0083) in two parts:

- a plan, worked out from the preview's document with no unit of work open (CPU work, run
  on the offload): the listings to create, checked by the catalog's rules, each keeping
  the times of the file; the items in the order they are added; what each item asks for;
- the writes, inside the confirm's unit of work: what needs the catalog (the targets, the
  linked listings, what a merged-into collection already holds) and then every new listing
  and item in a few bulk statements, so the transaction is short.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from domain.access import ensure_can_change_listing, ensure_can_edit
from domain.collections import (
    Collection,
    CollectionItem,
    PriceSnapshot,
    validate_collection,
    validate_item,
)
from domain.errors import NotFound
from domain.imports import (
    CollectionDecision,
    CollectionStrategy,
    DealDecision,
    DealStrategy,
    ImportKind,
    ItemAction,
)
from domain.listings import Listing, validate_listing
from domain.ports import UnitOfWork
from domain.users import User
from domain.visibility import Visibility
from schemas.portable import (
    CollectionDocument,
    DealDocument,
    collection_of,
    document_from_builtins,
    listing_of,
)

Progress = Callable[[int], None]
# Items written per round of bulk statements; progress is reported after each round.
ITEMS_PER_ROUND = 1_000


@dataclass(slots=True)
class ImportOutcome:
    """What a confirm did. `created` says whether a listing or collection was made (201)."""

    kind: ImportKind
    strategy: str
    created: bool = False
    listing: Listing | None = None
    collection: Collection | None = None
    items: list[CollectionItem] = field(default_factory=list)
    listings: dict[int, Listing] = field(default_factory=dict)
    created_listing_ids: list[int] = field(default_factory=list)
    skipped_items: list[int] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        return self.strategy == "skip"


# -- The plan (no unit of work) ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PlannedItem:
    """Item `index` of the file: its own fields (status, notes, added_at), and either the
    listing to create for it or the catalog listing it links to."""

    index: int
    item: CollectionItem
    new_listing: Listing | None = None
    link: int | None = None


@dataclass(slots=True)
class Plan:
    kind: ImportKind
    listing: Listing | None = None  # a deal's listing
    collection: Collection | None = None  # the file's collection (name, description, times)
    items: list[PlannedItem] = field(default_factory=list)  # in the order they are added
    skipped: list[int] = field(default_factory=list)  # skipped by choice
    item_count: int = 0


def plan_import(
    document: dict[str, Any], decision: DealDecision | CollectionDecision, actor_id: int
) -> Plan:
    """What the confirm will write, checked by the catalog's rules. Pure CPU work."""
    read = document_from_builtins(document)
    if isinstance(decision, DealDecision):
        assert isinstance(read, DealDocument)
        listing = _owned(listing_of(read.data), actor_id)
        validate_listing(listing)
        return Plan(ImportKind.DEAL, listing=listing, item_count=1)
    assert isinstance(read, CollectionDocument)
    if decision.strategy is CollectionStrategy.SKIP:
        return Plan(ImportKind.COLLECTION)
    source, pairs = collection_of(read.data, owner_id=actor_id)
    decision.check_indexes(len(pairs))
    plan = Plan(ImportKind.COLLECTION, collection=source, item_count=len(pairs))
    # The file's order by position (items without one where they stand), ties by place.
    order = sorted(range(len(pairs)), key=lambda i: (_position(pairs[i][0], i), i))
    for index in order:
        item, listing = pairs[index]
        choice = decision.choice(index)
        if choice.action is ItemAction.SKIP:
            plan.skipped.append(index)
        elif choice.action is ItemAction.LINK:
            plan.items.append(PlannedItem(index, item, link=choice.listing_id))
        else:
            new = _owned(listing, actor_id)
            validate_listing(new)
            plan.items.append(PlannedItem(index, item, new_listing=new))
    return plan


def _owned(imported: Listing, actor_id: int) -> Listing:
    """A new listing of the importer. Its times are the file's (ADR 0083): an export,
    imported, exports the same again."""
    return replace(imported, id=None, created_by=actor_id)


def _position(item: CollectionItem, index: int) -> int:
    return item.position if item.position is not None else index


# -- The writes (inside the confirm's unit of work) --------------------------------------------
class ApplyImport:
    """The writes of one confirm, all inside the caller's unit of work."""

    def __init__(self, uow: UnitOfWork, actor: User, now: datetime, progress: Progress) -> None:
        self._uow = uow
        self._actor = actor
        self._now = now
        self._progress = progress

    async def deal(self, plan: Plan, decision: DealDecision) -> ImportOutcome:
        outcome = ImportOutcome(ImportKind.DEAL, str(decision.strategy))
        imported = plan.listing
        assert imported is not None
        if decision.strategy is DealStrategy.CREATE_NEW:
            outcome.listing = await self._uow.listings.add(imported)
            outcome.created = True
            outcome.created_listing_ids.append(outcome.listing.id)  # type: ignore[arg-type]
        elif decision.strategy is DealStrategy.UPDATE_EXISTING:
            target_id = decision.target_listing_id
            target = await self._uow.listings.get(target_id)  # type: ignore[arg-type]
            if target is None:
                raise NotFound(f"listing {target_id} not found", field="target_listing_id")
            target = ensure_can_change_listing(target, self._actor)
            updated = replace(
                imported,
                id=target.id,
                created_by=target.created_by,
                created_at=target.created_at,
                updated_at=self._now,
            )
            validate_listing(updated)
            await self._uow.listings.update(updated)
            outcome.listing = updated
        self._progress(1)
        return outcome

    async def collection(self, plan: Plan, decision: CollectionDecision) -> ImportOutcome:
        outcome = ImportOutcome(ImportKind.COLLECTION, str(decision.strategy))
        if decision.strategy is CollectionStrategy.SKIP:
            return outcome
        assert plan.collection is not None
        if decision.strategy is CollectionStrategy.CREATE_NEW:
            target = await self._new_collection(plan.collection)
            outcome.created = True
            present: list[CollectionItem] = []
        else:
            target_id = decision.target_collection_id
            target = ensure_can_edit(await self._uow.collections.get(target_id), self._actor)  # type: ignore[arg-type]
            present = await self._uow.collections.items(target.id)  # type: ignore[arg-type]
        assert target.id is not None
        linked = await self._linked(plan.items)
        added, listings = await self._add_items(target.id, plan, present, linked, outcome)
        if not outcome.created:
            await self._uow.collections.touch(target.id, self._now)
            target = replace(target, updated_at=self._now)
            listings.update(await self._uow.listings.get_many([i.listing_id for i in present]))
        outcome.collection = target
        outcome.items = [*present, *added]
        outcome.listings = listings
        return outcome

    async def _new_collection(self, source: Collection) -> Collection:
        """A private collection of the importer with the file's name, description and times."""
        collection = Collection(
            owner_id=self._actor.id,  # type: ignore[arg-type]
            name=source.name,
            description=source.description,
            visibility=Visibility.PRIVATE,
            created_at=source.created_at or self._now,
            updated_at=source.updated_at or self._now,
        )
        validate_collection(collection)
        return await self._uow.collections.add(collection)

    async def _linked(self, planned: Sequence[PlannedItem]) -> dict[int, Listing]:
        """The catalog listings items link to; the first missing one refuses the confirm."""
        wanted = [p.link for p in planned if p.link is not None]
        found = await self._uow.listings.get_many(wanted) if wanted else {}
        for p in planned:
            if p.link is not None and p.link not in found:
                raise NotFound(f"listing {p.link} not found", field=f"items.{p.index}")
        return found

    async def _add_items(
        self,
        collection_id: int,
        plan: Plan,
        present: list[CollectionItem],
        linked: dict[int, Listing],
        outcome: ImportOutcome,
    ) -> tuple[list[CollectionItem], dict[int, Listing]]:
        """Append the items in the plan's order, a round of bulk statements per
        ITEMS_PER_ROUND items; a listing already in the collection is skipped, as a second
        add would be refused."""
        in_collection = {item.listing_id for item in present}
        position = max((i.position or 0 for i in present), default=-1) + 1
        skipped = list(plan.skipped)
        if skipped:
            self._progress(len(skipped))
        added: list[CollectionItem] = []
        listings: dict[int, Listing] = {}
        for start in range(0, len(plan.items), ITEMS_PER_ROUND):
            round_ = plan.items[start : start + ITEMS_PER_ROUND]
            new = [p.new_listing for p in round_ if p.new_listing is not None]
            created = iter(await self._uow.listings.add_many(new))
            batch: list[CollectionItem] = []
            for planned in round_:
                chosen = linked[planned.link] if planned.link is not None else next(created)
                assert chosen.id is not None
                if planned.new_listing is not None:
                    outcome.created_listing_ids.append(chosen.id)
                if chosen.id in in_collection:
                    skipped.append(planned.index)
                    continue
                # What the listing costs now: the file's price, or a linked listing's own.
                snapshot = PriceSnapshot(chosen.price_usd, chosen.adjusted_price_usd)
                item = replace(
                    planned.item,
                    collection_id=collection_id,
                    listing_id=chosen.id,
                    position=position,
                    price_snapshot=snapshot,
                )
                validate_item(item)
                batch.append(item)
                listings[chosen.id] = chosen
                in_collection.add(chosen.id)
                position += 1
            added += await self._uow.collections.add_items(batch)
            self._progress(len(round_))
        outcome.skipped_items = sorted(skipped)
        return added, listings
