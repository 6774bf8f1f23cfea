"""GET /health on a schedule, in a process of its own (bench/portable.py drives it).

    .venv/bin/python bench/health_probe.py http://127.0.0.1:PORT

Reads commands on stdin: `start` begins probing every 20 ms, open loop (a probe leaves on
schedule whether or not the previous ones came back; its latency counts from when it was
due); `stop` ends it and prints one JSON line `{"samples": [ms, …], "failures": n}`. Its own
process, so that what the benchmark itself does meanwhile (decoding a megabytes-long answer
holds its interpreter lock) is not counted against the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time

import httpx

EVERY_S = 0.02


async def probe(client: httpx.AsyncClient, due: float, samples: list[float]) -> int:
    try:
        ok = (await client.get("/health")).status_code == 200
    except httpx.HTTPError:
        ok = False
    samples.append((time.perf_counter() - due) * 1000)
    return 0 if ok else 1


async def probing(client: httpx.AsyncClient, stop: asyncio.Event) -> dict[str, object]:
    samples: list[float] = []
    tasks: list[asyncio.Task[int]] = []
    due = time.perf_counter()
    while not stop.is_set():
        tasks.append(asyncio.create_task(probe(client, due, samples)))
        due += EVERY_S
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=max(0.0, due - time.perf_counter()))
    failures = sum(await asyncio.gather(*tasks))
    return {"samples": samples, "failures": failures}


async def main(base: str) -> None:
    loop = asyncio.get_running_loop()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=20)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=300) as client:
        while True:
            command = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
            if command != "start":
                return
            stop = asyncio.Event()
            running = asyncio.create_task(probing(client, stop))
            await loop.run_in_executor(None, sys.stdin.readline)  # "stop"
            stop.set()
            print(json.dumps(await running), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
