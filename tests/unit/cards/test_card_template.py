"""The card page as text: escaped values, the numbers as people read them, no assets,
user text isolated, and the collection card's page."""

from __future__ import annotations

import re

import pytest

from adapters.playwright import fields
from adapters.playwright.template import CSS, card_html, collection_card_html, page_html
from domain.cards import (
    CardContent,
    CardDeal,
    CardSize,
    CardStyle,
    CardVariant,
    CollectionCardContent,
    ValueTier,
)
from domain.listings import Condition


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
        "condition": Condition.REFURB,
    }
    values.update(changes)
    return CardContent(**values)  # type: ignore[arg-type]


def collection(**changes: object) -> CollectionCardContent:
    values: dict[str, object] = {
        "collection_id": 5,
        "name": "Homelab under $500",
        "owner": "alice",
        "item_count": 12,
        "deals": (
            CardDeal(1, "Dell OptiPlex 7070", 449.0, 529.0, ValueTier.GREAT),
            CardDeal(2, "Lenovo M720q", 259.0, 280.0, ValueTier.GOOD),
            CardDeal(3, "Beelink SER5", 1299.0, None, None),
        ),
    }
    values.update(changes)
    return CollectionCardContent(**values)  # type: ignore[arg-type]


NO_SPECS = {"cpu": None, "gpu": None, "ram": None, "storage": None, "composite_score": None}


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

    assert '<body class="listing story dark tier-great with-specs">' in html


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


@pytest.mark.parametrize(
    ("price", "adjusted", "text"),
    [
        (449.0, 529.0, "$80 below value (15%)"),  # 80 / 529: the share is of the value
        (530.0, 500.0, "$30 above value (6%)"),
        (100.0, 100.0, "At value"),
        (100.0, 101.0, "At value"),  # within ±1 %
        (101.0, 100.0, "At value"),
        (100.0, 102.5, "$2.50 below value (2%)"),
        (1500.0, 2000.0, "$500 below value (25%)"),
        (12000.0, 10000.0, "$2,000 above value (20%)"),
        (None, 529.0, None),
        (449.0, None, None),
        (449.0, 0.0, None),  # no value to compare to
    ],
)
def test_the_saving_reads_in_words(price, adjusted, text):
    assert fields.saving(price, adjusted) == text


def test_the_card_says_the_saving_not_a_bare_adjusted_price():
    html = card_html(content(), CardVariant())

    assert '<span class="saving">$80 below value (15%)</span>' in html
    assert "Adjusted" not in html


@pytest.mark.parametrize(
    ("condition", "label"),
    [(Condition.NEW, "New"), (Condition.REFURB, "Refurbished"), (Condition.USED, "Used")],
)
def test_the_condition_is_shown(condition, label):
    html = card_html(content(condition=condition), CardVariant())

    assert f'<span class="chip">{label}</span>' in html


def test_no_condition_no_chip():
    assert 'class="chip"' not in card_html(content(condition=None), CardVariant())


@pytest.mark.parametrize(
    ("value", "step"),
    [
        ("Intel Core i7-9700T", 0),  # 19 characters: full size
        ("Intel UHD Graphics 630 x", 1),
        ("NVIDIA GeForce RTX 4060 16GB", 2),
        ("NVIDIA GeForce RTX 4060 Ti 16GB", 3),
        ("AMD Ryzen 7 PRO 5850U with Radeon Graphics", 4),
    ],
)
def test_long_spec_values_get_smaller_type_before_they_are_cut(value, step):
    assert fields.fit(value) == step
    html = card_html(content(gpu=value), CardVariant())
    shown = value.replace("-", fields.NON_BREAKING_HYPHEN)
    assert f'<dd class="fit-{step}" dir="auto">{shown}</dd>' in html
    assert f".spec dd.fit-{step}" in CSS or step == 0


def test_a_listing_without_specs_has_no_specs_panel_and_says_so_in_its_class():
    html = card_html(content(**NO_SPECS), CardVariant(size=CardSize.STORY))

    assert 'class="specs"' not in html and "<dl" not in html
    assert '<body class="listing story light tier-great bare">' in html
    assert ".story.bare" in CSS


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_controls_are_dropped_from_every_user_text():
    hostile = "\u202eevil\u202c Dell\u2066 \u200fx\u061c"
    html = card_html(
        content(title=hostile, cpu=hostile, manufacturer=hostile, series=hostile), CardVariant()
    )
    page = collection_card_html(
        collection(
            name=hostile,
            owner=hostile,
            deals=(CardDeal(1, hostile, 1.0, None, None),),
        ),
        CardVariant(),
    )

    for text in (html, page):
        assert not any(control in text for control in BIDI)
        assert "evil Dell x" in text
    assert fields.clip(BIDI) is None


def test_user_text_is_isolated():
    html = card_html(content(), CardVariant())
    page = collection_card_html(collection(), CardVariant())

    assert '<h1 class="title" dir="auto">' in html and '<h1 class="title" dir="auto">' in page
    assert '<span class="maker" dir="auto">' in html
    assert (
        '<span class="pick-title" dir="auto">' in page and '<span class="owner" dir="auto">' in page
    )
    assert re.search(r'\[dir="auto"\] \{ ?unicode-bidi: isolate', CSS)


def test_the_fonts_are_named_local_fonts_only():
    family = re.search(r"body \{ font-family: ([^;]+);", CSS)

    assert family is not None
    for name in ("DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", "Noto Color Emoji"):
        assert f'"{name}"' in family.group(1)
    assert "@font-face" not in CSS and "url(" not in CSS


def test_the_collection_card_shows_name_owner_count_and_top_deals():
    page = collection_card_html(collection(), CardVariant(CardStyle.DARK, CardSize.SQUARE))

    assert '<body class="collection square dark tier-none">' in page
    assert ">Homelab under $500</h1>" in page
    assert ">by alice</span>" in page and ">12 items</span>" in page
    assert re.findall(r'<li class="pick tier-(\w+)"><span class="rank">(\d)</span>', page) == [
        ("great", "1"),
        ("good", "2"),
        ("none", "3"),
    ]
    assert page.index("Dell OptiPlex 7070") < page.index("Lenovo M720q") < page.index("Beelink")
    assert ">$449</span>" in page and ">$1,299</span>" in page
    assert '<span class="badge">Great deal</span>' in page
    assert '<span class="badge unrated">Not rated</span>' in page
    assert '<ol class="picks n-3">' in page


def test_a_collection_with_nothing_in_it_says_so():
    page = collection_card_html(collection(item_count=0, deals=(), owner=None), CardVariant())

    assert "No deals in it yet" in page and "<ol" not in page
    assert ">0 items</span>" in page and "by " not in page
    assert ">1 item</span>" in collection_card_html(collection(item_count=1), CardVariant())


def test_every_collection_value_is_escaped():
    hostile = "<img src=x onerror=alert(1)>&\"'"
    page = collection_card_html(
        collection(name=hostile, owner=hostile, deals=(CardDeal(1, hostile, 1.0, None, None),)),
        CardVariant(),
    )

    assert "<img" not in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#x27;") == 3


def test_the_page_of_either_kind():
    assert page_html(content(), CardVariant()) == card_html(content(), CardVariant())
    assert page_html(collection(), CardVariant()) == collection_card_html(
        collection(), CardVariant()
    )


def test_the_collection_page_loads_nothing():
    page = collection_card_html(collection(), CardVariant())

    assert not re.search(r"url\(|@import|@font-face|<link|<script|src=", page)
