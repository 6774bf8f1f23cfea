"""The placeholder card served when rendering fails: flat, plain, and never cached.

Drawn with Pillow, no browser: the brand, what the card is of (a listing's title and
price, or a collection's name, owner, size and top deals) and a line saying the real card
is on its way, at the variant's exact size and format. The font is DejaVu Sans from the
system when it is there, else Pillow's own. Characters the font cannot draw (emoji, CJK in
DejaVu) are left out rather than drawn as boxes; every text is cut to the lines it has.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from domain.cards import (
    CardContent,
    CardFormat,
    CardSize,
    CardStyle,
    CardSubject,
    CardVariant,
    CollectionCardContent,
    money_text,
    plain_text,
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_BRAND = "Deal Brain"
_NOTE = "Card image unavailable, try again shortly"
# Longest text looked at, whatever the field holds: the drawing stays cheap and bounded.
_MAX_CHARS = 200

_COLOURS = {
    # background, ink, muted, panel
    CardStyle.LIGHT: ((246, 247, 249), (15, 23, 42), (86, 96, 112), (230, 233, 239)),
    CardStyle.DARK: ((14, 19, 29), (243, 245, 250), (155, 165, 183), (26, 34, 50)),
}
_BRAND_COLOUR = (67, 56, 202)


@dataclass(frozen=True, slots=True)
class _Layout:
    pad: int
    band: int
    brand: int
    title: int
    lines: int
    price: int
    small: int


_LAYOUTS = {
    CardSize.SOCIAL: _Layout(pad=56, band=14, brand=26, title=48, lines=2, price=110, small=22),
    CardSize.SQUARE: _Layout(pad=72, band=18, brand=32, title=58, lines=3, price=150, small=28),
    CardSize.STORY: _Layout(pad=80, band=24, brand=40, title=76, lines=5, price=200, small=34),
}


class PillowPlaceholders:
    def image(self, content: CardSubject, variant: CardVariant) -> bytes:
        return _draw(content, variant)


@functools.lru_cache(maxsize=64)
def _draw(content: CardSubject, variant: CardVariant) -> bytes:
    width, height = variant.size.pixels
    background, ink, muted, panel = _COLOURS[variant.style]
    layout = _LAYOUTS[variant.size]
    picture = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(picture)
    pen.rectangle((0, 0, width, layout.band), fill=_BRAND_COLOUR)
    inner = width - 2 * layout.pad

    y = layout.band + layout.pad
    brand = _font(layout.brand, bold=True)
    mark = round(layout.brand * 0.9)
    pen.rounded_rectangle(
        (layout.pad, y, layout.pad + mark, y + mark), radius=mark // 5, fill=_BRAND_COLOUR
    )
    pen.text((layout.pad + mark + layout.brand // 2, y), _BRAND, font=brand, fill=ink)
    y += mark + layout.pad // 2

    if isinstance(content, CollectionCardContent):
        _collection(pen, content, layout, y, inner, (ink, muted, panel))
    else:
        _listing(pen, content, layout, y, inner, (ink, muted))

    note = _font(layout.small)
    pen.text((layout.pad, height - layout.pad), _NOTE, font=note, fill=muted, anchor="ls")
    out = io.BytesIO()
    if variant.format is CardFormat.JPEG:
        picture.save(out, format="JPEG", quality=80)
    else:
        picture.save(out, format="PNG")
    return out.getvalue()


def _listing(
    pen: ImageDraw.ImageDraw,
    content: CardContent,
    layout: _Layout,
    y: int,
    inner: int,
    colours: tuple[tuple[int, int, int], ...],
) -> None:
    ink, muted = colours
    title_font = _font(layout.title, bold=True)
    title = _drawable(content.title, title_font) or "Untitled deal"
    for line in _wrap(title, title_font, inner, layout.lines):
        pen.text((layout.pad, y), line, font=title_font, fill=ink)
        y += round(layout.title * 1.2)
    y += layout.pad // 2
    price = money_text(content.price_usd)
    size = layout.price if price else layout.price // 2
    price_font = _font(size, bold=True)
    while price and size > layout.small and price_font.getlength(price) > inner:
        size = size * 4 // 5  # `$1,234,567` gets smaller type, as on the real card
        price_font = _font(size, bold=True)
    pen.text((layout.pad, y), price or "No price", font=price_font, fill=ink if price else muted)


def _collection(
    pen: ImageDraw.ImageDraw,
    content: CollectionCardContent,
    layout: _Layout,
    y: int,
    inner: int,
    colours: tuple[tuple[int, int, int], ...],
) -> None:
    ink, muted, panel = colours
    name_font = _font(layout.title, bold=True)
    name = _drawable(content.name, name_font) or "Untitled collection"
    for line in _wrap(name, name_font, inner, max(1, layout.lines - 1)):
        pen.text((layout.pad, y), line, font=name_font, fill=ink)
        y += round(layout.title * 1.2)
    small = _font(layout.small)
    y += layout.small // 3
    count = f"{content.item_count:,} item{'' if content.item_count == 1 else 's'}"
    owner = _drawable(content.owner, small)
    byline = f"by {owner} · {count}" if owner else count
    pen.text((layout.pad, y), _fit(byline, small, inner), font=small, fill=muted)
    y += round(layout.small * 2)
    row_font = _font(round(layout.small * 1.2), bold=True)
    row = round(layout.small * 2.6)
    for rank, deal in enumerate(content.deals, start=1):
        price = money_text(deal.price_usd) or "No price"
        price_width = round(row_font.getlength(price))
        pen.rounded_rectangle(
            (layout.pad, y, layout.pad + inner, y + row), radius=row // 6, fill=panel
        )
        middle = y + row // 2
        gap = layout.small
        label = f"{rank}. " + (_drawable(deal.title, row_font) or "Untitled deal")
        room = inner - price_width - 3 * gap
        pen.text(
            (layout.pad + gap, middle), _fit(label, row_font, room), font=row_font, fill=ink,
            anchor="lm",
        )  # fmt: skip
        pen.text((layout.pad + inner - gap, middle), price, font=row_font, fill=ink, anchor="rm")
        y += row + layout.small // 2


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _drawable(text: str | None, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> str | None:
    """The text without bidi controls and without what the font has no glyph for."""
    text = plain_text(text[:_MAX_CHARS] if text else text)
    if text is None:
        return None
    return plain_text("".join(ch for ch in text if _has_glyph(font, ch)))


def _has_glyph(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, ch: str) -> bool:
    if ch.isspace() or ch.isascii():
        return True
    return _glyph_known(font, ch)


@functools.lru_cache(maxsize=4096)
def _glyph_known(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, ch: str) -> bool:
    # A missing glyph draws the font's "notdef" box; compare with a code point no font has.
    return _mask(font, ch) != _mask(font, "\U000f0000")


def _mask(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, ch: str) -> bytes:
    left, top, right, bottom = (round(v) for v in font.getbbox(ch))
    glyph = Image.new("L", (max(1, right - left), max(1, bottom - top)))
    ImageDraw.Draw(glyph).text((-left, -top), ch, font=font, fill=255)
    return f"{glyph.size}".encode() + glyph.tobytes()


def _wrap(
    text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int, lines: int
) -> list[str]:
    """Greedy word wrap into at most `lines` lines; the last one ends in … when cut."""
    words = text.split(" ")
    out: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
        if len(out) == lines - 1:
            rest = " ".join([current, *words[index + 1 :]])
            out.append(_fit(rest, font, width))
            return out
        while font.getlength(current) > width:  # one word wider than the line
            cut = _fit(current, font, width, ellipsis="") or current[0]
            out.append(cut)
            current = current[len(cut) :]
            if len(out) == lines - 1:
                out.append(_fit(" ".join([current, *words[index + 1 :]]), font, width))
                return out
    if current:
        out.append(current)
    return out[:lines]


def _fit(
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
    ellipsis: str = "…",
) -> str:
    """`text`, or as much of it as fits in `width` followed by the ellipsis."""
    if font.getlength(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle].rstrip() + ellipsis) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ellipsis if low else ellipsis
