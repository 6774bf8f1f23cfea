"""Pages opened in the real Chromium, with everything that went wrong on them recorded.

A `Tab` is one browser context (its own cookies and cache) with one page. From before the
first byte it records console errors, uncaught exceptions, dialogs (alert/confirm/prompt:
a dialog means injected script ran), Content-Security-Policy violations (reported from
the page through a binding, which the policy cannot block), failed requests and
sub-resources answered with an error status.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Request
from playwright.sync_api import Response as PageResponse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = 1280
PHONE = 375
WIDTHS = (PHONE, DESKTOP)
HEIGHT = 900
CARD_SIZE = (1200, 630)  # the social card: og:image and every card shown on the pages
LOAD_TIMEOUT_MS = 60_000  # a page or its images: card renders may queue on 2 cores
ACTION_TIMEOUT_MS = 10_000  # finding an element, clicking: what is there is there at once

CSP_PROBE = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__dealbrainCsp(
    `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}` +
    ` in ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
}, true);
"""

SCROLL_THROUGH_IMAGES = """
async () => {
  for (const image of Array.from(document.images)) {
    image.scrollIntoView({block: 'center'});
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  window.scrollTo(0, 0);
}
"""

IMAGES = """
() => Array.from(document.images).map((image) => ({
  src: image.currentSrc || image.src,
  complete: image.complete,
  width: image.naturalWidth,
  height: image.naturalHeight,
}))
"""


def chromium_executable() -> str:
    return os.environ.get("DEALBRAIN_CHROMIUM_PATH") or CHROMIUM


@dataclass
class Tab:
    context: BrowserContext
    page: Page
    width: int
    response: PageResponse | None = None
    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, where)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)

    @property
    def status(self) -> int | None:
        return self.response.status if self.response else None

    # --- what the page did -------------------------------------------------------------

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append((message.text, message.location.get("url", "")))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request_failed(self, request: Request) -> None:
        if request.is_navigation_request() and request.failure == "net::ERR_ABORTED":
            return  # a navigation that became a download, or was replaced by the next one
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _response(self, response: PageResponse) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.error_responses.append(f"{response.status} {response.url}")

    def _expected(self, text: str, where: str) -> bool:
        """Chromium's own note that the error page we asked for has an error status."""
        return (
            self.response is not None
            and self.response.status >= 400
            and where == self.response.url
            and text.startswith("Failed to load resource: the server responded with a status")
        )

    def problems(self) -> list[str]:
        return [
            *(
                f"console error: {text} (at {where})"
                for text, where in self.console_errors
                if not self._expected(text, where)
            ),
            *(f"uncaught exception: {text}" for text in self.page_errors),
            *(f"dialog opened: {text}" for text in self.dialogs),
            *(f"CSP violation: {text}" for text in self.csp_violations),
            *(f"request failed: {text}" for text in self.failed_requests),
            *(f"sub-resource error: {text}" for text in self.error_responses),
        ]

    def assert_clean(self, *, ignore: tuple[str, ...] = ()) -> None:
        """Nothing went wrong; `ignore`: problems containing one of these are known."""
        problems = [p for p in self.problems() if not any(known in p for known in ignore)]
        assert not problems, f"{self.page.url} at {self.width} px:\n" + "\n".join(problems)

    def visit(self, path: str, width: int | None = None) -> PageResponse | None:
        """Go to `path` in this tab (at another width if given), recording afresh."""
        if width is not None and width != self.width:
            self.page.set_viewport_size({"width": width, "height": HEIGHT})
            self.width = width
        for record in (
            self.console_errors,
            self.page_errors,
            self.dialogs,
            self.csp_violations,
            self.failed_requests,
            self.error_responses,
        ):
            record.clear()
        self.response = self.page.goto(path, wait_until="load")
        return self.response

    # --- looking at it -----------------------------------------------------------------

    def load_images(self) -> list[dict[str, Any]]:
        """Scroll every image into view (they are lazy), wait until all are in; their facts."""
        self.page.evaluate(SCROLL_THROUGH_IMAGES)
        # Polled from here: wait_for_function evaluates strings, which the page's CSP forbids.
        deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000
        while True:
            images = self.page.evaluate(IMAGES)
            if all(image["complete"] for image in images) or time.monotonic() > deadline:
                return images
            self.page.wait_for_timeout(50)

    def scroll_width(self) -> int:
        return int(self.page.evaluate("document.scrollingElement.scrollWidth"))

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text()

    def close(self) -> None:
        self.context.close()


def open_tab(browser: Browser, base_url: str, path: str, width: int, **options: Any) -> Tab:
    context = browser.new_context(
        base_url=base_url, viewport={"width": width, "height": HEIGHT}, **options
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(LOAD_TIMEOUT_MS)
    page = context.new_page()
    tab = Tab(context, page, width)
    context.expose_binding("__dealbrainCsp", lambda _source, text: tab.csp_violations.append(text))
    context.add_init_script(CSP_PROBE)
    page.on("console", tab._console)
    page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    page.on("dialog", tab._dialog)
    page.on("requestfailed", tab._request_failed)
    page.on("response", tab._response)
    tab.visit(path)
    return tab


def look(
    opener: Any, backend: str, screenshots: Path, path: str, name: str, status: int = 200
) -> Tab:
    """Open `path` on a phone and on a desktop: the status, every image in at its real size,
    no sideways scrolling, a full-page screenshot each, nothing wrong on the page.

    One tab for both widths (a new page costs Chromium a renderer process); returns it,
    on the desktop, for the test's own checks.
    """
    tab: Tab | None = None
    for width in WIDTHS:
        if tab is None:
            tab = opener(path, width)
        else:
            tab.visit(path, width)
        assert tab.status == status, f"{path}: {tab.status}"
        assert tab.response is not None
        assert tab.response.headers["content-type"].startswith("text/html")
        for image in tab.load_images():
            assert image["complete"] and image["width"] > 0, f"broken image on {path}: {image}"
            if "card-image" in image["src"]:
                size = (image["width"], image["height"])
                assert size == CARD_SIZE, f"{image['src']} on {path} is {size}"
        scroll_width = tab.scroll_width()
        assert scroll_width <= width + 1, f"{path} scrolls sideways at {width} px: {scroll_width}"
        tab.screenshot(screenshots / backend / f"{name}-{width}.png")
        tab.assert_clean()
    assert tab is not None
    return tab
