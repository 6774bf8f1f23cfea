"""Sequences of calls that feed each other's answers (a listing made, then read, changed,
added to a collection, shared, exported, deleted): schemathesis infers the links from the
document. As the plain user (who owns what it makes) and as an admin; the same checks as
tests/fuzz/test_operations.py (docs/adr/0111)."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
from litestar import Litestar
from schemathesis import Case, Response

from tests.fuzz.api import CHECKS, SCHEMA, STATEFUL_EXAMPLES, STATEFUL_STEPS
from tests.fuzz.world import TALLY, World

pytestmark = pytest.mark.postgres

Workflow = SCHEMA.as_state_machine()
SETTINGS = hypothesis.settings(
    max_examples=STATEFUL_EXAMPLES,
    stateful_step_count=STATEFUL_STEPS,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.generate],
)


@pytest.mark.parametrize("role", ["user", "admin"])
def test_workflows(role: str, fuzz_world: tuple[Litestar, World]) -> None:
    app, world = fuzz_world
    headers = world.headers(role)

    class Steps(Workflow):  # type: ignore[misc,valid-type]
        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            return {"app": app, "headers": headers}

        def after_call(self, response: Response, case: Case) -> None:
            TALLY[response.status_code] += 1

        def validate_response(
            self, response: Response, case: Case, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            case.validate_response(response, checks=CHECKS, headers=headers)

    Steps.run(settings=SETTINGS)
