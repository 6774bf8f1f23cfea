"""Whatever comes in, the reader answers a document or `PortableFormatError`, nothing else."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.portability import MalformedDocument, PortableFormatError
from schemas.portable import ReadResult, encode_document, read_document
from schemas.portable.parse import nesting_depth
from tests.unit.portable.builders import fixture_json

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = [
    "deal-v1.0.0-full.json",
    "deal-v1.0.0-explicit-nulls.json",
    "deal-v1.0.0-nested-data.json",
    "deal-v0.9.0.json",
    "collection-v1.0.0.json",
    "collection-v0.9.0.json",
]
SEED_DOCUMENTS = {name: fixture_json(name) for name in SEEDS}
KEYS = st.sampled_from(
    [
        "deal_brain_export",
        "data",
        "version",
        "type",
        "listing",
        "items",
        "collection",
        "title",
        "name",
        "price",
        "created_at",
        "ports",
        "count",
        "performance",
        "0.9.0",
        "1.0.0",
        "deal",
    ]
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "1.0.0",
            "0.9.0",
            "2.0.0",
            "deal",
            "collection",
            "2025-11-19T12:00:00",
            "used",
            "shortlisted",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(KEYS | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


def depth_of(value: Any) -> int:
    if isinstance(value, dict | list):
        children = value.values() if isinstance(value, dict) else value
        return 1 + max(map(depth_of, children), default=0)
    return 0


tricky_text = st.text(alphabet='[]{}"\\ab\u00e9', max_size=12)
tricky_json = st.recursive(
    st.none() | st.integers() | tricky_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(tricky_text, children, max_size=3)
    ),
    max_leaves=25,
)


@FUZZ
@given(tricky_json, st.booleans())
def test_the_depth_check_ignores_brackets_quotes_and_escapes_in_strings(value, ascii) -> None:
    raw = json.dumps(value, ensure_ascii=ascii).encode()
    assert nesting_depth(raw) == depth_of(value)


def read_or_refuse(raw: bytes) -> ReadResult | None:
    try:
        result = read_document(raw)
    except PortableFormatError as error:
        assert error.path.startswith("$") and error.reason
        return None
    assert encode_document(result.document)  # what was read can be written
    return result


@FUZZ
@given(json_values)
def test_any_json_value(value: Any) -> None:
    read_or_refuse(json.dumps(value).encode())


@FUZZ
@given(st.fixed_dictionaries({"deal_brain_export": json_values, "data": json_values}))
def test_any_envelope(value: dict[str, Any]) -> None:
    read_or_refuse(json.dumps(value).encode())


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes(raw: bytes) -> None:
    read_or_refuse(raw)


def mutate(document: Any, data: st.DataObject) -> Any:
    """Walk into a real file at random and replace, drop or add something there."""
    node, key = document, None
    for _ in range(data.draw(st.integers(0, 8))):
        children = (
            list(node)
            if isinstance(node, dict)
            else range(len(node))
            if isinstance(node, list)
            else []
        )
        if not children:
            break
        key = data.draw(st.sampled_from(list(children)))
        if not isinstance(node[key], dict | list):
            break
        node = node[key]
    action = data.draw(st.sampled_from(["replace", "drop", "add"]))
    if isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(list(node)))
        if action == "drop":
            del node[key]
        elif action == "add":
            node[data.draw(KEYS | st.text(max_size=8))] = data.draw(json_values)
        else:
            node[key] = data.draw(json_values)
    elif isinstance(node, list) and node:
        node[data.draw(st.integers(0, len(node) - 1))] = data.draw(json_values)
    return document


@FUZZ
@given(st.sampled_from(SEEDS), st.data())
def test_real_files_with_something_broken(name: str, data: st.DataObject) -> None:
    document = copy.deepcopy(SEED_DOCUMENTS[name])
    for _ in range(data.draw(st.integers(1, 3))):
        document = mutate(document, data)
    read_or_refuse(json.dumps(document).encode())


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 200_000,
        b"[" * 200_000 + b"]" * 200_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b'{"deal_brain_export": {"version": "1.0.0"}, "data": ' + b"[" * 150_000,
    ],
    ids=["open", "balanced", "objects", "inside-a-document"],
)
def test_deep_nesting_is_refused_quickly(raw: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(MalformedDocument) as caught:
        read_document(raw)
    assert "nested too deeply" in caught.value.reason
    assert time.perf_counter() - started < 2.0  # generous: it takes milliseconds


def test_deep_nesting_inside_opaque_json_is_refused_too() -> None:
    document = fixture_json("deal-v1.0.0-full.json")
    deep: Any = 1
    for _ in range(70):
        deep = {"x": deep}
    document["data"]["valuation"]["valuation_breakdown"] = deep
    with pytest.raises(MalformedDocument):
        read_document(json.dumps(document).encode())
    assert read_document(json.dumps(document).encode(), max_depth=100).kind == "deal"


def test_bad_utf8_inside_a_string_is_a_format_error() -> None:
    # Found by test_any_bytes: msgspec raises UnicodeDecodeError, not DecodeError, here.
    with pytest.raises(PortableFormatError, match="UTF-8"):
        read_document(b'"\x80"')
