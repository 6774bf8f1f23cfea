"""Fixtures of the browser and unfurl suite: a real server per database, one real browser.

`server` is parametrized over ["sqlite", "postgres"], so every test here runs on both.
pytest runs every test of one backend, then the next's; each server is stopped (and its
throwaway database dropped) once its tests are done. The servers start in a background
thread, one after the other in the order the tests want them, so the next backend's
server boots while the tests of the one before run. Everything is package-scoped: none of
it (server processes, databases, the browser) outlives this package in a full test run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.server import Server, seeded_server
from tests.browser.tabs import CHROMIUM_ARGS, Tab, chromium_executable, open_tab

HERE = Path(__file__).resolve().parent
BACKENDS = ["sqlite", "postgres"]


class Boots:
    """Seeded servers, started one at a time in a background thread."""

    def __init__(self, data_dirs: dict[str, Path]) -> None:
        self._data_dirs = data_dirs
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dealbrain-boot")
        self._stacks: dict[str, ExitStack] = {}
        self._futures: dict[str, Future[Server]] = {}

    def start(self, backend: str) -> None:
        if backend not in self._futures:
            self._futures[backend] = self._pool.submit(self._boot, backend)

    def _boot(self, backend: str) -> Server:
        stack = ExitStack()
        try:
            running = stack.enter_context(seeded_server(backend, self._data_dirs[backend]))
        except BaseException:
            stack.close()
            raise
        self._stacks[backend] = stack
        return running

    def get(self, backend: str) -> Server:
        self.start(backend)
        return self._futures[backend].result()

    def stop(self, backend: str) -> None:
        future = self._futures.get(backend)
        if future is not None:
            wait([future])
        stack = self._stacks.pop(backend, None)
        if stack is not None:
            stack.close()

    def close(self) -> None:
        for backend in list(self._futures):
            self.stop(backend)
        self._pool.shutdown(wait=True)


def wanted_backends(session: pytest.Session) -> list[str]:
    """The backends the selected tests of this package run on, in the order they run."""
    wanted: list[str] = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("server") if callspec else None
        if backend in BACKENDS and backend not in wanted and Path(item.path).is_relative_to(HERE):
            wanted.append(backend)
    return wanted


@pytest.fixture(scope="package")
def boots(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Boots]:
    starting = Boots(
        {backend: tmp_path_factory.mktemp(f"browser-{backend}") for backend in BACKENDS}
    )
    try:
        for backend in wanted_backends(request.session):
            starting.start(backend)
        yield starting
    finally:
        starting.close()


@pytest.fixture(scope="package", params=BACKENDS)
def server(request: pytest.FixtureRequest, boots: Boots) -> Iterator[Server]:
    backend: str = request.param
    try:
        yield boots.get(backend)
    finally:
        boots.stop(backend)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed test shows the end of the server's log."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    running = getattr(item, "funcargs", {}).get("server")
    if report.failed and isinstance(running, Server):
        report.sections.append((f"dealbrain serve log ({running.backend})", running.log_tail()))


@pytest.fixture(scope="package")
def browser(boots: Boots) -> Iterator[Browser]:
    """One Chromium for every page test (it launches while the first server boots)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def tabs(browser: Browser, server: Server) -> Iterator[Callable[..., Tab]]:
    """`tabs(path, width)`: a fresh browser context on the server with one page at `path`."""
    opened: list[Tab] = []

    def opener(path: str, width: int = 1280, **options: object) -> Tab:
        tab = open_tab(browser, server.url, path, width, **options)
        opened.append(tab)
        return tab

    yield opener
    for tab in opened:
        with contextlib.suppress(Exception):
            tab.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    root = HERE.parents[1] / "var" / "test-artifacts" / "screenshots"
    root.mkdir(parents=True, exist_ok=True)
    return root
