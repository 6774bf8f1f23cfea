"""Which Chromium is used: the configured one, which must exist, else a headless shell,
else a full Chromium; and the flags it is launched with."""

from __future__ import annotations

import os

import psutil
import pytest

from adapters.playwright import ChromiumNotFound, PlaywrightCardRenderer, find_chromium
from adapters.playwright import chromium as module
from adapters.playwright.chromium import HEADLESS_SHELL_PATHS, SYSTEM_PATHS, candidates
from domain.cards import CardVariant
from tests.integration.cards.conftest import chromium_path, full_content


def test_without_a_configured_path_the_headless_shell_is_found_first():
    found = find_chromium(None)

    assert found in HEADLESS_SHELL_PATHS, "scripts/ensure-chromium installs Debian's shell"


def test_headless_shells_come_before_full_browsers():
    order = candidates()

    assert order[0] in HEADLESS_SHELL_PATHS
    assert order.index(SYSTEM_PATHS[0]) > max(
        i for i, path in enumerate(order) if "headless" in path
    )


def test_a_full_chromium_is_found_when_there_is_no_shell(monkeypatch):
    monkeypatch.setattr(module, "HEADLESS_SHELL_PATHS", ("/nonexistent/shell",))
    monkeypatch.setattr(module, "playwright_builds", lambda name: [])

    assert find_chromium(None) in SYSTEM_PATHS


def test_playwright_downloads_are_looked_for_where_playwright_puts_them(monkeypatch, tmp_path):
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))

    (shell,) = module.playwright_builds("chromium-headless-shell")
    (full,) = module.playwright_builds("chromium")

    assert shell.startswith(f"{tmp_path}/chromium_headless_shell-")
    assert shell.endswith("/chrome-headless-shell-linux64/chrome-headless-shell")
    assert full.startswith(f"{tmp_path}/chromium-") and full.endswith("/chrome-linux64/chrome")


def test_a_configured_path_wins():
    system = SYSTEM_PATHS[0]
    assert os.access(system, os.X_OK)

    assert find_chromium(system) == system


def test_a_configured_path_that_does_not_exist_is_an_error(tmp_path):
    not_executable = tmp_path / "chromium"
    not_executable.write_text("")

    with pytest.raises(ChromiumNotFound, match="DEALBRAIN_CHROMIUM_PATH"):
        find_chromium("/nonexistent/chromium")
    with pytest.raises(ChromiumNotFound):
        find_chromium(str(not_executable))


@pytest.mark.asyncio(loop_scope="session")
async def test_an_executable_that_is_not_chromium_is_refused_with_what_it_said(tmp_path):
    impostor = tmp_path / "chromium"
    impostor.write_text("#!/bin/sh\necho 'no such browser here' >&2\nexit 3\n")
    impostor.chmod(0o755)
    renderer = PlaywrightCardRenderer(chromium_path=str(impostor))
    try:
        with pytest.raises(ChromiumNotFound, match="no such browser here"):
            await renderer.start()
    finally:
        await renderer.close()


@pytest.mark.asyncio(loop_scope="session")
async def test_the_full_browser_runs_without_omnibox_renderers_or_a_spare():
    """Full Chromium opens WebUI omnibox renderers (~55 MB each) and a spare renderer unless
    told not to (docs/adr/0071): with our flags, one renderer per page and no more."""
    renderer = PlaywrightCardRenderer(chromium_path=chromium_path() or SYSTEM_PATHS[0])
    try:
        await renderer.render(full_content(), CardVariant())
        browser = psutil.Process(renderer.browser_pid)
        processes = [browser, *browser.children(recursive=True)]
        renderers = [p for p in processes if "--type=renderer" in p.cmdline()]

        assert len(renderers) == 1, [p.cmdline()[-3:] for p in renderers]
        assert not any("--top-chrome-webui" in p.cmdline() for p in renderers)
    finally:
        await renderer.close()
