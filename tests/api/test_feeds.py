"""Atom feeds of collections: valid Atom 1.0, newest item first, no views counted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from defusedxml import ElementTree
from litestar import Litestar
from litestar.testing import AsyncTestClient

ATOM = "{http://www.w3.org/2005/Atom}"
Make = Callable[..., Awaitable[dict[str, Any]]]


def _feed(body: bytes) -> Any:
    root = ElementTree.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{required}") or "").strip(), required
    rels = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert rels["self"].endswith("/feed.atom") and rels["alternate"]
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert entry.find(f"{ATOM}link").get("href")
    return root


async def test_feeds_by_id_and_by_link(
    client: AsyncTestClient[Litestar], alice: dict[str, str], make_listing: Make,
    make_collection: Make, add_item: Make,
) -> None:  # fmt: skip
    public = await make_collection(alice, name="Feed me <b>", visibility="public")
    unlisted = await make_collection(alice, name="Quiet", visibility="unlisted")
    titles = ["First \x01 deal", "Second deal", "Third & last"]
    for title in titles:
        listing = await make_listing(alice, title=title)
        for collection in (public, unlisted):
            await add_item(alice, collection["id"], listing["id"], notes="note <i>")
    link = (await client.post(f"/collections/{unlisted['id']}/share-tokens", headers=alice)).json()

    for path in (f"/c/{public['id']}/feed.atom", f"/s/{link['token']}/feed.atom"):
        response = await client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/atom+xml")
        root = _feed(response.content)
        entries = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
        # Newest first; a control character that XML cannot carry is dropped, not a 500.
        assert [e.split(" — ")[0] for e in entries] == [
            "Third & last",
            "Second deal",
            "First  deal",
        ]
    assert root.findtext(f"{ATOM}title").startswith("Quiet")
    share_response = await client.get(f"/s/{link['token']}/feed.atom")
    assert share_response.headers["x-robots-tag"] == "noindex"


async def test_no_feed_for_what_you_cannot_read(
    client: AsyncTestClient[Litestar], alice: dict[str, str], make_collection: Make
) -> None:
    private = await make_collection(alice, name="Mine")
    assert (await client.get(f"/c/{private['id']}/feed.atom")).status_code == 404
    assert (await client.get("/s/not-a-token/feed.atom")).status_code == 404
    owner = await client.get(f"/c/{private['id']}/feed.atom", headers=alice)
    assert owner.status_code == 200
