"""Export: a deal or a readable collection as a Deal Brain v1.0.0 file (or CSV)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from application.context import Deps
from application.share_links import open_link
from domain import events
from domain.access import ensure_can_view
from domain.collections import Collection, CollectionItem
from domain.errors import NotFound
from domain.listings import Listing
from domain.ports import UnitOfWork
from domain.users import User
from schemas.portable import write_collection, write_deal

# A cell a spreadsheet would run as a formula starts with one of these (OWASP "CSV
# injection"); the full-width forms are read as formulas by some spreadsheets too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

CSV_COLUMNS = (
    "position", "status", "notes", "added_at", "listing_id", "title", "price_usd",
    "adjusted_price_usd", "snapshot_price_usd", "condition", "seller", "listing_url", "cpu",
    "ram_gb", "storage_gb",
)  # fmt: skip


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    content_type: str
    data: bytes


class Exports:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def listing(self, actor: User | None, listing_id: int) -> ExportFile:
        async with self._deps.uow(read_only=True) as uow:
            listing = await uow.listings.get(listing_id)
        if listing is None:
            raise NotFound(f"listing {listing_id} not found")
        now = self._deps.clock.now()
        data = write_deal(listing, exported_at=now, exported_by=actor.id if actor else None)
        self._emit(actor, f"listing:{listing_id}", "deal", len(data))
        name = _filename("deal", listing.title, now.date().isoformat(), listing_id, "json")
        return ExportFile(name, "application/json", data)

    async def collection(
        self, actor: User | None, collection_id: int, fmt: ExportFormat = ExportFormat.JSON
    ) -> ExportFile:
        async with self._deps.uow(read_only=True) as uow:
            collection = ensure_can_view(await uow.collections.get(collection_id), actor)
            pairs = await _pairs(uow, collection)
        return self._collection_file(actor, collection, pairs, fmt)

    async def shared_collection(
        self, token: str, fmt: ExportFormat = ExportFormat.JSON
    ) -> ExportFile:
        """What a share link opens, as a file: the same rule as `ShareLinks.open` (a dead
        link or a private or hidden collection is NotFound); it counts no view."""
        now = self._deps.clock.now()
        async with self._deps.uow(read_only=True) as uow:
            link, collection = await open_link(uow, None, token, now)
            pairs = await _pairs(uow, collection)
        return self._collection_file(None, collection, pairs, fmt, token_id=link.id)

    def _collection_file(
        self,
        actor: User | None,
        collection: Collection,
        pairs: list[tuple[CollectionItem, Listing]],
        fmt: ExportFormat,
        **event_data: Any,
    ) -> ExportFile:
        assert collection.id is not None
        now = self._deps.clock.now()
        if fmt is ExportFormat.CSV:
            data, content_type = _csv(pairs), "text/csv; charset=utf-8"
        else:
            exported_by = actor.id if actor else None
            data = write_collection(collection, pairs, exported_at=now, exported_by=exported_by)
            content_type = "application/json"
        self._emit(
            actor, f"collection:{collection.id}", f"collection/{fmt}", len(data), **event_data
        )
        day = now.date().isoformat()
        name = _filename("collection", collection.name, day, collection.id, str(fmt))
        return ExportFile(name, content_type, data)

    def _emit(self, actor: User | None, subject: str, kind: str, size: int, **data: Any) -> None:
        self._deps.emit(
            events.EXPORT_CREATED,
            actor.id if actor else None,
            subject,
            kind=kind,
            bytes=size,
            **data,
        )


async def _pairs(uow: UnitOfWork, collection: Collection) -> list[tuple[CollectionItem, Listing]]:
    """The collection's items in order, each with its listing."""
    assert collection.id is not None
    items = await uow.collections.items(collection.id)
    listings = await uow.listings.get_many([item.listing_id for item in items])
    return [(item, listings[item.listing_id]) for item in items]


def _filename(kind: str, name: str, day: str, entity_id: int, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or kind
    return f"deal-brain-{kind}-{slug}-{day}-{entity_id}.{extension}"


def neutralise_cell(value: object) -> object:
    """A cell as the spreadsheet should show it: text that would start a formula gets a
    leading `'` (so `=HYPERLINK(…)` shows as text, not a link); numbers stay numbers, since
    they are ours, not user text (docs/adr/0090)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(pairs: list[tuple[CollectionItem, Listing]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item, listing in pairs:
        perf = listing.performance
        row = [
            item.position, item.status, item.notes or "",
            item.added_at.isoformat() if item.added_at else "", listing.id, listing.title,
            listing.price_usd, listing.adjusted_price_usd or "",
            item.price_snapshot.price_usd or "", listing.condition, listing.seller or "",
            listing.listing_url or "",
            perf.cpu.name if perf and perf.cpu else "",
            perf.ram.total_gb if perf and perf.ram else "",
            perf.storage_primary.capacity_gb if perf and perf.storage_primary else "",
        ]  # fmt: skip
        writer.writerow([neutralise_cell(value) for value in row])
    return out.getvalue().encode()
