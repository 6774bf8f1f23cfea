"""The public web pages over HTTP against 100,000 public collections in PostgreSQL.

    .venv/bin/python bench/pages.py [--collections 120000] [--runs 200]

Seeds the discover benchmark's database (bench/discover.py: 120,000 collections, 100,000
public), adds an unlisted collection of 20 items with full listings and a share link, then
times the pages through the in-process ASGI client (server time: routing, use case,
database, template; no card is rendered — the page only points at the card URLs) against
the JSON answer of the same data, and prints p50/p95 with the budget verdict (issue 9:
`/s/{token}` and `/discover` p95 <= 30 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litestar.testing import AsyncTestClient

from bench.common import machine, p, throwaway_database, timed, today
from bench.discover import seed
from entrypoints.app import create_app
from entrypoints.container import build_container, close_resources, open_resources
from entrypoints.settings import Settings

BUDGET_P95_MS = 30.0
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "User-Agent": "Mozilla/5.0"}
JSON = {"Accept": "application/json", "User-Agent": "Mozilla/5.0"}
ITEMS = 20


def _listing(number: int) -> dict[str, object]:
    return {
        "title": f"Bench mini PC {number} i5-8500T 16GB 256GB",
        "price_usd": 100.0 + number,
        "condition": "refurb",
        "seller": "bench",
        "listing_url": f"https://example.com/deal/{number}",
        "metadata": {"manufacturer": "HP", "series": "EliteDesk 800 G4"},
        "valuation": {"base_price_usd": 100.0 + number, "adjusted_price_usd": 130.0 + number},
        "performance": {
            "cpu": {"name": "Intel Core i5-8500T", "manufacturer": "Intel", "cores": 6},
            "ram": {"total_gb": 16, "ddr_generation": "ddr4"},
            "storage_primary": {"capacity_gb": 256, "medium": "nvme"},
            "metrics": {"score_composite": 70.5},
        },
    }


async def owner_key(settings: Settings) -> dict[str, str]:
    """A user and key made through the use cases, on a container of their own (its engine
    belongs to this event loop, not to the test client's)."""
    container = build_container(settings)
    await open_resources(container)
    try:
        await container.user_admin().create_user("benchowner")
        secret = (await container.api_keys().create("benchowner")).secret
    finally:
        await close_resources(container)
    return {"Authorization": f"Bearer {secret}"}


async def shared_collection(client: AsyncTestClient, key: dict[str, str]) -> str:  # type: ignore[type-arg]
    made = await client.post(
        "/collections", json={"name": "Bench stash", "visibility": "unlisted"}, headers=key
    )
    assert made.status_code == 201, made.text
    collection_id = made.json()["id"]
    for number in range(ITEMS):
        listing = (await client.post("/listings", json=_listing(number), headers=key)).json()
        await client.post(
            f"/collections/{collection_id}/items",
            json={"listing_id": listing["id"], "notes": "bench note"},
            headers=key,
        )
    link = await client.post(f"/collections/{collection_id}/share-tokens", headers=key)
    return str(link.json()["token"])


async def measure(url: str, runs: int) -> list[tuple[str, float, float, bool]]:
    settings = Settings(data_dir=Path("var/bench"), database_url=url, storage="sql")
    key = await owner_key(settings)
    app = create_app(build_container(settings))
    rows = []
    async with AsyncTestClient(app) as client:
        token = await shared_collection(client, key)
        public = (await client.get("/collections/discover?limit=1")).json()["items"][0]["id"]
        cases = [
            ("/s/{token} page", f"/s/{token}", BROWSER, True),
            ("/s/{token} JSON", f"/s/{token}", JSON, False),
            ("/discover", "/discover", BROWSER, True),
            ("/discover?q=mini", "/discover?q=mini", BROWSER, True),
            ("/discover?owner=", "/discover?owner=user42", BROWSER, True),
            ("/discover?page=500", "/discover?page=500", BROWSER, True),
            ("/ (home)", "/", BROWSER, False),
            ("/c/{id} page", f"/c/{public}", BROWSER, False),
            ("/l/{id} page", "/l/1", BROWSER, False),
        ]
        for label, path, headers, budgeted in cases:

            async def get(path: str = path, headers: dict[str, str] = headers) -> None:
                response = await client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.status_code)

            samples = await timed(get, runs)
            rows.append((label, p(samples, 50), p(samples, 95), budgeted))
    return rows


def report(rows: list[tuple[str, float, float, bool]], total: int) -> bool:
    print(f"\nweb pages · {total:,} collections · {machine()} · {today()}")
    print(f"{'request':<22} {'p50 ms':>8} {'p95 ms':>8}  budget p95 <= {BUDGET_P95_MS:g} ms")
    ok = True
    for label, p50, p95, budgeted in rows:
        verdict = ("ok" if p95 <= BUDGET_P95_MS else "OVER") if budgeted else "(no budget)"
        ok &= verdict != "OVER"
        print(f"{label:<22} {p50:8.2f} {p95:8.2f}  {verdict}")
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", type=int, default=120_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    async with throwaway_database("dealbrain_bench_pages") as url:
        await seed(url, args.collections)
        rows = await measure(url, args.runs)
    return 0 if report(rows, args.collections) else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
