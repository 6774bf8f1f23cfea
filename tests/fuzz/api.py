"""The OpenAPI document under test and how schemathesis runs over it (docs/adr/0111).

The document comes from an app on in-memory storage (it is the same whatever the storage);
the cases run against the app on PostgreSQL (`conftest.fuzz_app`). Bounded and
derandomized, so a run takes the same cases every time and fits in CI.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from entrypoints.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import Settings

# Cases per operation and role (the fuzzing phase), and steps of the stateful runs.
MAX_EXAMPLES = 20
STATEFUL_EXAMPLES = 15
STATEFUL_STEPS = 8
SEED = 110

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def config(*, coverage: bool) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
                # Who calls is the role's business (its header per case), not generated.
                "with-security-parameters": False,
            },
            "phases": {
                # Boundary values of every parameter and field (the coverage phase), then
                # random ones (fuzzing), valid and invalid. Methods an operation does not
                # have are left out: a 405 is not what these checks are about.
                "coverage": {"enabled": coverage, "unexpected-methods": []},
                # Workflows feed real answers forward: valid data gets further.
                "stateful": {"max-steps": STATEFUL_STEPS, "generation": {"mode": "positive"}},
            },
        }
    )


def document() -> dict[str, Any]:
    data_dir = Path(tempfile.gettempdir())
    settings = Settings(data_dir=data_dir, database_url="unused", storage="memory")
    app = create_app(build_container(settings))
    schema: dict[str, Any] = app.openapi_schema.to_schema()
    return schema


DOCUMENT = document()
# Every phase, for the role that owns the seeded objects (the boundary values are the same
# whoever sends them, and decoding comes before the key is looked at)...
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT, config=config(coverage=True))
# ...and random cases only for the others.
FUZZING = schemathesis.openapi.from_dict(DOCUMENT, config=config(coverage=False))
