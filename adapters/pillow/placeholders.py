"""The placeholder card served when rendering fails: flat, plain, and never cached."""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw

from domain.cards import CardFormat, CardStyle, CardVariant

_COLOURS = {
    CardStyle.LIGHT: ((244, 245, 247), (90, 96, 110)),
    CardStyle.DARK: ((24, 26, 32), (170, 176, 190)),
}
_MESSAGE = "Deal Brain · card unavailable, try again shortly"


class PillowPlaceholders:
    def image(self, variant: CardVariant) -> bytes:
        return _draw(variant)


@functools.cache
def _draw(variant: CardVariant) -> bytes:
    background, ink = _COLOURS[variant.style]
    width, height = variant.size.pixels
    picture = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(picture)
    font_size = max(24, width // 30)
    try:
        from PIL import ImageFont

        font = ImageFont.load_default(size=font_size)
    except (OSError, TypeError):
        font = None
    pen.text((width // 2, height // 2), _MESSAGE, fill=ink, font=font, anchor="mm")
    out = io.BytesIO()
    if variant.format is CardFormat.JPEG:
        picture.save(out, format="JPEG", quality=80)
    else:
        picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
