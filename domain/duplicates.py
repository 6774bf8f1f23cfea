"""Duplicate listings: the pure rules behind the import preview's candidates (ADR 0035 to 0038).

Two listings are the same deal when they share a normalized URL, or the same normalized
title and seller, or titles alike enough at prices close enough — unless their titles name
different model numbers, generations, form factors or memory sizes. Nothing here merges
anything: a candidate is a suggestion with a score, a band and a sentence a person checks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

# Prices within this fraction of the higher one may be the same deal (ADR 0036).
PRICE_TOLERANCE = 0.15
# Title similarity (0 to 100) for each band, chosen on tests/fixtures/duplicates (ADR 0037).
LIKELY_SCORE = 90
POSSIBLE_SCORE = 75


class Band(StrEnum):
    LIKELY = "likely"
    POSSIBLE = "possible"


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """What an imported listing may duplicate: a catalog listing (`listing_id`) or another
    item of the same file (`file_index`, its position in the batch). Exactly one is set."""

    listing_id: int | None
    score: int
    band: Band
    reason: str
    file_index: int | None = None

    def __post_init__(self) -> None:
        if (self.listing_id is None) == (self.file_index is None):
            raise ValueError("a candidate names a catalog listing or a file item, not both")


def band_for(score: int) -> Band | None:
    if score >= LIKELY_SCORE:
        return Band.LIKELY
    return Band.POSSIBLE if score >= POSSIBLE_SCORE else None


@dataclass(frozen=True, slots=True)
class PriceBand:
    """Listings priced from `low` to `high` (inclusive), of one seller when given: a block
    the catalog is searched in, nearest its middle first."""

    low: float
    high: float
    seller: str | None = None

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2


def price_band(price: float, seller: str | None = None) -> PriceBand:
    """The band fetched around a price: ±PRICE_TOLERANCE, centred on it, so the query's
    nearest-the-middle limit keeps the listings nearest this price."""
    return PriceBand(price * (1 - PRICE_TOLERANCE), price * (1 + PRICE_TOLERANCE), seller)


def prices_close(a: float, b: float) -> bool:
    """Within PRICE_TOLERANCE of the higher price: the same answer either way round."""
    return min(a, b) >= (1 - PRICE_TOLERANCE) * max(a, b)


def close_prices(price: float) -> tuple[float, float]:
    """Every price `prices_close` to this one, as (low, high)."""
    keep = 1 - PRICE_TOLERANCE
    return price * keep, price / keep


def similar_reason(score: int, price_a: float, price_b: float) -> str:
    apart = abs(price_a - price_b) / max(price_a, price_b, 1e-9)
    percent = max(1, math.ceil(round(apart * 100, 6)))  # round: 5 % is not 5.0000001 %
    price = "same price" if apart == 0 else f"price within {percent}%"
    return f"titles {score}% alike, {price}"


_NOT_WORD = re.compile(r"[\W_]+")


def normalize_title(title: str) -> str:
    """Lower-case, punctuation folded to spaces, whitespace collapsed.

    Only `str.lower()` and folding, so every word of the result is a substring of the
    lower-cased title: the SQL adapter can pre-filter with LIKE on its `search_text`.
    """
    return " ".join(_NOT_WORD.sub(" ", title.lower()).split())


# -- Comparable titles: what the fuzzy score compares -------------------------------------
_ABBREVIATIONS = {
    "small form factor": "sff",
    **dict.fromkeys(("micro tower", "microtower", "mini tower", "minitower", "tower", "twr"), "mt"),
    "tc": "thinkcentre",
    "dm": "mini",
    "touchscreen": "touch",
    "grey": "gray",
}
# Generations (`9th gen`, `g9`, `gen9`) as `gen 9`, and the abbreviations, in one pass.
_SPELLINGS = re.compile(
    r"\b(?:(\d{1,2}) ?(?:st|nd|rd|th) gen|g(\d{1,2})|gen ?(\d{1,2})|"
    + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True))
    + r")\b"
)


def _spelled(match: re.Match[str]) -> str:
    number = match[1] or match[2] or match[3]
    return f"gen {number}" if number else _ABBREVIATIONS[match[0]]


_DIGITS = re.compile(r"(\d+)")
# Words that say what kind of thing, what state or whose chip, not which machine.
_FILLER = frozenset(
    (
        *("computer", "desktop", "laptop", "notebook", "pc", "workstation", "gaming"),
        *("graphics", "card", "edition", "intel", "amd", "nvidia", "geforce", "radeon", "core"),
        *("ram", "memory", "ddr", "ddr4", "ddr5", "gddr6", "ssd", "hdd", "nvme", "emmc"),
        *("gb", "g", "tb", "inch", "windows", "win", "home", "with", "w", "a"),
        *("new", "like", "open", "box", "refurbished", "renewed", "excellent", "grade"),
        *("tested", "warranty", "free", "fast", "shipping", "us", "seller"),
    )
)


def comparable_title(title: str) -> str:
    """The normalized title with abbreviations spelled one way, letters and digits split
    (`RTX3060` = `RTX 3060`, `8 GB` = `8GB`) and filler words dropped."""
    return _comparable(normalize_title(title))


def _comparable(normalized: str) -> str:
    """`comparable_title` of a title already normalized (`normalize_title`)."""
    text = _SPELLINGS.sub(_spelled, normalized)
    # Filler before the split (`ddr4`) and after it (`16gb` gives `gb`).
    text = " ".join([word for word in text.split() if word not in _FILLER])
    # A space either side of each run of digits: split on it (kept) and join with spaces,
    # which is `_DIGITS.sub(r" \1 ", text)` without a Python call per match.
    return " ".join([w for w in " ".join(_DIGITS.split(text)).split() if w not in _FILLER])


# -- Model numbers ------------------------------------------------------------------------
# Tokens by kind, e.g. {"cpu": {"8500t"}, "tier": {"i5"}, "gen": {"4"}, "ram": {"8"}}.
ModelNumbers = Mapping[str, frozenset[str]]

_NOISE = re.compile(
    r"|".join(
        (
            r"\b(?:windows|win)\s?(?:7|8|10|11)(?:\s?(?:pro|home))?\b|\bw1[01]p?\b",
            r"\b\d+(?:\.\d+)?\s?(?:ghz|mhz|hz|gbe|gbps|mbps|w)\b|\b2\.5g\b",
            r"\b\d{1,2}(?:\.\d)?\s?(?:\"|''|-?inch(?:es)?\b|in\b)",  # screen sizes
            r"\b\d{3,4}p\b|\b\d{3,4}\s?x\s?\d{3,4}\b|\b[2-8]k\b",  # resolutions
            r"\b(?:wi-?fi|usb|hdmi|bt|bluetooth|pcie|dp|thunderbolt)\s?-?\d(?:\.\d)?[a-z]?\b",
            r"\b(?:lp|g)?ddr\d[a-z]?\b|\bm\.2\b|\brj45\b|\bx\d{1,2}\b|\b802\.11\w*",
            r"\$\s?\d[\d,.]*|\b\d+\s?%|\b\d+\s?-?\s?(?:cores?|c|threads?|years?|yr|months?|days?)\b",
            r"\b(?:pack|lot|set) of \d+\b|\b\d+\s?-?\s?(?:pack|pcs)\b|\b2-in-1\b",
        )
    )
)
_CAPACITY = re.compile(
    r"\b(?:(\d)x)?(\d+(?:\.\d+)?)\s?(tb|gb|g)\b"
    r"(?:\s?(ram|memory|vram|ddr\d|lpddr\d|gddr\d|ssd|nvme|hdd|emmc|storage|flash))?"
)
_STORAGE_WORDS = frozenset({"ssd", "nvme", "hdd", "emmc", "storage", "flash"})

Found = Iterable[tuple[str, str]]
# In order: each pattern consumes its text, so later ones see only what is left.
_KINDS: tuple[tuple[str, Callable[[re.Match[str]], Found]], ...] = (
    (
        r"\b(rtx|gtx|gt|rx|arc|quadro)\s?-?\s?([a-z]?\d{3,4})\s?(ti|super|xtx|xt|gre)?\b",
        lambda m: [("gpu", "".join(filter(None, m.groups())))],
    ),
    (
        r"\bi([3579])\s?-?\s?(\d{4,5}[a-z]{0,2}\d?)\b",
        lambda m: [("tier", "i" + m[1]), ("cpu", m[2])],
    ),
    (r"\b(?:e[357]?|w)-\s?\d{4,5}[a-z]?(?:\s?v\d)?\b", lambda m: [("cpu", m[0].replace(" ", ""))]),
    (
        r"\bm([1-4])(?:\s(pro|max|ultra))?\b",
        lambda m: [("cpu", "m" + "".join(filter(None, m.groups())))],
    ),
    (r"\b(?:ryzen\s?|r|i|ultra\s?)([3579])\b", lambda m: [("tier", m[0][0] + m[1])]),
    (
        r"\b\d{3,5}(?:hs|hx|hk|h|u|ge|g\d|g|kf|ks|k|f|te|t|x3d|xt|x|p|y)\b",
        lambda m: [("cpu", m[0])],
    ),
    (r"\b(?:[nj]\d{2,4}|z\d{4}|g\d{4}[a-z]?)\b", lambda m: [("cpu", m[0])]),
    (
        r"\bgen\s?(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)\s?gen\b|\bg(\d{1,2})\b",
        lambda m: [("gen", next(filter(None, m.groups())))],
    ),
    (r"\b(?:19|20)\d{2}\b", lambda m: [("year", m[0])]),
    (
        r"\b(?:(micro\s?tower|mini\s?tower|tower|twr|mt)|(sff|small form factor)|"
        r"(micro|tiny|usff|dm|mini))\b",
        lambda m: [("form", ("tower", "sff", "micro")[(m.lastindex or 1) - 1])],
    ),
    (r"\b[a-z0-9]*\d[a-z0-9]*(?:-[a-z0-9]+)*\b", lambda m: [("model", m[0])]),
)
_PATTERNS = tuple((re.compile(pattern), found) for pattern, found in _KINDS)
# One title may say less than the other (a subset agrees), except for memory sizes.
_EXACT_KINDS = frozenset({"ram", "storage"})


def model_numbers(title: str) -> ModelNumbers:
    """The model-number-like tokens of a title, canonical, by kind.

    Each pattern consumes what it matches (later ones see only what is left) in one pass:
    `sub` with a function that notes each match as it replaces it, which is what scanning
    with `finditer` and then again with `sub` found, at half the cost (ADR 0081).
    """
    text = _NOISE.sub(" ", title.lower())
    found: dict[str, set[str]] = {}
    capacities = _Capacities(found)
    text = _CAPACITY.sub(capacities, text)
    for pattern, canonical in _PATTERNS:
        text = pattern.sub(_Noting(found, canonical), text)
    return {kind: frozenset(values) for kind, values in found.items()}


class _Noting:
    """`re.sub`'s replacement: notes what the match names, and leaves a space."""

    __slots__ = ("canonical", "found")

    def __init__(self, found: dict[str, set[str]], canonical: Callable[[re.Match[str]], Found]):
        self.found = found
        self.canonical = canonical

    def __call__(self, match: re.Match[str]) -> str:
        for kind, value in self.canonical(match):
            self.found.setdefault(kind, set()).add(value)
        return " "


class _Capacities:
    """RAM or storage by the word after the size; else a size of 120 GB or more, or one
    after a RAM size, is storage — titles name RAM first ("8GB 256GB")."""

    __slots__ = ("found", "seen_ram")

    def __init__(self, found: dict[str, set[str]]) -> None:
        self.found = found
        self.seen_ram = False

    def __call__(self, match: re.Match[str]) -> str:
        times, number, unit, word = match.groups()
        size = float(number) * (1000 if unit == "tb" else 1) * int(times or 1)
        if times or (word and word not in _STORAGE_WORDS):  # `2x8GB` is memory modules
            storage = False
        else:
            storage = word is not None or unit == "tb" or size >= 120 or self.seen_ram
        self.seen_ram = self.seen_ram or not storage
        kind = "storage" if storage else "ram"
        self.found.setdefault(kind, set()).add(f"{size:g}")
        return " "


def conflicting_model_numbers(a: ModelNumbers, b: ModelNumbers) -> str | None:
    """The first kind both titles name and disagree on (`i7-7700T` vs `i7-7700`, `G4` vs
    `G5`, 8 GB vs 16 GB), or None when they can be the same machine."""
    for kind in sorted(a.keys() & b.keys()):
        x, y = a[kind], b[kind]
        agree = x == y if kind in _EXACT_KINDS else _covers(x, y) or _covers(y, x)
        if not agree:
            return kind
    return None


def _covers(small: frozenset[str], large: frozenset[str]) -> bool:
    """Every code of `small` is one of `large`'s, or written less fully (`_same_code`)."""
    if small <= large:  # every code is its own match
        return True
    for code in small - large:
        for other in large:
            if _same_code(code, other):
                break
        else:
            return False
    return True


def _same_code(a: str, b: str) -> bool:
    """Equal, or one hyphen-joined code written more fully (`an515-57` in `an515-57-5700`)."""
    if a == b or ("-" not in a and "-" not in b):  # one part each: equal or not
        return a == b
    short, long = sorted((a.split("-"), b.split("-")), key=len)
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


class TitleFacts:
    """What duplicate detection reads from a title. The normalized and comparable forms are
    worked out at once (every listing fetched is scored); the model numbers when first
    needed, since most titles of a batch's blocks are never close enough to need them.
    Listings with the same title can share one (`TitleCache`)."""

    __slots__ = ("_models", "comparable", "normalized", "sorted_words", "title")

    def __init__(self, title: str) -> None:
        self.title = title
        self.normalized = normalize_title(title)
        self.comparable = _comparable(self.normalized)
        # The comparable words in sorted order: what a token-sort ratio compares.
        self.sorted_words = " ".join(sorted(self.comparable.split()))
        self._models: ModelNumbers | None = None

    @property
    def models(self) -> ModelNumbers:
        if self._models is None:
            self._models = model_numbers(self.title)
        return self._models


class TitleCache(dict[str, TitleFacts]):
    """One TitleFacts per distinct title, made on first lookup (`cache[title]`): however
    many listings carry a title, its parts are worked out once."""

    def __missing__(self, title: str) -> TitleFacts:
        facts = self[title] = TitleFacts(title)
        return facts


@dataclass(frozen=True, slots=True)
class ListingSummary:
    """What duplicate detection reads of a catalog listing (ListingRepo answers these)."""

    id: int
    title: str
    seller: str | None
    price_usd: float
    normalized_url: str | None
