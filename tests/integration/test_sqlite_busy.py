"""Another process holds SQLite's write lock (a CLI import, a second server): reads still
answer 200 — they take no write lock — and a write answers 503 with Retry-After once the
busy timeout runs out, never 500 (issue 11, docs/adr/0092)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from dependency_injector import providers
from litestar.testing import AsyncTestClient

from entrypoints.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import Settings

# A separate OS process: BEGIN IMMEDIATE on the same file, held until its stdin closes.
HOLD_THE_WRITE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE users SET display_name = display_name")
print("locked", flush=True)
sys.stdin.read()
connection.execute("ROLLBACK")
"""
BUSY_TIMEOUT_S = 0.3
# Generous: the point is "answers", not "answers fast" (a busy wait is BUSY_TIMEOUT_S).
ANSWERS_WITHIN_S = 10


class StandInRenderer:
    async def render(self, content, variant) -> bytes:  # type: ignore[no-untyped-def]
        return b"card"


@contextmanager
def another_process_writing(database: Path) -> Iterator[None]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_WRITE_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)


@pytest.fixture
def database(tmp_path: Path, sqlite_template_file: Path) -> Path:
    target = tmp_path / "dealbrain.db"
    target.write_bytes(sqlite_template_file.read_bytes())
    return target


async def test_reads_answer_and_writes_are_503_while_another_process_writes(
    tmp_path: Path, database: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path, database_url=f"sqlite+aiosqlite:///{database}", storage="sql",
        blob_backend="memory", sqlite_busy_timeout_s=BUSY_TIMEOUT_S,
    )  # fmt: skip
    container = build_container(settings)
    container.renderer.override(providers.Object(StandInRenderer()))
    await container.user_admin().create_user("alice")
    alice = {"Authorization": f"Bearer {(await container.api_keys().create('alice')).secret}"}

    async with AsyncTestClient(create_app(container)) as client:
        listing = (
            await client.post("/listings", json={"title": "HP 800", "price_usd": 99}, headers=alice)
        ).json()
        body = {"name": "Minis", "visibility": "public"}
        collection = (await client.post("/collections", json=body, headers=alice)).json()
        items = f"/collections/{collection['id']}/items"
        added = await client.post(items, json={"listing_id": listing["id"]}, headers=alice)
        assert added.status_code == 201, added.text
        link = await client.post(f"/collections/{collection['id']}/share-tokens", headers=alice)
        token = link.json()["token"]
        json = {"Accept": "application/json"}
        reads = [
            (f"/listings/{listing['id']}", {}),
            ("/listings", {}),
            (f"/collections/{collection['id']}", alice),  # the owner: no view counted
            (f"/collections/{collection['id']}", {}),  # anyone: a view, not counted now
            (f"/s/{token}", json),  # a view through the link, not counted now
            ("/collections", alice),
            ("/collections/discover", {}),
            (f"/collections/{collection['id']}/export?format=csv", {}),
            (f"/s/{token}/export", {}),
            (f"/listings/{listing['id']}/card-image", {}),
            (f"/collections/{collection['id']}/card-image", {}),
        ]

        with another_process_writing(database):
            for path, headers in reads:
                started = time.perf_counter()
                response = await client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.text)
                assert time.perf_counter() - started < ANSWERS_WITHIN_S, path

            started = time.perf_counter()
            refused = await client.post(
                "/listings", json={"title": "Lenovo M720q", "price_usd": 80}, headers=alice
            )
            assert time.perf_counter() - started < ANSWERS_WITHIN_S
            assert refused.status_code == 503, refused.text
            assert int(refused.headers["retry-after"]) >= 1
            assert refused.json()["error"] == "busy"

        # The lock is gone: the same write goes through, and nothing half-written stayed.
        again = await client.post(
            "/listings", json={"title": "Lenovo M720q", "price_usd": 80}, headers=alice
        )
        assert again.status_code == 201, again.text
        titles = [item["title"] for item in (await client.get("/listings")).json()["items"]]
        assert sorted(titles) == ["HP 800", "Lenovo M720q"]


async def test_a_write_queued_behind_this_process_s_own_writer_is_busy_not_stuck(
    tmp_path: Path, database: Path
) -> None:
    """Units of work of one process queue on a lock: the wait is bounded the same way."""
    from adapters.sqlalchemy.engine import create_engine
    from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
    from domain.errors import Busy

    engine = create_engine(f"sqlite+aiosqlite:///{database}", sqlite_busy_timeout_s=0.2)
    factory = SqlUnitOfWorkFactory(engine, busy_timeout_s=0.2)
    try:
        async with factory():
            with pytest.raises(Busy):
                async with factory():
                    pass
            async with factory(read_only=True) as reader:
                assert await reader.users.list() == []
    finally:
        await engine.dispose()
