"""Deciding an import from its preview's duplicates (ADR 0086), and per-item choices as
written in JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.errors import Invalid
from domain.imports import (
    LIKELY_OR_POSSIBLE,
    CollectionDecision,
    DealDecision,
    DealStrategy,
    DuplicatePolicy,
    ImportKind,
    ImportPreview,
    ItemAction,
    ItemChoice,
    decision_for,
    parse_item_choices,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SKIP = ItemChoice(ItemAction.SKIP)


def catalog(listing_id: int, band: str = "likely") -> dict[str, Any]:
    return {"listing_id": listing_id, "title": "t", "score": 95, "band": band, "reason": "r"}


def in_file(index: int, band: str = "likely") -> dict[str, Any]:
    return {"file_index": index, "score": 95, "band": band, "reason": "r"}


def preview(kind: ImportKind, *candidates: list[dict[str, Any]]) -> ImportPreview:
    rows = [
        {"index": i, "title": f"t{i}", "price_usd": 1.0, "candidates": found}
        for i, found in enumerate(candidates)
    ]
    return ImportPreview("p", 1, kind, {}, NOW, NOW, summary={"listings": rows})


COLLECTION = preview(
    ImportKind.COLLECTION,
    [],  # 0: new
    [catalog(12), in_file(3)],  # 1: the catalog's 12 (and item 3 repeats it)
    [catalog(40, "possible")],  # 2: possibly the catalog's 40
    [in_file(1), catalog(12)],  # 3: repeats item 1 (best), and the catalog's 12
    [in_file(5)],  # 4: repeated later by item 5: it is the first, so it stays
    [in_file(4, "possible")],  # 5: possibly repeats item 4
)


def test_create_new_decides_nothing() -> None:
    decision = decision_for(COLLECTION, DuplicatePolicy.CREATE_NEW)
    assert decision == CollectionDecision(decision.strategy, items={})


def test_skip_duplicates_skips_the_catalogs_and_later_repeats() -> None:
    decision = decision_for(COLLECTION, DuplicatePolicy.SKIP_DUPLICATES)
    assert isinstance(decision, CollectionDecision)
    assert decision.items == {1: SKIP, 3: SKIP}


def test_link_duplicates_links_to_the_best_catalog_listing() -> None:
    decision = decision_for(COLLECTION, DuplicatePolicy.LINK_DUPLICATES)
    assert isinstance(decision, CollectionDecision)
    link_12 = ItemChoice(ItemAction.LINK, 12)
    assert decision.items == {1: link_12, 3: link_12}


def test_possible_duplicates_count_when_asked() -> None:
    decision = decision_for(COLLECTION, DuplicatePolicy.LINK_DUPLICATES, bands=LIKELY_OR_POSSIBLE)
    assert isinstance(decision, CollectionDecision)
    assert decision.items[2] == ItemChoice(ItemAction.LINK, 40)
    assert decision.items[5] == SKIP and 4 not in decision.items


def test_explicit_choices_win() -> None:
    choices = {1: ItemChoice(ItemAction.CREATE), 0: SKIP}
    decision = decision_for(COLLECTION, DuplicatePolicy.SKIP_DUPLICATES, choices=choices)
    assert isinstance(decision, CollectionDecision)
    assert decision.items == {0: SKIP, 1: ItemChoice(ItemAction.CREATE), 3: SKIP}


def test_choices_for_items_the_file_lacks_are_refused() -> None:
    with pytest.raises(Invalid) as refused:
        decision_for(COLLECTION, DuplicatePolicy.CREATE_NEW, choices={6: SKIP})
    assert refused.value.field == "items.6"


def test_a_deal_is_skipped_when_the_catalog_has_it() -> None:
    duplicate = preview(ImportKind.DEAL, [catalog(7)])
    fresh = preview(ImportKind.DEAL, [catalog(7, "possible")])
    for policy in (DuplicatePolicy.SKIP_DUPLICATES, DuplicatePolicy.LINK_DUPLICATES):
        assert decision_for(duplicate, policy) == DealDecision(DealStrategy.SKIP)
        assert decision_for(fresh, policy) == DealDecision(DealStrategy.CREATE_NEW)
    assert decision_for(duplicate, DuplicatePolicy.CREATE_NEW) == DealDecision(
        DealStrategy.CREATE_NEW
    )
    with pytest.raises(Invalid):
        decision_for(fresh, DuplicatePolicy.CREATE_NEW, choices={0: SKIP})


def test_choices_are_read_from_json_keys_and_values() -> None:
    assert parse_item_choices({"0": "link:12", "3": "skip", "5": "create"}) == {
        0: ItemChoice(ItemAction.LINK, 12),
        3: SKIP,
        5: ItemChoice(ItemAction.CREATE),
    }


@pytest.mark.parametrize(
    ("choices", "field"),
    [({"x": "skip"}, "items.x"), ({"-1": "skip"}, "items.-1"), ({"0": "merge"}, "items.0"),
     ({"0": 3}, "items.0"), ({"1234567890": "skip"}, "items.1234567890")],
)  # fmt: skip
def test_bad_choices_name_themselves(choices: dict[str, Any], field: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_item_choices(choices)
    assert refused.value.field == field
