"""`dealbrain` is quick to ask and clean to fail (issue 11, docs/adr/0093): `--help` loads
no web framework, database driver or container; a user's mistake is one `Error:` line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.playwright.errors import CardRenderTimeout
from adapters.playwright.renderer import PlaywrightCardRenderer

# What `--help` must not import: each costs a noticeable part of a second (together ~8 s on
# a slow machine before issue 11).
HEAVY = (
    "litestar", "uvicorn", "sqlalchemy", "alembic", "asyncpg", "aiosqlite", "dependency_injector",
    "aiobotocore", "botocore", "playwright", "PIL", "jinja2", "pydantic", "rapidfuzz",
    "entrypoints.container", "entrypoints.http", "entrypoints.web",
)  # fmt: skip
PROBE = """
import json, sys
from click.testing import CliRunner
from entrypoints.cli.main import cli
result = CliRunner().invoke(cli, sys.argv[1:])
assert result.exit_code == 0, result.output
heavy = json.loads(%r)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy)))
"""


def modules_loaded_by(*args: str) -> list[str]:
    """Run `dealbrain ARGS` in a fresh interpreter; the heavy modules it imported."""
    probe = PROBE % json.dumps(HEAVY)
    out = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    "args",
    [["--help"], ["cards", "--help"], ["db", "--help"], ["export", "--help"], ["serve", "--help"]],
    ids=" ".join,
)
def test_help_loads_nothing_heavy(args: list[str]) -> None:
    assert modules_loaded_by(*args) == []


def test_the_installed_command_answers_help() -> None:
    dealbrain = Path(sys.executable).with_name("dealbrain")
    result = subprocess.run([dealbrain, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "cards" in result.stdout


@pytest.fixture
def a_listing(sql_dealbrain) -> None:
    """Listing 1 (and more) in the SQL storage of the test's data dir."""
    seeded = sql_dealbrain("demo", "seed")
    assert seeded.exit_code == 0, seeded.output


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Chromium is never started: every render times out, and is recorded."""
    calls: list[object] = []

    async def timing_out(self, content, variant) -> bytes:  # type: ignore[no-untyped-def]
        calls.append(content)
        raise CardRenderTimeout("card not drawn within 5 s")

    monkeypatch.setattr(PlaywrightCardRenderer, "render", timing_out)
    return calls


def test_a_render_timeout_is_one_line(
    sql_dealbrain, a_listing, renders, one_line_error, tmp_path: Path
) -> None:
    result = sql_dealbrain("cards", "render", "1", "-o", str(tmp_path / "card.png"))

    one_line_error(result, "rendering failed: card not drawn within 5 s (--verbose shows why)")
    assert len(renders) == 1 and not (tmp_path / "card.png").exists()


def test_an_unwritable_output_is_one_line_before_any_render(
    sql_dealbrain, a_listing, renders, one_line_error, tmp_path: Path
) -> None:
    output = tmp_path / "missing" / "card.png"

    result = sql_dealbrain("cards", "render", "1", "-o", str(output))

    one_line_error(result, f"{output}: no such directory {str(output.parent)!r}")
    assert renders == []


def test_an_export_to_a_missing_folder_is_one_line(
    sql_dealbrain, a_listing, one_line_error, tmp_path: Path
) -> None:
    output = tmp_path / "missing" / "deal.json"

    result = sql_dealbrain("export", "listing", "1", "-o", str(output))

    one_line_error(result, f"{output}: No such file or directory")


def test_db_downgrade_to_an_unknown_revision_is_one_line(sql_dealbrain, one_line_error) -> None:
    assert sql_dealbrain("db", "upgrade").exit_code == 0

    line = one_line_error(sql_dealbrain("db", "downgrade", "nonsense"))

    assert "Can't locate revision identified by 'nonsense'" in line
    assert sql_dealbrain("db", "current").exit_code == 0  # nothing was undone


def test_a_database_that_cannot_be_reached_is_one_line(dealbrain, one_line_error) -> None:
    result = dealbrain(
        "users", "list",
        DEALBRAIN_STORAGE="sql", DEALBRAIN_DATABASE_URL="postgresql://nobody@127.0.0.1:1/none",
    )  # fmt: skip

    line = one_line_error(result)

    assert "127.0.0.1" in line


# -- Settings of issue 11 (docs/adr/0091, 0092) ------------------------------------------------


def test_the_issue_11_settings_are_read_from_the_environment() -> None:
    from entrypoints.settings import Settings

    defaults = Settings.from_env({})
    assert (defaults.s3_timeout_s, defaults.s3_breaker_failures, defaults.s3_breaker_open_s) == (
        2.0, 3, 30.0,
    )  # fmt: skip
    assert (defaults.card_write_queue, defaults.sqlite_busy_timeout_s) == (32, 10.0)
    given = Settings.from_env(
        {
            "DEALBRAIN_S3_TIMEOUT_S": "0.5", "DEALBRAIN_S3_BREAKER_FAILURES": "5",
            "DEALBRAIN_S3_BREAKER_OPEN_S": "60", "DEALBRAIN_CARD_WRITE_QUEUE": "8",
            "DEALBRAIN_SQLITE_BUSY_TIMEOUT_S": "2.5",
        }
    )  # fmt: skip
    assert (given.s3_timeout_s, given.s3_breaker_failures, given.s3_breaker_open_s) == (
        0.5, 5, 60.0,
    )  # fmt: skip
    assert (given.card_write_queue, given.sqlite_busy_timeout_s) == (8, 2.5)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEALBRAIN_S3_TIMEOUT_S", "soon"),
        ("DEALBRAIN_S3_TIMEOUT_S", "0"),
        ("DEALBRAIN_S3_BREAKER_FAILURES", "0"),
        ("DEALBRAIN_S3_BREAKER_OPEN_S", "never"),
        ("DEALBRAIN_CARD_WRITE_QUEUE", "0"),
        ("DEALBRAIN_SQLITE_BUSY_TIMEOUT_S", "-1"),
    ],
)
def test_a_bad_issue_11_setting_is_one_line(dealbrain, one_line_error, name, value) -> None:
    line = one_line_error(dealbrain("users", "list", **{name: value}))
    assert line.startswith(f"Error: configuration: {name}: ") and repr(value) in line
