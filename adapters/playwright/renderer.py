"""The ImageRenderer on one headless Chromium with a small pool of pages (docs/adr/0021,
0070 to 0073).

The package keeps its name from when Playwright's Node driver sat between us and the
browser; since ADR 0070 the renderer speaks CDP to Chromium itself (adapters/playwright/
cdp.py) and Playwright is only how scripts/ensure-chromium may download a browser.
"""

from __future__ import annotations

import asyncio
from typing import Any

from adapters.playwright.cdp import CdpError, Connection
from adapters.playwright.chromium import Chromium, launch_chromium
from adapters.playwright.errors import CardRenderError, CardRenderTimeout
from adapters.playwright.pages import (
    PageSlot,
    RendererStats,
    block_request,
    close_slot,
    open_slot,
)
from adapters.playwright.template import page_html
from domain.cards import CardSubject, CardVariant

SETUP_TIMEOUT_S = 15.0  # opening a context and page; longer means the browser is wedged
STALE_AFTER_TIMEOUTS = 3  # draws in a row that time out: relaunch the browser


class PlaywrightCardRenderer:
    """`concurrency` pages, drawn on one at a time each. `shared_context`: the pages share
    one browser context (the default, docs/adr/0073) rather than one each."""

    def __init__(
        self,
        chromium_path: str | None = None,
        concurrency: int = 2,
        timeout_s: float = 5.0,
        recycle_after: int = 500,
        *,
        shared_context: bool = True,
    ) -> None:
        if concurrency < 1 or timeout_s <= 0 or recycle_after < 1:
            raise ValueError("concurrency, timeout_s and recycle_after must be positive")
        self._chromium_path = chromium_path
        self._timeout_s = timeout_s
        self._recycle_after = recycle_after
        self._shared_context = shared_context
        self._free = asyncio.Semaphore(concurrency)
        self._idle: list[PageSlot] = []
        self._launch_lock = asyncio.Lock()
        self._browser: Chromium | None = None
        self._context: str | None = None  # the shared one, when shared
        self._generation = 0
        self._stale = False  # set when the browser stops answering; relaunched before next use
        self._timeouts_in_row = 0
        self._closing: set[asyncio.Task[None]] = set()
        self.stats = RendererStats()

    @property
    def browser_pid(self) -> int | None:
        """The running Chromium's process id (tests and the benchmark look at its tree)."""
        return self._browser.pid if self._browser is not None else None

    async def start(self) -> None:
        """Launch Chromium now rather than on the first render (raises ChromiumNotFound)."""
        await self._ensure_browser()

    async def close(self) -> None:
        async with self._launch_lock:
            for slot in self._idle:
                self._retire(slot)
            self._idle = []
            if self._closing:
                await asyncio.gather(*self._closing, return_exceptions=True)
            browser, self._browser = self._browser, None
            self._context = None
            if browser is not None:
                await browser.close()

    async def render(self, content: CardSubject, variant: CardVariant) -> bytes:
        """A listing's card or a collection's, by the content's type."""
        return await self.render_html(page_html(content, variant), variant)

    async def render_html(self, html: str, variant: CardVariant) -> bytes:
        """Trusted HTML drawn at the variant's size and format (the card, or a bench floor)."""
        async with self._free:
            try:
                return await self._attempt(html, variant)
            except CdpError:
                pass  # the page or the browser died under us: relaunch if need be, once
            try:
                return await self._attempt(html, variant)
            except CdpError as exc:
                raise CardRenderError(f"card render failed twice: {_first_line(exc)}") from exc

    async def _attempt(self, html: str, variant: CardVariant) -> bytes:
        slot = await self._take()
        self.stats.busy += 1
        self.stats.peak_busy = max(self.stats.peak_busy, self.stats.busy)
        try:
            async with asyncio.timeout(self._timeout_s):
                await slot.resize(variant.size.pixels)
                data = await slot.draw(html, variant.format, self.stats)
        except TimeoutError as exc:
            self._retire(slot)  # mid-draw pages are not reused
            self._timeouts_in_row += 1
            self._stale = self._stale or self._timeouts_in_row >= STALE_AFTER_TIMEOUTS
            raise CardRenderTimeout(f"card not drawn within {self._timeout_s:g} s") from exc
        except BaseException:
            self._retire(slot)
            raise
        finally:
            self.stats.busy -= 1
        self._timeouts_in_row = 0
        self._give_back(slot)
        return data

    async def _take(self) -> PageSlot:
        await self._ensure_browser()
        while self._idle:
            slot = self._idle.pop()
            if slot.generation == self._generation:
                return slot
            self._retire(slot)
        assert self._browser is not None
        try:
            async with asyncio.timeout(SETUP_TIMEOUT_S):
                slot = await open_slot(
                    self._browser.connection, self._context, self._generation, self._block
                )
        except TimeoutError as exc:
            self._stale = True  # wedged: the next render launches a new one
            raise CardRenderError("Chromium did not open a page; relaunching it") from exc
        self.stats.pages_opened += 1
        return slot

    def _give_back(self, slot: PageSlot) -> None:
        slot.renders += 1
        self.stats.renders += 1
        if slot.generation != self._generation:
            self._retire(slot)
        elif slot.renders >= self._recycle_after:
            self.stats.pages_recycled += 1
            self._retire(slot)
        else:
            self._idle.append(slot)

    def _retire(self, slot: PageSlot) -> None:
        task = asyncio.get_running_loop().create_task(close_slot(slot))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def _healthy(self) -> bool:
        return self._browser is not None and self._browser.is_connected() and not self._stale

    async def _ensure_browser(self) -> None:
        if self._healthy():
            return
        async with self._launch_lock:
            if self._healthy():
                return
            old, self._browser = self._browser, None
            self._context = None
            if old is not None:
                await old.close()
            browser = await launch_chromium(self._chromium_path)
            if self._shared_context:
                try:
                    async with asyncio.timeout(SETUP_TIMEOUT_S):
                        created = await browser.connection.send("Target.createBrowserContext")
                except (CdpError, TimeoutError) as exc:
                    await browser.close()
                    raise CardRenderError("Chromium did not open a browser context") from exc
                self._context = created["browserContextId"]
            self._browser = browser
            self._generation += 1
            self._stale = False
            self._timeouts_in_row = 0
            self.stats.launches += 1

    def _block(self, connection: Connection, session: str, event: dict[str, Any]) -> None:
        self.stats.blocked_requests += 1
        block_request(connection, session, event)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
