"""What a card image shows (product.md §1 "Card content") and which variants exist."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from enum import StrEnum

from domain.listings import Listing

# Bump when the template changes what it draws: every fingerprint changes with it.
TEMPLATE_VERSION = "1"


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
    ram = perf.ram if perf else None
    storage = perf.storage_primary if perf else None
    return CardContent(
        listing_id=listing.id,
        title=listing.title,
        price_usd=listing.price_usd,
        adjusted_price_usd=adjusted,
        tier=value_tier(listing.price_usd, adjusted),
        cpu=perf.cpu.name if perf and perf.cpu else None,
        gpu=perf.gpu.name if perf and perf.gpu else None,
        ram=_ram_text(ram) if ram else None,
        storage=_storage_text(storage) if storage else None,
        composite_score=perf.metrics.score_composite if perf and perf.metrics else None,
        manufacturer=meta.manufacturer if meta else None,
        series=meta.series if meta else None,
    )


def _ram_text(ram) -> str:  # type: ignore[no-untyped-def]
    generation = f" {ram.ddr_generation.upper()}" if ram.ddr_generation else ""
    return f"{ram.total_gb} GB{generation}"


def _storage_text(storage) -> str:  # type: ignore[no-untyped-def]
    size = (
        f"{storage.capacity_gb / 1024:g} TB"
        if storage.capacity_gb >= 1024
        else f"{storage.capacity_gb} GB"
    )
    medium = f" {storage.medium.replace('_', ' ').upper()}" if storage.medium else ""
    return f"{size}{medium}"


def card_fingerprint(content: CardContent) -> str:
    """Hash of what the card shows and how it is drawn: same content, same key."""
    payload = json.dumps(
        {"template": TEMPLATE_VERSION, "content": asdict(content)},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def card_key(content: CardContent, variant: CardVariant) -> str:
    return (
        f"cards/{content.listing_id}/{card_fingerprint(content)}/"
        f"{variant.style}-{variant.size}.{variant.format}"
    )
