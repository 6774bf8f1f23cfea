from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.health import ping


async def test_ping_answers_on_both_backends(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        await ping(engine)
    finally:
        await engine.dispose()


async def test_ping_raises_when_postgres_is_unreachable() -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    try:
        with pytest.raises(Exception):  # noqa: B017 - any driver error will do
            await ping(engine)
    finally:
        await engine.dispose()


# aiosqlite's worker thread for the failed connection reports to the test's loop after it
# closed; harmless, and not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
async def test_ping_raises_when_the_sqlite_file_cannot_be_opened(tmp_path: Path) -> None:
    directory = tmp_path / "a-directory-not-a-file"
    directory.mkdir()
    engine = create_engine(f"sqlite+aiosqlite:///{directory}")
    try:
        with pytest.raises(OperationalError, match="unable to open database file"):
            await ping(engine)
    finally:
        await engine.dispose()
