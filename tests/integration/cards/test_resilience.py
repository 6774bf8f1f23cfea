"""The renderer survives a dead browser, bounds its pages, times out and recycles."""

from __future__ import annotations

import asyncio
import io

import psutil
import pytest
from PIL import Image

from adapters.playwright import (
    CardRenderError,
    CardRenderTimeout,
    ChromiumNotFound,
    PlaywrightCardRenderer,
)
from domain.cards import CardFormat, CardSize, CardVariant
from tests.integration.cards.conftest import browser_tree, chromium_path, full_content, kill

pytestmark = pytest.mark.asyncio(loop_scope="session")


def is_card(data: bytes, size: CardSize = CardSize.SOCIAL) -> bool:
    return Image.open(io.BytesIO(data)).size == size.pixels


async def test_a_killed_browser_is_relaunched_for_the_next_render():
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path())
    try:
        assert is_card(await renderer.render(full_content(), CardVariant()))
        first_browser = browser_tree(renderer)
        assert len(first_browser) > 1, "the renderer's Chromium processes should be visible"

        kill(first_browser)

        assert is_card(await renderer.render(full_content(price_usd=1.0), CardVariant()))
        assert renderer.stats.launches == 2
        second_browser = browser_tree(renderer)
    finally:
        await renderer.close()
    _, alive = psutil.wait_procs(second_browser, timeout=5)
    assert not alive, "close() leaves no Chromium behind"


async def test_a_browser_killed_during_renders_recovers():
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path())
    try:
        await renderer.start()
        story = CardVariant(size=CardSize.STORY)
        flights = [
            asyncio.create_task(renderer.render(full_content(price_usd=100.0 + i), story))
            for i in range(4)
        ]
        await asyncio.sleep(0.05)
        kill(browser_tree(renderer))

        results = await asyncio.gather(*flights, return_exceptions=True)

        for result in results:
            assert isinstance(result, bytes | CardRenderError), result
        assert is_card(await renderer.render(full_content(), story), CardSize.STORY)
    finally:
        await renderer.close()


async def test_a_crashed_page_is_replaced_and_the_browser_kept():
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path(), concurrency=1)
    try:
        assert is_card(await renderer.render(full_content(), CardVariant()))
        renderers = [p for p in browser_tree(renderer) if "--type=renderer" in p.cmdline()]
        assert len(renderers) == 1

        kill(renderers)

        assert is_card(await renderer.render(full_content(price_usd=2.0), CardVariant()))
        assert renderer.stats.launches == 1
    finally:
        await renderer.close()


async def test_a_closed_browser_is_relaunched():
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path())
    try:
        await renderer.start()
        await renderer._browser.close()

        assert is_card(await renderer.render(full_content(), CardVariant()))
    finally:
        await renderer.close()


async def test_a_render_over_the_timeout_raises_card_render_timeout():
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path(), timeout_s=0.001)
    try:
        with pytest.raises(CardRenderTimeout):
            await renderer.render(full_content(), CardVariant(size=CardSize.STORY))
    finally:
        await renderer.close()


async def test_concurrent_renders_never_use_more_pages_than_allowed():
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path(), concurrency=2)
    try:
        variants = [CardVariant(size=size) for size in CardSize]
        results = await asyncio.gather(
            *(renderer.render(full_content(price_usd=200.0 + i), variants[i % 3]) for i in range(8))
        )

        assert all(is_card(data, variants[i % 3].size) for i, data in enumerate(results))
        assert renderer.stats.peak_busy == 2
        assert renderer.stats.pages_opened <= 2
    finally:
        await renderer.close()


async def test_pages_are_recycled_and_the_renderer_keeps_working():
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path(), recycle_after=50)
    jpeg = CardVariant(format=CardFormat.JPEG)
    try:
        for batch in range(20):
            await asyncio.gather(
                *(
                    renderer.render(full_content(price_usd=batch * 10.0 + i), jpeg)
                    for i in range(10)
                )
            )

        assert renderer.stats.renders == 200
        assert renderer.stats.pages_recycled >= 3
        assert renderer.stats.pages_opened >= 4
        assert renderer.stats.launches == 1
        assert is_card(await renderer.render(full_content(), CardVariant()))
    finally:
        await renderer.close()


async def test_a_configured_path_that_is_not_chromium_is_refused():
    renderer = PlaywrightCardRenderer(chromium_path="/nonexistent/chromium")
    try:
        with pytest.raises(ChromiumNotFound, match="DEALBRAIN_CHROMIUM_PATH"):
            await renderer.render(full_content(), CardVariant())
    finally:
        await renderer.close()
