"""Every variant comes out at its exact size and format, small enough to post."""

from __future__ import annotations

import pytest

from domain.cards import CardSize, CardStyle, CardVariant, ValueTier
from tests.integration.cards.conftest import full_content
from tests.integration.cards.images import MAX_BYTES, PIL_FORMATS, VARIANTS, decode, variant_id

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.mark.parametrize("variant", VARIANTS, ids=variant_id)
async def test_every_variant_has_its_exact_size_and_format(renderer, variant):
    data = await renderer.render(full_content(), variant)

    image = decode(data)
    assert image.format == PIL_FORMATS[variant.format]
    assert image.size == variant.size.pixels
    assert len(data) < MAX_BYTES


@pytest.mark.parametrize("size", list(CardSize))
async def test_a_card_with_nothing_but_a_title_still_renders(renderer, size):
    bare = full_content(
        price_usd=None,
        adjusted_price_usd=None,
        tier=None,
        cpu=None,
        gpu=None,
        ram=None,
        storage=None,
        composite_score=None,
        manufacturer=None,
        series=None,
    )
    data = await renderer.render(bare, CardVariant(size=size))

    assert decode(data).size == size.pixels


async def test_a_huge_title_is_cut_and_still_fits(renderer):
    data = await renderer.render(full_content(title="Mini PC " * 5000), CardVariant())

    assert decode(data).size == CardSize.SOCIAL.pixels
    assert len(data) < MAX_BYTES


async def test_a_price_change_changes_the_bytes(renderer):
    before = await renderer.render(full_content(price_usd=449.0), CardVariant())
    after = await renderer.render(full_content(price_usd=399.0), CardVariant())

    assert before != after


async def test_the_same_content_draws_the_same_bytes(renderer):
    content = full_content(title="Lenovo ThinkCentre M720q")

    first = await renderer.render(content, CardVariant())
    second = await renderer.render(content, CardVariant())

    assert first == second


async def test_light_and_dark_differ(renderer):
    light = decode(await renderer.render(full_content(), CardVariant(style=CardStyle.LIGHT)))
    dark = decode(await renderer.render(full_content(), CardVariant(style=CardStyle.DARK)))

    # The background corner: light is near white, dark is near black.
    assert sum(light.convert("RGB").getpixel((5, 300))) > 600
    assert sum(dark.convert("RGB").getpixel((5, 300))) < 150


async def test_each_tier_draws_a_different_card(renderer):
    tiers = [None, *ValueTier]

    images = {await renderer.render(full_content(tier=tier), CardVariant()) for tier in tiers}

    assert len(images) == len(tiers)
