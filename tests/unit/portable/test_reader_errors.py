"""Refusals: one error type, naming the path in the document as it was received."""

from __future__ import annotations

import json

import pytest

from domain.portability import MalformedDocument, PortableFormatError, UnsupportedVersion
from schemas.portable import read_document
from tests.unit.portable.builders import fixture_bytes, fixture_json


@pytest.mark.parametrize(
    ("name", "path", "message"),
    [
        (
            "collection-v1.0.0-bad-condition.json",
            "$.data.items[2].listing.listing.condition",
            "Invalid enum value 'mint'",
        ),
        (
            "deal-v1.0.0-nested-data-bad-price.json",
            "$.deal_brain_export.data.listing.price_usd",
            "Expected `float` >= 0.0",
        ),
        (
            "collection-v0.9.0-empty-name.json",
            "$.deal_brain_export.data.items[1].listing.name",
            "Expected `str` of length >= 1",
        ),
    ],
)
def test_errors_name_the_path_in_the_document_as_received(name, path, message) -> None:
    with pytest.raises(PortableFormatError) as caught:
        read_document(fixture_bytes(name))
    assert (caught.value.path, caught.value.reason) == (path, message)
    assert caught.value.message == f"{path}: {message}"


@pytest.mark.parametrize("name", ["deal-v2.0.0.json", "deal-banana-version.json"])
def test_unsupported_versions_are_refused_naming_found_and_supported(name: str) -> None:
    with pytest.raises(UnsupportedVersion) as caught:
        read_document(fixture_bytes(name))
    found = fixture_json(name)["deal_brain_export"]["version"]
    assert caught.value.path == "$.deal_brain_export.version"
    assert found in caught.value.message and "0.9.0, 1.0.0" in caught.value.message


def edited(change) -> str:
    document = fixture_json("deal-v1.0.0-full.json")
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: d["data"]["listing"].pop("title"), "$.data.listing.title", "is required"),
        (lambda d: d["data"]["listing"].update(title=None), "$.data.listing.title", "is required"),
        (lambda d: d.pop("data"), "$.data", "is required"),
        (lambda d: d["deal_brain_export"].pop("type"), "$.deal_brain_export.type", "is required"),
        (
            lambda d: d["deal_brain_export"].update(type="listing"),
            "$.deal_brain_export.type",
            "must be one of deal, collection (got 'listing')",
        ),
        (
            lambda d: d["deal_brain_export"].update(type="collection"),
            "$.data.collection",
            "is required",
        ),
        (
            lambda d: d["deal_brain_export"].update(exported_by="user-1"),
            "$.deal_brain_export.exported_by",
            "Invalid UUID",
        ),
        (
            lambda d: d["data"]["performance"]["ports"].pop("ports"),
            "$.data.performance.ports.ports",
            "is required",
        ),
        (
            lambda d: d["data"]["performance"]["ports"]["ports"][1].update(count=0),
            "$.data.performance.ports.ports[1].count",
            "Expected `int` >= 1",
        ),
        (
            lambda d: d["data"]["performance"]["components"][1].update(quantity=0),
            "$.data.performance.components[1].quantity",
            "Expected `int` >= 1",
        ),
        (
            lambda d: d["data"]["performance"]["ram"].update(ddr_generation="ddr6"),
            "$.data.performance.ram.ddr_generation",
            "Invalid enum value 'ddr6'",
        ),
        (
            lambda d: d["data"]["metadata"].update(form_factor="x" * 33),
            "$.data.metadata.form_factor",
            "Expected `str` of length <= 32",
        ),
        (
            lambda d: d["data"]["listing"].update(seller="s" * 129),
            "$.data.listing.seller",
            "Expected `str` of length <= 128",
        ),
        (
            lambda d: d["data"]["listing"].update(id=2**63),
            "$.data.listing.id",
            "Expected `int` <= 9223372036854775807",
        ),
        (
            lambda d: d["data"]["listing"].update(created_at="0001-01-01T00:00:00+01:00"),
            "$.data.listing.created_at",
            "out of range once converted to UTC",
        ),
        (
            lambda d: d["data"]["listing"].update(custom_fields=[]),
            "$.data.listing.custom_fields",
            "Expected `object`, got `array`",
        ),
    ],
)
def test_broken_rules_name_the_path(change, path: str, message: str) -> None:
    with pytest.raises(PortableFormatError) as caught:
        read_document(edited(change))
    assert caught.value.path == path
    assert caught.value.reason.startswith(message)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "not valid JSON"),
        (b"deal_brain_export", "not valid JSON"),
        (b'{"deal_brain_export": ', "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"[1, 2]", "must be a JSON object, not an array"),
        (b'"text"', "must be a JSON object, not a string"),
        (b"null", "must be a JSON object, not null"),
        (b"1e999", "not valid JSON"),
        (b"[" * 65 + b"]" * 65, "nested too deeply (65 levels; at most 64)"),
    ],
)
def test_what_is_not_a_document_is_refused_as_malformed(raw: bytes, message: str) -> None:
    with pytest.raises(MalformedDocument) as caught:
        read_document(raw)
    assert caught.value.path == "$" and message in caught.value.reason
