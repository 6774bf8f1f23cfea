"""Who may see and change a collection (docs/product.md §1). Pure functions of the facts.

The rule of thumb behind the statuses: a collection you may not read does not exist for
you (404); one you may read but not change is forbidden (403); a change with no
credentials at all is unauthorized (401), before anything else is looked at.
"""

from __future__ import annotations

from datetime import datetime

from domain.collections import Collection
from domain.errors import Forbidden, NotFound, Unauthorized
from domain.listings import Listing
from domain.sharing import ShareToken
from domain.users import User
from domain.visibility import Visibility

# Visibilities through which a share link opens a collection. A private collection
# keeps its links but they stay shut until it is unlisted or public again.
LINK_OPENS = frozenset({Visibility.UNLISTED, Visibility.PUBLIC})


def is_owner(collection: Collection, viewer: User | None) -> bool:
    return viewer is not None and viewer.id == collection.owner_id


def can_view(
    collection: Collection,
    viewer: User | None,
    *,
    link: ShareToken | None = None,
    now: datetime | None = None,
) -> bool:
    if is_owner(collection, viewer) or (viewer is not None and viewer.is_admin):
        return True
    if collection.hidden_by_moderation:
        return False
    # A dead or foreign link takes nothing away: the viewer still sees what anyone sees.
    if link is not None and _link_opens(collection, link, now):
        return True
    return collection.visibility is Visibility.PUBLIC


def _link_opens(collection: Collection, link: ShareToken, now: datetime | None) -> bool:
    if now is None:
        raise ValueError("checking a share link needs the current time")
    return (
        link.collection_id == collection.id
        and link.is_usable(now)
        and collection.visibility in LINK_OPENS
    )


def counts_as_view(collection: Collection, viewer: User | None) -> bool:
    """Whether a read by this viewer is a view: the owner's and admins' reads are not."""
    return not is_owner(collection, viewer) and not (viewer is not None and viewer.is_admin)


def can_edit(collection: Collection, viewer: User | None) -> bool:
    return is_owner(collection, viewer)


def listed_in_discover(collection: Collection) -> bool:
    return collection.visibility is Visibility.PUBLIC and not collection.hidden_by_moderation


def ensure_can_view(
    collection: Collection | None,
    viewer: User | None,
    *,
    link: ShareToken | None = None,
    now: datetime | None = None,
) -> Collection:
    if collection is None or not can_view(collection, viewer, link=link, now=now):
        raise NotFound("collection not found")
    return collection


def ensure_signed_in(viewer: User | None) -> User:
    """Call before looking anything up for a change: no credentials is 401 whatever the
    id names (even one no table could hold)."""
    if viewer is None:
        raise Unauthorized("this change needs an API key (Authorization: Bearer …)")
    return viewer


def ensure_can_edit(collection: Collection | None, viewer: User | None) -> Collection:
    ensure_signed_in(viewer)
    collection = ensure_can_view(collection, viewer)
    if not can_edit(collection, viewer):
        raise Forbidden("only the owner may change this collection")
    return collection


def can_change_listing(listing: Listing, user: User | None) -> bool:
    return user is not None and (user.is_admin or listing.created_by == user.id)


def ensure_can_change_listing(listing: Listing | None, user: User | None) -> Listing:
    ensure_signed_in(user)
    if listing is None:
        raise NotFound("listing not found")
    if not can_change_listing(listing, user):
        raise Forbidden("only the listing's creator or an admin may change it")
    return listing
