"""Copy rules (docs/product.md §1): what a copy keeps and what it drops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.collections import Collection, CollectionItem, ItemStatus, PriceSnapshot
from domain.copying import copy_collection, copy_items, copy_name
from domain.errors import Invalid
from domain.visibility import Visibility

NOW = datetime(2026, 3, 1, tzinfo=UTC)
SOURCE = Collection(
    owner_id=1,
    name="Mini PCs",
    description="cheap and quiet",
    visibility=Visibility.PUBLIC,
    view_count=40,
    copy_count=3,
    hidden_by_moderation=False,
    created_at=NOW - timedelta(days=9),
    updated_at=NOW - timedelta(days=1),
    id=7,
)


def test_copy_is_a_private_fresh_collection_pointing_at_its_source() -> None:
    copy = copy_collection(SOURCE, new_owner_id=2, now=NOW)

    assert copy.owner_id == 2
    assert copy.name == "Copy of Mini PCs"
    assert copy.description == "cheap and quiet"
    assert copy.visibility is Visibility.PRIVATE
    assert copy.copied_from_id == 7
    assert (copy.view_count, copy.copy_count) == (0, 0)
    assert copy.hidden_by_moderation is False
    assert copy.created_at == copy.updated_at == NOW
    assert copy.id is None


def test_copy_takes_the_requested_name() -> None:
    assert copy_collection(SOURCE, 2, NOW, name="Mine now").name == "Mine now"


@pytest.mark.parametrize("bad", ["", "   ", "x" * 101])
def test_copy_rejects_a_bad_requested_name(bad: str) -> None:
    with pytest.raises(Invalid) as caught:
        copy_collection(SOURCE, 2, NOW, name=bad)
    assert caught.value.field == "name"


@pytest.mark.parametrize("length", [91, 92, 93, 100])
def test_default_name_is_cut_to_100_characters(length: int) -> None:
    source_name = "n" * length
    name = copy_name(source_name, None)
    assert len(name) == min(100, 8 + length)
    assert name == ("Copy of " + source_name)[:100]
    assert copy_collection(Collection(owner_id=1, name=source_name, id=1), 2, NOW).name == name


def test_items_keep_everything_but_the_collection_in_position_order() -> None:
    added = NOW - timedelta(days=3)
    a = CollectionItem(1, 10, ItemStatus.BOUGHT, "got it", 2, added, PriceSnapshot(99.0, 120.0))
    b = CollectionItem(1, 11, ItemStatus.REJECTED, None, 0, added, PriceSnapshot(50.0, None))
    c = CollectionItem(1, 12, ItemStatus.SHORTLISTED, "maybe", 1, NOW, PriceSnapshot())

    copied = copy_items([a, b, c], into_collection_id=99)

    assert [i.listing_id for i in copied] == [11, 12, 10]
    assert all(i.collection_id == 99 for i in copied)
    first, _, last = copied
    assert (last.status, last.notes, last.position, last.added_at) == (
        ItemStatus.BOUGHT,
        "got it",
        2,
        added,
    )
    assert last.price_snapshot == PriceSnapshot(99.0, 120.0)
    assert first.price_snapshot == PriceSnapshot(50.0, None)
    assert a.collection_id == 1, "the source items are left alone"


def test_copying_no_items_gives_no_items() -> None:
    assert copy_items([], 5) == []
