"""What the card-image tests share: every variant, and decoding what the browser drew."""

from __future__ import annotations

import io
import itertools

from PIL import Image

from domain.cards import CardFormat, CardSize, CardStyle, CardVariant

MAX_BYTES = 500 * 1024
PIL_FORMATS = {CardFormat.PNG: "PNG", CardFormat.JPEG: "JPEG"}
VARIANTS = [
    CardVariant(style, size, fmt)
    for style, size, fmt in itertools.product(CardStyle, CardSize, CardFormat)
]


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def variant_id(variant: CardVariant) -> str:
    return f"{variant.style}-{variant.size}-{variant.format}"
