"""A pooled page: a Chromium tab with JavaScript off and every request failed, drawn on
over CDP (docs/adr/0021, 0023, 0072).

A draw is two commands on the page's session: `Page.setDocumentContent` (the document is
replaced, as Playwright's `set_content` did, without its evaluate-and-wait round trips)
and `Page.captureScreenshot` of the viewport. The reply to the first comes after the
document is parsed; the capture then asks for a frame of its own, so it shows that
document. Nothing loads: the card has no subresources, and any request is failed.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from adapters.playwright.cdp import CdpError, Connection
from domain.cards import CardFormat, CardSize

_FIRST_SIZE = CardSize.SOCIAL.pixels
CLOSE_TIMEOUT_S = 5.0
JPEG_QUALITY = 85

# Chromium's PNG encoder at its fast setting (docs/adr/0072): measured 0.48-0.71x the time
# for 27-37 % more bytes (social ~90 KB instead of ~70 KB; the largest card, a story, 188 KB,
# far under 500 KB), same pixels. For JPEG the flag changes nothing (byte-identical).
OPTIMIZE_FOR_SPEED = frozenset({CardFormat.PNG})

# What Playwright set on every headless page on Linux; generic families are the last
# fallback of card.css, kept as they were so that no glyph draws differently.
FONT_FAMILIES = {
    "fontFamilies": {
        "standard": "Times New Roman",
        "fixed": "Monospace",
        "serif": "Times New Roman",
        "sansSerif": "Arial",
        "cursive": "Comic Sans MS",
        "fantasy": "Impact",
    }
}


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
    capture_retries: int = 0


@dataclass(eq=False, slots=True)
class PageSlot:
    connection: Connection
    target: str
    session: str
    frame: str
    context: str | None  # a browser context of its own, closed with the page
    generation: int  # which browser launch it belongs to
    viewport: tuple[int, int]
    renders: int = 0

    async def resize(self, size: tuple[int, int]) -> None:
        if size != self.viewport:
            await self.connection.send(
                "Emulation.setDeviceMetricsOverride", _metrics(size), self.session
            )
            self.viewport = size

    async def draw(self, html: str, fmt: CardFormat, stats: RendererStats) -> bytes:
        await self.connection.send(
            "Page.setDocumentContent", {"frameId": self.frame, "html": html}, self.session
        )
        params: dict[str, Any] = {"format": fmt.value}
        if fmt is CardFormat.JPEG:
            params["quality"] = JPEG_QUALITY
        if fmt in OPTIMIZE_FOR_SPEED:
            params["optimizeForSpeed"] = True
        try:
            shot = await self.connection.send("Page.captureScreenshot", params, self.session)
        except CdpError as exc:
            # Seen once under heavy load: "Unable to capture screenshot" when no frame was
            # ready to copy. Asking again is cheaper than a new page.
            if self.connection.closed or "capture" not in str(exc):
                raise
            stats.capture_retries += 1
            await asyncio.sleep(0.01)
            shot = await self.connection.send("Page.captureScreenshot", params, self.session)
        return base64.b64decode(shot["data"])


async def open_slot(
    connection: Connection,
    context: str | None,
    generation: int,
    on_request: Callable[[Connection, str, dict[str, Any]], None],
) -> PageSlot:
    """A new tab in `context`, or in a context of its own when `context` is None."""
    own = context is None
    if own:
        created = await connection.send("Target.createBrowserContext", {"disposeOnDetach": True})
        context = created["browserContextId"]
    try:
        target = await connection.send(
            "Target.createTarget", {"url": "about:blank", "browserContextId": context}
        )
        attached = await connection.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        session = attached["sessionId"]
        connection.on(session, "Fetch.requestPaused", lambda e: on_request(connection, session, e))
        tree = await connection.send("Page.getFrameTree", session=session)
        await asyncio.gather(
            connection.send("Emulation.setScriptExecutionDisabled", {"value": True}, session),
            connection.send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session),
            connection.send("Emulation.setDeviceMetricsOverride", _metrics(_FIRST_SIZE), session),
            connection.send(
                "Emulation.setEmulatedMedia",
                {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
                session,
            ),
            connection.send("Page.setFontFamilies", FONT_FAMILIES, session),
        )
    except BaseException:
        if own:
            await _dispose(connection, None, context)
        raise
    return PageSlot(
        connection,
        target["targetId"],
        session,
        tree["frameTree"]["frame"]["id"],
        context if own else None,
        generation,
        _FIRST_SIZE,
    )


def block_request(connection: Connection, session: str, event: dict[str, Any]) -> None:
    """Fail a request the page tried to make (the network boundary, docs/adr/0023)."""
    connection.post(
        "Fetch.failRequest",
        {"requestId": event["requestId"], "errorReason": "BlockedByClient"},
        session,
    )


async def close_slot(slot: PageSlot) -> None:
    """Best effort: the browser may be dead or wedged; never wait on it for long."""
    slot.connection.forget(slot.session)
    await _dispose(slot.connection, slot.target, slot.context)


async def _dispose(connection: Connection, target: str | None, context: str | None) -> None:
    with suppress(CdpError, TimeoutError):
        async with asyncio.timeout(CLOSE_TIMEOUT_S):
            if context is not None:
                await connection.send("Target.disposeBrowserContext", {"browserContextId": context})
            elif target is not None:
                await connection.send("Target.closeTarget", {"targetId": target})


def _metrics(size: tuple[int, int]) -> dict[str, Any]:
    width, height = size
    return {
        "width": width,
        "height": height,
        "deviceScaleFactor": 1,
        "mobile": False,
        "screenWidth": width,
        "screenHeight": height,
    }
