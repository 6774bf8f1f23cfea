"""Import on the in-memory fakes: preview (checks, limits, duplicates), confirm (who, once,
in time, every strategy, all or nothing)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.memory import FixedClock, MemoryUnitOfWorkFactory, RecordingEventSink
from application.context import Deps
from application.duplicates import DuplicateDetector
from application.imports import Imports
from domain.collections import ItemStatus
from domain.errors import Conflict, Forbidden, Gone, Invalid, NotFound, TooLarge, Unauthorized
from domain.imports import (
    PREVIEW_TTL,
    CollectionDecision,
    CollectionStrategy,
    DealDecision,
    DealStrategy,
    ImportKind,
    ItemAction,
    ItemChoice,
    parse_item_choice,
)
from domain.pages import PageRequest
from domain.portability import MalformedDocument, UnsupportedVersion
from domain.users import User
from domain.visibility import Visibility
from tests.unit.portable.builders import fixture_bytes, fixture_json

CREATE = DealDecision(DealStrategy.CREATE_NEW)
CREATE_COLLECTION = CollectionDecision(CollectionStrategy.CREATE_NEW)


@pytest.fixture
def imports(deps: Deps, uow: MemoryUnitOfWorkFactory, hook_calls: list[int]) -> Imports:
    async def record(listing_id: int) -> None:
        hook_calls.append(listing_id)

    return Imports(deps, DuplicateDetector(uow), max_items=5, on_listing_changed=[record])


def as_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


async def listing_count(uow: MemoryUnitOfWorkFactory) -> int:
    async with uow() as tx:
        return (await tx.listings.search(None, PageRequest())).total


# -- Preview -----------------------------------------------------------------------------------
async def test_a_deal_preview_is_stored_for_its_author_for_30_minutes(
    imports: Imports, alice: User, clock: FixedClock, uow, events: RecordingEventSink
) -> None:
    preview = await imports.preview(alice, fixture_bytes("deal-v1.0.0-full.json"), ImportKind.DEAL)

    assert preview.author_id == alice.id and preview.kind is ImportKind.DEAL
    assert preview.expires_at == clock.now() + PREVIEW_TTL
    assert len(preview.id) >= 22
    summary = preview.summary
    assert summary["counts"] == {"new": 1, "likely_duplicate": 0, "possible_duplicate": 0}
    assert summary["listings"] == [
        {
            "index": 0,
            "title": "Dell OptiPlex 7050 Micro i5-7500T 16GB 256GB NVMe",
            "price_usd": 129.99,
            "candidates": [],
        }
    ]
    async with uow() as tx:
        assert await tx.previews.get(preview.id, clock.now()) == preview
    assert events.names()[-1] == "import.previewed"
    assert await listing_count(uow) == 0


async def test_anonymous_callers_cannot_preview(imports: Imports) -> None:
    with pytest.raises(Unauthorized):
        await imports.preview(None, fixture_bytes("deal-v1.0.0-full.json"))


async def test_the_preview_finds_duplicates_in_the_catalog_and_in_the_file(
    imports: Imports, alice: User, new_listing
) -> None:
    existing = await new_listing(
        "Dell OptiPlex 7050 Micro i5-7500T", 129.99, listing_url="https://shop.example/a"
    )
    document = fixture_json("collection-v1.0.0.json")
    items = document["data"]["items"]
    items[0]["listing"]["listing"]["listing_url"] = "https://SHOP.example/a/?utm_source=x"
    items[2]["listing"]["listing"].update(title="Lenovo ThinkCentre M720q", price_usd=99)

    preview = await imports.preview(alice, as_bytes(document), ImportKind.COLLECTION)

    listings = preview.summary["listings"]
    best = listings[0]["candidates"][0]
    assert best == {
        "listing_id": existing.id,
        "title": existing.title,
        "score": 100,
        "band": "likely",
        "reason": "same URL",
    }
    assert listings[1]["candidates"][0]["file_index"] == 2
    assert listings[2]["candidates"][0]["file_index"] == 1
    assert preview.summary["counts"] == {"new": 0, "likely_duplicate": 3, "possible_duplicate": 0}
    assert preview.summary["collection"]["name"] == "Proxmox cluster candidates"


async def test_warnings_from_reading_come_with_the_preview(imports: Imports, alice: User) -> None:
    preview = await imports.preview(alice, fixture_bytes("deal-v1.1.0-extra-field.json"))
    warnings = preview.summary["warnings"]
    assert any("1.1.0" in warning for warning in warnings)
    assert any(w.startswith("$.data.listing.energy_star") for w in warnings)
    assert preview.summary["version_found"] == "1.1.0"


async def test_a_v0_9_collection_is_upcast(imports: Imports, alice: User) -> None:
    preview = await imports.preview(alice, fixture_bytes("collection-v0.9.0.json"))
    assert preview.kind is ImportKind.COLLECTION
    assert preview.document["deal_brain_export"]["version"] == "1.0.0"
    assert [x["title"] for x in preview.summary["listings"]] == [
        "Dell Wyse 5070 J5005",
        "HP t620 Plus",
        "Fujitsu Futro S920",
    ]


@pytest.mark.parametrize(
    ("raw", "error", "path"),
    [
        (b"not json", MalformedDocument, "$"),
        (b"[" * 200 + b"]" * 200, MalformedDocument, "$"),
        (fixture_bytes("deal-v2.0.0.json"), UnsupportedVersion, "$.deal_brain_export.version"),
        (
            fixture_bytes("collection-v1.0.0-bad-condition.json"),
            Invalid,
            "$.data.items[2].listing.listing.condition",
        ),
    ],
)
async def test_a_bad_file_is_refused_naming_the_path(
    imports: Imports, alice: User, uow, raw: bytes, error: type[Exception], path: str
) -> None:
    with pytest.raises(error) as refused:
        await imports.preview(alice, raw)
    assert refused.value.field == path  # type: ignore[attr-defined]
    async with uow() as tx:
        assert tx.previews.rows == {}  # type: ignore[attr-defined]


async def test_the_catalog_rules_name_the_path_of_the_value(imports: Imports, alice: User) -> None:
    document = fixture_json("collection-v1.0.0.json")
    document["data"]["items"][0]["listing"]["valuation"]["base_price_usd"] = -1
    document["data"]["items"][2]["position"] = -3
    with pytest.raises(Invalid) as refused:
        await imports.preview(alice, as_bytes(document))
    assert refused.value.field == "$.data.items[0].listing.valuation.base_price_usd"

    document = fixture_json("collection-v1.0.0.json")
    document["data"]["collection"]["name"] = "   "
    with pytest.raises(Invalid) as refused:
        await imports.preview(alice, as_bytes(document))
    assert refused.value.field == "$.data.collection.name"


async def test_the_wrong_kind_of_file_is_refused(imports: Imports, alice: User) -> None:
    raw = fixture_bytes("collection-v1.0.0.json")
    with pytest.raises(Invalid) as refused:
        await imports.preview(alice, raw, ImportKind.DEAL)
    assert refused.value.field == "$.deal_brain_export.type"
    assert "collection" in refused.value.message


async def test_too_many_items_is_refused_naming_the_setting(imports: Imports, alice: User) -> None:
    document = fixture_json("collection-v1.0.0.json")
    document["data"]["items"] *= 2  # six items, the limit is five
    with pytest.raises(TooLarge) as refused:
        await imports.preview(alice, as_bytes(document))
    assert "DEALBRAIN_MAX_IMPORT_ITEMS" in refused.value.message and "5" in refused.value.message


# -- Confirm: who, once, in time -----------------------------------------------------------
async def test_only_the_author_confirms_and_only_once(
    imports: Imports, alice: User, bob: User, uow
) -> None:
    preview = await imports.preview(alice, fixture_bytes("deal-v1.0.0-full.json"))

    with pytest.raises(Unauthorized):
        await imports.confirm(None, preview.id, CREATE)
    with pytest.raises(NotFound):
        await imports.confirm(bob, preview.id, CREATE)
    with pytest.raises(NotFound):
        await imports.confirm(alice, "no-such-preview", CREATE)
    with pytest.raises(NotFound):  # a deal preview is not confirmed as a collection
        await imports.confirm(alice, preview.id, CREATE_COLLECTION)
    outcome = await imports.confirm(alice, preview.id, CREATE)
    with pytest.raises(Conflict):
        await imports.confirm(alice, preview.id, CREATE)
    assert outcome.created and await listing_count(uow) == 1


async def test_an_expired_preview_is_gone(imports: Imports, alice: User, clock: FixedClock) -> None:
    preview = await imports.preview(alice, fixture_bytes("deal-v1.0.0-full.json"))
    clock.advance(minutes=30)
    with pytest.raises(Gone):
        await imports.confirm(alice, preview.id, CREATE)
    clock.advance(days=2)
    with pytest.raises(NotFound):
        await imports.confirm(alice, preview.id, CREATE)


# -- Confirm: deals ---------------------------------------------------------------------------
async def test_create_new_makes_a_listing_of_the_actor_with_every_field(
    imports: Imports, alice: User, clock: FixedClock, events: RecordingEventSink
) -> None:
    preview = await imports.preview(alice, fixture_bytes("deal-v1.0.0-full.json"))
    clock.advance(minutes=1)
    outcome = await imports.confirm(alice, preview.id, CREATE)

    listing = outcome.listing
    assert listing is not None and listing.id is not None
    assert listing.created_by == alice.id
    # The file's own times are kept (ADR 0083), not the time of the import.
    assert listing.created_at.isoformat() == "2025-11-18T09:31:12.500000+00:00"  # type: ignore[union-attr]
    assert listing.updated_at.isoformat() == "2025-11-19T11:02:44+00:00"  # type: ignore[union-attr]
    assert listing.seller == "pcliquidators_tx" and listing.custom_fields["tags"] == [
        "homelab",
        "proxmox",
    ]
    assert outcome.created_listing_ids == [listing.id]
    assert events.names()[-1] == "import.confirmed"
    assert events.published[-1].data["strategy"] == "create_new"


async def test_update_existing_replaces_the_fields_of_a_listing_the_actor_may_change(
    imports: Imports, alice: User, bob: User, new_listing, hook_calls: list[int], clock
) -> None:
    mine = await new_listing("Old title", 10.0)
    theirs = await new_listing("Bob's", 10.0, by=bob)
    preview = await imports.preview(alice, fixture_bytes("deal-v1.0.0-full.json"))

    with pytest.raises(Invalid) as refused:
        DealDecision(DealStrategy.UPDATE_EXISTING)
    assert refused.value.field == "target_listing_id"
    with pytest.raises(Forbidden):
        await imports.confirm(
            alice, preview.id, DealDecision(DealStrategy.UPDATE_EXISTING, theirs.id)
        )
    with pytest.raises(NotFound):
        await imports.confirm(alice, preview.id, DealDecision(DealStrategy.UPDATE_EXISTING, 999))
    clock.advance(minutes=2)
    outcome = await imports.confirm(
        alice, preview.id, DealDecision(DealStrategy.UPDATE_EXISTING, mine.id)
    )

    updated = outcome.listing
    assert updated is not None and not outcome.created
    assert (updated.id, updated.created_by, updated.created_at) == (
        mine.id,
        alice.id,
        mine.created_at,
    )
    assert updated.title.startswith("Dell OptiPlex") and updated.updated_at == clock.now()
    assert hook_calls == [mine.id]


async def test_skip_uses_up_the_preview_and_writes_nothing(
    imports: Imports, alice: User, uow
) -> None:
    preview = await imports.preview(alice, fixture_bytes("deal-v1.0.0-full.json"))
    outcome = await imports.confirm(alice, preview.id, DealDecision(DealStrategy.SKIP))
    assert outcome.skipped and outcome.listing is None
    assert await listing_count(uow) == 0
    with pytest.raises(Conflict):
        await imports.confirm(alice, preview.id, CREATE)


# -- Confirm: collections ---------------------------------------------------------------------
async def test_create_new_makes_a_private_collection_with_the_items_in_order(
    imports: Imports, alice: User
) -> None:
    preview = await imports.preview(alice, fixture_bytes("collection-v1.0.0.json"))
    outcome = await imports.confirm(alice, preview.id, CREATE_COLLECTION)

    collection = outcome.collection
    assert collection is not None and outcome.created
    assert collection.owner_id == alice.id and collection.visibility is Visibility.PRIVATE
    assert collection.name == "Proxmox cluster candidates"
    assert [item.position for item in outcome.items] == [0, 1, 2]
    assert [item.status for item in outcome.items] == [
        ItemStatus.SHORTLISTED,
        ItemStatus.UNDECIDED,
        ItemStatus.REJECTED,
    ]
    assert [outcome.listings[i.listing_id].title for i in outcome.items] == [
        "Dell OptiPlex 7050 Micro i5-7500T",
        "Lenovo ThinkCentre M720q",
        "HP EliteDesk 800 G4 Mini",
    ]
    assert outcome.items[0].notes == "Best $/mark so far"
    assert outcome.items[0].added_at.isoformat() == "2025-11-18T10:00:00+00:00"  # type: ignore[union-attr]
    assert outcome.items[0].price_snapshot.adjusted_price_usd == 164.5
    assert sorted(outcome.created_listing_ids) == sorted(i.listing_id for i in outcome.items)


async def test_items_follow_their_positions_not_their_place_in_the_file(
    imports: Imports, alice: User
) -> None:
    document = fixture_json("collection-v1.0.0.json")
    for item, position in zip(document["data"]["items"], (7, 2, 2), strict=True):
        item["position"] = position
    preview = await imports.preview(alice, as_bytes(document))
    outcome = await imports.confirm(alice, preview.id, CREATE_COLLECTION)
    titles = [outcome.listings[i.listing_id].title for i in outcome.items]
    assert titles == ["Lenovo ThinkCentre M720q", "HP EliteDesk 800 G4 Mini", titles[2]]
    assert [i.position for i in outcome.items] == [0, 1, 2]


async def test_items_may_be_skipped_or_linked_to_catalog_listings(
    imports: Imports, alice: User, bob: User, new_listing
) -> None:
    bobs = await new_listing("Lenovo M720q (Bob's)", 95.0, by=bob)
    preview = await imports.preview(alice, fixture_bytes("collection-v1.0.0.json"))
    decision = CollectionDecision(
        CollectionStrategy.CREATE_NEW,
        items={1: ItemChoice(ItemAction.LINK, bobs.id), 2: ItemChoice(ItemAction.SKIP)},
    )
    outcome = await imports.confirm(alice, preview.id, decision)

    assert [i.listing_id for i in outcome.items][1] == bobs.id
    assert outcome.items[1].price_snapshot.price_usd == 95.0
    assert outcome.items[1].status is ItemStatus.UNDECIDED
    assert len(outcome.items) == 2 and outcome.skipped_items == [2]
    assert len(outcome.created_listing_ids) == 1


async def test_a_link_to_a_missing_listing_refuses_the_whole_confirm(
    imports: Imports, alice: User, uow
) -> None:
    preview = await imports.preview(alice, fixture_bytes("collection-v1.0.0.json"))
    decision = CollectionDecision(
        CollectionStrategy.CREATE_NEW, items={2: ItemChoice(ItemAction.LINK, 424242)}
    )
    with pytest.raises(NotFound) as refused:
        await imports.confirm(alice, preview.id, decision)
    assert refused.value.field == "items.2"
    assert await listing_count(uow) == 0
    async with uow() as tx:
        assert (await tx.collections.list_by_owner(alice.id, PageRequest())).total == 0  # type: ignore[arg-type]
    # Nothing happened, the preview included: it can still be confirmed.
    assert (await imports.confirm(alice, preview.id, CREATE_COLLECTION)).created


async def test_item_choices_name_items_of_the_file(imports: Imports, alice: User) -> None:
    preview = await imports.preview(alice, fixture_bytes("collection-v1.0.0.json"))
    decision = CollectionDecision(
        CollectionStrategy.CREATE_NEW, items={3: ItemChoice(ItemAction.SKIP)}
    )
    with pytest.raises(Invalid) as refused:
        await imports.confirm(alice, preview.id, decision)
    assert refused.value.field == "items.3"


async def test_merge_into_appends_to_an_own_collection_skipping_what_is_there(
    imports: Imports, alice: User, bob: User, new_listing, new_collection, items
) -> None:
    mine = await new_collection()
    already = await new_listing("Already here", 50.0)
    await items.add(alice, mine.id, already.id)
    theirs = await new_collection(Visibility.PUBLIC, by=bob)
    preview = await imports.preview(alice, fixture_bytes("collection-v1.0.0.json"))

    with pytest.raises(Forbidden):
        await imports.confirm(
            alice, preview.id, CollectionDecision(CollectionStrategy.MERGE_INTO, theirs.id)
        )
    decision = CollectionDecision(
        CollectionStrategy.MERGE_INTO, mine.id, items={0: ItemChoice(ItemAction.LINK, already.id)}
    )
    outcome = await imports.confirm(alice, preview.id, decision)

    assert outcome.collection is not None and outcome.collection.id == mine.id
    assert not outcome.created and outcome.collection.name == "Deals"
    assert [i.position for i in outcome.items] == [0, 1, 2]
    assert outcome.items[0].listing_id == already.id
    assert outcome.skipped_items == [0]


async def test_merge_into_needs_a_target(imports: Imports, alice: User) -> None:
    with pytest.raises(Invalid) as refused:
        CollectionDecision(CollectionStrategy.MERGE_INTO)
    assert refused.value.field == "target_collection_id"


async def test_skipping_a_collection_writes_nothing(imports: Imports, alice: User, uow) -> None:
    preview = await imports.preview(alice, fixture_bytes("collection-v0.9.0.json"))
    outcome = await imports.confirm(alice, preview.id, CollectionDecision(CollectionStrategy.SKIP))
    assert outcome.skipped and outcome.collection is None
    assert await listing_count(uow) == 0


async def test_progress_counts_every_item(imports: Imports, alice: User) -> None:
    preview = await imports.preview(alice, fixture_bytes("collection-v0.9.0.json"))
    steps: list[int] = []
    decision = CollectionDecision(
        CollectionStrategy.CREATE_NEW, items={1: ItemChoice(ItemAction.SKIP)}
    )
    await imports.confirm(alice, preview.id, decision, progress=steps.append)
    # Skipped ones first, then the others a round of bulk writes at a time (ADR 0082).
    assert steps == [1, 2]


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("create", ItemChoice(ItemAction.CREATE)),
        ("skip", ItemChoice(ItemAction.SKIP)),
        ("link:42", ItemChoice(ItemAction.LINK, 42)),
    ],
)
def test_item_choices_are_read_from_text(text: str, choice: ItemChoice) -> None:
    assert parse_item_choice("items.0", text) == choice


@pytest.mark.parametrize("text", ["", "link:", "link:0", "link:x", "Create", "merge"])
def test_other_item_choices_are_refused(text: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_item_choice("items.4", text)
    assert refused.value.field == "items.4"


async def test_a_preview_found_by_another_process_confirms_the_same(
    deps: Deps, uow: MemoryUnitOfWorkFactory, alice: User, events
) -> None:
    """Two Imports on one store (two server processes on one database) share previews."""
    first = Imports(deps, DuplicateDetector(uow), max_items=10)
    second = Imports(
        Deps(uow=uow, clock=deps.clock, events=events), DuplicateDetector(uow), max_items=10
    )
    preview = await first.preview(alice, fixture_bytes("deal-v0.9.0.json"))
    outcome = await second.confirm(alice, preview.id, CREATE)
    assert outcome.listing is not None
    assert outcome.listing.price_date is None or outcome.listing.price_date.tzinfo is not None
