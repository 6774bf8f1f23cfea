"""JSON paths, and mapping a path in an upcast document back to the original."""

from __future__ import annotations

import pytest

from domain.portability import exporter_id, exporter_uuid, index_path, key_path, origin
from domain.portability.paths import remap


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("colour", "$.x.colour"),
        ("_a1", "$.x._a1"),
        ("vendor sku", '$.x["vendor sku"]'),
        ("a.b", '$.x["a.b"]'),
        ('say "hi"', '$.x["say \\"hi\\""]'),
        ("", '$.x[""]'),
        ("1st", '$.x["1st"]'),
    ],
)
def test_key_path(key: str, path: str) -> None:
    assert key_path("$.x", key) == path


def test_index_path() -> None:
    assert index_path("$.data.items", 2) == "$.data.items[2]"


MOVES = {
    "$.data": "$.deal_brain_export.data",
    "$.data.items[1].listing.listing": "$.deal_brain_export.data.items[1].listing",
    "$.data.items[1].listing.listing.title": "$.deal_brain_export.data.items[1].listing.name",
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$.data", "$.deal_brain_export.data"),
        ("$.data.listing.title", "$.deal_brain_export.data.listing.title"),
        ("$.data.items[1].listing.listing.title", "$.deal_brain_export.data.items[1].listing.name"),
        (
            "$.data.items[1].listing.listing.seller",
            "$.deal_brain_export.data.items[1].listing.seller",
        ),
        (
            "$.data.items[1].listing.listing.title_x",
            "$.deal_brain_export.data.items[1].listing.title_x",
        ),
        ("$.data.items[10].status", "$.deal_brain_export.data.items[10].status"),
        ("$.database", "$.database"),
        ("$.deal_brain_export.type", "$.deal_brain_export.type"),
        ("$", "$"),
    ],
)
def test_remap_replaces_the_longest_known_prefix_on_segment_boundaries(path, expected) -> None:
    assert remap(path, MOVES) == expected


def test_origin_walks_the_steps_back_last_first() -> None:
    trail = [
        {"$.data": "$.deal_brain_export.data"},
        {"$.data.listing.title": "$.data.listing.name"},
    ]
    assert origin("$.data.listing.title", trail) == "$.deal_brain_export.data.listing.name"
    assert origin("$.data.listing.title", []) == "$.data.listing.title"


def test_exported_by_is_the_uuid_whose_integer_value_is_the_user_id() -> None:
    assert str(exporter_uuid(1)) == "00000000-0000-0000-0000-000000000001"
    assert str(exporter_uuid(42)) == "00000000-0000-0000-0000-00000000002a"
    assert exporter_id(exporter_uuid(123456789)) == 123456789
    with pytest.raises(ValueError):
        exporter_uuid(-1)
