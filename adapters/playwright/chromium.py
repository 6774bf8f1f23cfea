"""Which Chromium to launch, with which flags, and launching it (docs/adr/0022, 0070, 0071).

Finding, in order: `DEALBRAIN_CHROMIUM_PATH` (which must exist) → a headless shell
(Debian's `chromium-headless-shell` binary, then Playwright's download of it) → a full
Chromium (Playwright's download, then the system's). The headless shell is Chromium's
content layer without the browser UI: the same Blink and Skia, so the same pixels, and
~120 MB less than the full browser, which opens omnibox WebUI renderers even headless.

Launching: the executable itself with a pipe on fd 3/4 (`--remote-debugging-pipe`, spoken
by `adapters/playwright/cdp.py`), in a session of its own so that closing can reach every
process it started, with a profile directory that is removed afterwards.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import shutil
import signal
import tempfile
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from adapters.playwright.cdp import CdpError, Connection
from adapters.playwright.errors import ChromiumNotFound

# Debian's package puts the shell beside Chromium's own binary; /usr/bin/chromium-headless-shell
# is a `sh -e` wrapper that does not exec, which would add a shell process to the tree.
HEADLESS_SHELL_PATHS = ("/usr/lib/chromium/chromium-headless-shell",)
SYSTEM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Playwright's downloads (`playwright install [--only-shell] chromium`), by the revision the
# installed Playwright names in its browsers.json: <name>-<revision>/<dir>/<executable>.
PLAYWRIGHT_BUILDS = {
    "chromium-headless-shell": ("chrome-headless-shell-linux64", "chrome-headless-shell"),
    "chromium": ("chrome-linux64", "chrome"),
}

# The network boundary (docs/adr/0023): requests are failed per page (Fetch, pages.py); the
# resolver rule also stops what interception never sees — Chromium opens a TCP connection
# ahead of a frame navigation (an <iframe> or <meta refresh> to 127.0.0.1 reached a
# listener despite the abort; with the rule, nothing).
NETWORK_ARGS = ("--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking")

# Features off (docs/adr/0071). The first line is what Playwright turned off for us and
# still applies (paint holding would delay the first paint of a page; the rest reach the
# network at start-up). The second is the full browser's WebUI omnibox popups, which open a
# renderer (~55 MB) per window even headless, and the spare renderer kept warm for the next
# site (another ~55 MB); the headless shell has none of them and ignores the names.
DISABLED_FEATURES = (
    "PaintHolding,HttpsUpgrades,MediaRouter,OptimizationHints,NetworkTimeServiceQuerying,"
    "AimEnabled,PreconnectToSearch,LensOverlay,DestroyProfileOnBrowserClose,"
    "WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,SpareRendererForSitePerProcess"
)

LAUNCH_ARGS = (
    *NETWORK_ARGS,
    "--headless",
    "--no-sandbox",  # containers run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-component-extensions-with-background-pages",
    "--disable-breakpad",
    "--disable-field-trial-config",
    "--metrics-recording-only",
    "--no-service-autorun",
    "--password-store=basic",
    "--use-mock-keychain",
    "--disable-search-engine-choice-screen",
    # Drawing: exact colours, no scrollbars, no sound; a page not in front still paints.
    "--force-color-profile=srgb",
    "--hide-scrollbars",
    "--mute-audio",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-back-forward-cache",
    "--disable-hang-monitor",
    "--disable-ipc-flooding-protection",
    "--disable-popup-blocking",
    "--disable-prompt-on-repost",
    f"--disable-features={DISABLED_FEATURES}",
    # Lean (docs/adr/0073): the pages share one renderer process (they share a context, run
    # no script and reach nothing; measured 20 to 90 MB less, no fewer cards/s), and a card
    # is rastered as one or two tiles instead of fifteen 256-pixel ones, so the compositor
    # copies one or two tiles a frame (1.1 to 1.5 ms less CPU a card; ~130 anti-aliased
    # pixels at the old tile seams come out a shade different).
    "--renderer-process-limit=1",
    "--default-tile-width=1280",
    "--default-tile-height=1280",
    # Playwright's: a screenshot asks for a frame of its own, so it always shows the
    # document as just set (measured: same bytes as Playwright's page.screenshot).
    "--enable-features=CDPScreenshotNewSurface",
    "--remote-debugging-pipe",
    "--no-startup-window",
)
LAUNCH_TIMEOUT_S = 30.0
CLOSE_TIMEOUT_S = 5.0
STDERR_LINES = 20


def find_chromium(explicit: str | None) -> str | None:
    """The configured executable (which must exist), else the first Chromium found."""
    if explicit:
        if not _is_executable(explicit):
            raise ChromiumNotFound(
                f"DEALBRAIN_CHROMIUM_PATH={explicit} is not an executable file; "
                "fix the path or unset it to find Chromium automatically"
            )
        return explicit
    return next((path for path in candidates() if _is_executable(path)), None)


def candidates() -> list[str]:
    """Where Chromium is looked for, headless shells first."""
    return [
        *HEADLESS_SHELL_PATHS,
        *playwright_builds("chromium-headless-shell"),
        *playwright_builds("chromium"),
        *SYSTEM_PATHS,
    ]


def playwright_builds(name: str) -> list[str]:
    """The executable of Playwright's download of `name` for the installed Playwright."""
    try:
        import playwright  # only for where its browsers.json and downloads are

        package = Path(playwright.__file__).parent / "driver" / "package"
        browsers = json.loads((package / "browsers.json").read_text())["browsers"]
        revision = next(b["revision"] for b in browsers if b["name"] == name)
    except (ImportError, OSError, ValueError, KeyError, StopIteration):
        return []
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured == "0":
        root = package / ".local-browsers"
    elif configured:
        root = Path(configured)
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ms-playwright"
    folder, executable = PLAYWRIGHT_BUILDS[name]
    return [str(root / f"{name.replace('-', '_')}-{revision}" / folder / executable)]


@dataclass(eq=False)
class Chromium:
    """One running browser: its process group, its pipe, its profile directory."""

    path: str
    pid: int
    connection: Connection
    profile: str
    stderr: deque[str] = field(default_factory=lambda: deque(maxlen=STDERR_LINES))
    transports: list[asyncio.BaseTransport] = field(default_factory=list)
    _reaped: bool = False

    def is_connected(self) -> bool:
        return not self.connection.closed

    async def close(self) -> None:
        """Best effort and bounded: a dead or wedged browser must not hold up a relaunch."""
        if not self.connection.closed:
            with suppress(CdpError, TimeoutError):
                async with asyncio.timeout(CLOSE_TIMEOUT_S):
                    await self.connection.send("Browser.close")
        # A child of posix_spawn has no asyncio watcher: its exit is polled, 20 ms apart.
        deadline = asyncio.get_running_loop().time() + CLOSE_TIMEOUT_S
        while not self._exited() and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        # Whatever is left of the group (renderers, zygotes, a wedged browser) goes now. The
        # browser is not reaped yet, so its pid (the group's id) cannot have been reused.
        if not self._reaped:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
        while not self._reap():  # noqa: ASYNC110 (killed: gone within milliseconds)
            await asyncio.sleep(0.02)
        await self.connection.close()
        for transport in self.transports:
            transport.close()
        await asyncio.to_thread(shutil.rmtree, self.profile, True)

    def _exited(self) -> bool:
        """Exited (or gone), without reaping it."""
        if self._reaped:
            return True
        try:
            flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
            return os.waitid(os.P_PID, self.pid, flags) is not None
        except ChildProcessError:  # reaped by someone else
            self._reaped = True
            return True

    def _reap(self) -> bool:
        if not self._reaped:
            try:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pid = self.pid
            self._reaped = pid == self.pid
        return self._reaped


async def launch_chromium(explicit: str | None) -> Chromium:
    """Explicit path → the first Chromium found that starts."""
    if explicit:
        return await launch(find_chromium(explicit) or explicit)
    found = [path for path in candidates() if _is_executable(path)]
    if not found:
        raise ChromiumNotFound(
            "no Chromium found: none of "
            f"{', '.join(candidates())} exists. Run scripts/ensure-chromium or set "
            "DEALBRAIN_CHROMIUM_PATH."
        )
    failure: ChromiumNotFound | None = None
    for path in found:
        try:
            return await launch(path)
        except ChromiumNotFound as exc:
            failure = failure or exc
    assert failure is not None
    raise failure


async def launch(path: str, extra_args: tuple[str, ...] = ()) -> Chromium:
    profile = tempfile.mkdtemp(prefix="dealbrain-chromium-")
    argv = [path, *LAUNCH_ARGS, *extra_args, f"--user-data-dir={profile}"]
    to_browser, from_browser, errors = os.pipe(), os.pipe(), os.pipe()
    # Chromium's ends moved above 10 (close-on-exec), so dup2 into 3 and 4 cannot clobber
    # one another; dup2 clears close-on-exec on the copies, the only fds it inherits.
    theirs = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser[0], from_browser[1])]
    for fd in (to_browser[0], from_browser[1]):
        os.close(fd)
    devnull = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)
    try:
        pid = os.posix_spawn(  # noqa: ASYNC221 (vfork + exec: returns once it runs)
            path,
            argv,
            os.environ,
            setsid=True,  # its own process group: close() kills all of it
            file_actions=[
                (os.POSIX_SPAWN_DUP2, devnull, 0),
                (os.POSIX_SPAWN_DUP2, devnull, 1),
                (os.POSIX_SPAWN_DUP2, errors[1], 2),
                (os.POSIX_SPAWN_DUP2, theirs[0], 3),
                (os.POSIX_SPAWN_DUP2, theirs[1], 4),
            ],
        )
    except OSError as exc:
        for fd in (*theirs, devnull, to_browser[1], from_browser[0], *errors):
            os.close(fd)
        shutil.rmtree(profile, ignore_errors=True)
        raise ChromiumNotFound(f"Chromium ({path}) did not start: {exc}") from exc
    for fd in (*theirs, devnull, errors[1]):
        os.close(fd)

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**26)
    replies, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(from_browser[0], "rb", 0)
    )
    writer, _ = await loop.connect_write_pipe(asyncio.Protocol, os.fdopen(to_browser[1], "wb", 0))
    browser = Chromium(path, pid, Connection(reader, writer), profile)
    stderr_closed: asyncio.Future[None] = loop.create_future()
    browser.transports += [
        replies,
        await _collect_stderr(loop, errors[0], browser.stderr, stderr_closed),
    ]
    try:
        async with asyncio.timeout(LAUNCH_TIMEOUT_S):
            await browser.connection.send("Browser.getVersion")
    except (CdpError, TimeoutError) as exc:
        with suppress(TimeoutError):
            async with asyncio.timeout(1.0):
                await stderr_closed  # what it said before it went
        await browser.close()
        said = next((line for line in browser.stderr if line.strip()), str(exc) or "timed out")
        raise ChromiumNotFound(f"Chromium ({path}) did not start: {said.strip()}") from exc
    return browser


async def _collect_stderr(
    loop: asyncio.AbstractEventLoop, fd: int, lines: deque[str], done: asyncio.Future[None]
) -> asyncio.BaseTransport:
    """Keep Chromium's last lines of stderr (for the error when it does not start); reading
    them also keeps a chatty browser from blocking on a full pipe."""

    class Lines(asyncio.Protocol):
        def __init__(self) -> None:
            self.rest = b""

        def data_received(self, data: bytes) -> None:
            *complete, self.rest = (self.rest + data).split(b"\n")
            lines.extend(line.decode(errors="replace") for line in complete)
            self.rest = self.rest[-4096:]

        def connection_lost(self, exc: Exception | None) -> None:
            if self.rest:
                lines.append(self.rest.decode(errors="replace"))
            if not done.done():
                done.set_result(None)

    transport, _ = await loop.connect_read_pipe(Lines, os.fdopen(fd, "rb", 0))
    return transport


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)
