"""How card values read as text: money, scores, tier labels, maker line. No HTML here."""

from __future__ import annotations

import re

from domain.cards import CardContent, ValueTier

# A card has room for a few lines; anything longer is cut here so a hostile or runaway
# value can never make the page (and the render) big.
MAX_CHARS = 160

TIER_LABELS = {
    ValueTier.GREAT: "Great deal",
    ValueTier.GOOD: "Good deal",
    ValueTier.FAIR: "Fair price",
    ValueTier.PREMIUM: "Premium price",
}


# A hyphen inside a model number ("i7-9700T", "RTX-3060") is not a place to break a line.
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
NON_BREAKING_HYPHEN = "\u2011"


def clip(text: str | None, limit: int = MAX_CHARS) -> str | None:
    """One line of text, cut to `limit` characters, model numbers kept whole."""
    if text is None:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return _INNER_HYPHEN.sub(NON_BREAKING_HYPHEN, text)


def money(value: float | None) -> str | None:
    """`$449`, `$449.99`, `$1,299` (cents only under a thousand, where they still matter)."""
    if value is None:
        return None
    whole = round(value)
    if abs(value) >= 1000 or abs(value - whole) < 0.005:
        return f"${whole:,}"
    return f"${value:,.2f}"


def score(value: float | None) -> str | None:
    if value is None:
        return None
    text = f"{value:,.1f}"
    return text.removesuffix(".0")


def maker(content: CardContent) -> str | None:
    parts = [clip(p, 60) for p in (content.manufacturer, content.series)]
    return " · ".join(p for p in parts if p) or None


def specs(content: CardContent) -> list[tuple[str, str]]:
    """(label, value) for every spec the listing has, in the card's reading order."""
    rows = [
        ("CPU", clip(content.cpu, 80)),
        ("GPU", clip(content.gpu, 80)),
        ("RAM", clip(content.ram, 40)),
        ("Storage", clip(content.storage, 40)),
        ("Score", score(content.composite_score)),
    ]
    return [(label, value) for label, value in rows if value]
