"""Export and import of Deal Brain files over HTTP, on PostgreSQL.

    .venv/bin/python bench/portable.py [--catalog 100000] [--collection-items 10000]
                                       [--file-items 1000] [--large-items 10000]
                                       [--imports-only] [--save FILE] [--before FILE]
                                       [--small]

Seeds a throwaway database with a 100,000-listing catalog of PC deals (the vocabulary of
bench/duplicates.py: models, CPUs, RAM and SSD sizes, 300 sellers, URLs, log-normal prices,
a valuation and a performance block each) and a 10,000-item collection, then times:

- in process, through the ASGI client with an API key: GET /listings/{id}/export (one
  deal) and GET /collections/{id}/export (the 10,000-item collection);
- through a real `dealbrain serve` process on the same database (issue 11): POST
  /collections/import of a 1,000-item and of a 10,000-item collection file, of which about
  half duplicates the catalog (rewordings, same URL, same title and seller) and a few
  repeat each other; and POST /collections/import/{id}/confirm {"strategy": "create_new"},
  each on a fresh preview made outside the timed part. Meanwhile GET /health is sent every
  20 ms from a process of its own (bench/health_probe.py), open loop (each probe leaves on
  schedule whether or not the last one came back, and its latency counts from when it was
  due), so a stalled event loop shows as it is felt, not as one slow probe.

The floor is msgspec alone on the same data in memory: encoding the already-loaded objects
(write_deal / write_collection), or decoding the file's bytes into the v1 Structs. Prints
p50/p95, the floor, the ratio and the verdict against the budgets (docs/product.md §7 and issue
11: export ≤ 10 ms / ≤ 1 s; preview and confirm of 1,000 items ≤ 1 s and of 10,000 ≤ 5 s;
/health p99 ≤ 50 ms while either runs). `--save` writes the figures as JSON and `--before`
prints them next to a saved run's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
import httpx
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
from entrypoints.app import create_app
from entrypoints.container import Container, build_container, close_resources
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
    # Import files by number of items.
    files: dict[int, bytes]
    secret: str = ""


@dataclass
class Row:
    work: str
    runs: int
    ours: list[float]
    floor: list[float] | None
    budget_ms: float
    counts: bool = True  # False: shown against a budget for information only
    # "p95" (the default) or "p99"/"max" of `ours` is held against the budget.
    judged: str = "p95"


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


async def seed(url: str, catalog: int, collection_items: int, file_sizes: list[int]) -> Setup:
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
    setup.files = {
        size: import_file(random.Random(7), catalog_rows, size, user.id) for size in file_sizes
    }
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
        files={},
        secret=secret,
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


async def measure_exports(url: str, setup: Setup, args: argparse.Namespace) -> list[Row]:
    """The exports, in process through the ASGI client."""
    app = create_app(build_container(_settings(url)))
    headers = setup.headers
    now = datetime.now(UTC)
    size = len(setup.pairs)
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
    return rows


# -- Imports through a real server, with /health probed meanwhile ----------------------------
PROBE_SCRIPT = Path(__file__).resolve().parent / "health_probe.py"
HEALTH_BUDGET_MS = 50.0
SERVER_START_S = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`dealbrain serve` on the bench database, in its own process (as in production)."""

    def __init__(self, url: str, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._url = url
        self._log = log
        self._process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> Server:
        env = {
            **os.environ,
            "DEALBRAIN_DATABASE_URL": self._url,
            "DEALBRAIN_STORAGE": "sql",
            "DEALBRAIN_DATA_DIR": "var/bench",
            "DEALBRAIN_BLOB_BACKEND": "memory",
            "DEALBRAIN_AUTO_MIGRATE": "0",
        }
        command = Path(sys.executable).parent / "dealbrain"
        self._log.parent.mkdir(parents=True, exist_ok=True)
        with self._log.open("wb") as log:
            self._process = await asyncio.create_subprocess_exec(
                str(command), "serve", "--port", str(self.port), "--log-level", "warning",
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + SERVER_START_S
        async with httpx.AsyncClient(base_url=self.base) as client:
            while True:
                try:
                    if (await client.get("/health")).status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if self._process.returncode is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start; see {self._log}")
                await asyncio.sleep(0.2)

    async def __aexit__(self, *exc: object) -> None:
        if self._process is not None and self._process.returncode is None:
            self._process.terminate()
            try:
                await asyncio.wait_for(self._process.wait(), timeout=30)
            except TimeoutError:
                self._process.kill()
                await self._process.wait()


class HealthProbe:
    """GET /health every 20 ms, open loop, from a process of its own (bench/health_probe.py):
    what this process does meanwhile — decoding a megabytes-long answer holds its
    interpreter lock — must not be counted against the server."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._process: asyncio.subprocess.Process | None = None
        self.samples: list[float] = []
        self.failures = 0

    async def open(self) -> None:
        script = PROBE_SCRIPT
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, str(script), self._base,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip

    async def close(self) -> None:
        if self._process is not None and self._process.stdin is not None:
            self._process.stdin.close()
            await self._process.wait()

    async def during(self, work: Awaitable[object]) -> object:
        """Run `work`, probing /health until it is done; returns its result."""
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        process.stdin.write(b"start\n")
        await process.stdin.drain()
        try:
            return await work
        finally:
            process.stdin.write(b"stop\n")
            await process.stdin.drain()
            found = json.loads(await process.stdout.readline())
            self.samples = found["samples"]
            self.failures += found["failures"]


async def measure_imports(url: str, setup: Setup, args: argparse.Namespace) -> list[Row]:
    """Preview and confirm each file size through a real server, /health probed meanwhile."""
    headers = setup.headers
    rows: list[Row] = []
    async with Server(url, Path("var/bench/portable-server.log")) as server:
        probe = HealthProbe(server.base)
        await probe.open()
        try:
            async with httpx.AsyncClient(base_url=server.base, timeout=600) as client:
                for size in sorted(setup.files):
                    rows += await _import_rows(client, probe, headers, setup.files[size], args)
        finally:
            await probe.close()
    return rows


async def _import_rows(
    client: httpx.AsyncClient,
    probe: HealthProbe,
    headers: dict[str, str],
    file: bytes,
    args: argparse.Namespace,
) -> list[Row]:
    size = len(msgspec.json.decode(file, type=CollectionDocument).data.items)
    large = size > args.file_items
    budget = 5_000.0 if large else 1_000.0
    runs = args.large_runs if large else args.import_runs

    async def preview() -> str:
        response = await client.post(
            "/collections/import",
            content=file,
            headers={**headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["listings"]) == size
        return str(body["preview_id"])

    async def confirm(preview_id: str) -> None:
        response = await client.post(
            f"/collections/import/{preview_id}/confirm",
            json={"strategy": "create_new"},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        assert len(response.json()["created_listing_ids"]) == size

    async def floor() -> None:
        msgspec.json.decode(file, type=CollectionDocument)

    print(f"{size:,}-item file ({len(file):,} bytes): previews", flush=True)
    previews, preview_health = [], []
    await preview()  # warm-up
    for _ in range(runs):
        probe.samples = []
        start = time.perf_counter()
        await probe.during(preview())
        previews.append((time.perf_counter() - start) * 1000)
        preview_health += probe.samples
        print(f"  preview {previews[-1]:,.0f} ms, /health max {max(probe.samples):,.1f} ms",
              flush=True)  # fmt: skip
    print(f"{size:,}-item file: confirms", flush=True)
    confirms, confirm_health = [], []
    for _ in range(runs):
        preview_id = await preview()
        probe.samples = []
        start = time.perf_counter()
        await probe.during(confirm(preview_id))
        confirms.append((time.perf_counter() - start) * 1000)
        confirm_health += probe.samples
        print(f"  confirm {confirms[-1]:,.0f} ms, /health max {max(probe.samples):,.1f} ms",
              flush=True)  # fmt: skip
    floors = await timed(floor, runs, warmup=1)
    n = f"{size:,}"
    return [
        Row(f"preview {n} items", runs, previews, floors, budget),
        Row(f"confirm {n} items", runs, confirms, None, budget),
        Row(f"/health during {n} preview", len(preview_health), preview_health, None,
            HEALTH_BUDGET_MS, judged="p99"),
        Row(f"/health during {n} confirm", len(confirm_health), confirm_health, None,
            HEALTH_BUDGET_MS, judged="p99"),
    ]  # fmt: skip


def _figures(row: Row) -> dict[str, float]:
    return {
        "p50": p(row.ours, 50),
        "p95": p(row.ours, 95),
        "p99": p(row.ours, 99),
        "max": max(row.ours),
    }


def report(rows: list[Row], args: argparse.Namespace) -> bool:
    print(f"\nportable · catalog {args.catalog:,} listings · PostgreSQL · {machine()} · {today()}")
    print(f"{'work':<30} {'runs':>5} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'max ms':>9}"
          f" {'floor p50':>10} {'floor p95':>10} {'budget ms':>10}  verdict")  # fmt: skip
    ok = True
    for row in rows:
        f = _figures(row)
        judged = f[row.judged]
        within = judged <= row.budget_ms
        if row.counts:
            verdict = f"ok ({row.judged})" if within else f"OVER ({row.judged})"
            ok &= within
        else:
            verdict = "(info) within" if within else "(info) over"
        if row.floor is None:
            floor = f"{'—':>10} {'—':>10}"
        else:
            floor = f"{p(row.floor, 50):10.2f} {p(row.floor, 95):10.2f}"
        print(f"{row.work:<30} {row.runs:>5} {f['p50']:9.2f} {f['p95']:9.2f} {f['p99']:9.2f}"
              f" {f['max']:9.2f} {floor} {row.budget_ms:10,.0f}  {verdict}")  # fmt: skip
    print("budgets: docs/product.md §7, issue 11; held against p95 (runs), p99 (/health probes)")
    return ok


def compare(rows: list[Row], before_file: Path) -> None:
    """This run next to a saved one (`--save`), row by row."""
    if not before_file.exists():
        print(f"\n(no {before_file} to compare with)")
        return
    before = json.loads(before_file.read_text())
    print(f"\nbefore ({before_file}, {before.get('date', '?')}) → now")
    print(f"{'work':<30} {'before p50':>11} {'now p50':>9} {'before p99':>11} {'now p99':>9}"
          f" {'before max':>11} {'now max':>9}")  # fmt: skip
    for row in rows:
        was = before["rows"].get(row.work)
        if was is None:
            continue
        f = _figures(row)
        print(f"{row.work:<30} {was['p50']:11.1f} {f['p50']:9.1f} {was['p99']:11.1f}"
              f" {f['p99']:9.1f} {was['max']:11.1f} {f['max']:9.1f}")  # fmt: skip


def save(rows: list[Row], target: Path) -> None:
    data = {
        "date": today(),
        "machine": machine(),
        "rows": {row.work: {**_figures(row), "runs": row.runs, "samples": row.ours}
                 for row in rows},
    }  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=1))
    print(f"saved {target}")


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=int, default=100_000)
    parser.add_argument("--collection-items", type=int, default=10_000)
    parser.add_argument("--file-items", type=int, default=1_000)
    parser.add_argument("--large-items", type=int, default=10_000)
    parser.add_argument("--deal-runs", type=int, default=200)
    parser.add_argument("--collection-runs", type=int, default=8)
    parser.add_argument("--import-runs", type=int, default=5, help="per 1,000-item step")
    parser.add_argument("--large-runs", type=int, default=3, help="per 10,000-item step")
    parser.add_argument("--imports-only", action="store_true", help="skip the export rows")
    parser.add_argument("--save", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--before", type=Path, help="compare with a file written by --save")
    parser.add_argument("--small", action="store_true", help="a quick check: 10x smaller")
    args = parser.parse_args()
    if args.small:
        args.catalog, args.collection_items, args.file_items = 10_000, 1_000, 100
        args.large_items = 1_000
        args.deal_runs, args.collection_runs, args.import_runs, args.large_runs = 50, 3, 3, 2
    sizes = sorted({args.file_items, args.large_items} - {0})
    async with throwaway_database("dealbrain_bench_portable") as url:
        setup = await seed(url, args.catalog, args.collection_items, sizes)
        rows = [] if args.imports_only else await measure_exports(url, setup, args)
        rows += await measure_imports(url, setup, args)
    ok = report(rows, args)
    if args.save:
        save(rows, args.save)
    if args.before:
        compare(rows, args.before)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
