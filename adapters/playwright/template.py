"""The card page: one HTML document per content and variant (docs/adr/0020).

Every value passes through `html.escape`. The stylesheet is local (card.css next to this
file) and names only system fonts, so the page needs nothing from any network. The network
boundary itself is the browser's (renderer.py, chromium.py), not this page: no <meta> CSP
here, because Playwright's set_content reuses the pooled page's document (document.open),
and a meta policy would pile up with every render and outlive it.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from adapters.playwright import fields
from domain.cards import CardContent, CardVariant

# Comments and indentation stripped once: every render sends this to the browser.
CSS = " ".join(
    re.sub(
        r"/\*.*?\*/", "", (Path(__file__).parent / "card.css").read_text("utf-8"), flags=re.S
    ).split()
)

_HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{css}</style></head>'


def card_html(content: CardContent, variant: CardVariant) -> str:
    tier = content.tier.value if content.tier else "none"
    body = "".join(
        (
            f'<body class="{variant.size.value} {variant.style.value} tier-{tier}">',
            '<main class="card">',
            _top(content),
            f'<h1 class="title">{_e(fields.clip(content.title, 300) or "Untitled deal")}</h1>',
            _deal(content),
            _specs(content),
            "</main></body></html>",
        )
    )
    return _HEAD.format(css=CSS) + body


def blank_html() -> str:
    """A page of the same kind with nothing drawn: the floor the benchmark compares to."""
    return _HEAD.format(css="html,body{margin:0;background:#fff}") + "<body></body></html>"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _top(content: CardContent) -> str:
    maker = fields.maker(content)
    maker_html = f'<span class="maker">{_e(maker)}</span>' if maker else ""
    return (
        '<header class="top"><span class="brand"><i class="mark"></i>Deal Brain</span>'
        f"{maker_html}</header>"
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
    adjusted = fields.money(content.adjusted_price_usd)
    adjusted_html = (
        f'<span class="adjusted">Adjusted <b>{_e(adjusted)}</b></span>' if adjusted else ""
    )
    value = f'<div class="value">{badge}{adjusted_html}</div>' if badge or adjusted else ""
    return f'<section class="deal">{price_html}{value}</section>'


def _price_width(price: str) -> str:
    """Big prices get smaller type so `$1,234,567` fits the same column as `$449`."""
    if len(price) > 8:
        return " longer"
    return " long" if len(price) > 6 else ""


def _specs(content: CardContent) -> str:
    rows = "".join(
        f'<div class="spec"><dt>{_e(label)}</dt><dd>{_e(value)}</dd></div>'
        for label, value in fields.specs(content)
    )
    return f'<dl class="specs">{rows}</dl>'
