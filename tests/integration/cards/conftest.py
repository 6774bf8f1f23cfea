"""Card rendering on the real Chromium (scripts/ensure-chromium installs it; never skipped)."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import psutil
import pytest_asyncio

from adapters.playwright import PlaywrightCardRenderer
from domain.cards import CardContent, CardDeal, CollectionCardContent, ValueTier
from domain.listings import Condition


def chromium_path() -> str | None:
    return os.environ.get("DEALBRAIN_CHROMIUM_PATH") or None


def full_content(**changes: object) -> CardContent:
    values: dict[str, object] = {
        "listing_id": 7,
        "title": "Dell OptiPlex 7070 Micro — Core i7-9700T, 32 GB DDR4, 1 TB NVMe, Windows 11 Pro",
        "price_usd": 449.0,
        "adjusted_price_usd": 529.0,
        "tier": ValueTier.GREAT,
        "cpu": "Intel Core i7-9700T",
        "gpu": "Intel UHD Graphics 630",
        "ram": "32 GB DDR4",
        "storage": "1 TB NVME",
        "composite_score": 87.4,
        "manufacturer": "Dell",
        "series": "OptiPlex",
        "condition": Condition.REFURB,
    }
    values.update(changes)
    return CardContent(**values)  # type: ignore[arg-type]


def collection_content(**changes: object) -> CollectionCardContent:
    values: dict[str, object] = {
        "collection_id": 5,
        "name": "Homelab mini PCs under $500 🖥️",
        "owner": "alice",
        "item_count": 12,
        "deals": (
            CardDeal(
                1,
                "Dell OptiPlex 7070 Micro — Core i7-9700T, 32 GB DDR4, 1 TB NVMe",
                449.0,
                529.0,
                ValueTier.GREAT,
            ),
            CardDeal(
                2, "Lenovo ThinkCentre M720q i5-8500T 16GB 512GB", 259.0, 280.0, ValueTier.GOOD
            ),
            CardDeal(3, "Beelink SER5 迷你主机", 1299.0, None, None),
        ),
    }
    values.update(changes)
    return CollectionCardContent(**values)  # type: ignore[arg-type]


def browser_tree(renderer: PlaywrightCardRenderer) -> list[psutil.Process]:
    """The renderer's Chromium and every process under it (its own process group, so
    killing them touches no other renderer, nor other test runs)."""
    assert renderer.browser_pid is not None, "the browser should be running"
    browser = psutil.Process(renderer.browser_pid)
    return [browser, *browser.children(recursive=True)]


def kill(processes: list[psutil.Process]) -> None:
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def renderer() -> AsyncIterator[PlaywrightCardRenderer]:
    """One warm browser for the read-only tests of the suite."""
    shared = PlaywrightCardRenderer(chromium_path=chromium_path())
    await shared.start()
    yield shared
    await shared.close()


@dataclass
class Listener:
    """A real TCP server on 127.0.0.1 that counts every connection made to it."""

    port: int = 0
    connections: int = 0
    server: asyncio.Server | None = field(default=None, repr=False)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        writer.close()


@pytest_asyncio.fixture(loop_scope="session")
async def listener() -> AsyncIterator[Listener]:
    counting = Listener()
    counting.server = await asyncio.start_server(counting._accept, "127.0.0.1", 0)
    counting.port = counting.server.sockets[0].getsockname()[1]
    yield counting
    counting.server.close()
    await counting.server.wait_closed()
