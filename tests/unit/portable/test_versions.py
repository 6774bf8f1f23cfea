"""The version policy: what is read, what is read with a warning, what is refused."""

from __future__ import annotations

import pytest

from domain.errors import Invalid
from domain.portability import (
    CURRENT,
    SUPPORTED,
    PortableFormatError,
    UnsupportedVersion,
    check_version,
    find_version,
)

VERSION_PATH = "$.deal_brain_export.version"


def test_the_supported_versions() -> None:
    assert SUPPORTED == ("0.9.0", "1.0.0")
    assert CURRENT == "1.0.0"


@pytest.mark.parametrize("version", SUPPORTED)
def test_a_supported_version_is_read_without_warnings(version: str) -> None:
    assert check_version(version) == []


@pytest.mark.parametrize("version", ["1.1.0", "1.10.3", "1.0.1", "1.2.0-rc.1", "1.0.0+build.7"])
def test_a_later_1x_is_read_with_a_warning_naming_it(version: str) -> None:
    [warning] = check_version(version)
    assert warning.startswith(VERSION_PATH)
    assert version in warning and "1.0.0" in warning


@pytest.mark.parametrize("version", ["2.0.0", "2.1.0", "10.0.0", "2.0.0-rc.1", "0.8.0", "0.9.1"])
def test_a_later_major_or_an_unknown_draft_is_refused(version: str) -> None:
    with pytest.raises(UnsupportedVersion) as caught:
        check_version(version)
    assert caught.value.field == VERSION_PATH
    assert f"version {version} is not supported" in caught.value.message
    assert "0.9.0, 1.0.0" in caught.value.message


@pytest.mark.parametrize("version", ["banana", "1.0", "v1.0.0", "01.0.0", "", "1.0.0.0", " 1.0.0"])
def test_a_version_that_is_not_semver_is_refused(version: str) -> None:
    with pytest.raises(UnsupportedVersion) as caught:
        check_version(version)
    assert repr(version) in caught.value.message
    assert "not a semantic version" in caught.value.message
    assert "0.9.0, 1.0.0" in caught.value.message


def test_refusals_are_domain_invalid_errors_with_the_path_as_field() -> None:
    with pytest.raises(Invalid) as caught:
        check_version("2.0.0")
    assert isinstance(caught.value, PortableFormatError)
    assert caught.value.path == VERSION_PATH
    assert str(caught.value).startswith(f"{VERSION_PATH}: ")


@pytest.mark.parametrize(
    ("document", "path", "message"),
    [
        ([], "$", "must be a JSON object"),
        ({}, "$.deal_brain_export", "is required"),
        ({"deal_brain_export": None}, "$.deal_brain_export", "is required"),
        ({"deal_brain_export": "1.0.0"}, "$.deal_brain_export", "must be an object"),
        ({"deal_brain_export": {}}, VERSION_PATH, "is required"),
        ({"deal_brain_export": {"version": 1.0}}, VERSION_PATH, "not a semantic version"),
        ({"deal_brain_export": {"version": ["1.0.0"]}}, VERSION_PATH, "not a semantic version"),
    ],
)
def test_finding_the_version_names_what_is_missing(document, path: str, message: str) -> None:
    with pytest.raises(PortableFormatError) as caught:
        find_version(document)
    assert caught.value.path == path
    assert message in caught.value.reason


def test_finding_the_version() -> None:
    assert find_version({"deal_brain_export": {"version": "0.9.0"}}) == "0.9.0"
