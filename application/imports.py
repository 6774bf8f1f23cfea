"""Import: preview a Deal Brain file (validate, upcast, find duplicates), then confirm the
author's decision in one transaction, once (product.md §4, ADR 0040 to 0043)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from application.context import Deps
from application.duplicates import DuplicateDetector
from application.import_apply import ApplyImport, ImportOutcome, Progress
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
from domain.users import User
from schemas.portable import (
    CollectionDocument,
    DealDocument,
    collection_of,
    document_from_builtins,
    document_to_builtins,
    listing_of,
    read_document,
)

MAX_ITEMS_SETTING = "DEALBRAIN_MAX_IMPORT_ITEMS"
TYPE_PATH = "$.deal_brain_export.type"
# Listing fields kept in their own objects next to `listing` in a deal (DealData).
_PARTS = ("valuation.", "performance.", "metadata.")

Decision = DealDecision | CollectionDecision


class Imports:
    def __init__(
        self,
        deps: Deps,
        detector: DuplicateDetector,
        max_items: int,
        on_listing_changed: list[ListingChanged] | None = None,
    ) -> None:
        self._deps = deps
        self._detector = detector
        self._max_items = max_items
        self._on_listing_changed = on_listing_changed or []

    # -- Preview ---------------------------------------------------------------------------
    async def preview(
        self, actor: User | None, raw: bytes | str, expected_kind: ImportKind | None = None
    ) -> ImportPreview:
        """Read, check and compare the file with the catalog; store it for 30 minutes."""
        author_id = _author(actor)
        read = read_document(raw)
        kind = ImportKind(read.kind)
        if expected_kind is not None and kind is not expected_kind:
            raise Invalid(TYPE_PATH, f"this is a {kind} file; expected a {expected_kind} file")
        document = read.document
        listings = _contents(document, author_id, self._max_items)
        candidates = await self._detector.find(listings)
        titles = await self._titles(candidates)
        now = self._deps.clock.now()
        summary = {
            "version_found": read.version_found,
            "warnings": read.warnings,
            "counts": _counts(candidates),
            "listings": [
                _previewed(i, listing, found, titles)
                for i, (listing, found) in enumerate(zip(listings, candidates, strict=True))
            ],
        }
        if isinstance(document, CollectionDocument):
            wire = document.data.collection
            summary["collection"] = {"name": wire.name, "description": wire.description}
        preview = ImportPreview(
            id=secrets.token_urlsafe(PREVIEW_ID_BYTES),
            author_id=author_id,
            kind=kind,
            document=document_to_builtins(document),
            created_at=now,
            expires_at=now + PREVIEW_TTL,
            summary=summary,
        )
        async with self._deps.uow() as uow:
            await uow.previews.save(preview)
            await uow.commit()
        self._deps.emit(
            events.IMPORT_PREVIEWED,
            author_id,
            f"import:{preview.id}",
            kind=str(kind),
            items=len(listings),
            version=read.version_found,
            **summary["counts"],
        )
        return preview

    async def _titles(self, found: list[list[DuplicateCandidate]]) -> dict[int, str]:
        ids = sorted({c.listing_id for cs in found for c in cs if c.listing_id is not None})
        if not ids:
            return {}
        async with self._deps.uow() as uow:
            listings = await uow.listings.get_many(ids)
        return {listing_id: listing.title for listing_id, listing in listings.items()}

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
        of work, so a failure anywhere leaves the preview unclaimed and nothing written."""
        author_id = _author(actor)
        assert actor is not None
        now = self._deps.clock.now()
        async with self._deps.uow() as uow:
            preview = await uow.previews.get(preview_id, now)
            ensure_confirmable(preview, author_id, decision.kind, now)
            if not await uow.previews.mark_confirmed(preview_id, now):
                raise Conflict(f"import preview {preview_id} was already confirmed")
            document = document_from_builtins(preview.document)  # type: ignore[union-attr]
            apply = ApplyImport(uow, actor, now, progress or (lambda _: None))
            if isinstance(decision, DealDecision):
                assert isinstance(document, DealDocument)
                outcome = await apply.deal(document, decision)
            else:
                assert isinstance(document, CollectionDocument)
                outcome = await apply.collection(document, decision)
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


# -- Writing the decision --------------------------------------------------------------------
