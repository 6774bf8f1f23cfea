"""CollectionRepo.discover: what every backend must find, in which order, with which counts."""

from __future__ import annotations

from dataclasses import replace

from domain.discovery import DiscoverQuery, DiscoverSort
from domain.pages import PageRequest
from domain.ports import UnitOfWorkFactory
from domain.visibility import Visibility

from . import seed
from .seed import at

PUBLIC = Visibility.PUBLIC


async def _discover(uow: UnitOfWorkFactory, **kw):  # type: ignore[no-untyped-def]
    async with uow() as tx:
        return await tx.collections.discover(DiscoverQuery(**kw))


def _names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.collection.name for hit in page.items]


async def test_only_public_collections_not_hidden_are_listed(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    for visibility in Visibility:
        await seed.collection(uow, alice, f"Deals {visibility}", visibility)
    await seed.collection(uow, alice, "Deals hidden", PUBLIC, hidden_by_moderation=True)

    page = await _discover(uow)
    assert _names(page) == ["Deals public"]
    assert page.total == 1


async def test_a_hit_carries_the_collection_its_owner_and_its_item_count(
    uow: UnitOfWorkFactory,
) -> None:
    alice = await seed.user(uow, "alice")
    deals = await seed.collection(uow, alice, "Deals", PUBLIC, description="Tiny PCs")
    empty = await seed.collection(uow, alice, "Empty", PUBLIC, created_at=at(-1))
    for n in range(3):
        await seed.item(uow, deals, await seed.listing(uow, f"L{n}"))

    page = await _discover(uow)
    [first, second] = page.items
    assert (first.collection, first.owner_username, first.item_count) == (deals, "alice", 3)
    assert (second.collection, second.item_count) == (empty, 0)


async def test_words_match_whole_words_of_name_or_description_in_any_case(
    uow: UnitOfWorkFactory,
) -> None:
    alice = await seed.user(uow)
    await seed.collection(
        uow, alice, "Homelab picks", PUBLIC, description="Quiet i7-8700T boxes", created_at=at(3)
    )
    await seed.collection(uow, alice, "Mini PC deals", PUBLIC, created_at=at(2))
    await seed.collection(uow, alice, "MiniPC shortlist", PUBLIC, created_at=at(1))

    assert _names(await _discover(uow, text="HOMELAB")) == ["Homelab picks"]
    assert _names(await _discover(uow, text="homelab quiet")) == ["Homelab picks"]
    assert _names(await _discover(uow, text="8700t")) == ["Homelab picks"]
    assert _names(await _discover(uow, text="mini")) == ["Mini PC deals"]  # not "MiniPC"
    assert _names(await _discover(uow, text="minipc")) == ["MiniPC shortlist"]
    assert _names(await _discover(uow, text="mini homelab")) == []
    assert _names(await _discover(uow, text="home")) == []
    assert (await _discover(uow, text="pc, deals!")).total == 1
    assert (await _discover(uow, text="  ")).total == 3


async def test_words_beyond_ascii(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    await seed.collection(uow, alice, "Größte Rechner", PUBLIC, description="Café setup")

    for text in ("größte", "GRÖẞTE", "café", "CAFÉ"):
        assert _names(await _discover(uow, text=text)) == ["Größte Rechner"], text


async def test_renaming_changes_what_the_words_find(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice, "Office boxes", PUBLIC)

    async with uow() as tx:
        await tx.collections.update(replace(deals, name="Gaming rigs", description="Fast"))
        await tx.commit()

    assert _names(await _discover(uow, text="office")) == []
    assert _names(await _discover(uow, text="gaming fast")) == ["Gaming rigs"]


async def test_the_owner_filter_is_an_exact_username(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice")
    bob = await seed.user(uow, "bob")
    await seed.collection(uow, alice, "Alice's", PUBLIC)
    await seed.collection(uow, bob, "Bob's", PUBLIC)

    assert _names(await _discover(uow, owner="bob")) == ["Bob's"]
    assert _names(await _discover(uow, owner="bo")) == []
    assert _names(await _discover(uow, owner="nobody")) == []


async def test_the_three_sorts_break_ties_by_newest_id(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    spec = {  # name: (created, updated, copies, views)
        "A": (1, 9, 5, 0),
        "B": (3, 7, 5, 10),
        "C": (2, 8, 0, 99),
        "D": (3, 8, 5, 10),  # ties B on created and on popularity: newer id first
    }
    for name, (created, updated, copies, views) in spec.items():
        await seed.collection(
            uow,
            alice,
            name,
            PUBLIC,
            created_at=at(created),
            updated_at=at(updated),
            copy_count=copies,
            view_count=views,
        )

    assert _names(await _discover(uow, sort=DiscoverSort.RECENT)) == ["D", "B", "C", "A"]
    assert _names(await _discover(uow, sort=DiscoverSort.UPDATED)) == ["A", "D", "C", "B"]
    assert _names(await _discover(uow, sort=DiscoverSort.POPULAR)) == ["D", "B", "A", "C"]


async def test_pages_and_total(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    for n in range(7):
        await seed.collection(uow, alice, f"Deals {n}", PUBLIC, created_at=at(n))
    await seed.collection(uow, alice, "Private", Visibility.PRIVATE, created_at=at(99))

    page = await _discover(uow, page=PageRequest(limit=3, offset=3))
    assert _names(page) == ["Deals 3", "Deals 2", "Deals 1"]
    assert (page.total, page.limit, page.offset) == (7, 3, 3)
    page = await _discover(uow, page=PageRequest(limit=3, offset=30))
    assert (page.items, page.total) == ([], 7)
