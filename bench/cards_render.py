"""Card rendering on the real Chromium against its floor: latency, throughput, memory.

    .venv/bin/python bench/cards_render.py [--runs 100] [--rate-runs 100] [--soak 2000]

Everything is measured **side by side in one process**, card and floor interleaved, and
judged by ratios — the machine has 2 cores and other work on it, so absolute figures move
from run to run while ratios hold. The floor is a blank page of the same size and format
drawn through the same renderer (same pool, same capture): what a card costs above it is
what our template and its pixels cost.

1. Latency per size and format (light style), one render at a time, each of distinct
   content: p50/p95 of the card and of the floor, the ratio, the largest image.
2. Social PNG at 1, 2 and 4 callers in flight (closed loop, blocks of card and floor
   interleaved): p50/p95 per render (waiting for a page included) and cards/s, and the
   card's ratio to the floor.
3. Memory of the whole process tree (Python + Playwright's driver + Chromium) with the
   browser up, after 100 renders and after `--soak` renders: PSS, and an "alone" estimate
   that other Chromiums on the machine do not move (per mapped file the largest resident
   size in the tree, plus every process's anonymous and shared memory, summed).

Verdicts against the budgets of issues 5 and 14. `--images` saves one card of each size
(light, png) to docs/images/card-<size>.png and the samples (a title with emoji and CJK, a
listing without specs, the collection card); `--images-only` saves them and stops.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil

from adapters.playwright import PlaywrightCardRenderer
from adapters.playwright.template import blank_html
from bench.common import machine, p, today
from domain.cards import (
    CardContent,
    CardDeal,
    CardFormat,
    CardSize,
    CardVariant,
    CollectionCardContent,
    value_tier,
)
from domain.listings import Condition

BUDGET_P95_MS = 150.0  # social PNG, one at a time (issue 5)
BUDGET_CARDS_PER_S = 15.0  # social PNG at concurrency 2 (issue 5)
BUDGET_P50_RATIO = 1.10  # card p50 / floor p50, social PNG (issue 14)
BUDGET_RATE_RATIO = 0.90  # card cards/s / floor's at concurrency 2 (issue 14)
BUDGET_ALONE_MB = 450.0  # whole tree after the soak, alone estimate (issue 14)
BUDGET_GROWTH = 0.10
BUDGET_BYTES = 500 * 1024
CONCURRENCY = (1, 2, 4)
IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"

MAKERS = [("Dell", "OptiPlex"), ("Lenovo", "ThinkCentre"), ("HP", "EliteDesk"), (None, None)]
CPUS = ["Intel Core i7-9700T", "AMD Ryzen 7 5825U", "Intel Core i5-12500T", "Intel N100"]
GPUS = ["Intel UHD Graphics 630", "AMD Radeon Vega 8", None, "NVIDIA GeForce RTX 3060 12GB"]
SHOWCASE = CardContent(
    listing_id=1,
    title="Dell OptiPlex 7070 Micro — Core i7-9700T, 32 GB DDR4, 1 TB NVMe, Windows 11 Pro",
    price_usd=449.0,
    adjusted_price_usd=529.0,
    tier=value_tier(449.0, 529.0),
    cpu="Intel Core i7-9700T",
    gpu="Intel UHD Graphics 630",
    ram="32 GB DDR4",
    storage="1 TB NVMe",
    composite_score=87.4,
    manufacturer="Dell",
    series="OptiPlex",
    condition=Condition.REFURB,
)
COLLECTION = CollectionCardContent(
    collection_id=1,
    name="Homelab mini PCs under $500 🖥️",
    owner="alice",
    item_count=12,
    deals=(
        CardDeal(1, SHOWCASE.title, 449.0, 529.0, value_tier(449.0, 529.0)),
        CardDeal(2, "Lenovo ThinkCentre M720q i5-8500T 16GB 512GB", 259.0, 280.0,
                 value_tier(259.0, 280.0)),
        CardDeal(3, "Beelink SER5 Ryzen 7 5800H 迷你主机", 299.0, None, None),
    ),
)  # fmt: skip
SAMPLES = {
    "card-emoji-cjk-social.png": (
        dataclasses.replace(
            SHOWCASE,
            title="🔥 Beelink SER5 迷你主机 Ryzen 7 5800H ミニPC 32GB 🚀",
            cpu="AMD Ryzen 7 5800H",
            gpu="AMD Radeon Graphics (Vega 8, 2000 MHz)",
            manufacturer="Beelink",
            series="SER",
            condition=Condition.NEW,
        ),
        CardVariant(),
    ),
    "card-no-specs-story.png": (
        CardContent(
            listing_id=2,
            title="Mystery mini PC from a garage sale",
            price_usd=80.0,
            adjusted_price_usd=95.0,
            tier=value_tier(80.0, 95.0),
            cpu=None,
            gpu=None,
            ram=None,
            storage=None,
            composite_score=None,
            manufacturer=None,
            series=None,
            condition=Condition.USED,
        ),
        CardVariant(size=CardSize.STORY),
    ),
    "card-collection-social.png": (COLLECTION, CardVariant()),
    "card-collection-story.png": (COLLECTION, CardVariant(size=CardSize.STORY)),
}


def sample(i: int) -> CardContent:
    """Distinct, realistic content for render number `i` (never a repeat of the same page)."""
    maker, series = MAKERS[i % 4]
    price = 150.0 + (i * 37) % 1400
    adjusted = price * (0.85 + (i % 7) * 0.06)
    return dataclasses.replace(
        SHOWCASE,
        listing_id=i,
        title=f"{maker or 'Mini PC'} {series or ''} #{i} — {CPUS[i % 4]}, {8 << (i % 3)} GB RAM",
        price_usd=price,
        adjusted_price_usd=round(adjusted, 2),
        tier=value_tier(price, adjusted),
        cpu=CPUS[i % 4],
        gpu=GPUS[(i // 4) % 4],
        ram=f"{8 << (i % 3)} GB DDR{4 + i % 2}",
        composite_score=40 + (i * 13) % 60,
        manufacturer=maker,
        series=series,
    )


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


Render = Callable[[int], Awaitable[bytes]]


async def closed_loop(render: Render, first: int, total: int, callers: int) -> tuple[list, float]:
    """`callers` coroutines drawing renders `first … first+total-1` between them, each
    starting its next as soon as its last is done: (ms per render, seconds in all)."""
    numbers = iter(range(first, first + total))
    samples: list[float] = []

    async def caller() -> None:
        for i in numbers:
            start = time.perf_counter()
            await render(i)
            samples.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(callers)))
    return samples, time.perf_counter() - start


# --- memory --------------------------------------------------------------------------------

_SHARED_MEMORY = ("/memfd:", "/dev/shm/", "/SYSV")


def tree() -> list[psutil.Process]:
    me = psutil.Process()
    return [me, *me.children(recursive=True)]


def _status_kb(pid: int, *fields: str) -> int:
    total = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in fields:
                total += int(value.split()[0])
    return total


def _file_kb(pid: int) -> dict[tuple[str, str], int]:
    """Resident file pages per mapped file (device, inode) in one process: each mapping's
    Rss less its Anonymous (copy-on-write) pages, which RssAnon counts already."""
    files: dict[tuple[str, str], int] = {}
    key: tuple[str, str] | None = None
    rss = 0
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            head = line.split(maxsplit=5)
            if "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                path = head[5].strip() if len(head) > 5 else ""
                named = head[4] != "0" and path.startswith("/")
                key = (head[3], head[4]) if named and not path.startswith(_SHARED_MEMORY) else None
            elif key is not None and head[0] == "Rss:":
                rss = int(head[1])
            elif key is not None and head[0] == "Anonymous:":
                files[key] = files.get(key, 0) + rss - int(head[1])
    return files


@dataclasses.dataclass(frozen=True)
class Memory:
    pss_mb: float
    alone_mb: float  # files once (largest resident size in the tree) + anon + shmem summed
    processes: int

    def __str__(self) -> str:
        return f"PSS {self.pss_mb:4.0f} MB, alone {self.alone_mb:4.0f} MB ({self.processes} proc)"


def memory() -> Memory:
    """The whole tree: this process, Playwright's driver, Chromium and its children."""
    pss = private = 0
    files: dict[tuple[str, str], int] = {}
    count = 0
    for proc in tree():
        try:
            pss += proc.memory_full_info().pss // 1024
            private += _status_kb(proc.pid, "RssAnon", "RssShmem")
            for key, kb in _file_kb(proc.pid).items():
                files[key] = max(files.get(key, 0), kb)
        except (psutil.NoSuchProcess, psutil.AccessDenied, FileNotFoundError, ProcessLookupError):
            continue
        count += 1
    return Memory(pss / 1024, (private + sum(files.values())) / 1024, count)


def by_kind() -> str:
    """Alone estimate per kind of process: where the memory is."""
    kinds: dict[str, list[int]] = {}
    for proc in tree():
        try:
            cmd = proc.cmdline()
            kind = next((a.split("=", 1)[1] for a in cmd if a.startswith("--type=")), None)
            kind = kind or ("python" if proc.pid == os.getpid() else os.path.basename(cmd[0]))
            kb = _status_kb(proc.pid, "RssAnon", "RssShmem")
        except (psutil.NoSuchProcess, psutil.AccessDenied, FileNotFoundError, IndexError):
            continue
        kinds.setdefault(kind, []).append(kb)
    return ", ".join(
        f"{kind} {len(kbs)}x{sum(kbs) / 1024 / len(kbs):.0f}" for kind, kbs in sorted(kinds.items())
    )


# --- sections ------------------------------------------------------------------------------


async def latency(renderer: PlaywrightCardRenderer, runs: int) -> int:
    print(
        f"\n{'variant':<14} {'p50 ms':>7} {'p95 ms':>7} {'floor p50':>9} {'floor p95':>9} "
        f"{'ratio p50':>9} {'KB max':>7}"
    )
    biggest = 0
    blank = blank_html()
    for size in CardSize:
        for fmt in CardFormat:
            variant = CardVariant(size=size, format=fmt)
            ours: list[float] = []
            base: list[float] = []
            sizes: list[int] = []
            for i in range(runs):  # interleaved: card, floor, card, floor …
                start = time.perf_counter()
                sizes.append(len(await renderer.render(sample(i), variant)))
                ours.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                await renderer.render_html(blank, variant)
                base.append((time.perf_counter() - start) * 1000)
            biggest = max(biggest, *sizes)
            print(
                f"{size}-{fmt:<8} {p(ours, 50):7.1f} {p(ours, 95):7.1f} {p(base, 50):9.1f} "
                f"{p(base, 95):9.1f} {p(ours, 50) / p(base, 50):8.2f}x {max(sizes) / 1024:7.0f}",
                flush=True,
            )
    return biggest


async def collection_latency(renderer: PlaywrightCardRenderer, runs: int) -> None:
    variant = CardVariant()

    async def card(i: int) -> bytes:
        return await renderer.render(collection_sample(i), variant)

    ours, _ = await closed_loop(card, 0, runs, 1)
    print(f"{'collection-social-png':<22} p50 {p(ours, 50):.1f} ms, p95 {p(ours, 95):.1f} ms")


@dataclasses.dataclass
class Rate:
    samples: list[float] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def add(self, samples: list[float], seconds: float) -> None:
        self.samples += samples
        self.seconds += seconds

    @property
    def per_s(self) -> float:
        return len(self.samples) / self.seconds


async def rates(
    renderer: PlaywrightCardRenderer, runs: int, rounds: int
) -> dict[int, tuple[Rate, Rate]]:
    """Social PNG, card and floor at each concurrency: `rounds` blocks of each, alternating
    which goes first, so both see the same machine."""
    variant = CardVariant()
    blank = blank_html()

    async def card(i: int) -> bytes:
        return await renderer.render(sample(i), variant)

    async def floor(i: int) -> bytes:
        return await renderer.render_html(blank, variant)

    results = {c: (Rate(), Rate()) for c in CONCURRENCY}
    block = max(1, runs // rounds)
    first = 10_000
    for r in range(rounds):
        for c in CONCURRENCY:
            pair = [(card, results[c][0]), (floor, results[c][1])]
            for render, rate in pair if r % 2 == 0 else pair[::-1]:
                rate.add(*await closed_loop(render, first, block, c))
                first += block
    print(
        f"\nsocial png  {'card p50/p95 ms':>16} {'floor p50/p95':>14} {'ratio p50':>9} "
        f"{'card/s':>7} {'floor/s':>8} {'ratio':>6}"
    )
    for c, (ours, base) in results.items():
        print(
            f"callers {c}   {p(ours.samples, 50):7.1f} /{p(ours.samples, 95):6.1f} "
            f"{p(base.samples, 50):6.1f} /{p(base.samples, 95):6.1f} "
            f"{p(ours.samples, 50) / p(base.samples, 50):8.2f}x {ours.per_s:7.1f} "
            f"{base.per_s:8.1f} {ours.per_s / base.per_s:5.2f}x",
            flush=True,
        )
    return results


async def soak(renderer: PlaywrightCardRenderer, total: int, offset: int) -> list[Memory]:
    """Every size and format in turn, 100 in flight at a time (the pool queues them); the
    tree's memory after the first 100, every 500 after that, and after `total`."""
    variants = [CardVariant(size=s, format=f) for s in CardSize for f in CardFormat]
    readings: list[Memory] = []
    for batch_start in range(0, total, 100):
        done = min(total, batch_start + 100)
        await asyncio.gather(
            *(
                renderer.render(sample(offset + i), variants[i % len(variants)])
                for i in range(batch_start, done)
            )
        )
        if batch_start == 0 or done % 500 == 0 or done == total:
            await asyncio.sleep(1.0)  # let retired pages close before a reading
            readings.append(memory())
    return readings


async def save_images(renderer: PlaywrightCardRenderer) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    for size in CardSize:
        data = await renderer.render(SHOWCASE, CardVariant(size=size))
        (IMAGES / f"card-{size}.png").write_bytes(data)
    for name, (content, variant) in SAMPLES.items():
        (IMAGES / name).write_bytes(await renderer.render(content, variant))
    saved = [f"card-{s}.png" for s in CardSize] + list(SAMPLES)
    print(f"saved {', '.join(saved)} to {IMAGES}")


def collection_sample(i: int) -> CollectionCardContent:
    """Distinct collection content for render number `i`."""
    deals = tuple(
        CardDeal(j, item.title, item.price_usd, item.adjusted_price_usd, item.tier)
        for j, item in enumerate(sample(i * 3 + k) for k in range(3))
    )
    return dataclasses.replace(COLLECTION, collection_id=i, name=f"Deals #{i}", deals=deals)


def chromium_of(renderer: PlaywrightCardRenderer) -> str:
    """The executable the renderer launched (read from the process tree)."""
    for proc in tree():
        try:
            cmd = proc.cmdline()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if cmd and "chrom" in os.path.basename(cmd[0]) and "--type=" not in " ".join(cmd):
            return cmd[0]
    return "?"


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="renders per variant, latency")
    parser.add_argument("--rate-runs", type=int, default=100, help="renders per concurrency")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved blocks per rate")
    parser.add_argument("--soak", type=int, default=2000, help="renders before the last reading")
    parser.add_argument("--chromium", default=None, help="DEALBRAIN_CHROMIUM_PATH")
    parser.add_argument("--images", action="store_true", help="save the images to docs/images")
    parser.add_argument("--images-only", action="store_true", help="save the images, stop")
    args = parser.parse_args()

    renderer = PlaywrightCardRenderer(chromium_path=args.chromium)
    print(f"cards · {machine()} · {today()} · load {os.getloadavg()[0]:.1f}")
    try:
        start = time.perf_counter()
        await renderer.start()
        print(
            f"browser launch {(time.perf_counter() - start) * 1000:.0f} ms: {chromium_of(renderer)}"
        )
        await asyncio.sleep(1.0)
        launched = memory()
        for i in range(20):  # warm: fonts, the first page, the first context
            await renderer.render(sample(i), CardVariant(size=list(CardSize)[i % 3]))
        if args.images or args.images_only:
            await save_images(renderer)
            if args.images_only:
                return 0
        biggest = await latency(renderer, args.runs)
        await collection_latency(renderer, args.runs)
        by_c = await rates(renderer, args.rate_runs, args.rounds)
        readings = await soak(renderer, args.soak, offset=20_000)
        first, last = readings[0], readings[-1]
        kinds = by_kind()
        print(f"load {os.getloadavg()[0]:.1f}; renderer: {dataclasses.asdict(renderer.stats)}")
    finally:
        await renderer.close()

    ours1, base1 = by_c[1]
    ours2, base2 = by_c[2]
    p50_ratio = p(ours1.samples, 50) / p(base1.samples, 50)
    rate_ratio = ours2.per_s / base2.per_s
    growth = last.alone_mb / first.alone_mb - 1
    p95 = p(ours1.samples, 95)
    checks = [
        (p50_ratio <= BUDGET_P50_RATIO, f"p50 {p50_ratio:.2f}x the floor (social png, one at a "
         f"time; budget <= {BUDGET_P50_RATIO}x)"),
        (rate_ratio >= BUDGET_RATE_RATIO, f"cards/s {rate_ratio:.2f}x the floor's at "
         f"concurrency 2 (budget >= {BUDGET_RATE_RATIO}x)"),
        (p95 <= BUDGET_P95_MS, f"p95 {p95:.0f} ms, social png (budget <= {BUDGET_P95_MS:.0f})"),
        (ours2.per_s >= BUDGET_CARDS_PER_S, f"{ours2.per_s:.1f} cards/s at concurrency 2 "
         f"(budget >= {BUDGET_CARDS_PER_S:.0f})"),
        (last.alone_mb <= BUDGET_ALONE_MB, f"alone {last.alone_mb:.0f} MB after {args.soak} "
         f"renders (budget <= {BUDGET_ALONE_MB:.0f} MB)"),
        (abs(growth) <= BUDGET_GROWTH, f"growth {growth:+.1%} from 100 to {args.soak} renders, "
         f"alone (budget within {BUDGET_GROWTH:.0%})"),
        (biggest < BUDGET_BYTES, f"largest image {biggest / 1024:.0f} KB (budget < 500 KB)"),
    ]  # fmt: skip
    print(f"\nmemory, whole tree: launched {launched}")
    print(f"  after 100 renders {first}; after {args.soak} {last}")
    alone = [m.alone_mb for m in readings]
    listed = " ".join(f"{a:.0f}" for a in alone)
    print(
        f"  alone after 100, every 500 and {args.soak} renders: {listed} "
        f"(min {min(alone):.0f}, max {max(alone):.0f} MB)"
    )
    print(f"  alone by process kind (count x MB anon+shmem): {kinds}")
    print("  PSS splits pages shared with any process on the machine (other Chromiums move it);")
    print("  alone counts each mapped file once at its largest resident size in the tree.")
    print()
    for ok, text in checks:
        print(f"{verdict(ok):>4}  {text}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
