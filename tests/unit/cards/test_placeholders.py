"""The Pillow placeholder: exact size and format, says what the card is of, stays bounded."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace

import pytest
from PIL import Image

from adapters.pillow import placeholders as module
from adapters.pillow.placeholders import PillowPlaceholders
from domain.cards import (
    CardContent,
    CardDeal,
    CardFormat,
    CardSize,
    CardStyle,
    CardVariant,
    CollectionCardContent,
    ValueTier,
)
from domain.listings import Condition

LISTING = CardContent(
    listing_id=1,
    title="Lenovo ThinkCentre M720q",
    price_usd=449.0,
    adjusted_price_usd=529.0,
    tier=ValueTier.GREAT,
    cpu="Intel Core i5-8500T",
    gpu=None,
    ram="16 GB DDR4",
    storage="512 GB NVMe",
    composite_score=71.2,
    manufacturer="Lenovo",
    series="ThinkCentre",
    condition=Condition.USED,
)
COLLECTION = CollectionCardContent(
    collection_id=5,
    name="Homelab under $500",
    owner="alice",
    item_count=12,
    deals=(
        CardDeal(1, "Dell OptiPlex 7070", 449.0, 529.0, ValueTier.GREAT),
        CardDeal(2, "Lenovo M720q", 259.0, None, None),
    ),
)
VARIANTS = [CardVariant(*v) for v in itertools.product(CardStyle, CardSize, CardFormat)]
PIL_FORMATS = {CardFormat.PNG: "PNG", CardFormat.JPEG: "JPEG"}


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("content", [LISTING, COLLECTION], ids=["listing", "collection"])
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{v.style}-{v.size}-{v.format}")
def test_exact_size_and_format(content, variant):
    image = decode(PillowPlaceholders().image(content, variant))

    assert image.size == variant.size.pixels
    assert image.format == PIL_FORMATS[variant.format]


def test_different_titles_draw_different_images():
    draw = PillowPlaceholders().image
    one = draw(LISTING, CardVariant())
    other = draw(replace(LISTING, title="Dell OptiPlex 7070 Micro"), CardVariant())
    cheaper = draw(replace(LISTING, price_usd=399.0), CardVariant())

    assert len({one, other, cheaper}) == 3
    assert draw(replace(COLLECTION, name="Other deals"), CardVariant()) != draw(
        COLLECTION, CardVariant()
    )


def test_the_title_is_drawn_in_the_top_half_and_the_brand_at_the_top_left():
    image = decode(PillowPlaceholders().image(LISTING, CardVariant())).convert("L")
    background = image.getpixel((5, 300))
    # Brand mark: indigo square near the top-left corner; the title's ink below it.
    assert image.getpixel((66, 80)) != background
    title_row = image.crop((56, 120, 1144, 175))
    assert title_row.getextrema()[0] < 80  # dark ink on the light style


@pytest.mark.parametrize(
    "title",
    [
        "Supercalifragilistic" * 400,  # one endless word
        "word " * 5000,
        "\u202eevil\u202c 🔥 迷你主机 " * 300,
        "",
    ],
    ids=["long-word", "many-words", "bidi-emoji-cjk", "empty"],
)
@pytest.mark.parametrize("size", list(CardSize))
def test_any_title_is_cut_to_fit(title, size):
    variant = CardVariant(size=size)
    content = replace(LISTING, title=title, price_usd=1234567.0)

    assert decode(PillowPlaceholders().image(content, variant)).size == size.pixels


def test_what_the_font_cannot_draw_is_left_out_not_boxed():
    font = module._font(40, bold=True)
    if not hasattr(font, "path"):
        pytest.skip("no TrueType font on this machine; Pillow's default has other glyphs")

    assert module._drawable("\u202e🔥 Beelink 迷你 SER5 é Ж", font) == "Beelink SER5 é Ж"
    assert module._drawable("🔥🚀", font) is None


def test_a_missing_price_and_no_deals_still_draw():
    draw = PillowPlaceholders().image
    assert decode(draw(replace(LISTING, price_usd=None), CardVariant())).size == (1200, 630)
    empty = replace(COLLECTION, deals=(), owner=None, item_count=0)
    assert decode(draw(empty, CardVariant(size=CardSize.STORY))).size == (1080, 1920)


def test_without_dejavu_it_falls_back_to_pillows_own_font(monkeypatch, tmp_path):
    monkeypatch.setattr(module, "DEJAVU", tmp_path)
    module._font.cache_clear()
    module._draw.cache_clear()
    try:
        image = decode(PillowPlaceholders().image(LISTING, CardVariant(size=CardSize.SQUARE)))
        assert image.size == (1080, 1080)
    finally:
        module._font.cache_clear()
        module._draw.cache_clear()
