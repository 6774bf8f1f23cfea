"""Page requests and share-token usability."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import Invalid
from domain.pages import MAX_PAGE_SIZE, PageRequest
from domain.sharing import ShareToken

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (MAX_PAGE_SIZE, 0), (20, 10_000)])
def test_page_request_accepts_limits_in_range(limit: int, offset: int) -> None:
    page = PageRequest(limit=limit, offset=offset)
    assert (page.limit, page.offset) == (limit, offset)


def test_page_request_defaults() -> None:
    assert PageRequest() == PageRequest(limit=20, offset=0)


@pytest.mark.parametrize(
    ("limit", "offset", "field"),
    [(0, 0, "limit"), (-1, 0, "limit"), (MAX_PAGE_SIZE + 1, 0, "limit"), (10, -1, "offset")],
)
def test_page_request_rejects_out_of_range(limit: int, offset: int, field: str) -> None:
    assert MAX_PAGE_SIZE == 100
    with pytest.raises(Invalid) as caught:
        PageRequest(limit=limit, offset=offset)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("expires_at", "revoked_at", "usable"),
    [
        (None, None, True),
        (NOW + timedelta(seconds=1), None, True),
        (NOW, None, False),  # the expiry instant is already too late
        (NOW - timedelta(days=1), None, False),
        (None, NOW - timedelta(seconds=1), False),
        (NOW + timedelta(days=1), NOW, False),
    ],
)
def test_share_token_is_usable(expires_at, revoked_at, usable: bool) -> None:
    link = ShareToken(1, "tok", NOW - timedelta(days=2), expires_at, revoked_at)
    assert link.is_usable(NOW) is usable
