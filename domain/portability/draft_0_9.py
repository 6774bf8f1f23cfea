"""The one step from the 0.9.0 draft to 1.0.0 (portable-format.md, "v0.9.0").

Pure: builds new containers for what it changes and leaves the input as it was. Values of
the wrong type are passed on untouched, so the strict decode afterwards names them.
"""

from __future__ import annotations

from typing import Any

from domain.portability.paths import index_path

RENAMES = (("name", "title"), ("price", "price_usd"), ("url", "listing_url"))
LISTING_DEFAULTS = (("condition", "used"), ("status", "active"), ("id", 0))
# A draft collection may lack its id too (ADR 0084): 0, as for a listing. Its times, when
# missing, are the export's, as a listing's are.
COLLECTION_DEFAULTS = (("id", 0),)
ITEM_STATUS_DEFAULT = "undecided"
EXPORTED_AT = "$.deal_brain_export.exported_at"

Moves = dict[str, str]


def upcast_0_9_0(document: dict[str, Any]) -> tuple[dict[str, Any], list[str], Moves]:
    header = dict(document["deal_brain_export"])
    nested = header.pop("data", None)
    header["version"] = "1.0.0"
    moves: Moves = {}
    data = document.get("data")
    if data is None:
        data = nested
        moves["$.data"] = "$.deal_brain_export.data"
    old = moves.get("$.data", "$.data")
    stamp = header.get("exported_at")
    if isinstance(data, dict) and header.get("type") == "deal":
        data = {
            **data,
            "listing": _listing(
                data.get("listing"), stamp, "$.data.listing", f"{old}.listing", moves
            ),
        }
    elif isinstance(data, dict) and header.get("type") == "collection":
        data = _collection(data, stamp, old, moves)
    upcast = {**document, "deal_brain_export": header}
    if data is not None:
        upcast["data"] = data
    return upcast, ["$.deal_brain_export.version: upcast from draft 0.9.0 to 1.0.0"], moves


def _listing(listing: Any, stamp: Any, new: str, old: str, moves: Moves) -> Any:
    if not isinstance(listing, dict):
        return listing
    listing = dict(listing)
    for old_name, new_name in RENAMES:
        if old_name in listing and new_name not in listing:
            listing[new_name] = listing.pop(old_name)
            moves[f"{new}.{new_name}"] = f"{old}.{old_name}"
    for name, default in LISTING_DEFAULTS:
        if listing.get(name) is None:
            listing[name] = default
    for name in ("created_at", "updated_at"):
        if listing.get(name) is None and stamp is not None:
            listing[name] = stamp
            moves[f"{new}.{name}"] = EXPORTED_AT
    return listing


def _collection(data: dict[str, Any], stamp: Any, old: str, moves: Moves) -> dict[str, Any]:
    upcast = {**data}
    collection = data.get("collection")
    if isinstance(collection, dict):
        upcast["collection"] = _collection_fields(collection, stamp, moves)
    items = data.get("items")
    if isinstance(items, list):
        upcast["items"] = [_item(i, item, stamp, old, moves) for i, item in enumerate(items)]
    return upcast


def _collection_fields(collection: dict[str, Any], stamp: Any, moves: Moves) -> dict[str, Any]:
    collection = dict(collection)
    for name, default in COLLECTION_DEFAULTS:
        if collection.get(name) is None:
            collection[name] = default
    for name in ("created_at", "updated_at"):
        if collection.get(name) is None and stamp is not None:
            collection[name] = stamp
            moves[f"$.data.collection.{name}"] = EXPORTED_AT
    return collection


def _item(i: int, item: Any, stamp: Any, old: str, moves: Moves) -> Any:
    if not isinstance(item, dict):
        return item
    new_at, old_at = index_path("$.data.items", i), index_path(f"{old}.items", i)
    upcast = dict(item)
    if item.get("listing") is not None:
        listing = _listing(
            item["listing"], stamp, f"{new_at}.listing.listing", f"{old_at}.listing", moves
        )
        upcast["listing"] = {"listing": listing}
        moves[f"{new_at}.listing.listing"] = f"{old_at}.listing"
        moves[f"{new_at}.listing"] = f"{old_at}.listing"
    if upcast.get("status") is None:
        upcast["status"] = ITEM_STATUS_DEFAULT
    if upcast.get("position") is None:
        upcast["position"] = i
    if upcast.get("added_at") is None and stamp is not None:
        upcast["added_at"] = stamp
        moves[f"{new_at}.added_at"] = EXPORTED_AT
    return upcast
