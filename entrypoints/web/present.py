"""How domain values read on a page: money, dates, price changes, spec rows, badges.

Plain functions of domain objects returning text or small dataclasses; the templates
only lay them out (and Jinja escapes every value they print).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.cards import (
    CONDITION_LABELS,
    ValueTier,
    money_text,
    ram_text,
    storage_text,
    value_tier,
)
from domain.cards import (
    saving_text as card_saving_text,
)
from domain.collections import CollectionItem, price_change_since_added
from domain.listings import Listing

TIER_LABELS = {
    ValueTier.GREAT: "Great deal",
    ValueTier.GOOD: "Good deal",
    ValueTier.FAIR: "Fair price",
    ValueTier.PREMIUM: "Premium price",
}
EXCERPT_CHARS = 160


def money(value: float | None) -> str:
    """The card's money (`$449`, `$449.99`, `$1,299`) with a real minus sign; an em dash
    when there is no price."""
    if value is None:
        return "\u2014"
    sign = "\u2212" if value < 0 else ""
    return f"{sign}{money_text(abs(value))}"


def day(moment: datetime | None) -> str:
    return moment.strftime("%-d %b %Y") if moment else ""


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    """The start of a text on one line, cut at a word where it can be."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:") + "…"


def price_change_text(change: float | None) -> str | None:
    """How the price moved since the item was added, e.g. "-$30 since added" (true minus)."""
    # Unchanged says nothing: the line is there to flag a move.
    if change is None or abs(change) < 0.005:
        return None
    sign = "+" if change > 0 else ""
    return f"{sign}{money(change)} since added"


@dataclass(frozen=True, slots=True)
class Tier:
    key: str
    label: str


def tier_of(listing: Listing) -> Tier | None:
    tier = value_tier(listing.price_usd, listing.adjusted_price_usd)
    return Tier(tier.value, TIER_LABELS[tier]) if tier else None


def saving_text(listing: Listing) -> str | None:
    """The card's words for the price against the value: "$80 below value (15%)"."""
    return card_saving_text(listing.price_usd, listing.adjusted_price_usd)


@dataclass(frozen=True, slots=True)
class ItemView:
    item: CollectionItem
    listing: Listing
    tier: Tier | None
    change: float | None
    change_text: str | None


def item_views(items: list[CollectionItem], listings: dict[int, Listing]) -> list[ItemView]:
    views = []
    for item in items:
        listing = listings.get(item.listing_id)
        if listing is None:  # deleted meanwhile: the item goes with it
            continue
        change = price_change_since_added(item, listing.price_usd)
        views.append(ItemView(item, listing, tier_of(listing), change, price_change_text(change)))
    return views


def spec_rows(listing: Listing) -> list[tuple[str, str]]:
    """(label, value) for the listing page's spec table, only what the listing has."""
    rows: list[tuple[str, str | None]] = [
        ("Condition", CONDITION_LABELS.get(listing.condition, str(listing.condition))),
        ("Seller", listing.seller),
        ("Model", listing.device_model),
    ]
    meta = listing.metadata
    if meta:
        rows += [
            ("Manufacturer", meta.manufacturer),
            ("Series", meta.series),
            ("Model number", meta.model_number),
            ("Form factor", meta.form_factor),
        ]
    perf = listing.performance
    if perf:
        cpu, gpu, ram = perf.cpu, perf.gpu, perf.ram
        if cpu:
            cores = f", {cpu.cores} cores" if cpu.cores else ""
            threads = f" / {cpu.threads} threads" if cpu.threads else ""
            rows.append(("CPU", f"{cpu.name}{cores}{threads}"))
            if cpu.cpu_mark_multi:
                rows.append(("CPU Mark (multi)", f"{cpu.cpu_mark_multi:,}"))
        if gpu:
            rows.append(("GPU", gpu.name))
        if ram:
            speed = f" @ {ram.speed_mhz} MHz" if ram.speed_mhz else ""
            rows.append(("RAM", f"{ram_text(ram) or ''}{speed}"))
        drives = (("Storage", perf.storage_primary), ("Storage 2", perf.storage_secondary))
        for label, storage in drives:
            rows.append((label, storage_text(storage)))
        if perf.metrics and perf.metrics.score_composite is not None:
            rows.append(("Composite score", f"{perf.metrics.score_composite:g}"))
        if perf.ports and perf.ports.ports:
            ports = ", ".join(f"{p.count}\u00d7 {port_name(str(p.type))}" for p in perf.ports.ports)
            rows.append(("Ports", ports))
    if listing.valuation and listing.valuation.ruleset_name:
        rows.append(("Valuation rules", listing.valuation.ruleset_name))
    return [(label, value) for label, value in rows if value]


def port_name(kind: str) -> str:
    special = {"usb_a": "USB-A", "usb_c": "USB-C", "hdmi": "HDMI", "displayport": "DisplayPort"}
    return special.get(kind, kind.replace("_", " ").upper())


def safe_link(url: str | None) -> str | None:
    """Only http(s) addresses become links: a `javascript:` URL in a listing stays text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None
