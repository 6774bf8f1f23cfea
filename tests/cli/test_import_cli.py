"""`dealbrain import FILE --as USER`: the preview as a table, a question, then the import."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from entrypoints.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "portable"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def test_import_shows_the_preview_and_imports_with_yes(sql_dealbrain, tmp_path: Path) -> None:
    assert sql_dealbrain("users", "create", "alice").exit_code == 0

    result = sql_dealbrain("import", fixture("collection-v1.0.0.json"), "--as", "alice", "--yes")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith('collection "Proxmox cluster candidates" (format 1.0.0), 3 listing')
    assert "warning: $.data.items[1].pinned: unknown field, ignored" in lines
    header = next(i for i, line in enumerate(lines) if "best candidate" in line)
    rows = lines[header + 1 : header + 4]
    assert [row.split()[0] for row in rows] == ["0", "1", "2"]
    assert "Dell OptiPlex 7050 Micro i5-7500T" in rows[0] and "$129.99" in rows[0]
    assert all(row.rstrip().endswith("new") for row in rows)
    assert lines[-2] == "created collection 1 (private) with 3 item(s)"
    assert lines[-1] == "created listings: 1, 2, 3"

    out = tmp_path / "out.json"
    assert sql_dealbrain("export", "collection", "1", "-o", str(out)).exit_code == 0
    exported = json.loads(out.read_text())["data"]
    assert exported["collection"]["visibility"] == "private"
    assert [i["status"] for i in exported["items"]] == ["shortlisted", "undecided", "rejected"]


def test_duplicates_are_shown_with_band_and_reason(sql_dealbrain) -> None:
    sql_dealbrain("users", "create", "alice")
    assert sql_dealbrain("import", fixture("deal-v1.0.0-full.json"), "--as", "alice", "--yes")

    again = sql_dealbrain("import", fixture("deal-v1.0.0-full.json"), "--as", "alice", "--yes")

    assert again.exit_code == 0, again.output
    [row] = [line for line in again.stdout.splitlines() if line.strip().startswith("0 ")]
    assert row.endswith('listing 1 "Dell OptiPlex 7050 Micro i5-7…": likely (100) - same URL')
    assert "0 new, 1 likely duplicate(s)" in again.stdout
    assert again.stdout.splitlines()[-1] == "created listing 2"


def answering(runner: CliRunner, data_dir: Path, answer: str, *args: str) -> Result:
    """`dealbrain ARGS` on the SQL storage of `sql_dealbrain`, typing `answer` at the prompt."""
    env = {"DEALBRAIN_DATA_DIR": str(data_dir), "DEALBRAIN_STORAGE": "sql"}
    return runner.invoke(cli, list(args), env=env, input=answer)


def test_import_asks_before_confirming(sql_dealbrain, runner, tmp_path: Path) -> None:
    sql_dealbrain("users", "create", "alice")
    args = ("import", fixture("deal-v0.9.0.json"), "--as", "alice")

    declined = answering(runner, tmp_path, "n\n", *args)
    assert declined.exit_code == 0, declined.output
    assert "Confirm? [y/N]" in declined.stdout
    assert declined.stdout.splitlines()[-1] == "Nothing imported."
    out = tmp_path / "none.json"
    assert sql_dealbrain("export", "listing", "1", "-o", str(out)).exit_code != 0

    accepted = answering(runner, tmp_path, "y\n", *args)
    assert accepted.exit_code == 0, accepted.output
    assert accepted.stdout.splitlines()[-1] == "created listing 1"


def test_a_large_file_shows_a_progress_bar(sql_dealbrain, tmp_path: Path) -> None:
    sql_dealbrain("users", "create", "alice")
    document = json.loads((FIXTURES / "collection-v0.9.0.json").read_text())
    items = document["deal_brain_export"]["data"]["items"]
    items[:] = [
        {"listing": {"name": f"Dell Wyse 5070 unit {n}", "price": 40 + n}} for n in range(120)
    ]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(document))

    result = sql_dealbrain("import", str(big), "--as", "alice", "--yes")

    assert result.exit_code == 0, result.output
    assert "Importing" in result.stderr
    assert "with 120 item(s)" in result.stdout


def test_errors_are_one_line(sql_dealbrain, one_line_error, usage_error, tmp_path: Path) -> None:
    sql_dealbrain("users", "create", "alice")

    one_line_error(
        sql_dealbrain("import", fixture("deal-v0.9.0.json"), "--as", "zed"),
        "no user named 'zed'",
    )
    line = one_line_error(sql_dealbrain("import", fixture("deal-v2.0.0.json"), "--as", "alice"))
    assert "$.deal_brain_export.version" in line and "2.0.0" in line
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00not json")
    assert "not valid JSON" in one_line_error(
        sql_dealbrain("import", str(garbage), "--as", "alice")
    )
    usage_error(sql_dealbrain("import", str(tmp_path / "missing.json"), "--as", "alice"), "missing")
    usage_error(sql_dealbrain("import", fixture("deal-v0.9.0.json")), "--as")


def test_too_many_items_names_the_setting(sql_dealbrain, one_line_error) -> None:
    sql_dealbrain("users", "create", "alice")
    result = sql_dealbrain(
        "import", fixture("collection-v0.9.0.json"), "--as", "alice", DEALBRAIN_MAX_IMPORT_ITEMS="2"
    )
    assert "DEALBRAIN_MAX_IMPORT_ITEMS" in one_line_error(result)


def test_import_has_help(dealbrain) -> None:
    result = dealbrain("import", "--help")
    assert result.exit_code == 0 and "--yes" in result.stdout and "--as" in result.stdout
