"""Duplicate detection for a 1,000-listing import against a 100,000-listing catalog.

    .venv/bin/python bench/duplicates.py [--catalog 100000] [--batch 1000] [--runs 5]

Seeds a throwaway PostgreSQL database with generated PC-deal listings (models, CPUs, RAM
and SSD sizes, 300 sellers, prices from $60 to $2,400), then builds a batch in which a
third of the items are rewordings of catalog listings at a price within 5 %, a tenth
share a catalog URL, a tenth repeat another item of the batch, and the rest are new.
Times the one repository call (blocking) and the whole `DuplicateDetector.find`, and
reports how many planted rewordings got a catalog candidate (the blocking's recall).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text

from adapters.sqlalchemy import migrate
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.listing_rows import listing_values
from adapters.sqlalchemy.tables import listings
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from application.duplicates import DuplicateDetector
from bench.common import machine, throwaway_database, today
from domain.duplicates import Band, PriceBand, normalize_title, price_band
from domain.listings import Listing

MODELS = [
    ("Dell OptiPlex", ["3060", "3070", "5060", "7050", "7060", "7070", "7080", "7090"]),
    ("HP EliteDesk 800", ["G3", "G4", "G5", "G6"]),
    ("HP ProDesk 600", ["G3", "G4", "G5"]),
    ("Lenovo ThinkCentre", ["M710q", "M720q", "M920q", "M70q Gen 3", "M75q Gen 2"]),
    ("Beelink", ["SER5", "SER6", "SER7", "EQ12", "S12 Pro"]),
    ("Minisforum", ["UM560", "UM690", "UM790 Pro", "MS-01"]),
    ("ASUS TUF Gaming", ["RTX 3060", "RTX 3060 Ti", "RTX 4060", "RTX 4070", "RX 6600 XT"]),
    ("Lenovo ThinkPad", ["T480", "T480s", "T14 Gen 2", "X1 Carbon Gen 9"]),
]
FORMS = ["Micro", "SFF", "Tiny", "Mini", ""]
CPUS = ["i5-7500T", "i5-8500T", "i7-8700T", "i5-10500T", "Ryzen 7 5800H", "N100", "i7-1165G7"]
RAM = ["8GB", "16GB", "32GB"]
SSD = ["256GB", "512GB", "1TB"]
NOISE = ["", "", "- FAST SHIPPING", "(Renewed)", "Grade A", "Win 11 Pro", "w/ WiFi"]


def title(rng: random.Random) -> str:
    brand, models = rng.choice(MODELS)
    parts = [brand, rng.choice(models), rng.choice(FORMS), rng.choice(CPUS)]
    return " ".join(p for p in [*parts, rng.choice(RAM), rng.choice(SSD)] if p)


def reworded(rng: random.Random, original: str) -> str:
    words = original.split()
    if len(words) > 4 and rng.random() < 0.5:
        words[1:3] = words[2:0:-1]
    text_ = " ".join(words).replace("i5-", "Core i5 ").replace("GB", " GB", 1)
    return f"{text_} {rng.choice(NOISE)}".strip().upper() if rng.random() < 0.3 else text_


def catalog_listing(rng: random.Random, n: int) -> Listing:
    price = round(min(2_400.0, 60.0 * rng.lognormvariate(1.2, 0.6)), 2)
    return Listing(
        title=title(rng),
        price_usd=price,
        seller=f"seller-{rng.randrange(300)}",
        listing_url=f"https://shop.example/item/{n}",
    )


async def seed(url: str, total: int, rng: random.Random) -> list[Listing]:
    engine = create_engine(url)
    made = [catalog_listing(rng, n) for n in range(total)]
    try:
        await migrate.upgrade(engine)
        async with engine.begin() as db:
            for start in range(0, total, 5_000):
                rows = [listing_values(x) for x in made[start : start + 5_000]]
                await db.execute(insert(listings), rows)
            await db.execute(text("ANALYZE listings"))
    finally:
        await engine.dispose()
    return made


def batch_of(rng: random.Random, catalog: list[Listing], size: int) -> tuple[list[Listing], int]:
    """The batch; its first `planted` items reword a catalog listing, at the same price or
    within 5 %, half of them from the same seller (a relisting) and half from another."""
    batch: list[Listing] = []
    planted = size // 3
    for n in range(planted):
        original = rng.choice(catalog)
        price = original.price_usd * (1 if n % 3 == 0 else rng.uniform(0.95, 1.05))
        seller = original.seller if n % 2 == 0 else f"other-{rng.randrange(50)}"
        batch.append(
            Listing(title=reworded(rng, original.title), price_usd=round(price, 2), seller=seller)
        )
    for _ in range(size // 10):
        original = rng.choice(catalog)
        batch.append(Listing(title=title(rng), price_usd=50.0, listing_url=original.listing_url))
    for _ in range(size // 10):
        batch.append(Listing(title=reworded(rng, rng.choice(batch).title), price_usd=99.0))
    while len(batch) < size:
        batch.append(Listing(title=f"{title(rng)} {rng.randrange(10**6)}", price_usd=300.0))
    return batch, planted


def bands(x: Listing) -> list[PriceBand]:
    return [price_band(x.price_usd), *([price_band(x.price_usd, x.seller)] if x.seller else [])]


async def measure(
    url: str, batch: list[Listing], runs: int
) -> tuple[list[float], list[float], list]:
    engine = create_engine(url)
    uow = SqlUnitOfWorkFactory(engine)
    detector = DuplicateDetector(uow)
    fetch, full, found = [], [], []
    try:
        for _ in range(runs):
            start = time.perf_counter()
            async with uow() as tx:
                await tx.listings.find_duplicate_candidates(
                    normalized_urls=[x.listing_url for x in batch if x.listing_url],
                    title_keys=[(normalize_title(x.title), x.seller) for x in batch if x.seller],
                    price_bands=[b for x in batch for b in bands(x)],
                )
            fetch.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            found = await detector.find(batch)
            full.append((time.perf_counter() - start) * 1000)
    finally:
        await engine.dispose()
    return fetch, full, found


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--catalog", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    async with throwaway_database("dealbrain_bench_duplicates") as url:
        catalog = await seed(url, args.catalog, rng)
        batch, planted = batch_of(rng, catalog, args.batch)
        fetch, full, found = await measure(url, batch, args.runs)

    def hit(i: int) -> bool:
        return any(c.listing_id for c in found[i])

    same = [i for i in range(planted) if i % 2 == 0]
    other = [i for i in range(planted) if i % 2 == 1]
    likely = sum(any(c.band is Band.LIKELY for c in cands) for cands in found)
    print(f"{today()} · {machine()}")
    print(f"catalog {args.catalog:,} · batch {args.batch:,} · runs {args.runs}")
    print(f"repository call (blocking): median {statistics.median(fetch):.0f} ms")
    budget = _budget_ms(args.batch)
    print(f"DuplicateDetector.find:     median {statistics.median(full):.0f} ms"
          f" (the whole preview's budget: {budget:,} ms)")  # fmt: skip
    print(f"rewordings found, same seller:  {sum(map(hit, same))}/{len(same)}")
    print(f"rewordings found, other seller: {sum(map(hit, other))}/{len(other)}")
    same_price = [i for i in other if i % 3 == 0]
    print(f"  of those at the same price:   {sum(map(hit, same_price))}/{len(same_price)}")
    print(f"items with a likely candidate: {likely}/{len(batch)}")
    return 0 if statistics.median(full) <= budget else 1


def _budget_ms(batch: int) -> int:
    """Issue 11: a 1,000-item preview within 1 s, a 10,000-item one within 5 s."""
    return 1_000 if batch <= 1_000 else 5_000


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
