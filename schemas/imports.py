"""Import bodies of the HTTP API: the preview answer and the confirm decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

from domain.duplicates import Band
from domain.errors import Invalid
from domain.imports import (
    ITEM_CHOICE,
    ITEM_CHOICE_TEXT,
    CollectionDecision,
    CollectionStrategy,
    DealDecision,
    DealStrategy,
    ImportKind,
    ImportPreview,
    parse_item_choice,
)
from domain.validation import ID_MAX
from schemas.collections import CollectionDetailOut

Id = Annotated[
    int,
    msgspec.Meta(
        ge=1,
        le=ID_MAX,
        description="What to update or merge into (`update_existing`, `merge_into`)",
    ),
]
ItemChoiceText = Annotated[
    str,
    msgspec.Meta(pattern=f"^{ITEM_CHOICE.pattern}$", description=f"{ITEM_CHOICE_TEXT}"),
]


class CandidateOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A listing this one may duplicate: in the catalog (`listing_id`, with its title) or
    earlier or later in the same file (`file_index`)."""

    listing_id: int | None = None
    title: str | None = None
    file_index: int | None = None
    score: int
    band: Band
    reason: str


class PreviewedListingOut(msgspec.Struct, kw_only=True):
    index: int
    title: str
    price_usd: float
    candidates: list[CandidateOut]


class PreviewCountsOut(msgspec.Struct, kw_only=True):
    new: int
    likely_duplicate: int
    possible_duplicate: int


class PreviewCollectionOut(msgspec.Struct, kw_only=True):
    name: str
    description: str | None = None


class PreviewOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    preview_id: str
    kind: ImportKind
    expires_at: datetime
    version_found: str
    counts: PreviewCountsOut
    warnings: list[str]
    listings: list[PreviewedListingOut]
    collection: PreviewCollectionOut | None = None

    @classmethod
    def of(cls, preview: ImportPreview) -> PreviewOut:
        plain: dict[str, Any] = {
            **preview.summary,
            "preview_id": preview.id,
            "kind": preview.kind,
            "expires_at": preview.expires_at,
        }
        return msgspec.convert(plain, cls)


class DealConfirmIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    strategy: DealStrategy
    target_listing_id: Id | None = None

    def to_domain(self) -> DealDecision:
        return DealDecision(self.strategy, self.target_listing_id)


class CollectionConfirmIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    strategy: CollectionStrategy
    target_collection_id: Id | None = None
    # By item index in the file: {"2": "skip", "5": "link:41"}. The keys are read here, not
    # by msgspec: Litestar answers 500 to a decoding error located in a key.
    items: dict[str, ItemChoiceText] = {}

    def to_domain(self) -> CollectionDecision:
        choices = {
            _item_index(key): parse_item_choice(f"items.{key}", text)
            for key, text in self.items.items()
        }
        return CollectionDecision(self.strategy, self.target_collection_id, choices)


def _item_index(key: str) -> int:
    if not (key.isascii() and key.isdigit() and len(key) <= 9):
        raise Invalid(f"items.{key}", "must be the index of an item in the file (0, 1, …)")
    return int(key)


class SkippedOut(msgspec.Struct):
    """A confirm whose decision was to import nothing; the preview is used up."""

    skipped: bool = True


class CollectionImportOut(CollectionDetailOut, kw_only=True):
    """The created (or merged-into) collection, and what the import did to it."""

    created_listing_ids: list[int]
    skipped_items: list[int]
