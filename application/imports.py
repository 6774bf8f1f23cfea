"""Import: preview a Deal Brain file (validate, upcast, find duplicates), then confirm the
author's decision in one transaction, once (docs/product.md §4, ADR 0040 to 0043).

Reading, checking and scoring a file, and planning what a confirm writes, are CPU work:
they run on the offload (ADR 0080), never on the event loop, and no unit of work is open
meanwhile; the confirm's own transaction only claims the preview and writes, in bulk
(ADR 0082).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from application.context import Deps
from application.cpu_work import cycle_collector_paused, run_cpu_work
from application.duplicates import Detection, DuplicateDetector
from application.import_apply import ApplyImport, ImportOutcome, Progress, plan_import
from application.listings import ListingChanged
from domain import events
from domain.collections import (
    validate_collection,
    validate_item,
)
from domain.duplicates import DuplicateCandidate
from domain.errors import Conflict, Invalid, TooLarge, Unauthorized
from domain.imports import (
    PREVIEW_ID_BYTES,
    PREVIEW_TTL,
    CollectionDecision,
    DealDecision,
    ImportKind,
    ImportPreview,
    ensure_confirmable,
)
from domain.listings import Listing, validate_listing
from domain.ports import Offload
from domain.users import User
from schemas.portable import (
    CollectionDocument,
    DealDocument,
    ReadResult,
    collection_of,
    document_to_builtins,
    listing_of,
    read_document,
)

MAX_ITEMS_SETTING = "DEALBRAIN_MAX_IMPORT_ITEMS"
TYPE_PATH = "$.deal_brain_export.type"
# Listing fields kept in their own objects next to `listing` in a deal (DealData).
_PARTS = ("valuation.", "performance.", "metadata.")

Decision = DealDecision | CollectionDecision
T = TypeVar("T")


class Imports:
    def __init__(
        self,
        deps: Deps,
        detector: DuplicateDetector,
        max_items: int,
        on_listing_changed: list[ListingChanged] | None = None,
        offload: Offload | None = None,
    ) -> None:
        self._deps = deps
        self._detector = detector
        self._max_items = max_items
        self._on_listing_changed = on_listing_changed or []
        # Where the CPU work runs (ADR 0080); without one, inline (the unit tests' fakes).
        self._offload = offload

    async def _run(self, work: Callable[[], T]) -> T:
        return await run_cpu_work(self._offload, work)

    # -- Preview ---------------------------------------------------------------------------
    async def preview(
        self, actor: User | None, raw: bytes | str, expected_kind: ImportKind | None = None
    ) -> ImportPreview:
        """Read, check and compare the file with the catalog; store it for 30 minutes."""
        # The whole way through, not only on the offload: what a stage leaves alive would
        # otherwise be walked by the collector on the event loop between stages (ADR 0080).
        with cycle_collector_paused():
            return await self._preview(actor, raw, expected_kind)

    async def _preview(
        self, actor: User | None, raw: bytes | str, expected_kind: ImportKind | None
    ) -> ImportPreview:
        author_id = _author(actor)
        read = await self._run(
            partial(_read_and_check, raw, expected_kind, author_id, self._max_items)
        )
        detection = await self._detector.detect(read.listings)
        now = self._deps.clock.now()
        preview = await self._run(partial(_preview_of, read, detection, author_id, now))
        async with self._deps.uow() as uow:
            await uow.previews.save(preview)
            await uow.commit()
        self._deps.emit(
            events.IMPORT_PREVIEWED,
            author_id,
            f"import:{preview.id}",
            kind=str(read.kind),
            items=len(read.listings),
            version=read.result.version_found,
            **preview.summary["counts"],
        )
        return preview

    # -- Confirm ---------------------------------------------------------------------------
    async def confirm(
        self,
        actor: User | None,
        preview_id: str,
        decision: Decision,
        *,
        progress: Progress | None = None,
    ) -> ImportOutcome:
        """Apply the author's decision: claim the preview and write everything in one unit
        of work, so a failure anywhere leaves the preview unclaimed and nothing written.

        The preview is read and the writes planned before that unit of work begins (the
        plan is CPU work); the claim inside it then makes sure nobody confirmed it since.
        """
        with cycle_collector_paused():
            return await self._confirm(actor, preview_id, decision, progress)

    async def _confirm(
        self,
        actor: User | None,
        preview_id: str,
        decision: Decision,
        progress: Progress | None,
    ) -> ImportOutcome:
        author_id = _author(actor)
        assert actor is not None
        now = self._deps.clock.now()
        async with self._deps.uow(read_only=True) as uow:
            found = await uow.previews.get(preview_id, now)
        preview = ensure_confirmable(found, author_id, decision.kind, now)
        plan = await self._run(partial(plan_import, preview.document, decision, author_id))
        del found, preview  # the document is planned: let it go before the writes
        async with self._deps.uow() as uow:
            if not await uow.previews.mark_confirmed(preview_id, now):
                # Taken (or expired) since it was read: say which, as the first check would.
                again = await uow.previews.get(preview_id, now)
                ensure_confirmable(again, author_id, decision.kind, now)
                raise Conflict(f"import preview {preview_id} was already confirmed")
            apply = ApplyImport(uow, actor, now, progress or (lambda _: None))
            if isinstance(decision, DealDecision):
                outcome = await apply.deal(plan, decision)
            else:
                outcome = await apply.collection(plan, decision)
            await uow.commit()
        self._deps.emit(
            events.IMPORT_CONFIRMED,
            author_id,
            f"import:{preview_id}",
            kind=str(decision.kind),
            strategy=outcome.strategy,
            listing_id=outcome.listing.id if outcome.listing else None,
            collection_id=outcome.collection.id if outcome.collection else None,
            created_listings=len(outcome.created_listing_ids),
        )
        if outcome.listing is not None and not outcome.created:
            for hook in self._on_listing_changed:
                await hook(outcome.listing.id)  # type: ignore[arg-type]
        return outcome


@dataclass(frozen=True, slots=True)
class _Read:
    result: ReadResult
    kind: ImportKind
    listings: list[Listing]


def _read_and_check(
    raw: bytes | str, expected_kind: ImportKind | None, author_id: int, max_items: int
) -> _Read:
    """Read the file (ADR 0031 to 0034) and check it by the catalog's rules (ADR 0043)."""
    result = read_document(raw)
    kind = ImportKind(result.kind)
    if expected_kind is not None and kind is not expected_kind:
        raise Invalid(TYPE_PATH, f"this is a {kind} file; expected a {expected_kind} file")
    return _Read(result, kind, _contents(result.document, author_id, max_items))


def _preview_of(read: _Read, detection: Detection, author_id: int, now: datetime) -> ImportPreview:
    """What the preview keeps and shows: the upcast document and the summary."""
    found = detection.candidates
    summary: dict[str, Any] = {
        "version_found": read.result.version_found,
        "warnings": read.result.warnings,
        "counts": _counts(found),
        "listings": [
            _previewed(i, listing, candidates, detection.titles)
            for i, (listing, candidates) in enumerate(zip(read.listings, found, strict=True))
        ],
    }
    document = read.result.document
    if isinstance(document, CollectionDocument):
        wire = document.data.collection
        summary["collection"] = {"name": wire.name, "description": wire.description}
    return ImportPreview(
        id=secrets.token_urlsafe(PREVIEW_ID_BYTES),
        author_id=author_id,
        kind=read.kind,
        document=document_to_builtins(document),
        created_at=now,
        expires_at=now + PREVIEW_TTL,
        summary=summary,
    )


def _author(actor: User | None) -> int:
    if actor is None or actor.id is None:
        raise Unauthorized("importing needs an API key (Authorization: Bearer …)")
    return actor.id


# -- What the file holds, checked -----------------------------------------------------------
def _contents(
    document: DealDocument | CollectionDocument, owner_id: int, max_items: int
) -> list[Listing]:
    """The file's listings, checked (with the collection and its items) by the catalog's
    rules; errors name the value's JSON path."""
    if isinstance(document, DealDocument):
        listing = listing_of(document.data)
        _check_listing(listing, "$.data")
        return [listing]
    count = len(document.data.items)
    if count > max_items:
        raise TooLarge(
            f"the file has {count:,} items; {MAX_ITEMS_SETTING} allows at most {max_items:,}"
        )
    collection, pairs = collection_of(document.data, owner_id=owner_id)
    _checked(validate_collection, collection, "$.data.collection")
    for i, (item, listing) in enumerate(pairs):
        _checked(validate_item, item, f"$.data.items[{i}]")
        _check_listing(listing, f"$.data.items[{i}].listing")
    return [listing for _, listing in pairs]


def _check_listing(listing: Listing, deal_path: str) -> None:
    try:
        validate_listing(listing)
    except Invalid as error:
        where = error.field or ""
        inside = "" if where.startswith(_PARTS) else "listing."
        raise Invalid(f"{deal_path}.{inside}{where}", error.reason) from None


def _checked(check: Callable[[Any], None], value: Any, path: str) -> None:
    try:
        check(value)
    except Invalid as error:
        raise Invalid(f"{path}.{error.field}", error.reason) from None


def _counts(found: list[list[DuplicateCandidate]]) -> dict[str, int]:
    counts = {"new": 0, "likely_duplicate": 0, "possible_duplicate": 0}
    for candidates in found:
        key = f"{candidates[0].band}_duplicate" if candidates else "new"
        counts[key] += 1
    return counts


def _previewed(
    index: int, listing: Listing, found: list[DuplicateCandidate], titles: dict[int, str]
) -> dict[str, Any]:
    return {
        "index": index,
        "title": listing.title,
        "price_usd": listing.price_usd,
        "candidates": [_candidate(c, titles) for c in found],
    }


def _candidate(candidate: DuplicateCandidate, titles: dict[int, str]) -> dict[str, Any]:
    where: dict[str, Any] = (
        {"file_index": candidate.file_index}
        if candidate.listing_id is None
        else {"listing_id": candidate.listing_id, "title": titles.get(candidate.listing_id)}
    )
    return {
        **where,
        "score": candidate.score,
        "band": str(candidate.band),
        "reason": candidate.reason,
    }
