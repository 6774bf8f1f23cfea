"""The public web pages through the in-process client: what each page says, its status
and headers, its unfurl tags, escaping, and which reads count a view."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from entrypoints.container import Container, build_container
from entrypoints.settings import Settings

BROWSER = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36",
}
JSON = {"Accept": "application/json"}
PUBLIC_URL = "https://deals.example.org"
Client = AsyncTestClient[Litestar]
Make = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def container(tmp_path: Any, events: Any) -> Container:
    """The API suite's container, with a public URL so absolute links can be checked."""
    from dependency_injector import providers

    settings = Settings(
        data_dir=tmp_path, database_url="unused", storage="memory", public_url=PUBLIC_URL
    )
    container = build_container(settings)
    container.events.override(providers.Object(events))
    return container


class Tags(HTMLParser):
    """The meta tags, links and visible text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.scripts: list[dict[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content", "")
        elif tag == "a":
            self.links.append(values)
        elif tag == "script":
            self.scripts.append(values)

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


async def _page(client: Client, path: str, status: int = 200, **headers: str) -> Tags:
    response = await client.get(path, headers={**BROWSER, **headers})
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    return parse(response.text)


@pytest.fixture
async def shared(
    client: Client, alice: dict[str, str], make_listing: Make, make_collection: Make,
    add_item: Make,
) -> dict[str, Any]:  # fmt: skip
    """Alice's public and unlisted collections, the unlisted one with a share link."""
    cheap = await make_listing(
        alice, title="HP EliteDesk 800 G4 Mini", price_usd=159.0,
        valuation={"base_price_usd": 159.0, "adjusted_price_usd": 199.0},
        listing_url="https://example.com/deal/800g4", seller="pc_renew",
    )  # fmt: skip
    other = await make_listing(alice, title="Lenovo M720q", price_usd=115.0)
    public = await make_collection(
        alice, name="Homelab minis", description="Small and quiet.", visibility="public"
    )
    unlisted = await make_collection(alice, name="Secret stash", visibility="unlisted")
    for collection in (public, unlisted):
        await add_item(alice, collection["id"], cheap["id"], notes="for the rack")
        await add_item(alice, collection["id"], other["id"])
    # The price drops after the item was added: the page says by how much.
    response = await client.patch(
        f"/listings/{cheap['id']}", json={"price_usd": 129.0}, headers=alice
    )
    assert response.status_code == 200
    link = (await client.post(f"/collections/{unlisted['id']}/share-tokens", headers=alice)).json()
    return {"public": public, "unlisted": unlisted, "link": link, "cheap": cheap, "other": other}


async def test_home_shows_public_collections_only(client: Client, shared: dict[str, Any]) -> None:
    tags = await _page(client, "/")
    text = " ".join(tags.text)
    assert "Homelab minis" in text
    assert "Secret stash" not in text
    assert any(link.get("href") == f"/c/{shared['public']['id']}" for link in tags.links)


async def test_collection_page_shows_items_prices_and_changes(
    client: Client, shared: dict[str, Any]
) -> None:
    tags = await _page(client, f"/c/{shared['public']['id']}")
    text = " ".join(tags.text)
    for expected in ("Homelab minis", "alice", "Small and quiet.", "public",
                     "HP EliteDesk 800 G4 Mini", "$129", "value $199", "for the rack",
                     "−$30 since added", "Great deal", "undecided"):  # fmt: skip
        assert expected in text, expected
    hrefs = {link.get("href") for link in tags.links}
    collection_id = shared["public"]["id"]
    assert f"/collections/{collection_id}/export?format=json" in hrefs
    assert f"/collections/{collection_id}/export?format=csv" in hrefs
    assert f"/c/{collection_id}/feed.atom" in hrefs
    assert f"/l/{shared['cheap']['id']}" in hrefs
    assert "robots" not in tags.meta  # public pages may be indexed


@pytest.mark.parametrize("kind", ["private", "unlisted"])
async def test_a_collection_not_public_is_a_404_page(
    client: Client, alice: dict[str, str], make_collection: Make, kind: str
) -> None:
    made = await make_collection(alice, name="Mine", visibility=kind)
    tags = await _page(client, f"/c/{made['id']}", status=404)
    assert "Not found" in " ".join(tags.text)
    assert "Mine" not in " ".join(tags.text)


async def test_error_pages_for_browsers_json_for_programs(client: Client) -> None:
    assert "Not found" in " ".join((await _page(client, "/c/99999", status=404)).text)
    # A page route keeps its page even for `*/*` (unfurl bots send that)...
    response = await client.get("/c/99999", headers={"Accept": "*/*"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    # ...while the API and unknown paths keep answering JSON to programs.
    for path in ("/collections/99999", "/no/such/thing"):
        response = await client.get(path)
        assert response.status_code == 404
        assert response.json()["status_code"] == 404
    assert (
        (await client.get("/no/such/thing", headers=BROWSER))
        .headers["content-type"]
        .startswith("text/html")
    )


async def test_the_share_link_is_a_page_by_default(client: Client, shared: dict[str, Any]) -> None:
    path = f"/s/{shared['link']['token']}"
    for accept in (None, "*/*", "text/html", "text/html, application/json;q=0.9"):
        headers = {"Accept": accept} if accept else {}
        response = await client.get(path, headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html"), accept
        assert response.headers["x-robots-tag"] == "noindex"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "Accept" in response.headers["vary"]
    tags = parse(response.text)
    assert tags.meta["robots"] == "noindex"
    text = " ".join(tags.text)
    assert "Secret stash" in text and "unlisted" in text and "share link" in text
    hrefs = {link.get("href") for link in tags.links}
    assert f"{path}/export?format=csv" in hrefs and f"{path}/feed.atom" in hrefs


@pytest.mark.parametrize("accept", ["application/json", "application/json, text/html;q=0.5"])
async def test_the_share_link_answers_json_when_asked(
    client: Client, shared: dict[str, Any], accept: str
) -> None:
    response = await client.get(f"/s/{shared['link']['token']}", headers={"Accept": accept})
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Secret stash" and len(body["items"]) == 2


async def test_a_revoked_link_is_a_404_page(
    client: Client, alice: dict[str, str], shared: dict[str, Any]
) -> None:
    link, collection_id = shared["link"], shared["unlisted"]["id"]
    await client.delete(f"/collections/{collection_id}/share-tokens/{link['id']}", headers=alice)
    await _page(client, f"/s/{link['token']}", status=404)


@pytest.mark.parametrize("kind", ["collection", "share", "listing"])
async def test_every_page_carries_unfurl_tags(
    client: Client, shared: dict[str, Any], kind: str
) -> None:
    collection, token, listing = (
        shared["public"]["id"],
        shared["link"]["token"],
        shared["cheap"]["id"],
    )
    path, image = {
        "collection": (f"/c/{collection}", f"/collections/{collection}/card-image"),
        "share": (f"/s/{token}", f"/s/{token}/card-image"),
        "listing": (f"/l/{listing}", f"/listings/{listing}/card-image"),
    }[kind]
    tags = await _page(client, path, **{"User-Agent": "Discordbot/2.0", "Accept": "*/*"})
    meta = tags.meta
    assert meta["og:url"] == PUBLIC_URL + path
    assert meta["og:image"] == PUBLIC_URL + image
    assert meta["og:image:width"] == "1200" and meta["og:image:height"] == "630"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:site_name"] == "Deal Brain"
    for key in ("og:title", "og:description", "og:type", "og:image:alt"):
        assert meta[key].strip(), key


async def test_listing_page(client: Client, shared: dict[str, Any]) -> None:
    tags = await _page(client, f"/l/{shared['cheap']['id']}")
    text = " ".join(tags.text)
    assert "HP EliteDesk 800 G4 Mini" in text and "$129" in text and "pc_renew" in text
    original = [link for link in tags.links if link.get("href") == "https://example.com/deal/800g4"]
    assert original and {"nofollow", "noopener"} <= set(original[0]["rel"].split())
    downloads = [link["href"] for link in tags.links if "download" in link]
    assert any("style=dark" in href and "size=square" in href for href in downloads)
    assert [script.get("src") for script in tags.scripts] == ["/static/site.js"]


async def test_a_javascript_url_is_not_a_link(
    client: Client, alice: dict[str, str], make_listing: Make
) -> None:
    made = await make_listing(alice, title="Trap", listing_url="javascript:alert(1)")
    tags = await _page(client, f"/l/{made['id']}")
    assert not any("javascript" in link.get("href", "") for link in tags.links)


HOSTILE = "<script>alert(\"x\")</script> 'quoted' \u202egnp.exe 🖥️ 迷你电脑 " + "W" * 5000


async def test_hostile_text_is_escaped_everywhere(
    client: Client, alice: dict[str, str], make_listing: Make, make_collection: Make,
    add_item: Make,
) -> None:  # fmt: skip
    listing = await make_listing(alice, title='<img src=x onerror=alert(1)> "mini"')
    made = await make_collection(
        alice, name='<script>alert(1)</script> "x"', description=HOSTILE[:1000],
        visibility="public",
    )  # fmt: skip
    await add_item(alice, made["id"], listing["id"], notes=HOSTILE[:500])
    for path in (f"/c/{made['id']}", f"/l/{listing['id']}", "/", "/discover?q=script"):
        response = await client.get(path, headers=BROWSER)
        assert response.status_code == 200
        html = response.text
        assert "<script>alert" not in html and "<img src=x" not in html
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts == ['<script src="/static/site.js" defer>'], scripts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (await client.get(f"/c/{made['id']}")).text


async def test_discover_searches_sorts_and_pages(
    client: Client, alice: dict[str, str], bob: dict[str, str], make_collection: Make
) -> None:
    for number in range(23):
        await make_collection(alice, name=f"Ryzen box {number}", visibility="public")
    await make_collection(bob, name="Intel only", visibility="public")
    tags = await _page(client, "/discover?q=ryzen")
    text = " ".join(tags.text)
    assert "1–20 of 23 collections" in text and "Intel only" not in text
    assert any(link.get("href") == "/discover?q=ryzen&page=2" for link in tags.links)
    second = " ".join((await _page(client, "/discover?q=ryzen&page=2")).text)
    assert "21–23 of 23" in second
    by_bob = " ".join((await _page(client, "/discover?owner=bob&sort=popular")).text)
    assert "Intel only" in by_bob and "Ryzen box" not in by_bob
    empty = " ".join((await _page(client, "/discover?q=zzzz")).text)
    assert "No collections found" in empty
    past = " ".join((await _page(client, "/discover?q=ryzen&page=9")).text)
    assert "past the end" in past


@pytest.mark.parametrize("query", ["sort=best", "page=0", "page=x", "q=" + "a" * 201])
async def test_bad_discover_queries_are_400_pages(client: Client, query: str) -> None:
    await _page(client, f"/discover?{query}", status=400)


async def test_static_assets_are_served_by_the_app(client: Client) -> None:
    for path, kind in (("/static/site.css", "text/css"), ("/static/site.js", "javascript"),
                       ("/static/favicon.svg", "image/svg+xml")):  # fmt: skip
        response = await client.get(path)
        assert response.status_code == 200 and kind in response.headers["content-type"]


async def test_crawlers_owners_and_people(
    client: Client, alice: dict[str, str], bob: dict[str, str], shared: dict[str, Any]
) -> None:
    collection_id = shared["public"]["id"]

    async def views() -> int:
        response = await client.get(f"/collections/{collection_id}", headers=alice)
        return int(response.json()["view_count"])

    before = await views()
    for agent in ("Discordbot/2.0", "Slackbot-LinkExpanding 1.0", "Twitterbot/1.0"):
        await _page(client, f"/c/{collection_id}", **{"User-Agent": agent})
    assert await views() == before
    await client.get(f"/c/{collection_id}", headers={**BROWSER, **alice})  # the owner
    assert await views() == before
    await _page(client, f"/c/{collection_id}")  # an anonymous person
    await client.get(f"/c/{collection_id}", headers={**BROWSER, **bob})
    assert await views() == before + 2
    # Feeds are polled by readers: never a view.
    await client.get(f"/c/{collection_id}/feed.atom")
    assert await views() == before + 2


async def test_the_favicon_is_where_browsers_look(client: Client) -> None:
    response = await client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"] == "image/x-icon"


async def test_home_and_discover_describe_themselves(client: Client) -> None:
    for path in ("/", "/discover?q=mini"):
        meta = (await _page(client, path)).meta
        assert meta["og:url"].startswith(PUBLIC_URL) and meta["og:title"]
        assert meta["twitter:card"] == "summary"


async def test_error_pages_send_no_referrer(client: Client) -> None:
    response = await client.get("/s/dead-token", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["referrer-policy"] == "no-referrer"
