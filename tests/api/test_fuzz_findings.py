"""What the API fuzzer (tests/fuzz) found, kept as plain regression tests."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("items", [5, [None, None], "2:skip", True])
async def test_a_body_field_named_like_a_dependency_is_a_400_not_a_500(
    client, alice, expect_error, items
) -> None:
    # `items` is also the name of the collection-items use case: Litestar took a bad value
    # there for a broken dependency and answered a bare 500 (found by schemathesis).
    response = await client.post(
        "/collections/import/any-preview/confirm",
        json={"strategy": "create_new", "items": items},
        headers=alice,
    )
    body = expect_error(response, 400, "bad_request", field="items")
    assert body["errors"][0]["field"] == "items"
    assert "object" in body["detail"]
