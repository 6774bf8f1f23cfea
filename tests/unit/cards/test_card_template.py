"""The card page as text: escaped values, the numbers as people read them, no assets."""

from __future__ import annotations

import re

import pytest

from adapters.playwright import fields
from adapters.playwright.template import CSS, card_html
from domain.cards import CardContent, CardSize, CardStyle, CardVariant, ValueTier


def content(**changes: object) -> CardContent:
    values: dict[str, object] = {
        "listing_id": 1,
        "title": "Lenovo ThinkCentre M720q",
        "price_usd": 449.0,
        "adjusted_price_usd": 529.0,
        "tier": ValueTier.GREAT,
        "cpu": "Intel Core i5-8500T",
        "gpu": None,
        "ram": "16 GB DDR4",
        "storage": "512 GB NVME",
        "composite_score": 71.25,
        "manufacturer": "Lenovo",
        "series": "ThinkCentre",
    }
    values.update(changes)
    return CardContent(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [(449.0, "$449"), (449.99, "$449.99"), (1299.5, "$1,300"), (12345.0, "$12,345"), (None, None)],
)
def test_money_reads_like_a_price_tag(value, text):
    assert fields.money(value) == text


@pytest.mark.parametrize(("value", "text"), [(87.0, "87"), (71.25, "71.2"), (1234.56, "1,234.6")])
def test_scores_have_one_decimal_at_most(value, text):
    assert fields.score(value) == text


def test_long_values_are_cut_with_an_ellipsis():
    assert fields.clip("x" * 500, 10) == "x" * 9 + "…"
    assert fields.clip("  a \n b  ") == "a b"
    assert fields.clip("   ") is None


def test_specs_skip_what_the_listing_lacks():
    assert [label for label, _ in fields.specs(content())] == ["CPU", "RAM", "Storage", "Score"]


def test_maker_joins_manufacturer_and_series():
    assert fields.maker(content()) == "Lenovo · ThinkCentre"
    assert fields.maker(content(series=None)) == "Lenovo"
    assert fields.maker(content(manufacturer=None, series=None)) is None


def test_every_value_is_escaped():
    hostile = "<img src=x onerror=alert(1)>&\"'"
    html = card_html(
        content(title=hostile, cpu=hostile, ram=hostile, manufacturer=hostile), CardVariant()
    )

    assert "<img" not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#x27;") == 4


@pytest.mark.parametrize("tier", [*ValueTier, None])
def test_the_tier_decides_the_badge_and_accent(tier):
    html = card_html(content(tier=tier), CardVariant())

    assert f"tier-{tier.value if tier else 'none'}" in html
    if tier:
        assert f'<span class="badge">{fields.TIER_LABELS[tier]}</span>' in html
    else:
        assert 'class="badge"' not in html


def test_the_body_names_size_and_style():
    html = card_html(content(), CardVariant(CardStyle.DARK, CardSize.STORY))

    assert '<body class="story dark tier-great">' in html


def test_a_missing_price_says_so():
    html = card_html(content(price_usd=None, tier=None), CardVariant())

    assert "No price" in html


def test_the_page_loads_nothing_and_draws_flat():
    html = card_html(content(), CardVariant())

    assert not re.search(r"url\(|@import|@font-face|<link|<script|src=", html)
    assert not re.search(r"gradient|box-shadow|text-shadow|filter|blur", CSS)


def test_model_numbers_do_not_break_at_their_hyphen():
    assert fields.clip("Core i7-9700T") == "Core i7\u20119700T"
    assert fields.clip("a - b") == "a - b"


@pytest.mark.parametrize(
    ("price", "css_class"),
    [
        (449.0, 'class="price"'),
        (12999.0, 'class="price long"'),
        (1234567.0, 'class="price longer"'),
    ],
)
def test_big_prices_get_smaller_type(price, css_class):
    assert css_class in card_html(content(price_usd=price), CardVariant())
