"""Applying a confirmed import inside the confirm's unit of work (ADR 0042)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

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
    ListingInCollection,
    collection_of,
    listing_of,
)

Progress = Callable[[int], None]


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


class ApplyImport:
    """The writes of one confirm, all inside the caller's unit of work."""

    def __init__(self, uow: UnitOfWork, actor: User, now: datetime, progress: Progress) -> None:
        self._uow = uow
        self._actor = actor
        self._now = now
        self._progress = progress

    async def deal(self, document: DealDocument, decision: DealDecision) -> ImportOutcome:
        outcome = ImportOutcome(ImportKind.DEAL, str(decision.strategy))
        imported = listing_of(document.data)
        if decision.strategy is DealStrategy.CREATE_NEW:
            outcome.listing = await self._create(imported)
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
        return outcome

    async def collection(
        self, document: CollectionDocument, decision: CollectionDecision
    ) -> ImportOutcome:
        outcome = ImportOutcome(ImportKind.COLLECTION, str(decision.strategy))
        if decision.strategy is CollectionStrategy.SKIP:
            return outcome
        assert self._actor.id is not None
        source, pairs = collection_of(document.data, owner_id=self._actor.id)
        decision.check_indexes(len(pairs))
        if decision.strategy is CollectionStrategy.CREATE_NEW:
            target = await self._new_collection(source)
            outcome.created = True
        else:
            target_id = decision.target_collection_id
            target = ensure_can_edit(await self._uow.collections.get(target_id), self._actor)  # type: ignore[arg-type]
        assert target.id is not None
        await self._add_items(target.id, pairs, decision, outcome)
        if not outcome.created:
            await self._uow.collections.touch(target.id, self._now)
            target = replace(target, updated_at=self._now)
        outcome.collection = target
        outcome.items = await self._uow.collections.items(target.id)
        ids = [item.listing_id for item in outcome.items]
        outcome.listings = await self._uow.listings.get_many(ids)
        return outcome

    async def _new_collection(self, source: Collection) -> Collection:
        collection = Collection(
            owner_id=self._actor.id,  # type: ignore[arg-type]
            name=source.name,
            description=source.description,
            visibility=Visibility.PRIVATE,
            created_at=self._now,
            updated_at=self._now,
        )
        validate_collection(collection)
        return await self._uow.collections.add(collection)

    async def _add_items(
        self,
        collection_id: int,
        pairs: Sequence[ListingInCollection],
        decision: CollectionDecision,
        outcome: ImportOutcome,
    ) -> None:
        """Append the items in the file's order (by position, then place in the file);
        a listing already in the collection is skipped, as a second add would be refused."""
        present = await self._uow.collections.items(collection_id)
        in_collection = {item.listing_id for item in present}
        position = max((i.position or 0 for i in present), default=-1) + 1
        order = sorted(range(len(pairs)), key=lambda i: (_position(pairs[i][0], i), i))
        for index in order:
            item, listing = pairs[index]
            chosen = await self._listing_for(index, listing, decision, outcome)
            if chosen is None or chosen.id in in_collection:
                outcome.skipped_items.append(index)
            else:
                assert chosen.id is not None
                # What the listing costs now: the file's price, or a linked listing's own.
                snapshot = PriceSnapshot(chosen.price_usd, chosen.adjusted_price_usd)
                added = replace(
                    item,
                    collection_id=collection_id,
                    listing_id=chosen.id,
                    position=position,
                    price_snapshot=snapshot,
                )
                validate_item(added)
                await self._uow.collections.add_item(added)
                in_collection.add(chosen.id)
                position += 1
            self._progress(1)
        outcome.skipped_items.sort()

    async def _listing_for(
        self, index: int, listing: Listing, decision: CollectionDecision, outcome: ImportOutcome
    ) -> Listing | None:
        """The listing item `index` puts in the collection, or None to skip it."""
        choice = decision.choice(index)
        if choice.action is ItemAction.SKIP:
            return None
        if choice.action is ItemAction.LINK:
            linked = await self._uow.listings.get(choice.listing_id)  # type: ignore[arg-type]
            if linked is None:
                raise NotFound(f"listing {choice.listing_id} not found", field=f"items.{index}")
            return linked
        created = await self._create(listing)
        outcome.created_listing_ids.append(created.id)  # type: ignore[arg-type]
        return created

    async def _create(self, imported: Listing) -> Listing:
        listing = replace(
            imported,
            id=None,
            created_by=self._actor.id,
            created_at=self._now,
            updated_at=self._now,
        )
        validate_listing(listing)
        return await self._uow.listings.add(listing)


def _position(item: CollectionItem, index: int) -> int:
    return item.position if item.position is not None else index
