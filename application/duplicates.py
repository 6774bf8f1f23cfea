"""Duplicate detection for an import batch: which catalog listings and which other items of
the same file each imported listing may duplicate (docs/product.md §4, ADR 0035 to 0037).

Blocking keeps the work bounded: one repository call fetches, for the whole batch, the
listings with the same URL, with the same title and seller, and the nearest in price to
each item. rapidfuzz then scores each item against those few, and differing model numbers
veto a match outright.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from typing import TypeVar

from rapidfuzz import fuzz, process

from application.cpu_work import cycle_collector_paused, run_cpu_work
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
from domain.ports import Offload, UnitOfWorkFactory
from domain.urls import normalize_url

T = TypeVar("T")

# Candidates kept per listing, best first: more would not help a person deciding.
MAX_CANDIDATES = 20
# File items each item is compared with: the next ones in price order that are priced close,
# and the next ones of its own seller — as many as a catalog band holds (ADR 0081).
FILE_WINDOW = 50
# Below this token_sort_ratio, `title_score` cannot reach POSSIBLE_SCORE: a first pass in C.
_PREFILTER = 2 * POSSIBLE_SCORE - 101
# The mean of the two ratios rounds to POSSIBLE_SCORE or more from this sum (less a margin
# for float error): token_set_ratio must reach it minus the token_sort_ratio.
_NEEDED_SUM = 2 * POSSIBLE_SCORE - 1 - 1e-6


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


def _similar(
    entry: _Entry, others: Sequence[_Entry], words: Sequence[str] | None = None
) -> Iterable[tuple[_Entry, _Match]]:
    """The `others` (priced close to `entry`) whose titles are alike enough: `title_score`.
    `words`, when given, are the others' `sorted_words` (a slice of `_PriceOrder.words`).

    rapidfuzz works in C, over the whole list at once: token_sort_ratio as the ratio of each
    title's words already sorted (`TitleFacts.sorted_words`, worked out once per title, not
    once per pair); then token_set_ratio over the titles left, told the least score that
    could still lift the best of them to POSSIBLE_SCORE, so it can stop early below it.
    Python only looks at the pairs both passes kept; the scores are `title_score`'s.
    """
    if not others:
        return
    query = entry.title
    sort = process.extract(
        query.sorted_words,
        [other.title.sorted_words for other in others] if words is None else words,
        scorer=fuzz.ratio,
        score_cutoff=_PREFILTER,
        limit=None,
    )
    if not sort:
        return
    kept = [others[k] for _, _, k in sort]
    token_sets = process.extract(
        query.comparable,
        [other.title.comparable for other in kept],
        scorer=fuzz.token_set_ratio,
        score_cutoff=max(_NEEDED_SUM - sort[0][1], 0.0),  # sort: best first
        limit=None,
    )
    for _, token_set, j in token_sets:
        sort_score = sort[j][1]
        if token_set < _NEEDED_SUM - sort_score:
            continue
        other = kept[j]
        score = _vetoed(query, other.title, _mean(token_set, sort_score))
        band = band_for(score)
        if band is not None:
            yield other, _Match(score, band, 2, similar_reason(score, entry.price, other.price))


class _PriceOrder:
    """Entries in price order, to take the nearest to a price as the repository does."""

    def __init__(self, entries: Iterable[_Entry]) -> None:
        self.entries = sorted(entries, key=attrgetter("price", "ref"))
        self.prices = [e.price for e in self.entries]
        # Each entry's sorted title words, in the same order: a window of them is a slice.
        self.words = [e.title.sorted_words for e in self.entries]

    def nearest(self, band: PriceBand, limit: int) -> list[_Entry]:
        """Up to `limit` entries in the band, nearest its middle (on equal distance, the one
        above it): a run of neighbours in price order, found by bisection."""
        start, stop = self.window(band, limit)
        return self.entries[start:stop]

    def window(self, band: PriceBand, limit: int) -> tuple[int, int]:
        """Where `nearest` lies: `entries[start:stop]`.

        Walking outwards from the middle and taking the nearer side each time (above on a
        tie) ends with a run of `limit` neighbours; the run starting at `s` loses to the one
        starting at `s + 1` exactly when the entry it has below is no nearer than the entry
        the next one adds above, which holds for every start up to some point and for none
        after it, so that point is found by bisection instead of walking.
        """
        middle, prices = band.middle, self.prices
        floor, ceiling = bisect_left(prices, band.low), bisect_right(prices, band.high)
        if ceiling - floor <= limit:
            return floor, max(floor, ceiling)
        above = min(max(bisect_left(prices, middle), floor), ceiling)
        low, high = max(floor, above - limit), min(above, ceiling - limit)
        while low < high:  # the first start whose successor is no better
            start = (low + high) // 2
            if middle - prices[start] >= prices[start + limit] - middle:
                low = start + 1
            else:
                high = start
        return low, low + limit


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
        self.by_seller = {seller: _PriceOrder(group) for seller, group in by_seller.items()}

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
        order = self.by_seller.get(band.seller)
        return order.nearest(band, limit) if order else []


@dataclass(slots=True)
class Detection:
    """What `DuplicateDetector.detect` found: each listing's candidates (in batch order) and
    the title of every catalog listing named among them."""

    candidates: list[list[DuplicateCandidate]]
    titles: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Batch:
    entries: list[_Entry]
    facts: TitleCache
    # What the repository is asked for (worked out with the rest, off the event loop).
    urls: list[str] = field(default_factory=list)
    keys: list[tuple[str, str]] = field(default_factory=list)
    bands: list[PriceBand] = field(default_factory=list)


class DuplicateDetector:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        limit_per_band: int = 50,
        offload: Offload | None = None,
    ) -> None:
        self._uow = uow
        self._limit = limit_per_band
        # Scoring is CPU work: it runs on the offload, not on the event loop (ADR 0080).
        # Without one it runs inline, as the unit tests on the fakes want.
        self._offload = offload

    async def find(self, listings: Sequence[Listing]) -> list[list[DuplicateCandidate]]:
        """For each listing of the batch, in order, its candidates, best first (at most
        MAX_CANDIDATES). Pass the whole file: duplicates inside it are found among the
        listings given together. Their own ids are ignored; each is compared as new."""
        return (await self.detect(listings)).candidates

    async def detect(self, listings: Sequence[Listing]) -> Detection:
        """`find`, and the titles of the catalog listings it names (the preview shows them)."""
        if not listings:
            return Detection([])
        batch = await self._run(partial(_batch_of, listings))
        # The file's own pairs need nothing from the catalog: they are scored while the
        # database looks for the catalog's candidates.
        summaries, in_file = await asyncio.gather(
            self._fetch(batch), self._run(partial(_in_file_matches, batch.entries))
        )
        return await self._run(partial(self._matched, batch, summaries, in_file))

    async def _run(self, work: partial[T]) -> T:
        return await run_cpu_work(self._offload, work)

    def _matched(
        self, batch: _Batch, summaries: list[ListingSummary], in_file: list[_Pair]
    ) -> Detection:
        with cycle_collector_paused():
            found: list[dict[tuple[bool, int], _Match]] = [{} for _ in batch.entries]
            in_catalog = self._in_catalog(batch.entries, summaries, batch.facts)
            for entry, matches in zip(batch.entries, in_catalog, strict=True):
                found[entry.ref].update(((False, ref), match) for ref, match in matches.items())
            for a, b, match in in_file:
                found[a][True, b] = found[b][True, a] = match
            candidates = [_ranked(matches) for matches in found]
            named = {c.listing_id for cs in candidates for c in cs if c.listing_id is not None}
            titles = {s.id: s.title for s in summaries if s.id in named}
            return Detection(candidates, titles)

    async def _fetch(self, batch: _Batch) -> list[ListingSummary]:
        async with self._uow(read_only=True) as uow:
            return await uow.listings.find_duplicate_candidates(
                normalized_urls=batch.urls,
                title_keys=batch.keys,
                price_bands=batch.bands,
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
        everyone, limit = catalog.by_price, self._limit
        for entry in batch:
            found = catalog.exact(entry)
            # Its band among all listings, a run in price order, and its seller's band, a
            # run in the seller's: slices, joined. A listing in both is scored twice, the
            # same both times, which costs less than sorting them out in Python.
            start, stop = everyone.window(price_band(entry.price), limit)
            others: list[_Entry] = everyone.entries[start:stop]
            words: list[str] = everyone.words[start:stop]
            theirs = None if entry.seller is None else catalog.by_seller.get(entry.seller)
            if theirs is not None:
                low, high = theirs.window(price_band(entry.price, entry.seller), limit)
                others += theirs.entries[low:high]
                words += theirs.words[low:high]
            if found:
                kept = [n for n, other in enumerate(others) if other.ref not in found]
                others, words = [others[n] for n in kept], [words[n] for n in kept]
            found.update((other.ref, match) for other, match in _similar(entry, others, words))
            yield found


_Pair = tuple[int, int, _Match]


def _batch_of(listings: Sequence[Listing]) -> _Batch:
    # One TitleFacts per distinct title, file and catalog alike: catalog listings often
    # share a title, and each title's comparable form and model numbers are worked out once.
    facts = TitleCache()
    entries = [
        _Entry(i, normalize_url(x.listing_url), x.seller, x.price_usd, facts[x.title])
        for i, x in enumerate(listings)
    ]
    return _Batch(
        entries,
        facts,
        urls=sorted({e.url for e in entries if e.url is not None}),
        keys=sorted({e.key for e in entries if e.key is not None}),
        bands=list(dict.fromkeys(band for e in entries for band in e.bands())),
    )


def _in_file_matches(batch: list[_Entry]) -> list[_Pair]:
    return list(_in_file(batch))


def _in_file(batch: list[_Entry]) -> Iterable[_Pair]:
    """Pairs of file items, each once: the same URL or title and seller at any price, then
    similar titles among the next FILE_WINDOW items in price order that are priced close,
    and among the next FILE_WINDOW of the item's own seller that are (ADR 0081)."""
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
    orders = [index.by_price, *index.by_seller.values()]
    for order in orders:
        for s, entry in enumerate(order.entries):
            end = min(bisect_right(order.prices, close_prices(entry.price)[1], lo=s + 1),
                      s + 1 + FILE_WINDOW)  # fmt: skip
            window, words = order.entries[s + 1 : end], order.words[s + 1 : end]
            for other, match in _similar(entry, window, words):
                pair = (min(entry.ref, other.ref), max(entry.ref, other.ref))
                if pair not in seen:
                    seen.add(pair)
                    yield *pair, match


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
