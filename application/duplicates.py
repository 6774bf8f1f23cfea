"""Duplicate detection for an import batch: which catalog listings and which other items of
the same file each imported listing may duplicate (product.md §4, ADR 0035 to 0037).

Blocking keeps the work bounded: one repository call fetches, for the whole batch, the
listings with the same URL, with the same title and seller, and the nearest in price to
each item. rapidfuzz then scores each item against those few, and differing model numbers
veto a match outright.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter

from rapidfuzz import fuzz, process

from domain.duplicates import (
    POSSIBLE_SCORE,
    Band,
    DuplicateCandidate,
    ListingSummary,
    PriceBand,
    TitleCache,
    TitleFacts,
    band_for,
    close_prices,
    conflicting_model_numbers,
    price_band,
    similar_reason,
)
from domain.listings import Listing
from domain.ports import UnitOfWorkFactory
from domain.urls import normalize_url

# Candidates kept per listing, best first: more would not help a person deciding.
MAX_CANDIDATES = 20
# File items each item is compared with, the next ones in price (bounds a 10,000-item file).
_FILE_WINDOW = 500
# Below this token_sort_ratio, `title_score` cannot reach POSSIBLE_SCORE: a first pass in C.
_PREFILTER = 2 * POSSIBLE_SCORE - 101


def title_score(a: TitleFacts, b: TitleFacts) -> int:
    """0 to 100: how alike two titles are; 0 when they reach POSSIBLE_SCORE but their model
    numbers disagree (below it they are not alike anyway, and the veto is not worked out).

    The mean of token_set_ratio (extra seller words and word order cost nothing) and
    token_sort_ratio (so a vague title is not a perfect match for every specific one).
    """
    x, y = a.comparable, b.comparable
    return _vetoed(a, b, _mean(fuzz.token_set_ratio(x, y), fuzz.token_sort_ratio(x, y)))


def _mean(token_set: float, token_sort: float) -> int:
    return round((token_set + token_sort) / 2)


def _vetoed(a: TitleFacts, b: TitleFacts, score: int) -> int:
    if score >= POSSIBLE_SCORE and conflicting_model_numbers(a.models, b.models):
        return 0
    return score


@dataclass(slots=True)
class _Entry:
    """A listing as detection sees it; `ref` is its catalog id or its index in the file."""

    ref: int
    url: str | None
    seller: str | None
    price: float
    title: TitleFacts

    @property
    def key(self) -> tuple[str, str] | None:
        """(normalized title, seller), when it has a seller."""
        return None if self.seller is None else (self.title.normalized, self.seller)

    def bands(self) -> list[PriceBand]:
        """Its block among all listings and, when it has a seller, among the seller's: a
        seller's own relisting is found even where the catalog is dense in price."""
        mine = [] if self.seller is None else [price_band(self.price, self.seller)]
        return [price_band(self.price), *mine]


@dataclass(frozen=True, slots=True)
class _Match:
    score: int
    band: Band
    rank: int  # orders equal scores: same URL, then same title and seller, then similar
    reason: str


_SAME_URL = _Match(100, Band.LIKELY, 0, "same URL")
_SAME_TITLE_AND_SELLER = _Match(100, Band.LIKELY, 1, "same title and seller")


def _similar(entry: _Entry, others: Sequence[_Entry]) -> Iterable[tuple[_Entry, _Match]]:
    """The `others` (priced close to `entry`) whose titles are alike enough: `title_score`.

    rapidfuzz works in C: token_sort_ratio as the ratio of each title's words already
    sorted (`TitleFacts.sorted_words`, worked out once per title, not once per pair) over
    the whole list; then token_set_ratio only for the pairs left, told the least score that
    could still lift the mean to POSSIBLE_SCORE, so it can stop early below it.
    """
    query = entry.title
    sort = process.extract(
        query.sorted_words,
        [other.title.sorted_words for other in others],
        scorer=fuzz.ratio,
        score_cutoff=_PREFILTER,
        limit=None,
    )
    for _, sort_score, k in sort:
        other = others[k]
        # Below this, the mean rounds under POSSIBLE_SCORE (the margin is for float error).
        needed = 2 * POSSIBLE_SCORE - 1 - sort_score - 1e-6
        token_set = fuzz.token_set_ratio(
            query.comparable, other.title.comparable, score_cutoff=max(needed, 0.0)
        )
        if token_set < needed:
            continue
        score = _vetoed(query, other.title, _mean(token_set, sort_score))
        band = band_for(score)
        if band is not None:
            yield other, _Match(score, band, 2, similar_reason(score, entry.price, other.price))


class _PriceOrder:
    """Entries in price order, to take the nearest to a price as the repository does."""

    def __init__(self, entries: Iterable[_Entry]) -> None:
        self.entries = sorted(entries, key=attrgetter("price", "ref"))
        self.prices = [e.price for e in self.entries]

    def nearest(self, band: PriceBand, limit: int) -> list[_Entry]:
        """Up to `limit` entries in the band, nearest its middle first."""
        middle, prices = band.middle, self.prices
        above = bisect_left(prices, middle)
        below = above - 1
        floor, ceiling = bisect_left(prices, band.low), bisect_right(prices, band.high)
        chosen: list[_Entry] = []
        while len(chosen) < limit and (below >= floor or above < ceiling):
            up = above < ceiling and (
                below < floor or prices[above] - middle <= middle - prices[below]
            )
            chosen.append(self.entries[above if up else below])
            above, below = (above + 1, below) if up else (above, below - 1)
        return chosen


class _Index:
    """Entries by URL, by title and seller, and in price order (all and per seller)."""

    def __init__(self, entries: Sequence[_Entry]) -> None:
        self.by_url: dict[str | None, list[_Entry]] = defaultdict(list)
        self.by_key: dict[tuple[str, str] | None, list[_Entry]] = defaultdict(list)
        by_seller: dict[str, list[_Entry]] = defaultdict(list)
        for entry in entries:
            if entry.url is not None:
                self.by_url[entry.url].append(entry)
            if entry.seller is not None:
                self.by_key[entry.key].append(entry)
                by_seller[entry.seller].append(entry)
        self.by_price = _PriceOrder(entries)
        self._by_seller = {seller: _PriceOrder(group) for seller, group in by_seller.items()}

    def exact(self, entry: _Entry) -> dict[int, _Match]:
        """Entries with the same URL or the same title and seller, by ref (URL first)."""
        found: dict[int, _Match] = {}
        for others, match in (
            (self.by_url.get(entry.url, []), _SAME_URL),
            (self.by_key.get(entry.key, []), _SAME_TITLE_AND_SELLER),
        ):
            for other in others:
                found.setdefault(other.ref, match)
        return found

    def nearest(self, band: PriceBand, limit: int) -> list[_Entry]:
        if band.seller is None:
            return self.by_price.nearest(band, limit)
        order = self._by_seller.get(band.seller)
        return order.nearest(band, limit) if order else []


class DuplicateDetector:
    def __init__(self, uow: UnitOfWorkFactory, *, limit_per_band: int = 50) -> None:
        self._uow = uow
        self._limit = limit_per_band

    async def find(self, listings: Sequence[Listing]) -> list[list[DuplicateCandidate]]:
        """For each listing of the batch, in order, its candidates, best first (at most
        MAX_CANDIDATES). Pass the whole file: duplicates inside it are found among the
        listings given together. Their own ids are ignored; each is compared as new."""
        # One TitleFacts per distinct title, file and catalog alike: catalog listings often
        # share a title, and each title's comparable form and model numbers are worked out once.
        facts = TitleCache()
        batch = [
            _Entry(i, normalize_url(x.listing_url), x.seller, x.price_usd, facts[x.title])
            for i, x in enumerate(listings)
        ]
        if not batch:
            return []
        summaries = await self._fetch(batch)
        with _cycle_collector_paused():
            return self._matched(batch, summaries, facts)

    def _matched(
        self, batch: list[_Entry], summaries: list[ListingSummary], facts: TitleCache
    ) -> list[list[DuplicateCandidate]]:
        found: list[dict[tuple[bool, int], _Match]] = [{} for _ in batch]
        in_catalog = self._in_catalog(batch, summaries, facts)
        for entry, matches in zip(batch, in_catalog, strict=True):
            found[entry.ref].update(((False, ref), match) for ref, match in matches.items())
        for a, b, match in _in_file(batch):
            found[a][True, b] = found[b][True, a] = match
        return [_ranked(matches) for matches in found]

    async def _fetch(self, batch: list[_Entry]) -> list[ListingSummary]:
        async with self._uow() as uow:
            return await uow.listings.find_duplicate_candidates(
                normalized_urls=sorted({e.url for e in batch if e.url is not None}),
                title_keys=sorted({e.key for e in batch if e.key is not None}),
                price_bands=list(dict.fromkeys(band for e in batch for band in e.bands())),
                limit_per_band=self._limit,
            )

    def _in_catalog(
        self,
        batch: list[_Entry],
        summaries: list[ListingSummary],
        facts: TitleCache,
    ) -> Iterable[dict[int, _Match]]:
        catalog = _Index(
            [
                _Entry(s.id, s.normalized_url, s.seller, s.price_usd, facts[s.title])
                for s in summaries
            ]
        )
        for entry in batch:
            found = catalog.exact(entry)
            near = {e.ref: e for band in entry.bands() for e in catalog.nearest(band, self._limit)}
            others = [e for ref, e in near.items() if ref not in found]
            found.update((other.ref, match) for other, match in _similar(entry, others))
            yield found


def _in_file(batch: list[_Entry]) -> Iterable[tuple[int, int, _Match]]:
    """Pairs of file items, each once: the same URL or title and seller at any price, then
    similar titles among the next _FILE_WINDOW items in price order that are priced close."""
    index = _Index(batch)
    seen: set[tuple[int, int]] = set()
    for groups, match in ((index.by_url, _SAME_URL), (index.by_key, _SAME_TITLE_AND_SELLER)):
        for group in groups.values():
            # Each item pairs with the next few of its group: enough to fill its list.
            for i, a in enumerate(group):
                for b in group[i + 1 : i + 1 + MAX_CANDIDATES]:
                    if (a.ref, b.ref) not in seen:
                        seen.add((a.ref, b.ref))
                        yield a.ref, b.ref, match
    order = index.by_price
    for s, entry in enumerate(order.entries):
        end = bisect_right(order.prices, close_prices(entry.price)[1], lo=s + 1)
        window = order.entries[s + 1 : min(end, s + 1 + _FILE_WINDOW)]
        for other, match in _similar(entry, window):
            pair = (min(entry.ref, other.ref), max(entry.ref, other.ref))
            if pair not in seen:
                seen.add(pair)
                yield *pair, match


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for the scoring, which allocates some 10^5 objects
    (entries, indexes, matches) and keeps most of them to the end, none in a cycle, so
    reference counting frees them all. Left running, every few tens of thousands of those
    survivors set off a full collection of the whole process: about 0.4 s of a 1,000-item
    batch's 1.9 s (ADR 0039). The scoring holds no await, so nothing else runs meanwhile.
    (Mercurial's `util.nogc` does the same for the same reason.)"""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _ranked(found: dict[tuple[bool, int], _Match]) -> list[DuplicateCandidate]:
    order = sorted(found.items(), key=lambda item: (-item[1].score, item[1].rank, item[0]))
    return [
        DuplicateCandidate(
            listing_id=None if in_file else ref,
            score=match.score,
            band=match.band,
            reason=match.reason,
            file_index=ref if in_file else None,
        )
        for (in_file, ref), match in order[:MAX_CANDIDATES]
    ]
