"""Throwaway PostgreSQL databases for tests.

The server comes from DEALBRAIN_TEST_DATABASE_URL (a SQLAlchemy URL, any database part is
ignored) or defaults to postgresql+asyncpg://postgres@127.0.0.1:5432. Each helper makes a
database with a random name and drops it afterwards. If the server cannot be reached the
test fails (never skips) with a message that says how to start one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import asyncpg
import pytest
from sqlalchemy.engine import URL, make_url

from tests.support.run import run_sync

ENV_VAR = "DEALBRAIN_TEST_DATABASE_URL"
DEFAULT_SERVER_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432"
CONNECT_TIMEOUT_S = 5
NAME_PREFIX = "dealbrain_test_"


class PostgresUnavailable(RuntimeError):
    pass


def server_url() -> URL:
    return make_url(os.environ.get(ENV_VAR) or DEFAULT_SERVER_URL)


def how_to_start(url: URL, error: BaseException) -> str:
    shown = url.render_as_string(hide_password=True)
    return (
        f"PostgreSQL is not reachable at {shown} ({type(error).__name__}: {error}).\n"
        "These tests need it and are never skipped. Start one, e.g.\n"
        "  docker run -d --name dealbrain-pg -p 5432:5432 "
        "-e POSTGRES_HOST_AUTH_METHOD=trust postgres:15\n"
        "  (or: sudo service postgresql start)\n"
        f"or point {ENV_VAR} at a server you may create databases on, e.g.\n"
        f"  {ENV_VAR}=postgresql+asyncpg://user:password@host:5432"
    )


async def _admin_connection(url: URL) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(
            user=url.username,
            password=url.password,
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            database="postgres",
            timeout=CONNECT_TIMEOUT_S,
        )
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        raise PostgresUnavailable(how_to_start(url, error)) from error


async def create_database(server: URL | None = None) -> str:
    """Create an empty database with a random name; return its SQLAlchemy URL."""
    server = server or server_url()
    name = NAME_PREFIX + secrets.token_hex(6)
    admin = await _admin_connection(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return server.set(drivername="postgresql+asyncpg", database=name).render_as_string(
        hide_password=False
    )


async def drop_database(url: str) -> None:
    """Drop it, first ending any connection a test left open."""
    parsed = make_url(url)
    name = parsed.database
    assert name and name.startswith(NAME_PREFIX), f"refusing to drop {name!r}"
    admin = await _admin_connection(parsed)
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await admin.close()


@asynccontextmanager
async def throwaway_database(server: URL | None = None) -> AsyncIterator[str]:
    """`async with throwaway_database() as url:` — fails the test if there is no server."""
    try:
        url = await create_database(server)
    except PostgresUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield url
    finally:
        await drop_database(url)


@contextmanager
def throwaway_database_sync(server: URL | None = None) -> Iterator[str]:
    """The same for sync (e.g. session-scoped) fixtures; the async work runs in a thread."""
    try:
        url = run_sync(create_database(server))
    except PostgresUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield url
    finally:
        run_sync(drop_database(url))
