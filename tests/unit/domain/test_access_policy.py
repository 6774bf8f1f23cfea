"""The access matrix of docs/product.md §1, and the errors that stand for it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.access import (
    can_change_listing,
    can_edit,
    can_view,
    counts_as_view,
    ensure_can_change_listing,
    ensure_can_edit,
    ensure_can_view,
    listed_in_discover,
)
from domain.collections import Collection
from domain.errors import Forbidden, NotFound, Unauthorized
from domain.listings import Listing
from domain.sharing import ShareToken
from domain.users import User
from domain.visibility import Visibility

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
OWNER = User("owner", "Owner", id=10)
OTHER = User("other", "Other", id=11)
ADMIN = User("admin", "Admin", is_admin=True, id=12)


def token(**kw: object) -> ShareToken:
    return ShareToken(**{"collection_id": 1, "token": "t" * 43, "created_at": NOW, **kw})


# role: (viewer, link presented)
ROLES = {
    "owner": (OWNER, None),
    "admin": (ADMIN, None),
    "other user": (OTHER, None),
    "anonymous": (None, None),
    "valid link": (None, token(expires_at=NOW + timedelta(days=1))),
    "revoked link": (None, token(revoked_at=NOW - timedelta(hours=1))),
    "expired link": (None, token(expires_at=NOW - timedelta(seconds=1))),
    "other collection's link": (None, token(collection_id=2)),
}

# W = read + write, R = read only, - = nothing.
# Columns: private unlisted public | the same three hidden by moderation.
MATRIX = {
    "owner": "WWW|WWW",
    "admin": "RRR|RRR",
    "other user": "--R|---",
    "anonymous": "--R|---",
    "valid link": "-RR|---",
    "revoked link": "--R|---",
    "expired link": "--R|---",
    "other collection's link": "--R|---",
}
VISIBILITIES = [Visibility.PRIVATE, Visibility.UNLISTED, Visibility.PUBLIC]


def matrix_cases() -> list[object]:
    cases = []
    for role, row in MATRIX.items():
        for hidden, cells in zip((False, True), row.split("|"), strict=True):
            for visibility, cell in zip(VISIBILITIES, cells, strict=True):
                case_id = f"{role}-{visibility}-{'hidden' if hidden else 'shown'}"
                cases.append(pytest.param(role, visibility, hidden, cell, id=case_id))
    return cases


@pytest.mark.parametrize(("role", "visibility", "hidden", "cell"), matrix_cases())
def test_access_matrix(role: str, visibility: Visibility, hidden: bool, cell: str) -> None:
    collection = Collection(
        owner_id=OWNER.id, name="Deals", visibility=visibility, hidden_by_moderation=hidden, id=1
    )
    viewer, link = ROLES[role]

    assert can_view(collection, viewer, link=link, now=NOW) is (cell in "RW")
    assert can_edit(collection, viewer) is (cell == "W")
    assert listed_in_discover(collection) is (visibility is Visibility.PUBLIC and not hidden)


def test_checking_a_link_needs_the_time() -> None:
    collection = Collection(owner_id=OWNER.id, name="x", visibility=Visibility.UNLISTED, id=1)
    with pytest.raises(ValueError):
        can_view(collection, None, link=token())


PRIVATE = Collection(owner_id=OWNER.id, name="Mine", id=1)
UNLISTED = replace(PRIVATE, visibility=Visibility.UNLISTED)
PUBLIC = replace(PRIVATE, visibility=Visibility.PUBLIC)
HIDDEN = replace(PUBLIC, hidden_by_moderation=True)


@pytest.mark.parametrize(
    ("collection", "viewer", "link", "error"),
    [
        (None, OWNER, None, NotFound),
        (None, None, None, NotFound),
        (PRIVATE, OTHER, None, NotFound),
        (UNLISTED, None, None, NotFound),
        (PRIVATE, None, token(), NotFound),
        (HIDDEN, OTHER, None, NotFound),
        (PUBLIC, None, None, None),
        (UNLISTED, None, token(), None),
        (HIDDEN, ADMIN, None, None),
    ],
    ids=[
        "missing-owner",
        "missing-anonymous",
        "private-other",
        "unlisted-anonymous",
        "private-valid link",
        "hidden-other",
        "public-anonymous",
        "unlisted-valid link",
        "hidden-admin",
    ],
)
def test_ensure_can_view(collection, viewer, link, error) -> None:
    if error is None:
        assert ensure_can_view(collection, viewer, link=link, now=NOW) is collection
    else:
        with pytest.raises(error):
            ensure_can_view(collection, viewer, link=link, now=NOW)


@pytest.mark.parametrize(
    ("collection", "viewer", "error"),
    [
        (PRIVATE, None, Unauthorized),  # no credentials beats "not found"
        (PUBLIC, None, Unauthorized),
        (None, None, Unauthorized),
        (None, OTHER, NotFound),
        (PRIVATE, OTHER, NotFound),
        (UNLISTED, OTHER, NotFound),
        (HIDDEN, OTHER, NotFound),
        (PUBLIC, OTHER, Forbidden),
        (PRIVATE, ADMIN, Forbidden),  # admins read everything but change only their own
        (HIDDEN, OWNER, None),
        (PRIVATE, OWNER, None),
    ],
    ids=[
        "private-anonymous",
        "public-anonymous",
        "missing-anonymous",
        "missing-other",
        "private-other",
        "unlisted-other",
        "hidden-other",
        "public-other",
        "private-admin",
        "hidden-owner",
        "private-owner",
    ],
)
def test_ensure_can_edit(collection, viewer, error) -> None:
    if error is None:
        assert ensure_can_edit(collection, viewer) is collection
    else:
        with pytest.raises(error):
            ensure_can_edit(collection, viewer)


LISTING = Listing(title="NUC", price_usd=100.0, created_by=OWNER.id, id=5)


@pytest.mark.parametrize(
    ("listing", "user", "error"),
    [
        (LISTING, OWNER, None),
        (LISTING, ADMIN, None),
        (LISTING, OTHER, Forbidden),
        (LISTING, None, Unauthorized),
        (None, None, Unauthorized),
        (None, OWNER, NotFound),
    ],
    ids=["creator", "admin", "other", "anonymous", "missing-anonymous", "missing-creator"],
)
def test_ensure_can_change_listing(listing, user, error) -> None:
    if error is None:
        assert can_change_listing(listing, user)
        assert ensure_can_change_listing(listing, user) is listing
    else:
        if listing is not None:
            assert not can_change_listing(listing, user)
        with pytest.raises(error):
            ensure_can_change_listing(listing, user)


@pytest.mark.parametrize(
    ("viewer", "counts"),
    [(OWNER, False), (ADMIN, False), (OTHER, True), (None, True)],
    ids=["owner", "admin", "other user", "anonymous"],
)
@pytest.mark.parametrize("visibility", list(Visibility))
def test_counts_as_view_for_everyone_but_owner_and_admins(viewer, counts, visibility) -> None:
    collection = Collection(owner_id=OWNER.id, name="x", visibility=visibility, id=1)
    assert counts_as_view(collection, viewer) is counts
