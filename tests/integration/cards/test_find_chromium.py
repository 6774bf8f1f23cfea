"""Which Chromium is used: the configured one, which must exist, else the system's."""

from __future__ import annotations

import pytest

from adapters.playwright import ChromiumNotFound, find_chromium
from adapters.playwright.chromium import SYSTEM_PATHS


def test_without_a_configured_path_the_system_chromium_is_found():
    found = find_chromium(None)

    assert found in SYSTEM_PATHS, "scripts/ensure-chromium installs one"


def test_a_configured_path_wins():
    system = find_chromium(None)
    assert system is not None

    assert find_chromium(system) == system


def test_a_configured_path_that_does_not_exist_is_an_error(tmp_path):
    not_executable = tmp_path / "chromium"
    not_executable.write_text("")

    with pytest.raises(ChromiumNotFound, match="DEALBRAIN_CHROMIUM_PATH"):
        find_chromium("/nonexistent/chromium")
    with pytest.raises(ChromiumNotFound):
        find_chromium(str(not_executable))
