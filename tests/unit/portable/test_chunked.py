"""Large collection documents convert a slice of items at a time (ADR 0080): the same
result as one conversion, and errors still name the value in the whole document."""

from __future__ import annotations

import copy
import json

import msgspec
import pytest

from domain.portability import PortableFormatError
from schemas.portable import CollectionDocument, read_document
from schemas.portable.chunked import ITEMS_PER_SLICE, convert_document, to_builtins
from tests.unit.portable.builders import fixture_json

SIZE = 2 * ITEMS_PER_SLICE + 234


def large_document() -> dict:
    document = fixture_json("collection-v1.0.0.json")
    items = document["data"]["items"]
    for item in items:
        item.pop("pinned", None)
    document["data"]["items"] = [copy.deepcopy(items[n % 3]) for n in range(SIZE)]
    for n, item in enumerate(document["data"]["items"]):
        item["position"] = n
        item["listing"]["listing"]["title"] = f"Mini PC {n}"
    return document


def test_slices_convert_to_what_one_conversion_gives() -> None:
    plain = large_document()
    whole = msgspec.convert(plain, CollectionDocument)
    sliced = convert_document(plain, CollectionDocument)
    assert sliced == whole and len(sliced.data.items) == SIZE  # type: ignore[union-attr]
    assert to_builtins(sliced) == msgspec.to_builtins(whole)
    assert len(sliced.data.items) == SIZE  # to_builtins put the items back


def test_an_error_in_a_later_slice_names_its_place_in_the_whole_file() -> None:
    plain = large_document()
    plain["data"]["items"][SIZE - 3]["listing"]["listing"]["condition"] = "mint"

    with pytest.raises(PortableFormatError) as refused:
        read_document(json.dumps(plain))

    assert refused.value.path == f"$.data.items[{SIZE - 3}].listing.listing.condition"
