"""The world the fuzzer works in: real objects on a throwaway PostgreSQL database, and how a
generated case is aimed at them (docs/adr/0111).

Seeded through the API itself (the plain user owns the collections), so every id the
fuzzer may need exists: listings, a public, an unlisted and a private collection, each with
an item and a live share link, and import previews waiting for their confirmation.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import requests
from schemathesis import Case

Headers = dict[str, str]
# What the run did, by status: printed at the end of the session (conftest).
TALLY: Counter[int] = Counter()

# A listing body: what the disposable objects and the seeded listings are made of.
LISTING = {"title": "Lenovo ThinkCentre M720q Tiny", "price_usd": 139.0, "condition": "refurb"}


@dataclass
class World:
    keys: dict[str, Headers] = field(default_factory=dict)
    # Real values for each path parameter, by name.
    ids: dict[str, list[Any]] = field(default_factory=dict)
    client: requests.Session | None = None

    def headers(self, role: str) -> Headers:
        return dict(self.keys.get(role, {}))

    def aim(self, case: Case) -> None:
        """Most of the time, point the case's path at real objects, so it reaches the code
        behind the 404. Which value is picked follows from the generated one (stable from
        run to run); one case in four keeps what was generated."""
        if case.operation.method.upper() == "DELETE":
            self._disposable(case)
            return
        for name, value in list((case.path_parameters or {}).items()):
            real = self.ids.get(name)
            pick = zlib.crc32(repr(value).encode())
            if real and pick % 4:
                case.path_parameters[name] = real[pick % len(real)]  # type: ignore[index]

    def _disposable(self, case: Case) -> None:
        """A delete removes something made for it, never a seeded object (one case in four
        keeps a generated id that names none)."""
        params = case.path_parameters or {}
        seeded = any(value in self.ids.get(name, ()) for name, value in params.items())
        if not seeded and zlib.crc32(repr(params).encode()) % 4 == 0:
            return
        path = case.operation.path
        if path == "/listings/{listing_id}":
            params["listing_id"] = self.listing()
        elif path == "/collections/{collection_id}":
            params["collection_id"] = self.collection()
        elif path == "/collections/{collection_id}/items/{listing_id}":
            collection = self.collection()
            listing = self.listing()
            self.post(f"/collections/{collection}/items", {"listing_id": listing})
            params.update(collection_id=collection, listing_id=listing)
        elif path == "/collections/{collection_id}/share-tokens/{token_id}":
            collection = self.collection("unlisted")
            params.update(collection_id=collection, token_id=self.token(collection)["id"])
        else:
            raise AssertionError(f"no disposable object for DELETE {path}")

    # -- Making things, as the plain user -----------------------------------------------------
    def post(self, path: str, body: Any = None, *, role: str = "user", raw: bytes = b"") -> Any:
        assert self.client is not None
        headers = self.headers(role)
        if raw:
            headers["Content-Type"] = "application/json"
            response = self.client.post(path, data=raw, headers=headers)
        else:
            response = self.client.post(path, json=body, headers=headers)
        assert response.status_code in (200, 201), (path, response.status_code, response.text)
        return response.json()

    def listing(self, role: str = "user") -> int:
        return int(self.post("/listings", LISTING, role=role)["id"])

    def collection(self, visibility: str = "private") -> int:
        body = {"name": "Fuzz target", "visibility": visibility}
        return int(self.post("/collections", body)["id"])

    def token(self, collection_id: int) -> dict[str, Any]:
        result: dict[str, Any] = self.post(f"/collections/{collection_id}/share-tokens")
        return result


def seed(world: World) -> None:
    assert world.client is not None
    listings = [world.listing(), world.listing(), world.listing("admin")]
    collections, tokens = [], []
    for visibility in ("public", "unlisted", "private", "unlisted", "public"):
        collection = world.collection(visibility)
        world.post(f"/collections/{collection}/items", {"listing_id": listings[0]})
        world.post(f"/collections/{collection}/items", {"listing_id": listings[1]})
        collections.append(collection)
        tokens.append(world.token(collection))
    previews = []
    for kind, path in (("listings", f"/listings/{listings[0]}/export"),
                       ("collections", f"/collections/{collections[0]}/export")):  # fmt: skip
        exported = world.client.get(path, headers=world.headers("user")).content
        for _ in range(3):
            shown = world.post(f"/{kind}/import", raw=exported)
            previews.append(shown["preview_id"])
    world.ids = {
        "listing_id": listings,
        "collection_id": collections,
        "token_id": [token["id"] for token in tokens],
        "token": [token["token"] for token in tokens],
        "preview_id": previews,
    }
