"""The committed JSON Schema is what the Structs say, and it describes what is written."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft7Validator, Draft202012Validator, validators

from schemas.portable import export_json_schema, read_document, render_json_schema, write_deal
from tests.unit.portable.builders import EXPORTED_AT, fixture_bytes, fixture_json, full_listing
from tests.unit.portable.conftest import COMMITTED_SCHEMA


def test_the_committed_schema_matches_the_structs() -> None:
    assert COMMITTED_SCHEMA.read_text(encoding="utf-8") == render_json_schema(), (
        f"{COMMITTED_SCHEMA.name} is out of date with schemas/portable: "
        "run scripts/generate-schemas and commit the result"
    )


def test_the_file_is_named_as_deal_brain_names_it() -> None:
    assert COMMITTED_SCHEMA.name == "deal-brain-export-schema-v1.0.0.json"
    assert COMMITTED_SCHEMA.parent.name == "schemas" and COMMITTED_SCHEMA.exists()


def test_it_is_a_draft_07_schema_with_a_title(committed_schema) -> None:
    # The seeds' gate: a draft-07 validator, picked by the schema's own `$schema`.
    Draft7Validator.check_schema(committed_schema)
    assert committed_schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert validators.validator_for(committed_schema) is Draft7Validator
    assert "$defs" not in committed_schema and "definitions" in committed_schema
    assert committed_schema["title"] == "Deal Brain export v1.0.0"
    assert committed_schema == export_json_schema()


def test_no_keyword_needs_a_later_draft(committed_schema) -> None:
    """Only draft-07 words, and `$ref` alone in its object (draft-07 ignores its siblings),
    so a 2020-12 validator reads it the same way."""
    later = {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems",
             "dependentRequired", "dependentSchemas", "$anchor", "$dynamicRef", "minContains",
             "maxContains"}  # fmt: skip
    found: list[str] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, dict):
            found.extend(f"{path}.{key}" for key in value if key in later)
            if "$ref" in value and len(value) > 1:
                found.append(f"{path}: $ref with siblings")
            if path.endswith(".properties"):  # property names, not keywords
                for key, item in value.items():
                    walk(item, f"{path}.{key}")
                return
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")

    walk(committed_schema, "$")
    assert found == []
    document = json.loads(write_deal(full_listing(), exported_at=EXPORTED_AT))
    assert Draft202012Validator(committed_schema).is_valid(document)


def test_the_format_names_are_used(committed_schema) -> None:
    names = set(committed_schema["definitions"])
    assert {
        "DealDocument",
        "CollectionDocument",
        "DealData",
        "CollectionData",
        "Listing",
        "Collection",
        "CollectionItem",
        "Valuation",
        "Performance",
        "Ports",
    } <= names
    listing = committed_schema["definitions"]["Listing"]
    assert listing["required"] == [
        "id",
        "title",
        "price_usd",
        "condition",
        "status",
        "created_at",
        "updated_at",
    ]
    assert committed_schema["definitions"]["Ports"]["required"] == ["ports"]
    assert committed_schema["definitions"]["CollectionItem"]["required"] == [
        "listing",
        "status",
        "added_at",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "deal-v1.0.0-full.json",
        "collection-v1.0.0.json",
        "deal-v1.0.0-unknown-fields.json",
        "deal-v1.1.0-extra-field.json",
    ],
)
def test_files_from_the_wild_validate(name: str, committed_schema) -> None:
    Draft7Validator(committed_schema).validate(fixture_json(name))


def test_it_refuses_what_the_format_refuses(committed_schema) -> None:
    validator = Draft7Validator(committed_schema)
    bad_condition = fixture_json("collection-v1.0.0-bad-condition.json")
    assert not validator.is_valid(bad_condition)
    document = json.loads(write_deal(full_listing(), exported_at=EXPORTED_AT))
    assert validator.is_valid(document)
    document["deal_brain_export"]["type"] = "collection"  # a deal's data under a collection header
    assert not validator.is_valid(document)


@pytest.mark.parametrize(
    "name", ["deal-v1.0.0-nested-data.json", "deal-v1.0.0-explicit-nulls.json"]
)
def test_the_reader_tolerates_more_than_the_schema_endorses(name: str, committed_schema) -> None:
    # `data` inside the envelope, and `null` for a field with a default (`other_urls`,
    # `custom_fields`, `count`, `quantity`): read, but never written.
    assert not Draft7Validator(committed_schema).is_valid(fixture_json(name))
    assert read_document(fixture_bytes(name)).kind == "deal"


def test_the_documents_in_export_format_md_are_read(conforms) -> None:
    text = (COMMITTED_SCHEMA.parent / "export-format.md").read_text(encoding="utf-8")
    blocks = [json.loads(b.split("```", 1)[0]) for b in text.split("```json\n")[1:]]
    assert len(blocks) == 4
    results = [read_document(json.dumps(block)) for block in blocks]
    assert [r.kind for r in results] == ["deal", "collection", "collection", "collection"]
    assert [r.version_found for r in results] == ["1.0.0", "1.0.0", "0.9.0", "1.0.0"]
    for block in (blocks[0], blocks[1], blocks[3]):
        conforms(json.dumps(block).encode())
    assert results[2].document == results[3].document  # the upcast shown is the upcast done
