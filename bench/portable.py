"""Export and import of Deal Brain files over HTTP, on PostgreSQL.

    .venv/bin/python bench/portable.py [--catalog 100000] [--collection-items 10000]
                                       [--file-items 1000] [--small]

Seeds a throwaway database with a 100,000-listing catalog of PC deals (the vocabulary of
bench/duplicates.py: models, CPUs, RAM and SSD sizes, 300 sellers, URLs, log-normal prices,
a valuation and a performance block each) and a 10,000-item collection, then times through
the in-process ASGI client, with an API key:

- GET /listings/{id}/export (one deal);
- GET /collections/{id}/export (the 10,000-item collection);
- POST /collections/import, a 1,000-item collection file of which about half duplicates
  the catalog (rewordings, same URL, same title and seller) and a few repeat each other;
- POST /collections/import/{id}/confirm {"strategy": "create_new"}, each on a fresh
  preview made outside the timed part.

The floor is msgspec alone on the same data in memory: encoding the already-loaded objects
(write_deal / write_collection), or decoding the file's bytes into the v1 Structs. Prints
p50/p95, the floor, the ratio and the verdict against product.md §7 (≤ 10 ms, ≤ 1 s, ≤ 3 s;
confirm has no budget of its own and is shown against the preview's, for information).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
import msgspec
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url

from adapters.sqlalchemy import migrate
from adapters.sqlalchemy.engine import create_engine
from bench.common import machine, p, throwaway_database, timed, today
from bench.duplicates import CPUS, FORMS, MODELS, RAM, SSD, catalog_listing, reworded
from domain.collections import Collection, CollectionItem, ItemStatus
from domain.listing_parts import Cpu, Performance, Ram, Storage, StorageMedium, Valuation
from domain.listings import Listing
from domain.visibility import Visibility
from entrypoints.container import Container, build_container, close_resources
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from schemas.portable import CollectionDocument, write_collection, write_deal

USERNAME = "bencher"
# One INFO line per request and per event would drown the report.
QUIET = ("httpx", "dealbrain.events")
SELLERS = 300
# "Dell OptiPlex 7060", …: every model of every brand, as bench/duplicates.py draws them.
FULL_MODELS = [f"{brand} {model}" for brand, models in MODELS for model in models]
RAM_GB = [int(size.removesuffix("GB")) for size in RAM]
SSD_GB = [1024 if size == "1TB" else int(size.removesuffix("GB")) for size in SSD]
STATUSES = [status.value for status in ItemStatus]


def _array(values: list[str] | list[int]) -> str:
    if all(isinstance(v, int) for v in values):
        return f"ARRAY{values!r}::int[]"
    quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
    return f"ARRAY[{quoted}]::text[]"


# A multiplicative hash of g split in mixed radix: every combination of model, form, CPU,
# RAM and SSD turns up, deterministically; u1, u2 (0..1) give a log-normal price
# (Box-Muller, as random.lognormvariate(1.2, 0.6) in bench/duplicates.py).
CATALOG = f"""
WITH v AS (
  SELECT {_array(FULL_MODELS)} AS models, {_array(FORMS)} AS forms, {_array(CPUS)} AS cpus,
         {_array(RAM)} AS ram, {_array(RAM_GB)} AS ram_gb, {_array(SSD)} AS ssd,
         {_array(SSD_GB)} AS ssd_gb
), h AS (
  SELECT g, (g::bigint * 2654435761) % 4294967296 AS h,
         ((g::bigint * 2246822519) % 4294967291 + 1) / 4294967296.0 AS u1,
         ((g::bigint * 3266489917) % 4294967279) / 4294967296.0 AS u2
  FROM generate_series(1, %(total)s) g
), parts AS (
  SELECT g,
         models[(1 + h % {len(FULL_MODELS)})::int] AS model,
         nullif(forms[(1 + (h / {len(FULL_MODELS)}) % {len(FORMS)})::int], '') AS form,
         cpus[(1 + (h / {len(FULL_MODELS) * len(FORMS)}) % {len(CPUS)})::int] AS cpu,
         (1 + (h / {len(FULL_MODELS) * len(FORMS) * len(CPUS)}) % {len(RAM)})::int AS r,
         (1 + (h / {len(FULL_MODELS) * len(FORMS) * len(CPUS) * len(RAM)}) % {len(SSD)})::int
           AS s,
         'seller-' || (g * 7919) % {SELLERS} AS seller,
         round(least(2400, 60 * exp(1.2 + 0.6 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)))::numeric,
               2)::float8 AS price
  FROM v, h
)
INSERT INTO listings (title, listing_url, normalized_url, other_urls, seller, price_usd,
                      custom_fields, valuation, performance, search_text, created_by)
SELECT title, url, url, '[]', seller, price, '{{}}',
       json_build_object('base_price_usd', price,
                         'adjusted_price_usd', round((price * 0.92)::numeric, 2)),
       json_build_object(
         'cpu', json_build_object('name', cpu,
                                  'manufacturer', CASE WHEN cpu LIKE 'Ryzen%' THEN 'AMD'
                                                       ELSE 'Intel' END),
         'ram', json_build_object('total_gb', ram_gb[r], 'ddr_generation', 'ddr4'),
         'storage_primary', json_build_object('capacity_gb', ssd_gb[s], 'medium', 'nvme')),
       lower(title || ' ' || seller), %(user)s
FROM (
  SELECT g, concat_ws(' ', model, form, cpu, ram[r], ssd[s]) AS title,
         'https://shop.example/item/' || g AS url, seller, price, cpu, r, s
  FROM v, parts
) t, v;
"""

COLLECTION = """
INSERT INTO collections (owner_id, name, description, visibility, search_words)
VALUES (%(user)s, 'Every mini PC worth a look', 'The long list, before the short one.',
        'private', 'every mini pc worth a look the long list before the short one')
RETURNING id;
"""

ITEMS = f"""
INSERT INTO collection_items (collection_id, listing_id, status, notes, position, price_usd,
                              adjusted_price_usd)
SELECT %(collection)s, id, ({_array(STATUSES)})[1 + n % {len(STATUSES)}],
       CASE WHEN n % 7 = 0 THEN 'check the fan noise and the BIOS password' END, n,
       price_usd, round((price_usd * 0.92)::numeric, 2)
FROM (SELECT id, price_usd, row_number() OVER (ORDER BY id) - 1 AS n
      FROM listings WHERE id % 10 = 0) s
WHERE n < %(items)s;
"""

# Run outside a transaction: the state a live database settles into under autovacuum.
SETTLE = "VACUUM ANALYZE"


@dataclass
class Setup:
    headers: dict[str, str]
    deal_id: int
    deal: Listing
    collection: Collection
    pairs: list[tuple[CollectionItem, Listing]]
    user_id: int
    file: bytes


@dataclass
class Row:
    work: str
    runs: int
    ours: list[float]
    floor: list[float] | None
    budget_ms: float
    counts: bool = True  # False: shown against a budget for information only


async def _connect(url: str) -> asyncpg.Connection:
    u = make_url(url)
    return await asyncpg.connect(
        user=u.username, password=u.password, host=u.host, port=u.port, database=u.database
    )


def _fill(sql: str, **values: int) -> str:
    for name, value in values.items():
        sql = sql.replace(f"%({name})s", str(value))
    return sql


def _settings(url: str) -> Settings:
    return Settings(data_dir=Path("var/bench"), database_url=url, storage="sql")


async def seed(url: str, catalog: int, collection_items: int, file_items: int) -> Setup:
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()
    container = build_container(_settings(url))
    try:
        user = await container.user_admin().create_user(USERNAME)
        assert user.id is not None
        secret = (await container.api_keys().create(USERNAME)).secret
        conn = await _connect(url)
        try:
            start = time.perf_counter()
            await conn.execute(_fill(CATALOG, total=catalog, user=user.id))
            collection_id = await conn.fetchval(_fill(COLLECTION, user=user.id))
            await conn.execute(_fill(ITEMS, collection=collection_id, items=collection_items))
            await conn.execute(SETTLE)
            sample = await conn.fetch(
                "SELECT id, title, seller, price_usd, listing_url FROM listings"
                " ORDER BY (id * 2654435761) % 4294967296 LIMIT 5000"
            )
            seconds = time.perf_counter() - start
            print(f"seeded {catalog:,} listings and a {collection_items:,}-item collection"
                  f" in {seconds:.1f} s", flush=True)  # fmt: skip
        finally:
            await conn.close()
        setup = await _loaded(container, user.id, collection_id, secret)
    finally:
        # The test client runs the app's own lifespan: nothing may stay bound to this loop.
        await close_resources(container)
    catalog_rows = [
        Listing(
            id=r["id"],
            title=r["title"],
            seller=r["seller"],
            price_usd=r["price_usd"],
            listing_url=r["listing_url"],
        )
        for r in sample
    ]
    setup.file = import_file(random.Random(7), catalog_rows, file_items, user.id)
    return setup


async def _loaded(container: Container, user_id: int, collection_id: int, secret: str) -> Setup:
    """What the export use cases load: the floor encodes these, already in memory."""
    async with container.uow_factory()() as uow:
        collection = await uow.collections.get(collection_id)
        items = await uow.collections.items(collection_id)
        listings = await uow.listings.get_many([item.listing_id for item in items])
    assert collection is not None
    pairs = [(item, listings[item.listing_id]) for item in items]
    deal = pairs[0][1]
    assert deal.id is not None
    return Setup(
        headers={"Authorization": f"Bearer {secret}"},
        deal_id=deal.id,
        deal=deal,
        collection=collection,
        pairs=pairs,
        user_id=user_id,
        file=b"",
    )


def _parts(rng: random.Random, price: float) -> dict[str, object]:
    cpu = rng.choice(CPUS)
    return {
        "valuation": Valuation(base_price_usd=price, adjusted_price_usd=round(price * 0.92, 2)),
        "performance": Performance(
            cpu=Cpu(name=cpu, manufacturer="AMD" if cpu.startswith("Ryzen") else "Intel"),
            ram=Ram(total_gb=rng.choice(RAM_GB)),
            storage_primary=Storage(capacity_gb=rng.choice(SSD_GB), medium=StorageMedium.NVME),
        ),
    }


def import_file(rng: random.Random, catalog: list[Listing], size: int, owner: int) -> bytes:
    """A collection file as another instance would export it: a third rewords a catalog
    listing at a price within 5 % (half from the same seller), a tenth links a catalog URL
    (with tracking parameters), a tenth repeats a catalog title and seller, a twentieth
    rewords another item of the file; the rest are new. Every item has a seller and a URL."""
    made: list[Listing] = []
    for n in range(size // 3):
        original = rng.choice(catalog)
        price = original.price_usd * (1 if n % 3 == 0 else rng.uniform(0.95, 1.05))
        seller = original.seller if n % 2 == 0 else f"seller-{rng.randrange(SELLERS)}"
        made.append(
            Listing(
                title=reworded(rng, original.title),
                price_usd=round(price, 2),
                seller=seller,
                listing_url=f"https://deals.example/p/{n}",
            )
        )
    for _ in range(size // 10):
        original = rng.choice(catalog)
        url = f"{original.listing_url}?utm_source=newsletter&utm_medium=email"
        made.append(replace(original, id=None, listing_url=url))
    for n in range(size // 10):
        original = rng.choice(catalog)
        made.append(replace(original, id=None, listing_url=f"https://other.example/d/{n}"))
    for n in range(size // 20):
        again = rng.choice(made)
        made.append(
            replace(again, title=reworded(rng, again.title), listing_url=f"https://x.example/{n}")
        )
    while len(made) < size:
        made.append(catalog_listing(rng, 10_000_000 + len(made)))
    rng.shuffle(made)
    stamp = datetime(2026, 3, 1, tzinfo=UTC)
    listings = [
        replace(x, id=900_000 + k, created_at=stamp, updated_at=stamp, **_parts(rng, x.price_usd))
        for k, x in enumerate(made)
    ]
    collection = Collection(
        owner_id=owner,
        name="Homelab shortlist from the old instance",
        description="Everything I bookmarked last winter.",
        visibility=Visibility.UNLISTED,
        created_at=stamp,
        updated_at=stamp,
        id=4242,
    )
    items = [
        CollectionItem(
            collection_id=4242,
            listing_id=900_000 + k,
            status=ItemStatus(STATUSES[k % len(STATUSES)]),
            notes="asked the seller about the charger" if k % 9 == 0 else None,
            position=k,
            added_at=stamp,
        )
        for k in range(size)
    ]
    return write_collection(
        collection, list(zip(items, listings, strict=True)), exported_at=stamp, exported_by=99
    )


async def _each(
    prepare: Callable[[], Awaitable[str]], call: Callable[[str], Awaitable[object]], runs: int
) -> list[float]:
    """Milliseconds per call, each after its own untimed preparation."""
    samples = []
    for _ in range(runs):
        prepared = await prepare()
        start = time.perf_counter()
        await call(prepared)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


async def measure(url: str, setup: Setup, args: argparse.Namespace) -> list[Row]:
    app = create_app(build_container(_settings(url)))
    headers = setup.headers
    now = datetime.now(UTC)
    size = len(setup.pairs)
    items = msgspec.json.decode(setup.file, type=CollectionDocument).data.items
    rows = []
    async with AsyncTestClient(app, timeout=120) as client:
        for name in QUIET:  # the app's logging config is applied at startup
            logging.getLogger(name).setLevel(logging.WARNING)

        async def deal() -> None:
            response = await client.get(f"/listings/{setup.deal_id}/export", headers=headers)
            assert response.status_code == 200, response.text

        async def deal_floor() -> None:
            write_deal(setup.deal, exported_at=now, exported_by=setup.user_id)

        ours = await timed(deal, args.deal_runs)
        rows.append(Row("export one deal", args.deal_runs, ours,
                        await timed(deal_floor, args.deal_runs), 10.0))  # fmt: skip

        async def collection() -> None:
            path = f"/collections/{setup.collection.id}/export"
            response = await client.get(path, headers=headers)
            assert response.status_code == 200, response.text
            assert response.content.count(b'"added_at"') == size

        async def collection_floor() -> None:
            write_collection(
                setup.collection, setup.pairs, exported_at=now, exported_by=setup.user_id
            )

        runs = args.collection_runs
        ours = await timed(collection, runs, warmup=2)
        floor = await timed(collection_floor, runs, warmup=2)
        rows.append(Row(f"export {size:,}-item collection", runs, ours, floor, 1_000.0))

        async def preview() -> str:
            response = await client.post(
                "/collections/import",
                content=setup.file,
                headers={**headers, "Content-Type": "application/json"},
            )
            assert response.status_code == 200, response.text
            body = response.json()
            assert len(body["listings"]) == len(items)
            return body["preview_id"]

        async def preview_floor() -> None:
            msgspec.json.decode(setup.file, type=CollectionDocument)

        runs = args.preview_runs
        ours = await timed(preview, runs, warmup=1)
        floor = await timed(preview_floor, runs, warmup=1)
        rows.append(Row(f"preview {len(items):,}-item file", runs, ours, floor, 3_000.0))
        counts = (await client.post(
            "/collections/import", content=setup.file,
            headers={**headers, "Content-Type": "application/json"},
        )).json()["counts"]  # fmt: skip
        print(f"preview counts: {counts}", flush=True)

        async def confirm(preview_id: str) -> None:
            response = await client.post(
                f"/collections/import/{preview_id}/confirm",
                json={"strategy": "create_new"},
                headers=headers,
            )
            assert response.status_code == 201, response.text
            assert len(response.json()["created_listing_ids"]) == len(items)

        runs = args.confirm_runs
        ours = await _each(preview, confirm, runs)
        rows.append(Row("confirm it (create_new)", runs, ours, None, 3_000.0, counts=False))
    return rows


def report(rows: list[Row], args: argparse.Namespace) -> bool:
    print(f"\nportable · catalog {args.catalog:,} listings · PostgreSQL · {machine()} · {today()}")
    print(f"{'work':<30} {'runs':>4} {'p50 ms':>9} {'p95 ms':>9} {'floor p50':>10}"
          f" {'floor p95':>10} {'ratio p95':>10} {'budget ms':>10}  verdict")  # fmt: skip
    ok = True
    for row in rows:
        p50, p95 = p(row.ours, 50), p(row.ours, 95)
        within = p95 <= row.budget_ms
        if row.counts:
            verdict = "ok" if within else "OVER"
            ok &= within
        else:
            verdict = "(info) within" if within else "(info) over"
        if row.floor is None:
            floor = f"{'—':>10} {'—':>10} {'—':>10}"
        else:
            f50, f95 = p(row.floor, 50), p(row.floor, 95)
            floor = f"{f50:10.2f} {f95:10.2f} {p95 / f95:10.1f}"
        print(f"{row.work:<30} {row.runs:>4} {p50:9.2f} {p95:9.2f} {floor}"
              f" {row.budget_ms:10,.0f}  {verdict}")  # fmt: skip
    print("budgets: product.md §7, on p95; confirm has none: shown against the preview's")
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=int, default=100_000)
    parser.add_argument("--collection-items", type=int, default=10_000)
    parser.add_argument("--file-items", type=int, default=1_000)
    parser.add_argument("--deal-runs", type=int, default=200)
    parser.add_argument("--collection-runs", type=int, default=8)
    parser.add_argument("--preview-runs", type=int, default=5)
    parser.add_argument("--confirm-runs", type=int, default=4)
    parser.add_argument("--small", action="store_true", help="a quick check: 10x smaller")
    args = parser.parse_args()
    if args.small:
        args.catalog, args.collection_items, args.file_items = 10_000, 1_000, 100
        args.deal_runs, args.collection_runs, args.preview_runs, args.confirm_runs = 50, 3, 3, 2
    async with throwaway_database("dealbrain_bench_portable") as url:
        setup = await seed(url, args.catalog, args.collection_items, args.file_items)
        print(f"import file: {len(setup.file):,} bytes", flush=True)
        rows = await measure(url, setup, args)
    return 0 if report(rows, args) else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
