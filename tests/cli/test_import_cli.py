"""`dealbrain import FILE --as USER`: the preview as a table, a question, then the import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
    # A long list of ids is its count and range, not 120 numbers.
    assert result.stdout.splitlines()[-1] == "created listings: 120 (1 to 120)"


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


# -- Strategies and per-item decisions (ADR 0086) -----------------------------------------------
def exported_items(sql_dealbrain, tmp_path: Path, collection_id: int) -> list[dict]:
    out = tmp_path / f"c{collection_id}.json"
    assert sql_dealbrain("export", "collection", str(collection_id), "-o", str(out)).exit_code == 0
    return json.loads(out.read_text())["data"]["items"]


def test_skip_duplicates_imports_no_deal_the_catalog_has(sql_dealbrain) -> None:
    sql_dealbrain("users", "create", "alice")
    deal = fixture("deal-v1.0.0-full.json")
    assert sql_dealbrain("import", deal, "--as", "alice", "--yes").exit_code == 0

    again = sql_dealbrain("import", deal, "--as", "alice", "--strategy", "skip_duplicates", "--yes")

    assert again.exit_code == 0, again.output
    lines = again.stdout.splitlines()
    assert "plan: skip (the catalog already has it); nothing will be imported" in lines
    assert lines[-1] == "skipped: nothing imported"
    unrelated = sql_dealbrain(
        "import", fixture("deal-v0.9.0.json"), "--as", "alice", "--strategy", "skip_duplicates",
        "--yes",
    )  # fmt: skip
    assert unrelated.stdout.splitlines()[-1] == "created listing 2"


def test_link_duplicates_puts_the_catalog_listings_in_the_collection(
    sql_dealbrain, tmp_path: Path
) -> None:
    sql_dealbrain("users", "create", "alice")
    collection = fixture("collection-v1.0.0.json")
    assert sql_dealbrain("import", collection, "--as", "alice", "--yes").exit_code == 0

    again = sql_dealbrain(
        "import", collection, "--as", "alice", "--strategy", "link_duplicates", "--yes"
    )

    assert again.exit_code == 0, again.output
    lines = again.stdout.splitlines()
    assert "plan: 0 new, 3 linked to catalog listings, 0 skipped" in lines
    assert lines[-2:] == ["created collection 2 (private) with 3 item(s)", "created listings: none"]
    first, second = (exported_items(sql_dealbrain, tmp_path, n) for n in (1, 2))
    assert [i["listing"]["listing"]["id"] for i in second] == [
        i["listing"]["listing"]["id"] for i in first
    ]
    assert [i["status"] for i in second] == ["shortlisted", "undecided", "rejected"]


def test_skip_duplicates_skips_catalog_duplicates_and_repeats_in_the_file(
    sql_dealbrain, tmp_path: Path
) -> None:
    sql_dealbrain("users", "create", "alice")
    assert sql_dealbrain("import", fixture("deal-v1.0.0-full.json"), "--as", "alice", "--yes")
    document = json.loads((FIXTURES / "collection-v1.0.0.json").read_text())
    items = document["data"]["items"]
    deal = json.loads((FIXTURES / "deal-v1.0.0-full.json").read_text())["data"]
    items.append({**items[0], "listing": deal, "position": 3})  # the catalog's deal again
    items.append({**items[1], "position": 4})  # item 1 again
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps(document))

    result = sql_dealbrain(
        "import", str(mixed), "--as", "alice", "--strategy", "skip_duplicates", "--yes"
    )

    assert result.exit_code == 0, result.output
    # Item 0 is the catalog's deal said more briefly (likely), item 3 is it in full, item 4
    # repeats item 1: only items 1 and 2 are imported.
    assert "plan: 2 new, 0 linked to catalog listings, 3 skipped" in result.stdout
    assert result.stdout.splitlines()[-3:] == [
        "created collection 1 (private) with 2 item(s)",
        "created listings: 2, 3",
        "skipped items: 0, 3, 4",
    ]


def test_decisions_from_a_file_win_over_the_strategy(sql_dealbrain, tmp_path: Path) -> None:
    sql_dealbrain("users", "create", "alice")
    assert sql_dealbrain("import", fixture("deal-v1.0.0-full.json"), "--as", "alice", "--yes")
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps({"0": "link:1", "2": "skip"}))

    result = sql_dealbrain(
        "import", fixture("collection-v1.0.0.json"), "--as", "alice",
        "--decisions", str(decisions), "--yes",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "plan: 1 new, 1 linked to catalog listings, 1 skipped" in result.stdout
    assert result.stdout.splitlines()[-3:] == [
        "created collection 1 (private) with 2 item(s)",
        "created listings: 2",
        "skipped items: 2",
    ]
    items = exported_items(sql_dealbrain, tmp_path, 1)
    assert [i["listing"]["listing"]["id"] for i in items] == [1, 2]


def test_possible_duplicates_count_when_asked(sql_dealbrain, tmp_path: Path) -> None:
    sql_dealbrain("users", "create", "alice")
    assert sql_dealbrain("import", fixture("deal-v1.0.0-full.json"), "--as", "alice", "--yes")
    # The same machine, said more vaguely, by someone else: only a possible duplicate.
    document = json.loads((FIXTURES / "deal-v1.0.0-full.json").read_text())
    document["data"]["listing"].update(title="Dell OptiPlex 7050 Micro", seller="someone")
    del document["data"]["listing"]["listing_url"]
    vague = tmp_path / "vague.json"
    vague.write_text(json.dumps(document))
    args = ("import", str(vague), "--as", "alice", "--strategy", "skip_duplicates", "--yes")

    likely_only = sql_dealbrain(*args)
    assert likely_only.exit_code == 0, likely_only.output
    assert "0 new, 0 likely duplicate(s), 1 possible duplicate(s)" in likely_only.stdout
    assert likely_only.stdout.splitlines()[-1] == "created listing 2"

    possible_too = sql_dealbrain(*args, "--match", "possible")
    assert possible_too.exit_code == 0, possible_too.output
    assert possible_too.stdout.splitlines()[-1] == "skipped: nothing imported"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "--decisions"),
        ("[1, 2]", "must be a JSON object"),
        ('{"x": "skip"}', "items.x"),
        ('{"0": "merge"}', "items.0"),
    ],
)
def test_bad_decisions_are_one_line_errors(
    sql_dealbrain, one_line_error, tmp_path: Path, content: str, message: str
) -> None:
    sql_dealbrain("users", "create", "alice")
    decisions = tmp_path / "decisions.json"
    decisions.write_text(content)
    result = sql_dealbrain(
        "import", fixture("collection-v1.0.0.json"), "--as", "alice",
        "--decisions", str(decisions), "--yes",
    )  # fmt: skip
    assert message in one_line_error(result)


def test_decisions_for_items_the_file_lacks_are_refused_before_asking(
    sql_dealbrain, tmp_path: Path
) -> None:
    sql_dealbrain("users", "create", "alice")
    decisions = tmp_path / "decisions.json"
    decisions.write_text('{"7": "skip"}')
    result = sql_dealbrain(
        "import", fixture("collection-v1.0.0.json"), "--as", "alice",
        "--decisions", str(decisions),
    )  # fmt: skip
    assert result.exit_code != 0 and "Confirm?" not in result.stdout  # the preview was shown
    [error] = result.stderr.strip().splitlines()
    assert error.startswith("Error: ") and "items.7" in error and "no such item" in error
