"""Text on the real Chromium: emoji and CJK have glyphs (fonts installed by
scripts/ensure-chromium), a bidi override cannot turn a title around, long spec values
shrink instead of being cut."""

from __future__ import annotations

import pytest
from PIL import Image

from domain.cards import CardSize, CardVariant
from tests.integration.cards.conftest import full_content
from tests.integration.cards.images import decode as decode_image

pytestmark = pytest.mark.asyncio(loop_scope="session")

# Code points no font has: Chromium draws them as the same "notdef" box.
NO_GLYPH = "\U000f0000\U000f0001"


def decode(data: bytes) -> Image.Image:
    return decode_image(data).convert("RGB")


@pytest.mark.parametrize(
    "text",
    ["迷你", "ミニ", "미니", "🔥🚀"],
    ids=["chinese", "japanese", "korean", "emoji"],
)
async def test_cjk_and_emoji_are_drawn_not_boxed(renderer, text):
    drawn = await renderer.render(full_content(title=f"Mini PC {text}"), CardVariant())
    boxed = await renderer.render(full_content(title=f"Mini PC {NO_GLYPH}"), CardVariant())

    assert drawn != boxed


async def test_emoji_are_in_colour(renderer):
    # A title of one fire emoji, in the large story type: orange pixels appear.
    image = decode(
        await renderer.render(full_content(title="🔥", tier=None), CardVariant(size=CardSize.STORY))
    )
    title_band = image.crop((80, 200, 1000, 420))
    orange = [
        (r, g, b)
        for r, g, b in title_band.get_flattened_data()
        if r > 200 and 60 < g < 190 and b < 90
    ]
    assert len(orange) > 200


async def test_a_right_to_left_override_does_not_reverse_the_title(renderer):
    plain = await renderer.render(full_content(title="HP EliteDesk 800 G4"), CardVariant())
    overridden = await renderer.render(
        full_content(title="\u202eHP EliteDesk 800 G4\u202c"), CardVariant()
    )

    assert plain == overridden


@pytest.mark.parametrize("size", list(CardSize))
@pytest.mark.parametrize(
    "name",
    ["Intel UHD Graphics 630", "NVIDIA GeForce RTX 4060 Ti 16GB", "AMD Radeon RX 7900 XTX 24GB"],
)
async def test_a_long_gpu_name_shrinks_rather_than_being_cut(renderer, size, name):
    # Change only the last character: if the name were cut with an ellipsis, that
    # character would not be drawn and both images would be the same.
    one = await renderer.render(full_content(gpu=name), CardVariant(size=size))
    other = await renderer.render(full_content(gpu=name[:-1] + "Q"), CardVariant(size=size))

    assert one != other
