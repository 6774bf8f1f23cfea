"""Discover over HTTP against 100,000 public collections in PostgreSQL.

    .venv/bin/python bench/discover.py [--collections 120000] [--runs 200]

Seeds a throwaway database (120,000 collections of which 100,000 public and listed, the
rest private or unlisted or hidden; 2,000 users; 5,000 listings; items in a third of the
collections), then, for each kind of request, times GET /collections/discover through the
in-process ASGI client (p50/p95) and the bare SQL statements the adapter runs for it (the
floor), and prints the ratio and the budget verdict (docs/product.md §7: p95 <= 20 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
from litestar.testing import AsyncTestClient
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.engine import make_url

from adapters.sqlalchemy import migrate
from adapters.sqlalchemy.discover import discover_statements
from adapters.sqlalchemy.engine import create_engine
from bench.common import machine, p, throwaway_database, timed, today
from domain.discovery import DiscoverQuery, DiscoverSort
from domain.pages import PageRequest
from entrypoints.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import Settings

BUDGET_P95_MS = 20.0
WORDS = [
    "mini",
    "pc",
    "homelab",
    "server",
    "nas",
    "budget",
    "gaming",
    "office",
    "quiet",
    "tiny",
    "ryzen",
    "intel",
    "deals",
    "picks",
    "shortlist",
    "lab",
    "media",
    "plex",
    "router",
    "firewall",
]

SEED = f"""
INSERT INTO users (username, display_name)
SELECT 'user' || g, 'User ' || g FROM generate_series(1, 2000) g;

INSERT INTO listings (title, other_urls, price_usd, custom_fields, search_text, created_by)
SELECT 'Listing ' || g, '[]', 50 + g % 700, '{{}}', 'listing ' || g, 1 + g % 2000
FROM generate_series(1, 5000) g;

WITH w AS (SELECT ARRAY{WORDS!r}::text[] AS a)
INSERT INTO collections (owner_id, name, description, visibility, view_count, copy_count,
                         hidden_by_moderation, created_at, updated_at, search_words)
SELECT owner_id, name, description, visibility, views, copies, hidden, created, updated,
       lower(name || ' ' || description)
FROM (
  SELECT 1 + (g * 7919) % 2000 AS owner_id,
         a[1 + g % 20] || ' ' || a[1 + (g / 20) % 20] || ' ' || a[1 + (g / 400) % 20]
           || CASE WHEN g % 1000 = 7 THEN ' zephyr' ELSE '' END AS name,
         'collection number ' || g AS description,
         CASE WHEN g % 6 = 0 THEN (CASE WHEN g % 12 = 0 THEN 'private' ELSE 'unlisted' END)
              ELSE 'public' END AS visibility,
         (g * 31) % 5000 AS views, (g * 17) % 300 AS copies, g % 997 = 0 AS hidden,
         timestamptz '2026-01-01' + (g * 263 % 31536000) * interval '1 second' AS created,
         timestamptz '2026-06-01' + (g * 127 % 15768000) * interval '1 second' AS updated
  FROM w, generate_series(1, %(total)s) g
) s;

INSERT INTO collection_items (collection_id, listing_id, status, position, price_usd)
SELECT c.id, 1 + (c.id * 7 + k * 1013) % 5000, 'undecided', k, 100
FROM collections c, generate_series(0, 2) k WHERE c.id % 3 = 0;

"""
# Run outside a transaction: the state a live database settles into under autovacuum.
SETTLE = "VACUUM ANALYZE"

KINDS = {
    "no query": ("", DiscoverQuery()),
    "q= common word": ("?q=mini", DiscoverQuery(text="mini")),
    "q= rare word": ("?q=zephyr", DiscoverQuery(text="zephyr")),
    "owner=": ("?owner=user42", DiscoverQuery(owner="user42")),
    "sort=popular": ("?sort=popular", DiscoverQuery(sort=DiscoverSort.POPULAR)),
    "offset=10000": ("?offset=10000", DiscoverQuery(page=PageRequest(20, 10_000))),
}


async def seed(url: str, total: int) -> None:
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()
    conn = await _connect(url)
    try:
        await conn.execute(SEED.replace("%(total)s", str(total)))
        await conn.execute(SETTLE)
        public = await conn.fetchval("SELECT count(*) FROM collections WHERE visibility = 'public'")
        print(f"seeded {total:,} collections ({public:,} public)", flush=True)
    finally:
        await conn.close()


async def _connect(url: str) -> asyncpg.Connection:
    u = make_url(url)
    return await asyncpg.connect(
        user=u.username, password=u.password, host=u.host, port=u.port, database=u.database
    )


def _prepared(statement) -> tuple[str, list[object]]:  # type: ignore[no-untyped-def]
    """The statement as the asyncpg driver sends it: SQL with $n placeholders, and values."""
    compiled = statement.compile(dialect=asyncpg_dialect())
    names = compiled.positiontup or []
    return str(compiled), [compiled.params[name] for name in names]


async def measure(url: str, runs: int) -> list[tuple[str, float, float, float, float]]:
    settings = Settings(data_dir=Path("var/bench"), database_url=url, storage="sql")
    app = create_app(build_container(settings))
    conn = await _connect(url)
    rows = []
    try:
        async with AsyncTestClient(app) as client:
            for kind, (params, query) in KINDS.items():

                async def http(params: str = params) -> None:
                    response = await client.get(f"/collections/discover{params}")
                    assert response.status_code == 200, response.text

                count, page = (_prepared(s) for s in discover_statements("postgresql", query))

                async def floor(count=count, page=page) -> None:  # type: ignore[no-untyped-def]
                    await conn.fetchval(count[0], *count[1])
                    await conn.fetch(page[0], *page[1])

                ours = await timed(http, runs)
                bare = await timed(floor, runs)
                rows.append((kind, p(ours, 50), p(ours, 95), p(bare, 50), p(bare, 95)))
    finally:
        await conn.close()
    return rows


def report(rows: list[tuple[str, float, float, float, float]], total: int) -> bool:
    print(f"\ndiscover · {total:,} collections · {machine()} · {today()}")
    print(f"{'request':<16} {'p50 ms':>8} {'p95 ms':>8} {'floor p50':>10} {'floor p95':>10}"
          f" {'ratio p95':>10}  budget p95 <= {BUDGET_P95_MS:g} ms")  # fmt: skip
    ok = True
    for kind, p50, p95, f50, f95 in rows:
        verdict = "ok" if p95 <= BUDGET_P95_MS else "OVER"
        ok &= verdict == "ok"
        print(
            f"{kind:<16} {p50:8.2f} {p95:8.2f} {f50:10.2f} {f95:10.2f} {p95 / f95:10.1f}  {verdict}"
        )
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", type=int, default=120_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    async with throwaway_database("dealbrain_bench_discover") as url:
        await seed(url, args.collections)
        rows = await measure(url, args.runs)
    return 0 if report(rows, args.collections) else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
