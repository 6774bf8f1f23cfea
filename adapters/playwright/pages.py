"""A pooled page: its own browser context (JavaScript off, every request aborted)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass

from playwright.async_api import Browser, BrowserContext, Page, Route
from playwright.async_api import Error as PlaywrightError

from domain.cards import CardFormat, CardSize

_FIRST_SIZE = CardSize.SOCIAL.pixels
CLOSE_TIMEOUT_S = 5.0


@dataclass(slots=True)
class RendererStats:
    """Counters the tests and the benchmark read (cheap; no locking needed on one loop)."""

    renders: int = 0
    busy: int = 0
    peak_busy: int = 0
    launches: int = 0
    pages_opened: int = 0
    pages_recycled: int = 0
    blocked_requests: int = 0


@dataclass(eq=False, slots=True)
class PageSlot:
    context: BrowserContext
    page: Page
    generation: int  # which browser launch it belongs to
    viewport: tuple[int, int]
    renders: int = 0

    async def resize(self, size: tuple[int, int]) -> None:
        if size != self.viewport:
            await self.page.set_viewport_size({"width": size[0], "height": size[1]})
            self.viewport = size


async def open_slot(
    browser: Browser,
    generation: int,
    timeout_s: float,
    on_request: Callable[[Route], Awaitable[None]],
) -> PageSlot:
    context = await browser.new_context(
        java_script_enabled=False,
        viewport={"width": _FIRST_SIZE[0], "height": _FIRST_SIZE[1]},
        device_scale_factor=1,
        service_workers="block",
        reduced_motion="reduce",
    )
    try:
        context.set_default_timeout(timeout_s * 1000)
        await context.route("**/*", on_request)
        page = await context.new_page()
    except BaseException:
        await close_context(context)
        raise
    return PageSlot(context, page, generation, _FIRST_SIZE)


async def close_context(context: BrowserContext) -> None:
    """Best effort: the browser may be dead or wedged; never wait on it for long."""
    with suppress(PlaywrightError, TimeoutError):
        async with asyncio.timeout(CLOSE_TIMEOUT_S):
            await context.close()


def screenshot_options(fmt: CardFormat) -> dict[str, object]:
    options: dict[str, object] = {"type": fmt.value, "full_page": False, "omit_background": False}
    if fmt is CardFormat.JPEG:
        options["quality"] = 85
    return options
