"""An import preview: a validated document waiting for its author's decision (ADR 0040)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from domain.errors import Conflict, Gone, Invalid, NotFound
from domain.validation import require_id

PREVIEW_TTL = timedelta(minutes=30)
# An expired preview is still found this long, so its author hears "expired" (410) rather
# than "not found" (404); after that it is gone for good and pruned.
PREVIEW_KEPT_AFTER_EXPIRY = timedelta(days=1)
# secrets.token_urlsafe(16): 128 random bits, 22 characters.
PREVIEW_ID_BYTES = 16


class ImportKind(StrEnum):
    DEAL = "deal"
    COLLECTION = "collection"


@dataclass(slots=True)
class ImportPreview:
    id: str
    author_id: int
    kind: ImportKind
    # The upcast v1.0.0 document, as plain JSON values.
    document: dict[str, Any]
    created_at: datetime
    expires_at: datetime
    # What the preview found (counts, duplicate candidates, warnings), as shown to the user.
    summary: dict[str, Any] = field(default_factory=dict)
    confirmed_at: datetime | None = None

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def is_forgotten(preview: ImportPreview, now: datetime) -> bool:
    """Past the time it is kept after expiry: stores treat it as missing and prune it."""
    return now >= preview.expires_at + PREVIEW_KEPT_AFTER_EXPIRY


def ensure_confirmable(
    preview: ImportPreview | None, actor_id: int, kind: ImportKind, now: datetime
) -> ImportPreview:
    """Only the author sees a preview (404 for anyone else), once (409), in time (410)."""
    if preview is None or preview.author_id != actor_id:
        raise NotFound("import preview not found (previews are kept 30 minutes)")
    if preview.kind is not kind:
        raise NotFound(f"import preview {preview.id} is a {preview.kind} import, not a {kind}")
    if preview.confirmed_at is not None:
        raise Conflict(f"import preview {preview.id} was already confirmed")
    if preview.is_expired(now):
        raise Gone(
            f"import preview {preview.id} expired at {preview.expires_at.isoformat()}; "
            "preview the file again"
        )
    return preview


# -- The author's decision ------------------------------------------------------------------
class DealStrategy(StrEnum):
    CREATE_NEW = "create_new"
    UPDATE_EXISTING = "update_existing"
    SKIP = "skip"


class CollectionStrategy(StrEnum):
    CREATE_NEW = "create_new"
    MERGE_INTO = "merge_into"
    SKIP = "skip"


class ItemAction(StrEnum):
    CREATE = "create"  # a new listing from the file
    SKIP = "skip"  # leave the item out
    LINK = "link"  # use a listing already in the catalog instead


@dataclass(frozen=True, slots=True)
class ItemChoice:
    action: ItemAction
    listing_id: int | None = None


CREATE_ITEM = ItemChoice(ItemAction.CREATE)
SKIP_ITEM = ItemChoice(ItemAction.SKIP)
ITEM_CHOICE = re.compile(r"(create|skip|link:([1-9][0-9]{0,17}))")
ITEM_CHOICE_TEXT = "create, skip or link:<listing_id>"


def parse_item_choice(field_name: str, text: str) -> ItemChoice:
    match = ITEM_CHOICE.fullmatch(text)
    if match is None:
        raise Invalid(field_name, f"must be {ITEM_CHOICE_TEXT} (got {text!r})")
    if match[2] is not None:
        require_id(field_name, int(match[2]))
        return ItemChoice(ItemAction.LINK, int(match[2]))
    return ItemChoice(ItemAction(match[1]))


@dataclass(frozen=True, slots=True)
class DealDecision:
    strategy: DealStrategy
    target_listing_id: int | None = None

    kind = ImportKind.DEAL

    def __post_init__(self) -> None:
        if self.strategy is DealStrategy.UPDATE_EXISTING and self.target_listing_id is None:
            raise Invalid("target_listing_id", "is required with strategy update_existing")


@dataclass(frozen=True, slots=True)
class CollectionDecision:
    strategy: CollectionStrategy
    target_collection_id: int | None = None
    # By item index in the file; an item not named is created.
    items: Mapping[int, ItemChoice] = field(default_factory=dict)

    kind = ImportKind.COLLECTION

    def __post_init__(self) -> None:
        if self.strategy is CollectionStrategy.MERGE_INTO and self.target_collection_id is None:
            raise Invalid("target_collection_id", "is required with strategy merge_into")

    def choice(self, index: int) -> ItemChoice:
        return self.items.get(index, CREATE_ITEM)

    def check_indexes(self, item_count: int) -> None:
        for index in self.items:
            if not 0 <= index < item_count:
                have = f"items 0 to {item_count - 1}" if item_count else "no items"
                raise Invalid(f"items.{index}", f"no such item: the file has {have}")


def parse_item_choices(choices: Mapping[str, Any], where: str = "items") -> dict[int, ItemChoice]:
    """Per-item decisions as written in JSON: `{"0": "link:12", "3": "skip"}`. Keys are item
    indexes in the file; a bad key or value names itself (`items.x`)."""
    parsed: dict[int, ItemChoice] = {}
    for key, text in choices.items():
        name = f"{where}.{key}"
        if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 9):
            raise Invalid(name, "must be the index of an item in the file (0, 1, …)")
        if not isinstance(text, str):
            raise Invalid(name, f"must be {ITEM_CHOICE_TEXT}")
        parsed[int(key)] = parse_item_choice(name, text)
    return parsed


# -- Deciding from the preview's duplicates (the command line's strategies, ADR 0086) --------
class DuplicatePolicy(StrEnum):
    CREATE_NEW = "create_new"  # every item a new listing, duplicates or not
    SKIP_DUPLICATES = "skip_duplicates"  # leave out what duplicates the catalog or the file
    LINK_DUPLICATES = "link_duplicates"  # use the catalog listing instead; skip file repeats


LIKELY_ONLY = frozenset({"likely"})
LIKELY_OR_POSSIBLE = frozenset({"likely", "possible"})


def decision_for(
    preview: ImportPreview,
    policy: DuplicatePolicy,
    *,
    bands: frozenset[str] = LIKELY_ONLY,
    choices: Mapping[int, ItemChoice] | None = None,
) -> DealDecision | CollectionDecision:
    """The decision that imports a previewed file without creating the duplicates its preview
    found (candidates in `bands`): per item, the best catalog candidate is skipped over
    (`skip_duplicates`) or linked instead (`link_duplicates`); an item repeating an earlier
    one of the file is skipped either way, the earlier one standing for both. `choices`
    (per item, by index) win over the policy."""
    rows = preview.summary.get("listings", [])
    if preview.kind is ImportKind.DEAL:
        if choices:
            raise Invalid("decisions", "per-item decisions are for collection files")
        duplicate = rows and _catalog_duplicate(rows[0], bands) is not None
        skip = policy is not DuplicatePolicy.CREATE_NEW and duplicate
        return DealDecision(DealStrategy.SKIP if skip else DealStrategy.CREATE_NEW)
    items: dict[int, ItemChoice] = {}
    if policy is not DuplicatePolicy.CREATE_NEW:
        for row in rows:
            index = row["index"]
            in_catalog = _catalog_duplicate(row, bands)
            if in_catalog is not None:
                link = policy is DuplicatePolicy.LINK_DUPLICATES
                items[index] = ItemChoice(ItemAction.LINK, in_catalog) if link else SKIP_ITEM
            elif _repeats_earlier_item(row, bands):
                items[index] = SKIP_ITEM
    items.update(choices or {})
    decision = CollectionDecision(CollectionStrategy.CREATE_NEW, items=items)
    decision.check_indexes(len(rows))
    return decision


def _catalog_duplicate(row: Mapping[str, Any], bands: frozenset[str]) -> int | None:
    """The best catalog listing the previewed item duplicates, in these bands."""
    for candidate in row.get("candidates", []):
        if candidate.get("listing_id") is not None and candidate["band"] in bands:
            return int(candidate["listing_id"])
    return None


def _repeats_earlier_item(row: Mapping[str, Any], bands: frozenset[str]) -> bool:
    return any(
        candidate.get("file_index") is not None
        and candidate["file_index"] < row["index"]
        and candidate["band"] in bands
        for candidate in row.get("candidates", [])
    )
