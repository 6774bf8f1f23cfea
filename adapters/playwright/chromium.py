"""Which Chromium to launch, and launching it (docs/adr/0022)."""

from __future__ import annotations

import asyncio
import os
from contextlib import suppress

from playwright.async_api import Browser, Playwright
from playwright.async_api import Error as PlaywrightError

from adapters.playwright.errors import ChromiumNotFound

SYSTEM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Headless, sandbox off (containers run as root), and nothing that phones home. Requests are
# aborted per page (context.route); the resolver rule also stops what routing never sees:
# Chromium opens a TCP connection ahead of a frame navigation (measured: an <iframe> or
# <meta refresh> to 127.0.0.1 reached a listener despite the abort; with the rule, nothing).
LAUNCH_ARGS = (
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
)
LAUNCH_TIMEOUT_MS = 30_000
CLOSE_TIMEOUT_S = 5.0


def find_chromium(explicit: str | None) -> str | None:
    """The configured executable (which must exist), else the first system Chromium, else None.

    Playwright's own download sits between the two; `launch_chromium` tries it, because only
    a launch tells whether it is there (full browser or headless shell)."""
    if explicit:
        if not _is_executable(explicit):
            raise ChromiumNotFound(
                f"DEALBRAIN_CHROMIUM_PATH={explicit} is not an executable file; "
                "fix the path or unset it to find Chromium automatically"
            )
        return explicit
    return next((path for path in SYSTEM_PATHS if _is_executable(path)), None)


async def launch_chromium(playwright: Playwright, explicit: str | None) -> Browser:
    """Explicit path → Playwright's own browser → a system Chromium."""
    if explicit:
        return await _launch(playwright, find_chromium(explicit))
    try:
        return await _launch(playwright, None)
    except ChromiumNotFound as own:
        system = find_chromium(None)
        if system is None:
            raise ChromiumNotFound(
                "no Chromium found: Playwright's own browser is not installed and none of "
                f"{', '.join(SYSTEM_PATHS)} exists. Run scripts/ensure-chromium or set "
                "DEALBRAIN_CHROMIUM_PATH."
            ) from own
        return await _launch(playwright, system)


async def _launch(playwright: Playwright, path: str | None) -> Browser:
    try:
        return await playwright.chromium.launch(
            executable_path=path,
            args=list(LAUNCH_ARGS),
            timeout=LAUNCH_TIMEOUT_MS,
        )
    except PlaywrightError as exc:
        where = path or "Playwright's own browser"
        first_line = (exc.message or str(exc)).strip().splitlines()[0]
        raise ChromiumNotFound(f"Chromium ({where}) did not start: {first_line}") from exc


async def close_browser(browser: Browser) -> None:
    """Best effort: a dead or wedged browser must not hold up a relaunch or a shutdown."""
    with suppress(PlaywrightError, TimeoutError):
        async with asyncio.timeout(CLOSE_TIMEOUT_S):
            await browser.close()


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)
