"""`dealbrain` help, single-invocation commands and bad input (in-memory storage)."""

from __future__ import annotations

import pytest


def test_help_lists_the_commands(dealbrain):
    result = dealbrain("--help")

    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: dealbrain")
    commands = result.stdout.split("Commands:")[1]
    for name in ("serve", "users", "keys"):
        assert f"  {name} " in commands, name


@pytest.mark.parametrize(
    ("group", "subcommands"),
    [("users", ["create", "list"]), ("keys", ["create", "list", "revoke"])],
)
def test_every_command_has_help(dealbrain, group, subcommands):
    result = dealbrain(group, "--help")
    assert result.exit_code == 0
    for name in subcommands:
        assert f"  {name} " in result.stdout
        sub = dealbrain(group, name, "--help")
        assert sub.exit_code == 0 and sub.stdout.startswith(f"Usage: dealbrain {group} {name}")
    assert dealbrain("serve", "--help").exit_code == 0


def test_version(dealbrain):
    result = dealbrain("--version")
    assert result.exit_code == 0 and "0.1.0" in result.stdout


def test_users_create_reports_role_and_id(dealbrain):
    admin = dealbrain("users", "create", "root", "--admin")
    user = dealbrain("users", "create", "alice", "--display-name", "Alice A.")

    assert admin.exit_code == 0 and admin.stdout == "created admin root (id 1)\n"
    assert user.exit_code == 0 and user.stdout == "created user alice (id 1)\n"


def test_lists_start_with_a_header(dealbrain):
    users = dealbrain("users", "list")
    keys = dealbrain("keys", "list")

    assert users.exit_code == 0 and users.stdout.split() == ["ID", "USERNAME", "ADMIN", "CREATED"]
    assert keys.exit_code == 0
    assert keys.stdout.split() == ["ID", "USER", "PREFIX", "NAME", "STATE", "LAST", "USED"]


@pytest.mark.parametrize("username", ["Alice", "ab", "x" * 33, "bad name", "bob!", "ünï"])
def test_bad_username(dealbrain, one_line_error, username):
    result = dealbrain("users", "create", username)

    one_line_error(result, "username: must be 3-32 characters of a-z, 0-9, '_' or '-'")
    assert result.exit_code == 1


def test_keys_create_for_an_unknown_user(dealbrain, one_line_error):
    one_line_error(dealbrain("keys", "create", "ghost"), "no user named 'ghost'")


def test_keys_list_for_an_unknown_user(dealbrain, one_line_error):
    one_line_error(dealbrain("keys", "list", "--user", "ghost"), "no user named 'ghost'")


def test_keys_create_with_an_empty_name(dealbrain, one_line_error):
    line = one_line_error(dealbrain("keys", "create", "alice", "--name", ""))
    assert line.startswith("Error: name: ")


def test_revoke_a_missing_key(dealbrain, one_line_error):
    one_line_error(dealbrain("keys", "revoke", "99"), "no API key with id 99")


@pytest.mark.parametrize(
    ("key_id", "fragment"), [("0", "0 is not in the range x>=1"), ("abc", "'abc' is not a valid")]
)
def test_revoke_a_bad_key_id(dealbrain, usage_error, key_id, fragment):
    usage_error(dealbrain("keys", "revoke", key_id), fragment)


def test_missing_argument_and_unknown_command(dealbrain, usage_error):
    usage_error(dealbrain("users", "create"), "Missing argument 'USERNAME'")
    usage_error(dealbrain("frobnicate"), "No such command 'frobnicate'")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "DEALBRAIN_STORAGE",
            "bogus",
            "configuration: DEALBRAIN_STORAGE: must be one of sql, memory (got 'bogus')",
        ),
        ("DEALBRAIN_RENDER_CONCURRENCY", "abc", None),
        ("DEALBRAIN_RENDER_CONCURRENCY", "0", None),
        ("DEALBRAIN_RENDER_TIMEOUT_S", "soon", None),
        ("DEALBRAIN_CARD_TTL_DAYS", "-3", None),
        ("DEALBRAIN_MAX_UPLOAD_BYTES", "10MB", None),
        ("DEALBRAIN_BLOB_BACKEND", "ftp", None),
        ("DEALBRAIN_AUTO_MIGRATE", "maybe", None),
    ],
)
@pytest.mark.parametrize("command", [("users", "list"), ("keys", "list"), ("serve",)])
def test_bad_environment_variable(dealbrain, one_line_error, name, value, message, command):
    result = dealbrain(*command, **{name: value})

    line = one_line_error(result, message)
    assert line.startswith(f"Error: configuration: {name}: ")
    assert repr(value) in line


def test_serve_rejects_a_bad_port_before_starting(dealbrain, usage_error):
    usage_error(dealbrain("serve", "--port", "0"), "0 is not in the range 1<=x<=65535")
