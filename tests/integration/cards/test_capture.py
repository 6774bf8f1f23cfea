"""Capture over CDP (docs/adr/0070, 0072): every image shows the document just set, the
process tree is Chromium alone, and closing leaves nothing behind."""

from __future__ import annotations

import io
import os

import psutil
import pytest
from PIL import Image

from adapters.playwright import PlaywrightCardRenderer
from domain.cards import CardFormat, CardSize, CardStyle, CardVariant
from tests.integration.cards.conftest import browser_tree, chromium_path, full_content

pytestmark = pytest.mark.asyncio(loop_scope="session")


def is_dir(path: str) -> bool:
    return os.path.isdir(path)


def corner(data: bytes) -> tuple[int, int, int]:
    return Image.open(io.BytesIO(data)).convert("RGB").getpixel((5, 300))


async def test_every_capture_shows_the_document_just_set(renderer):
    """Light and dark in turn on the same pages: a stale frame would show the other one."""
    for i in range(16):
        style = CardStyle.DARK if i % 2 else CardStyle.LIGHT
        size = list(CardSize)[i % 3]
        data = await renderer.render(full_content(price_usd=100.0 + i), CardVariant(style, size))

        light = sum(corner(data)) > 600
        assert light is (style is CardStyle.LIGHT), (i, style, corner(data))


async def test_png_is_encoded_for_speed_and_jpeg_at_quality_85(renderer):
    png = await renderer.render(full_content(), CardVariant())
    jpeg = await renderer.render(full_content(), CardVariant(format=CardFormat.JPEG))

    assert png.startswith(b"\x89PNG") and len(png) < 200 * 1024
    assert jpeg.startswith(b"\xff\xd8") and len(jpeg) < 200 * 1024


async def test_the_renderer_runs_chromium_and_nothing_else():
    before = {child.pid for child in psutil.Process().children()}
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path())
    try:
        await renderer.render(full_content(), CardVariant())
        started = [c for c in psutil.Process().children() if c.pid not in before]

        assert [c.pid for c in started] == [renderer.browser_pid], "no Node driver in between"
        tree = browser_tree(renderer)
        assert all("chrom" in p.name().lower() for p in tree), [p.name() for p in tree]
        renderers = [p for p in tree if "--type=renderer" in p.cmdline()]
        assert len(renderers) == 1, "the pages share one renderer process"
        profile = next(
            arg.split("=", 1)[1] for arg in tree[0].cmdline() if arg.startswith("--user-data-dir=")
        )
        assert is_dir(profile)
    finally:
        await renderer.close()

    _, alive = psutil.wait_procs(tree, timeout=5)
    assert not alive
    assert not is_dir(profile), "the profile directory is removed"


async def test_pages_with_a_context_each_draw_the_same_card():
    shared = PlaywrightCardRenderer(chromium_path=chromium_path())
    separate = PlaywrightCardRenderer(chromium_path=chromium_path(), shared_context=False)
    try:
        one = await shared.render(full_content(), CardVariant())
        other = await separate.render(full_content(), CardVariant())
    finally:
        await shared.close()
        await separate.close()

    assert one == other
