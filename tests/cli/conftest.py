"""Fixtures for the CLI suite: `dealbrain` run through click's CliRunner.

Each invocation builds its own container from DEALBRAIN_* variables, exactly as the
installed command does. With `DEALBRAIN_STORAGE=memory` nothing survives between
invocations, so the flows that need persistence (users list after users create, keys
list/revoke, a revoked key refused by the HTTP app) run on the SQL storage (SQLite under
the test's data dir) and are skipped while the SQL adapter is not there yet.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from entrypoints.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
SQL_MODULES = ("adapters/sqlalchemy/engine.py", "adapters/sqlalchemy/migrate.py")
SQL_READY = all((ROOT / module).exists() for module in SQL_MODULES)

Dealbrain = Callable[..., Result]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No DEALBRAIN_* setting of the machine running the tests leaks into them."""
    for name in list(os.environ):
        if name.startswith("DEALBRAIN_"):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """`dealbrain serve` must never really start listening inside the test run."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the test started a real server")

    monkeypatch.setattr("uvicorn.run", refuse)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _invoker(runner: CliRunner, data_dir: Path, storage: str) -> Dealbrain:
    def invoke(*args: str, **env: str) -> Result:
        environment = {"DEALBRAIN_DATA_DIR": str(data_dir), "DEALBRAIN_STORAGE": storage, **env}
        return runner.invoke(cli, list(args), env=environment)

    return invoke


@pytest.fixture
def dealbrain(runner: CliRunner, tmp_path: Path) -> Dealbrain:
    """`dealbrain ARGS...` on the in-memory storage; keyword arguments are extra env vars."""
    return _invoker(runner, tmp_path, "memory")


@pytest.fixture
def sql_dealbrain(runner: CliRunner, tmp_path: Path) -> Dealbrain:
    """`dealbrain ARGS...` on the SQL storage (SQLite file under the test's data dir)."""
    if not SQL_READY:
        pytest.skip(f"needs the SQL storage adapter ({', '.join(SQL_MODULES)})")
    return _invoker(runner, tmp_path, "sql")


def check_one_line_error(result: Result, message: str | None = None) -> str:
    """A failed command: non-zero exit, one `Error: …` line on stderr, no traceback."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), lines[0]
    assert result.stdout == ""
    if message is not None:
        assert lines[0] == f"Error: {message}"
    return lines[0]


def check_usage_error(result: Result, fragment: str) -> None:
    """Click's own argument checks: exit 2, usage hint plus one `Error:` line."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and fragment in errors[0], result.stderr


@pytest.fixture
def one_line_error() -> Callable[..., str]:
    return check_one_line_error


@pytest.fixture
def usage_error() -> Callable[..., None]:
    return check_usage_error
