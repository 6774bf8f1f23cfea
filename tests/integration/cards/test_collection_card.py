"""The collection card on the real Chromium: every variant at its exact size and format."""

from __future__ import annotations

import pytest

from domain.cards import CardSize, CardVariant
from tests.integration.cards.conftest import collection_content
from tests.integration.cards.images import MAX_BYTES, PIL_FORMATS, VARIANTS, decode, variant_id

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.mark.parametrize("variant", VARIANTS, ids=variant_id)
async def test_every_variant_has_its_exact_size_and_format(renderer, variant):
    data = await renderer.render(collection_content(), variant)

    image = decode(data)
    assert image.format == PIL_FORMATS[variant.format]
    assert image.size == variant.size.pixels
    assert len(data) < MAX_BYTES


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize("size", list(CardSize))
async def test_fewer_deals_and_an_empty_collection_render(renderer, size, count):
    content = collection_content(deals=collection_content().deals[:count], item_count=count)

    assert decode(await renderer.render(content, CardVariant(size=size))).size == size.pixels


async def test_a_huge_name_and_titles_are_cut_and_still_fit(renderer):
    deal = collection_content().deals[0]
    content = collection_content(
        name="Mini PCs " * 3000,
        owner="o" * 500,
        deals=tuple(type(deal)(i, "Mini PC " * 3000, 1234567.0, None, None) for i in range(3)),
    )
    for size in CardSize:
        data = await renderer.render(content, CardVariant(size=size))
        assert decode(data).size == size.pixels and len(data) < MAX_BYTES


async def test_a_deal_change_changes_the_bytes(renderer):
    before = await renderer.render(collection_content(), CardVariant())
    deals = collection_content().deals
    cheaper = (type(deals[0])(1, deals[0].title, 399.0, 529.0, deals[0].tier), *deals[1:])
    after = await renderer.render(collection_content(deals=cheaper), CardVariant())

    assert before != after


async def test_the_same_collection_draws_the_same_bytes(renderer):
    first = await renderer.render(collection_content(), CardVariant())
    second = await renderer.render(collection_content(), CardVariant())

    assert first == second
