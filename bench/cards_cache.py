"""Card cache hits: get() latency per BlobCache backend, against its floor and budget.

    .venv/bin/python bench/cards_cache.py [--gets 2000] [--kib 60]

One card-sized payload (random bytes, as incompressible as a PNG) is put once, then read
`--gets` times per backend. The floor is the least the backend's medium allows: a dict
lookup (memory), a bare open().read() of the same file (filesystem), a bare aiobotocore
get_object + read on the same client (S3 on loopback, moto's server on 127.0.0.1).
Budgets (docs/product.md §7): memory p95 <= 5 ms, S3 on loopback p95 <= 30 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.filesystem import FilesystemBlobCache
from adapters.filesystem.keys import key_path
from adapters.memory.blobs import MemoryBlobCache
from adapters.s3 import S3BlobCache
from adapters.system.clock import SystemClock
from adapters.tiered import TieredBlobCache
from bench.common import machine, p, timed, today
from domain.ports import BlobCache
from tests.support.s3 import REGION, moto_s3_server

KEY = "cards/1042/3f9a1c0de2b7/light-social.png"
TTL = 30 * 86400
Call = Callable[[], Awaitable[object]]


async def hit(cache: BlobCache) -> Call:
    async def call() -> None:
        if await cache.get(KEY) is None:
            raise RuntimeError("expected a cache hit")

    return call


async def memory_rows(payload: bytes) -> list[tuple[str, Call, Call, float | None]]:
    cache = MemoryBlobCache(SystemClock())
    await cache.put(KEY, payload, "image/png", TTL)
    plain = {KEY: payload}

    async def floor() -> object:
        return plain[KEY]

    return [("memory", await hit(cache), floor, 5.0)]


async def filesystem_rows(payload: bytes, root: Path) -> list[tuple[str, Call, Call, float | None]]:
    cache = FilesystemBlobCache(root, SystemClock())
    await cache.put(KEY, payload, "image/png", TTL)
    path = key_path(root, KEY)

    async def floor() -> object:
        # the floor is the blocking read itself, on purpose
        with open(path, "rb") as file:  # noqa: ASYNC230
            return file.read()

    def read() -> bytes:
        with open(path, "rb") as file:
            return file.read()

    async def threaded_floor() -> object:
        return await asyncio.to_thread(read)

    rows = [("filesystem", await hit(cache), floor, None)]
    rows.append(("  (floor: same read in a thread)", threaded_floor, floor, None))
    return rows


async def s3_rows(payload: bytes, runs: int) -> list[str]:
    with moto_s3_server() as server:
        cache = S3BlobCache(
            "bench-cards", SystemClock(), endpoint_url=server.endpoint_url, region=REGION
        )
        async with cache:
            await cache.client.create_bucket(Bucket=cache.bucket)
            await cache.put(KEY, payload, "image/png", TTL)

            async def floor() -> object:
                response = await cache.client.get_object(Bucket=cache.bucket, Key=KEY)
                async with response["Body"] as body:
                    return await body.read()

            tiered = TieredBlobCache(MemoryBlobCache(SystemClock()), cache, SystemClock())
            await tiered.get(KEY)  # fills the front
            plain = {KEY: payload}

            async def front_floor() -> object:
                return plain[KEY]

            return [
                await row("s3 (moto on loopback)", await hit(cache), floor, 30.0, runs),
                await row("tiered memory over s3", await hit(tiered), front_floor, 5.0, runs),
            ]


async def row(name: str, call: Call, floor: Call, budget: float | None, runs: int) -> str:
    ours = await timed(call, runs)
    base = await timed(floor, runs)
    verdict = "—" if budget is None else ("OK" if p(ours, 95) <= budget else "OVER")
    limit = "none" if budget is None else f"<= {budget:g} ms"
    return (
        f"{name:<34} {p(ours, 50):8.3f} {p(ours, 95):8.3f} {p(base, 50):8.3f} "
        f"{p(base, 95):8.3f} {p(ours, 95) / p(base, 95):7.1f}x  {limit:<9} {verdict}"
    )


async def main(runs: int, kib: int) -> None:
    payload = os.urandom(kib * 1024)
    print(f"# card cache hits · {today()} · {machine()}")
    print(f"# {runs} gets of one {kib} KiB blob per backend; times in ms")
    print(
        f"{'backend':<34} {'p50':>8} {'p95':>8} {'floor50':>8} {'floor95':>8} "
        f"{'p95/fl':>8}  {'budget':<9} verdict"
    )
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as folder:
        local = [*await memory_rows(payload), *await filesystem_rows(payload, Path(folder))]
        for name, call, floor, budget in local:
            print(await row(name, call, floor, budget, runs))
    for line in await s3_rows(payload, runs):
        print(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gets", type=int, default=2000)
    parser.add_argument("--kib", type=int, default=60)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.gets, arguments.kib))
