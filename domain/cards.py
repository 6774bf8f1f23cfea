"""What a card image shows (docs/product.md §1 "Card content") and which variants exist.

Two kinds of card: a listing's (`CardContent`) and a collection's (`CollectionCardContent`,
docs/adr/0050). The wording helpers at the end are pure and shared by every adapter that
draws a card (the Chromium template and the Pillow placeholder)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum

from domain.collections import Collection, CollectionItem, ItemStatus
from domain.listing_parts import Ram, Storage
from domain.listings import Condition, Listing

# Bump when the template changes what it draws: every fingerprint changes with it.
TEMPLATE_VERSION = "2"
# How many of a collection's deals its card shows.
TOP_DEALS = 3


class CardStyle(StrEnum):
    LIGHT = "light"
    DARK = "dark"


class CardSize(StrEnum):
    SOCIAL = "social"
    SQUARE = "square"
    STORY = "story"

    @property
    def pixels(self) -> tuple[int, int]:
        return _PIXELS[self]


_PIXELS = {
    CardSize.SOCIAL: (1200, 630),
    CardSize.SQUARE: (1080, 1080),
    CardSize.STORY: (1080, 1920),
}


class CardFormat(StrEnum):
    PNG = "png"
    JPEG = "jpeg"

    @property
    def content_type(self) -> str:
        return f"image/{self.value}"


class ValueTier(StrEnum):
    GREAT = "great"
    GOOD = "good"
    FAIR = "fair"
    PREMIUM = "premium"


@dataclass(frozen=True, slots=True)
class CardVariant:
    style: CardStyle = CardStyle.LIGHT
    size: CardSize = CardSize.SOCIAL
    format: CardFormat = CardFormat.PNG


@dataclass(frozen=True, slots=True)
class CardContent:
    listing_id: int
    title: str
    price_usd: float | None
    adjusted_price_usd: float | None
    tier: ValueTier | None
    cpu: str | None
    gpu: str | None
    ram: str | None
    storage: str | None
    composite_score: float | None
    manufacturer: str | None
    series: str | None
    condition: Condition | None = None


@dataclass(frozen=True, slots=True)
class CardDeal:
    """One of the deals a collection card shows."""

    listing_id: int
    title: str
    price_usd: float | None
    adjusted_price_usd: float | None
    tier: ValueTier | None


@dataclass(frozen=True, slots=True)
class CollectionCardContent:
    collection_id: int
    name: str
    owner: str | None
    item_count: int
    deals: tuple[CardDeal, ...]


# What a card image can be drawn of.
CardSubject = CardContent | CollectionCardContent


def value_tier(price: float | None, adjusted: float | None) -> ValueTier | None:
    if price is None or adjusted is None or price <= 0:
        return None
    gain = (adjusted - price) / price
    if gain >= 0.15:
        return ValueTier.GREAT
    if gain >= 0.05:
        return ValueTier.GOOD
    if gain >= -0.05:
        return ValueTier.FAIR
    return ValueTier.PREMIUM


def card_content(listing: Listing) -> CardContent:
    assert listing.id is not None, "a card is drawn for a stored listing"
    perf = listing.performance
    meta = listing.metadata
    adjusted = listing.adjusted_price_usd
    return CardContent(
        listing_id=listing.id,
        title=listing.title,
        price_usd=listing.price_usd,
        adjusted_price_usd=adjusted,
        tier=value_tier(listing.price_usd, adjusted),
        cpu=perf.cpu.name if perf and perf.cpu else None,
        gpu=perf.gpu.name if perf and perf.gpu else None,
        ram=ram_text(perf.ram) if perf else None,
        storage=storage_text(perf.storage_primary) if perf else None,
        composite_score=perf.metrics.score_composite if perf and perf.metrics else None,
        manufacturer=meta.manufacturer if meta else None,
        series=meta.series if meta else None,
        condition=_condition(listing.condition),
    )


def _condition(value: str | None) -> Condition | None:
    try:
        return Condition(value) if value else None
    except ValueError:
        return None


def collection_card_content(
    collection: Collection,
    owner: str | None,
    items: Sequence[CollectionItem],
    listings: Mapping[int, Listing],
) -> CollectionCardContent:
    assert collection.id is not None, "a card is drawn for a stored collection"
    return CollectionCardContent(
        collection_id=collection.id,
        name=collection.name,
        owner=owner,
        item_count=len(items),
        deals=tuple(
            CardDeal(
                listing_id=listing.id,  # type: ignore[arg-type]
                title=listing.title,
                price_usd=listing.price_usd,
                adjusted_price_usd=listing.adjusted_price_usd,
                tier=value_tier(listing.price_usd, listing.adjusted_price_usd),
            )
            for listing in top_deals(items, listings)
        ),
    )


def top_deals(
    items: Sequence[CollectionItem], listings: Mapping[int, Listing], limit: int = TOP_DEALS
) -> list[Listing]:
    """The collection's best deals, best first (docs/adr/0050).

    Best value first: the highest (adjusted - price) / price. Items whose value cannot be
    told (no price, no adjusted price: no tier) come after every valued one. Ties, and the
    unvalued among themselves, keep the collection's order. Rejected items are not deals.
    """
    ranked: list[tuple[int, float, int, Listing]] = []
    for index, item in enumerate(items):
        listing = listings.get(item.listing_id)
        if listing is None or listing.id is None or item.status is ItemStatus.REJECTED:
            continue
        gain = value_gain(listing.price_usd, listing.adjusted_price_usd)
        position = item.position if item.position is not None else index
        if gain is None:
            ranked.append((1, 0.0, position, listing))
        else:
            ranked.append((0, -gain, position, listing))
    ranked.sort(key=lambda row: row[:3])
    return [row[3] for row in ranked[:limit]]


def value_gain(price: float | None, adjusted: float | None) -> float | None:
    """(adjusted - price) / price: what the tiers are cut from; None without a ratio."""
    if price is None or adjusted is None or price <= 0:
        return None
    return (adjusted - price) / price


def ram_text(ram: Ram | None) -> str | None:
    """RAM as people write it: `16 GB DDR4`, `32 GB LPDDR5X`, `8 GB`."""
    if ram is None or ram.total_gb <= 0:
        return None
    generation = str(ram.ddr_generation or "").lower()
    kind = "" if generation in ("", "unknown") else f" {generation.upper()}"
    return f"{ram.total_gb} GB{kind}"


_MEDIA = {
    "nvme": "NVMe",
    "sata_ssd": "SATA SSD",
    "hdd": "HDD",
    "hybrid": "SSHD",
    "emmc": "eMMC",
    "ufs": "UFS",
}


def storage_text(storage: Storage | None) -> str | None:
    """Storage as people write it: `512 GB NVMe`, `1 TB SATA SSD`, `2 TB HDD`."""
    if storage is None or storage.capacity_gb <= 0:
        return None
    medium = _MEDIA.get(str(storage.medium or "").lower())
    size = capacity_text(storage.capacity_gb)
    return f"{size} {medium}" if medium else size


def capacity_text(gigabytes: int) -> str:
    """`512 GB`, `1 TB` (from 1000 or 1024), `1.5 TB` (1536), `1.92 TB` (1920).

    Under 1000 it stays in GB. From there, TB the way the drive was sold: decimal
    (1000 GB a TB) or binary (1024), whichever gives the rounder number; decimal on a tie.
    """
    if gigabytes < 1000:
        return f"{gigabytes} GB"
    decimal, binary = gigabytes / 1000, gigabytes / 1024
    terabytes = binary if _decimals(binary) < _decimals(decimal) else decimal
    return f"{round(terabytes, 2):g} TB"


def _decimals(value: float) -> int:
    text = f"{round(value, 3):.3f}".rstrip("0")
    return len(text.split(".")[1])


def card_fingerprint(content: CardSubject) -> str:
    """Hash of what the card shows and how it is drawn: same content, same key."""
    payload = json.dumps(
        {
            "template": TEMPLATE_VERSION,
            "kind": type(content).__name__,
            "content": asdict(content),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def card_key(content: CardSubject, variant: CardVariant) -> str:
    """Where the image is cached: `cards/<listing_id>/…` or `cards/collections/<id>/…`."""
    return (
        f"{card_prefix(content)}{card_fingerprint(content)}/"
        f"{variant.style}-{variant.size}.{variant.format}"
    )


def card_prefix(content: CardSubject) -> str:
    if isinstance(content, CollectionCardContent):
        return collection_cards_prefix(content.collection_id)
    return listing_cards_prefix(content.listing_id)


def listing_cards_prefix(listing_id: int) -> str:
    return f"cards/{listing_id}/"


def collection_cards_prefix(collection_id: int) -> str:
    return f"cards/collections/{collection_id}/"


# --- Wording: how values read on a card (pure, shared by every adapter that draws one) ---

# Unicode bidirectional controls: embeddings/overrides U+202A to U+202E, isolates
# U+2066 to U+2069, the marks U+200E, U+200F and U+061C. User text loses them so an
# override cannot reverse a title (the template also isolates each value, dir="auto").
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_DROP_BIDI = {ord(c): None for c in BIDI_CONTROLS}

CONDITION_LABELS = {
    Condition.NEW: "New",
    Condition.REFURB: "Refurbished",
    Condition.USED: "Used",
}

# Within this fraction of the value, a price is "at value".
AT_VALUE = 0.01


def plain_text(text: str | None) -> str | None:
    """User text as a card shows it: bidi controls dropped, whitespace collapsed to single
    spaces, None when nothing is left."""
    if text is None:
        return None
    text = " ".join(text.translate(_DROP_BIDI).split())
    return text or None


def money_text(value: float | None) -> str | None:
    """`$449`, `$449.99`, `$1,299` (cents only under a thousand, where they still matter)."""
    if value is None:
        return None
    whole = round(value)
    if abs(value) >= 1000 or abs(value - whole) < 0.005:
        return f"${whole:,}"
    return f"${value:,.2f}"


def saving_text(price: float | None, adjusted: float | None) -> str | None:
    """How the price stands against the adjusted value, in words.

    `$80 below value (15%)` when cheaper, `$30 above value (6%)` when dearer (the
    percentage is of the value), `At value` within ±1 %. None without both numbers or
    with no positive value to compare to.
    """
    if price is None or adjusted is None or adjusted <= 0 or price < 0:
        return None
    difference = adjusted - price
    share = abs(difference) / adjusted
    if share <= AT_VALUE:
        return "At value"
    side = "below" if difference > 0 else "above"
    percent = share * 100
    if not math.isfinite(percent):  # a value of a hair above nothing: no percentage to say
        return f"{money_text(abs(difference))} {side} value"
    return f"{money_text(abs(difference))} {side} value ({round(percent)}%)"
