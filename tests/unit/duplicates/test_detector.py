"""DuplicateDetector on the in-memory fakes."""

from __future__ import annotations

import csv
import gc
from pathlib import Path
from typing import Any

import pytest

from adapters.memory import MemoryUnitOfWork, MemoryUnitOfWorkFactory
from application.duplicates import DuplicateDetector, title_score
from domain.duplicates import POSSIBLE_SCORE, Band, DuplicateCandidate, TitleFacts, band_for
from domain.listings import Listing

PAIRS = Path(__file__).parents[2] / "fixtures" / "duplicates" / "title_pairs.csv"


class CountingListingRepo:
    """Passes every call to the real fake and records the name of each method called."""

    def __init__(self, inner: Any, calls: list[str]) -> None:
        self._inner = inner
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._inner, name)

        async def counted(*args: Any, **kw: Any) -> Any:
            self._calls.append(name)
            return await method(*args, **kw)

        return counted


class CountingFactory(MemoryUnitOfWorkFactory):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def __call__(self, **options: Any) -> MemoryUnitOfWork:
        uow = super().__call__(**options)
        uow.listings = CountingListingRepo(uow.listings, self.calls)  # type: ignore[assignment]
        return uow


@pytest.fixture
def uow() -> CountingFactory:
    return CountingFactory()


@pytest.fixture
def detector(uow: CountingFactory) -> DuplicateDetector:
    return DuplicateDetector(uow)


def listing(title: str, price: float = 200.0, **kw: Any) -> Listing:
    return Listing(title=title, price_usd=price, **kw)


async def stored(uow: CountingFactory, *listings: Listing) -> list[int]:
    async with uow() as tx:
        ids = [(await tx.listings.add(x)).id for x in listings]
        await tx.commit()
    uow.calls.clear()
    return ids  # type: ignore[return-value]


async def test_same_normalized_url_is_likely_at_any_price(uow, detector) -> None:
    [hit] = await stored(uow, listing("Something else", 999.0, listing_url="HTTPS://Shop.com/p/1/"))

    [found] = await detector.find(
        [listing("Dell 7050", 100.0, listing_url="https://shop.com/p/1?utm_source=feed")]
    )
    assert found == [DuplicateCandidate(hit, 100, Band.LIKELY, "same URL")]


async def test_same_title_and_seller_is_likely_at_any_price(uow, detector) -> None:
    hit, _, _ = await stored(
        uow,
        listing("Dell OptiPlex 7050 Micro, i5-7500T", 500.0, seller="PC Outlet"),
        listing("Dell OptiPlex 7050 Micro, i5-7500T", 500.0, seller="Other"),
        listing("Dell OptiPlex 7050 Micro, i5-7500T", 500.0),
    )

    [found] = await detector.find(
        [listing("DELL OptiPlex 7050 Micro i5 7500T", 100.0, seller="PC Outlet")]
    )
    assert found == [DuplicateCandidate(hit, 100, Band.LIKELY, "same title and seller")]


async def test_similar_titles_within_the_price_band(uow, detector) -> None:
    near, _ = await stored(
        uow,
        listing("Lenovo M720q ThinkCentre Tiny Core i5-8500T 16GB RAM 256GB SSD", 190.0),
        listing("Lenovo M720q ThinkCentre Tiny Core i5-8500T 16GB RAM 256GB SSD", 150.0),
    )

    [found] = await detector.find([listing("Lenovo ThinkCentre M720q Tiny i5-8500T 16GB 256GB")])
    assert [(c.listing_id, c.band) for c in found] == [(near, Band.LIKELY)]
    assert found[0].score >= 90
    assert found[0].reason == f"titles {found[0].score}% alike, price within 5%"


async def test_a_vague_title_is_only_possible(uow, detector) -> None:
    [vague] = await stored(uow, listing("Lenovo ThinkCentre M720q Tiny", 200.0))

    [found] = await detector.find([listing("Lenovo ThinkCentre M720q Tiny i5-8500T 16GB 256GB")])
    assert [(c.listing_id, c.band) for c in found] == [(vague, Band.POSSIBLE)]


@pytest.mark.parametrize(
    "other",
    [
        "Dell OptiPlex 7050 Micro i7-7700 16GB 512GB",  # CPU
        "Dell OptiPlex 7060 Micro i7-7700T 16GB 512GB",  # model
        "Dell OptiPlex 7050 Micro i7-7700T 8GB 512GB",  # RAM
        "Dell OptiPlex 7050 SFF i7-7700T 16GB 512GB",  # form factor
    ],
)
async def test_different_model_numbers_are_never_candidates(uow, detector, other) -> None:
    await stored(uow, listing(other))

    found = await detector.find([listing("Dell OptiPlex 7050 Micro i7-7700T 16GB 512GB")])
    assert found == [[]]


async def test_duplicates_inside_the_file(uow, detector) -> None:
    batch = [
        listing("HP EliteDesk 800 G4 Mini i5-8500T 8GB 256GB", 180.0),
        listing("Beelink SER5 Ryzen 7 5800H 16GB 500GB", 300.0, seller="Beelink"),
        listing("HP EliteDesk 800 G4 DM Desktop Mini PC Intel Core i5-8500T 8GB RAM 256GB", 175.0),
        listing("Beelink SER5 Ryzen 7 5800H 16GB 500GB!", 900.0, seller="Beelink"),
        listing("HP EliteDesk 800 G5 Mini i5-8500T 8GB 256GB", 180.0),  # G5: not a duplicate
        listing("Whatever", 5.0, listing_url="https://a.com/x/"),
        listing("Something", 50.0, listing_url="https://A.com/x"),
    ]

    found = await detector.find(batch)

    def refs(i: int) -> list[tuple[int | None, Band, str]]:
        return [(c.file_index, c.band, c.reason) for c in found[i]]

    assert all(c.listing_id is None for candidates in found for c in candidates)
    assert [c.file_index for c in found[0]] == [2] and found[0][0].band is Band.LIKELY
    assert [c.file_index for c in found[2]] == [0] and found[2][0].score == found[0][0].score
    assert refs(1) == [(3, Band.LIKELY, "same title and seller")]
    assert refs(3) == [(1, Band.LIKELY, "same title and seller")]
    assert found[4] == []
    assert refs(5) == [(6, Band.LIKELY, "same URL")]
    assert refs(6) == [(5, Band.LIKELY, "same URL")]


async def test_candidates_come_best_first_catalog_before_file_on_ties(uow, detector) -> None:
    by_url, similar = await stored(
        uow,
        listing("Unrelated", 1.0, listing_url="https://shop.com/a"),
        listing("ASUS TUF Gaming RTX 3060 12GB OC Graphics Card", 300.0),
    )
    batch = [
        listing(
            "ASUS TUF Gaming GeForce RTX 3060 12GB OC", 300.0, listing_url="https://shop.com/a"
        ),
        listing("Asus TUF Gaming RTX 3060 12GB OC", 300.0, listing_url="https://shop.com/a"),
    ]

    found = await detector.find(batch)

    assert [(c.listing_id, c.file_index, c.reason) for c in found[0]] == [
        (by_url, None, "same URL"),
        (None, 1, "same URL"),
        (similar, None, "titles 100% alike, same price"),  # equal once filler is dropped
    ]


async def test_one_repository_call_for_the_whole_batch(uow, detector) -> None:
    await stored(uow, *(listing(f"Mini PC N{100 + n} 16GB 512GB", 100.0 + n) for n in range(50)))
    batch = [
        listing(
            f"Mini PC N{100 + n} 16GB 512GB", 100.0 + n, seller="s", listing_url=f"https://x/{n}"
        )
        for n in range(200)
    ]

    found = await detector.find(batch)

    assert uow.calls == ["find_duplicate_candidates"]
    assert len(found) == len(batch)
    assert any(c.listing_id is not None for c in found[0])


async def test_an_empty_batch_asks_nothing(uow, detector) -> None:
    assert await detector.find([]) == []
    assert uow.calls == []


async def test_the_detector_limits_each_price_band(uow) -> None:
    """Only the nearest listings in price are fetched: the nearest one wins."""
    await stored(uow, *(listing("Dell OptiPlex 7050 Micro", 200.0 + n) for n in range(1, 20)))
    [nearest] = await stored(uow, listing("Dell OptiPlex 7050 Micro", 200.0))

    [found] = await DuplicateDetector(uow, limit_per_band=1).find(
        [listing("Dell OptiPlex 7050 Micro", 200.0)]
    )
    assert [c.listing_id for c in found] == [nearest]


def _labelled_pairs() -> list[tuple[str, str]]:
    with PAIRS.open(newline="", encoding="utf-8") as file:
        return [(row["title_a"], row["title_b"]) for row in csv.DictReader(file)]


def _near_the_threshold(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Any two labelled titles (not only the labelled pairs) scored within 2 of
    POSSIBLE_SCORE, where a shortcut that cut one point too early or too late would show."""
    facts = {title: TitleFacts(title) for title in sorted({t for pair in pairs for t in pair})}
    return [
        (a, b)
        for a in facts
        for b in facts
        if a < b and abs(title_score(facts[a], facts[b]) - POSSIBLE_SCORE) <= 2
    ]


async def test_the_detector_scores_pairs_as_title_score_does() -> None:
    """The batch path scores in C with shortcuts (sorted words, the least token-set score
    that can still count); on the labelled pairs, and on pairs of labelled titles near the
    threshold, it must say what `title_score` says, both ways round."""
    labelled = _labelled_pairs()
    near = _near_the_threshold(labelled)
    assert len(near) >= 50
    for a, b in [*labelled, *near, *((b, a) for a, b in near)]:
        uow = CountingFactory()
        [stored_id] = await stored(uow, listing(b, 200.0))
        [found] = await DuplicateDetector(uow).find([listing(a, 200.0)])
        score = title_score(TitleFacts(a), TitleFacts(b))
        band = band_for(score)
        expected = [] if band is None else [(stored_id, score, band)]
        assert [(c.listing_id, c.score, c.band) for c in found] == expected, (a, b)


@pytest.mark.parametrize("enabled", [True, False])
async def test_the_cycle_collector_is_left_as_it_was(uow, detector, enabled: bool) -> None:
    """Scoring pauses the cycle collector (ADR 0039) and restores it as it found it."""
    await stored(uow, listing("Dell OptiPlex 7050 Micro", 200.0))
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        await detector.find([listing("Dell OptiPlex 7050 Micro i5", 200.0)])
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
