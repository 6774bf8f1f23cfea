"""The JSON Schema of v1.0.0, generated from the Structs, as JSON Schema draft-07
(ADR 0085: the draft the Deal Brain seed files are checked against; nothing in it needs a
later draft, so 2020-12 validators read it too).

`python -m schemas.portable.json_schema [FILE]` (or `scripts/generate-schemas`) writes it;
a test fails when the committed file and the code disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from schemas.portable.v1 import FORMAT_VERSION, CollectionDocument, DealDocument

SCHEMA_FILE = Path("docs/schemas") / f"deal-brain-export-schema-v{FORMAT_VERSION}.json"
DRAFT = "http://json-schema.org/draft-07/schema#"
# Draft-07 keeps shared definitions under `definitions` (2020-12 renamed it `$defs`).
DEFINITIONS = "definitions"
_REFS = f"#/{DEFINITIONS}/"


def export_json_schema() -> dict[str, Any]:
    documents, defs = msgspec.json.schema_components(
        [DealDocument, CollectionDocument], ref_template=_REFS + "{name}"
    )
    names = {name: _public_name(name) for name in defs}
    assert len(set(names.values())) == len(names), f"two definitions share a name: {names}"
    schema = {
        "$schema": DRAFT,
        "title": f"Deal Brain export v{FORMAT_VERSION}",
        "description": (
            "A deal or a collection exported by Deal Brain. Readers ignore fields they do "
            "not know; later 1.x versions only add optional fields."
        ),
        "oneOf": list(documents),
        DEFINITIONS: {names[name]: definition for name, definition in defs.items()},
    }
    return _renamed(schema, names)


def render_json_schema() -> str:
    return json.dumps(export_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _public_name(name: str) -> str:
    """`PortableListing` → `Listing`, `ValuationIn` → `Valuation`: the format's own words."""
    name = name.removeprefix("Portable")
    return name.removesuffix("In") if name.endswith("In") else name


def _renamed(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, dict):
        renamed = {key: _renamed(item, names) for key, item in value.items()}
        ref = renamed.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REFS):
            renamed["$ref"] = _REFS + names[ref.removeprefix(_REFS)]
        if isinstance(renamed.get("title"), str) and renamed["title"] in names:
            renamed["title"] = names[renamed["title"]]
        return renamed
    if isinstance(value, list):
        return [_renamed(item, names) for item in value]
    return value


def main(argv: list[str]) -> None:
    target = Path(argv[1]) if len(argv) > 1 else SCHEMA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_json_schema(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
