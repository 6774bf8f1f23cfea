"""How card values read as text: money, scores, tier labels, maker line. No HTML here."""

from __future__ import annotations

import re

from domain.cards import (
    CONDITION_LABELS,
    CardContent,
    CardDeal,
    CollectionCardContent,
    ValueTier,
    money_text,
    plain_text,
    saving_text,
)

# A card has room for a few lines; anything longer is cut here so a hostile or runaway
# value can never make the page (and the render) big.
MAX_CHARS = 160

TIER_LABELS = {
    ValueTier.GREAT: "Great deal",
    ValueTier.GOOD: "Good deal",
    ValueTier.FAIR: "Fair price",
    ValueTier.PREMIUM: "Premium price",
}

# Spec values shrink before they are cut: past each length (characters) the next smaller
# type (card.css `.fit-1` … `.fit-4`, 84 % down to 60 %; the last may take two lines).
# Each size's spec column holds about 22 characters of DejaVu Sans Bold at full size.
FIT_STEPS = (21, 25, 29, 33)

# A hyphen inside a model number ("i7-9700T", "RTX-3060") is not a place to break a line.
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
NON_BREAKING_HYPHEN = "\u2011"


def clip(text: str | None, limit: int = MAX_CHARS) -> str | None:
    """One line of user text: bidi controls dropped, cut to `limit` characters, model
    numbers kept whole."""
    text = plain_text(text)
    if text is None:
        return None
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return _INNER_HYPHEN.sub(NON_BREAKING_HYPHEN, text)


money = money_text
saving = saving_text


def score(value: float | None) -> str | None:
    if value is None:
        return None
    text = f"{value:,.1f}"
    return text.removesuffix(".0")


def maker(content: CardContent) -> str | None:
    parts = [clip(p, 60) for p in (content.manufacturer, content.series)]
    return " · ".join(p for p in parts if p) or None


def condition(content: CardContent) -> str | None:
    return CONDITION_LABELS.get(content.condition) if content.condition else None


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


def fit(value: str) -> int:
    """How many steps smaller a spec value is drawn (0: full size) so it is not cut."""
    return sum(len(value) > step for step in FIT_STEPS)


def item_count(count: int) -> str:
    return f"{count:,} item" if count == 1 else f"{count:,} items"


def owner(content: CollectionCardContent) -> str | None:
    name = clip(content.owner, 40)
    return f"by {name}" if name else None


def deal_title(deal: CardDeal) -> str:
    return clip(deal.title, 140) or "Untitled deal"
