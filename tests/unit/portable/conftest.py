"""The committed JSON Schema, validating every document the writer produces in these tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from schemas.portable.json_schema import SCHEMA_FILE

COMMITTED_SCHEMA = Path(__file__).resolve().parents[3] / SCHEMA_FILE


@pytest.fixture(scope="session")
def committed_schema() -> dict[str, Any]:
    return json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def conforms(committed_schema: dict[str, Any]) -> Callable[[bytes], None]:
    """Fails the test when a written document breaks the committed JSON Schema."""
    validator = Draft7Validator(committed_schema, format_checker=Draft7Validator.FORMAT_CHECKER)

    def check(written: bytes) -> None:
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(json.loads(written))]
        assert not errors, errors

    return check
