"""The card page: one HTML document per content and variant (docs/adr/0020, 0050, 0051).

Every value passes through `html.escape`; user text also loses its bidi controls
(`fields.clip`) and sits in an element of its own with `dir="auto"`, isolated by card.css,
so a right-to-left override cannot turn a title around nor spill into what follows. The
stylesheet is local (card.css next to this file) and names only system fonts, so the page
needs nothing from any network. The network boundary itself is the browser's
(renderer.py, chromium.py), not this page: no <meta> CSP here, because Playwright's
set_content reuses the pooled page's document (document.open), and a meta policy would
pile up with every render and outlive it.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from adapters.playwright import fields
from domain.cards import (
    CardContent,
    CardDeal,
    CardSubject,
    CardVariant,
    CollectionCardContent,
)

# Comments and indentation stripped once: every render sends this to the browser.
CSS = " ".join(
    re.sub(
        r"/\*.*?\*/", "", (Path(__file__).parent / "card.css").read_text("utf-8"), flags=re.S
    ).split()
)

_HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{css}</style></head>'


def page_html(content: CardSubject, variant: CardVariant) -> str:
    """The page of either kind of card."""
    if isinstance(content, CollectionCardContent):
        return collection_card_html(content, variant)
    return card_html(content, variant)


def card_html(content: CardContent, variant: CardVariant) -> str:
    tier = content.tier.value if content.tier else "none"
    specs = fields.specs(content)
    shape = "with-specs" if specs else "bare"
    body = "".join(
        (
            f'<body class="listing {variant.size.value} {variant.style.value} tier-{tier} '
            f'{shape}">',
            '<main class="card">',
            _top(content),
            _title(content.title),
            _deal(content),
            _specs(specs),
            "</main></body></html>",
        )
    )
    return _HEAD.format(css=CSS) + body


def collection_card_html(content: CollectionCardContent, variant: CardVariant) -> str:
    owner = fields.owner(content)
    byline = "".join(
        (
            '<p class="byline">',
            f'<span class="owner" dir="auto">{_e(owner)}</span>' if owner else "",
            '<span class="sep"> · </span>' if owner else "",
            f'<span class="count">{_e(fields.item_count(content.item_count))}</span>',
            "</p>",
        )
    )
    picks = (
        f'<ol class="picks n-{len(content.deals)}">'
        + "".join(_pick(i, d) for i, d in enumerate(content.deals))
        + "</ol>"
        if content.deals
        else '<p class="empty">No deals in it yet</p>'
    )
    body = "".join(
        (
            f'<body class="collection {variant.size.value} {variant.style.value} tier-none">',
            '<main class="card">',
            '<header class="top"><span class="brand"><i class="mark"></i>Deal Brain</span>',
            '<span class="about"><span class="chip">Collection</span></span></header>',
            _title(content.name, "Untitled collection"),
            byline,
            picks,
            "</main></body></html>",
        )
    )
    return _HEAD.format(css=CSS) + body


def blank_html() -> str:
    """A page of the same kind with nothing drawn: the floor the benchmark compares to."""
    return _HEAD.format(css="html,body{margin:0;background:#fff}") + "<body></body></html>"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _title(text: str, missing: str = "Untitled deal") -> str:
    return f'<h1 class="title" dir="auto">{_e(fields.clip(text, 300) or missing)}</h1>'


def _top(content: CardContent) -> str:
    maker = fields.maker(content)
    condition = fields.condition(content)
    maker_html = f'<span class="maker" dir="auto">{_e(maker)}</span>' if maker else ""
    condition_html = f'<span class="chip">{_e(condition)}</span>' if condition else ""
    return (
        '<header class="top"><span class="brand"><i class="mark"></i>Deal Brain</span>'
        f'<span class="about">{maker_html}{condition_html}</span></header>'
    )


def _deal(content: CardContent) -> str:
    price = fields.money(content.price_usd)
    price_html = (
        f'<div class="price{_price_width(price)}">{_e(price)}</div>'
        if price
        else '<div class="price missing">No price</div>'
    )
    badge = (
        f'<span class="badge">{_e(fields.TIER_LABELS[content.tier])}</span>' if content.tier else ""
    )
    saving = fields.saving(content.price_usd, content.adjusted_price_usd)
    saving_html = f'<span class="saving">{_e(saving)}</span>' if saving else ""
    value = f'<div class="value">{badge}{saving_html}</div>' if badge or saving else ""
    return f'<section class="deal">{price_html}{value}</section>'


def _price_width(price: str) -> str:
    """Big prices get smaller type so `$1,234,567` fits the same column as `$449`."""
    if len(price) > 8:
        return " longer"
    return " long" if len(price) > 6 else ""


def _specs(specs: list[tuple[str, str]]) -> str:
    if not specs:
        return ""
    rows = "".join(
        f'<div class="spec"><dt>{_e(label)}</dt>'
        f'<dd class="fit-{fields.fit(value)}" dir="auto">{_e(value)}</dd></div>'
        for label, value in specs
    )
    return f'<dl class="specs">{rows}</dl>'


def _pick(index: int, deal: CardDeal) -> str:
    tier = deal.tier.value if deal.tier else "none"
    price = fields.money(deal.price_usd) or "No price"
    badge = (
        f'<span class="badge">{_e(fields.TIER_LABELS[deal.tier])}</span>'
        if deal.tier
        else '<span class="badge unrated">Not rated</span>'
    )
    return (
        f'<li class="pick tier-{tier}"><span class="rank">{index + 1}</span>'
        f'<span class="pick-title" dir="auto">{_e(fields.deal_title(deal))}</span>'
        f"{badge}"
        f'<span class="pick-price{_price_width(price)}">{_e(price)}</span></li>'
    )
