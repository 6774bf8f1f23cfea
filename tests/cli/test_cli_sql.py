"""`dealbrain` flows that persist across invocations (SQL storage on SQLite in tmp_path)."""

from __future__ import annotations

import re
from pathlib import Path

from litestar.testing import TestClient

from entrypoints.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import Settings


def create_key(sql_dealbrain, username: str, *extra: str) -> str:
    result = sql_dealbrain("keys", "create", username, *extra)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_users_create_then_list_across_invocations(sql_dealbrain):
    assert sql_dealbrain("users", "create", "alice").exit_code == 0
    created = sql_dealbrain("users", "create", "root", "--admin")
    assert created.stdout == "created admin root (id 2)\n"

    result = sql_dealbrain("users", "list")

    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()[1:]]
    assert [row[:3] for row in rows] == [["1", "alice", "no"], ["2", "root", "yes"]]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", row[3]) for row in rows)


def test_a_taken_username_is_one_line_error(sql_dealbrain, one_line_error):
    assert sql_dealbrain("users", "create", "alice").exit_code == 0

    line = one_line_error(sql_dealbrain("users", "create", "alice"))

    assert "alice" in line
    assert len(sql_dealbrain("users", "list").stdout.splitlines()) == 2


def test_keys_create_prints_the_secret_once_on_stdout(sql_dealbrain):
    sql_dealbrain("users", "create", "alice")

    result = sql_dealbrain("keys", "create", "alice", "--name", "laptop")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    secret = lines[0]
    assert re.fullmatch(r"dbk_[A-Za-z0-9_-]{32,}", secret)
    assert result.output.count(secret) == 1
    assert secret not in result.stderr
    assert "cannot be shown again" in result.stderr
    assert create_key(sql_dealbrain, "alice") != secret


def test_keys_list_shows_the_prefix_never_the_secret(sql_dealbrain):
    sql_dealbrain("users", "create", "alice")
    sql_dealbrain("users", "create", "bob")
    alice_key = create_key(sql_dealbrain, "alice", "--name", "laptop")
    bob_key = create_key(sql_dealbrain, "bob")

    result = sql_dealbrain("keys", "list")

    assert result.exit_code == 0
    assert alice_key not in result.stdout and bob_key not in result.stdout
    rows = [line.split() for line in result.stdout.splitlines()[1:]]
    assert [row[:5] for row in rows] == [
        ["1", "alice", alice_key[:12], "laptop", "active"],
        ["2", "bob", bob_key[:12], "default", "active"],
    ]
    only_bob = sql_dealbrain("keys", "list", "--user", "bob").stdout.splitlines()[1:]
    assert len(only_bob) == 1 and bob_key[:12] in only_bob[0]


def test_keys_revoke(sql_dealbrain, one_line_error):
    sql_dealbrain("users", "create", "alice")
    secret = create_key(sql_dealbrain, "alice")

    result = sql_dealbrain("keys", "revoke", "1")

    assert result.exit_code == 0
    assert result.stdout == f"revoked API key 1 ({secret[:12]}…)\n"
    assert sql_dealbrain("keys", "list").stdout.splitlines()[1].split()[4] == "revoked"
    # Revoking again changes nothing and is not an error; a missing id is.
    assert sql_dealbrain("keys", "revoke", "1").exit_code == 0
    one_line_error(sql_dealbrain("keys", "revoke", "2"), "no API key with id 2")


def test_unknown_user_on_sql(sql_dealbrain, one_line_error):
    one_line_error(sql_dealbrain("keys", "create", "ghost"), "no user named 'ghost'")


def test_a_revoked_key_is_refused_by_the_http_app(sql_dealbrain, tmp_path: Path):
    sql_dealbrain("users", "create", "alice")
    secret = create_key(sql_dealbrain, "alice")
    kept = create_key(sql_dealbrain, "alice", "--name", "other")
    settings = Settings.from_env({"DEALBRAIN_DATA_DIR": str(tmp_path)})
    headers = {"Authorization": f"Bearer {secret}"}

    with TestClient(create_app(build_container(settings))) as client:
        assert client.get("/ready").status_code == 200
        created = client.post("/collections", json={"name": "Mine"}, headers=headers)
        assert created.status_code == 201, created.text
        assert created.json()["owner_id"] == 1

        assert sql_dealbrain("keys", "revoke", "1").exit_code == 0

        for response in (
            client.get("/listings", headers=headers),
            client.get("/collections", headers=headers),
        ):
            assert response.status_code == 401
            assert response.json() == {
                "status_code": 401,
                "error": "unauthorized",
                "detail": "invalid API key",
            }
            assert response.headers["www-authenticate"] == "Bearer"
        other = client.get("/collections", headers={"Authorization": f"Bearer {kept}"})
        assert other.status_code == 200 and other.json()["total"] == 1

    listed = sql_dealbrain("keys", "list").stdout.splitlines()[1:]
    assert listed[0].split()[4] == "revoked" and listed[0].split()[5] != "never"
    assert listed[1].split()[4] == "active"
