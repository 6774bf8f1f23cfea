"""Card rendering on the real Chromium: latency, floor, throughput, memory, image sizes.

    .venv/bin/python bench/cards_render.py [--runs 100] [--throughput 200] [--soak 2000]

For each size and format (light style): one render at a time with a warm browser, each of
distinct content (p50/p95), against the floor — a blank page of the same size and format
through the same pool — and the ratio. Then throughput at the default concurrency (2),
RSS/PSS of Python + the Playwright driver + Chromium after the first 100 renders and after
`--soak` renders, and the largest image seen. Verdicts against the issue's budgets. Saves
one card of each size (light, png) to docs/images/card-<size>.png, and samples: a title
with emoji and CJK, a listing without specs (story), the collection card (social, story).
`--images-only` saves the images and stops.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import time
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

BUDGET_P95_MS = 150.0  # social PNG
BUDGET_CARDS_PER_S = 15.0
BUDGET_RSS_MB = 400.0
BUDGET_GROWTH = 0.10
BUDGET_BYTES = 500 * 1024
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


async def sequential(call, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        await call(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def memory_mb() -> tuple[float, float]:
    """(RSS, PSS) summed over this process and every descendant: Python, driver, Chromium."""
    rss = pss = 0
    for proc in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


async def latency(renderer: PlaywrightCardRenderer, runs: int) -> tuple[bool, int]:
    print(
        f"{'variant':<14} {'p50 ms':>7} {'p95 ms':>7} {'floor p50':>9} {'floor p95':>9} "
        f"{'ratio p50':>9} {'KB max':>7}"
    )
    ok, biggest = True, 0
    for size in CardSize:
        for fmt in CardFormat:
            variant = CardVariant(size=size, format=fmt)
            sizes: list[int] = []

            async def card(
                i: int, variant: CardVariant = variant, sizes: list[int] = sizes
            ) -> None:
                sizes.append(len(await renderer.render(sample(i), variant)))

            async def floor(i: int, variant: CardVariant = variant) -> None:
                await renderer.render_html(blank_html(), variant)

            ours = await sequential(card, runs)
            base = await sequential(floor, runs)
            biggest = max(biggest, *sizes)
            line = (
                f"{size}-{fmt:<8} {p(ours, 50):7.1f} {p(ours, 95):7.1f} {p(base, 50):9.1f} "
                f"{p(base, 95):9.1f} {p(ours, 50) / p(base, 50):8.2f}x {max(sizes) / 1024:7.0f}"
            )
            if size is CardSize.SOCIAL and fmt is CardFormat.PNG:
                ok = p(ours, 95) <= BUDGET_P95_MS
                line += f"   budget p95 <= {BUDGET_P95_MS:.0f} ms: {verdict(ok)}"
            print(line, flush=True)
    return ok, biggest


async def throughput(renderer: PlaywrightCardRenderer, total: int, offset: int) -> float:
    variant = CardVariant()
    start = time.perf_counter()
    await asyncio.gather(*(renderer.render(sample(offset + i), variant) for i in range(total)))
    return total / (time.perf_counter() - start)


async def soak(renderer: PlaywrightCardRenderer, total: int, offset: int) -> tuple[float, ...]:
    variants = [CardVariant(size=s, format=f) for s in CardSize for f in CardFormat]
    after_first: tuple[float, float] = (0.0, 0.0)
    for batch_start in range(0, total, 100):
        await asyncio.gather(
            *(
                renderer.render(sample(offset + i), variants[i % len(variants)])
                for i in range(batch_start, min(total, batch_start + 100))
            )
        )
        if batch_start == 0:
            await asyncio.sleep(0.5)  # let retired contexts close before the first reading
            after_first = memory_mb()
    await asyncio.sleep(0.5)
    return (*after_first, *memory_mb())


def report_memory(floor: tuple[float, float], readings: tuple[float, ...], soak: int) -> bool:
    rss1, pss1, rss2, pss2 = readings
    growth = pss2 / pss1 - 1
    size_ok, growth_ok = pss2 <= BUDGET_RSS_MB, growth <= BUDGET_GROWTH
    print(f"memory floor (browser launched, no page): PSS {floor[1]:.0f} MB (RSS {floor[0]:.0f})")
    print(
        f"memory after 100 renders: PSS {pss1:.0f} MB (RSS {rss1:.0f}); after {soak}: "
        f"PSS {pss2:.0f} MB (RSS {rss2:.0f}) — budget <= {BUDGET_RSS_MB:.0f} MB: "
        f"{verdict(size_ok)}; growth {growth:+.1%} — budget <= {BUDGET_GROWTH:.0%}: "
        f"{verdict(growth_ok)}"
    )
    print(
        "  PSS splits pages shared between processes fairly; the RSS sum counts Chromium's "
        "shared pages once per process. Both include Python and Playwright's Node driver."
    )
    return size_ok and growth_ok


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


async def collection_latency(renderer: PlaywrightCardRenderer, runs: int) -> None:
    variant = CardVariant()

    async def card(i: int) -> None:
        await renderer.render(collection_sample(i), variant)

    ours = await sequential(card, runs)
    print(f"{'collection-social-png':<22} p50 {p(ours, 50):.1f} ms, p95 {p(ours, 95):.1f} ms")


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="renders per variant for latency")
    parser.add_argument("--throughput", type=int, default=200)
    parser.add_argument("--soak", type=int, default=2000, help="renders before the RSS reading")
    parser.add_argument("--chromium", default=None, help="DEALBRAIN_CHROMIUM_PATH")
    parser.add_argument("--images-only", action="store_true", help="save the images, stop")
    args = parser.parse_args()

    renderer = PlaywrightCardRenderer(chromium_path=args.chromium)
    print(f"cards · {machine()} · {today()} · concurrency 2 · recycle after 500")
    try:
        start = time.perf_counter()
        await renderer.start()
        print(f"browser launch {(time.perf_counter() - start) * 1000:.0f} ms")
        await asyncio.sleep(1.0)
        floor_mem = memory_mb()
        for i in range(20):  # warm: fonts, the first page, the first context
            await renderer.render(sample(i), CardVariant(size=list(CardSize)[i % 3]))
        await save_images(renderer)
        if args.images_only:
            return 0
        latency_ok, biggest = await latency(renderer, args.runs)
        await collection_latency(renderer, args.runs)
        rate = await throughput(renderer, args.throughput, offset=10_000)
        rate_ok = rate >= BUDGET_CARDS_PER_S
        print(
            f"throughput social png: {rate:.1f} cards/s "
            f"(budget >= {BUDGET_CARDS_PER_S:.0f}: {verdict(rate_ok)})",
            flush=True,
        )
        mem_ok = report_memory(floor_mem, await soak(renderer, args.soak, offset=20_000), args.soak)
        size_ok = biggest < BUDGET_BYTES
        print(f"largest image {biggest / 1024:.0f} KB (budget < 500 KB: {verdict(size_ok)})")
        print(f"renderer: {dataclasses.asdict(renderer.stats)}")
    finally:
        await renderer.close()
    return 0 if latency_ok and rate_ok and mem_ok and size_ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
