"""What link unfurlers (Discord, Slack, X) and feed readers get from the real server, over
plain HTTP: Open Graph and Twitter tags, an og:image that really is the size it claims,
no view counted for a bot, Atom feeds, content negotiation and the security headers."""

from __future__ import annotations

import io
from datetime import datetime
from html.parser import HTMLParser

import httpx
import pytest
from defusedxml import ElementTree
from PIL import Image

from tests.browser.seed import (
    HOSTILE_NAME,
    LISTINGS,
    PRICE_DROP,
    PUBLIC_NAME,
    UNLISTED_NAME,
)
from tests.browser.server import Server

CRAWLERS = {
    "discord": "Discordbot/2.0",
    "slack": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "twitter": "Twitterbot/1.0",
}
BROWSER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
KINDS = ["collection", "share", "listing", "hostile"]
REQUIRED_TAGS = (
    "og:title",
    "og:description",
    "og:url",
    "og:type",
    "og:site_name",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "twitter:card",
)
MAX_IMAGE_BYTES = 5 * 1024 * 1024
ATOM = "{http://www.w3.org/2005/Atom}"


class Head(HTMLParser):
    """The <meta> tags (by property or name), <link rel> targets and <script> count."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta.setdefault(key, []).append(values.get("content", ""))
        elif tag == "link" and "rel" in values:
            self.links.setdefault(values["rel"], []).append(values.get("href", ""))
        elif tag == "script":
            self.scripts += 1

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]


def head_of(html: str) -> Head:
    parsed = Head()
    parsed.feed(html)
    parsed.close()
    return parsed


def page_path(server: Server, kind: str) -> str:
    seed = server.seed
    return {
        "collection": f"/c/{seed.public_id}",
        "share": seed.share_path,
        "listing": f"/l/{seed.changed_listing_id}",
        "hostile": f"/c/{seed.hostile_id}",
    }[kind]


def expected_title(kind: str) -> str:
    listing = LISTINGS[0]
    return {
        "collection": f"{PUBLIC_NAME} — collected by alice",
        "share": f"{UNLISTED_NAME} — collected by alice",
        "listing": f"{listing['title']} — ${listing['price_usd'] - PRICE_DROP}",
        "hostile": f"{HOSTILE_NAME} — collected by alice",
    }[kind]


def view_counts(server: Server, kind: str) -> tuple[int, ...]:
    """What the owner's API says: the collection's views (and its link's, through a link)."""
    seed = server.seed
    collection_id = seed.unlisted_id if kind == "share" else seed.public_id
    with server.owner() as owner:
        read = owner.get(f"/collections/{collection_id}")
        assert read.status_code == 200, read.text
        counts: tuple[int, ...] = (read.json()["view_count"],)
        if kind == "share":
            links = owner.get(f"/collections/{collection_id}/share-tokens").json()
            if isinstance(links, dict):  # a page: {"items": [...], "total", …}
                links = links["items"]
            [link] = [link for link in links if link["id"] == seed.share_token_id]
            counts += (link["view_count"],)
    return counts


@pytest.mark.parametrize("agent", list(CRAWLERS.values()), ids=list(CRAWLERS))
@pytest.mark.parametrize("kind", KINDS)
def test_an_unfurler_gets_a_page_with_every_tag_and_a_true_image(server: Server, kind, agent):
    path = page_path(server, kind)
    with server.anonymous(**{"User-Agent": agent, "Accept": "*/*"}) as bot:
        answer = bot.get(path)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/html")
        head = head_of(answer.text)
        for tag in REQUIRED_TAGS:
            assert head.one(tag), f"{tag} is empty on {path}"
        assert head.one("og:site_name") == "Deal Brain"
        assert head.one("og:type") == ("product" if kind == "listing" else "website")
        assert head.one("og:title") == expected_title(kind)
        assert head.one("og:url") == f"{server.url}{path}"
        assert head.links["canonical"] == [f"{server.url}{path}"]
        assert head.one("twitter:card") == "summary_large_image"
        width, height = int(head.one("og:image:width")), int(head.one("og:image:height"))
        assert (width, height) == (1200, 630)
        image_url = head.one("og:image")
        assert image_url.startswith(f"{server.url}/"), image_url
        assert head.meta.get("twitter:image", [image_url]) == [image_url]

        # The image, fetched the way the bot fetches it: anonymously.
        image = bot.get(image_url)
        assert image.status_code == 200, f"{image_url}: {image.status_code} {image.text[:300]}"
        assert "x-card-fallback" not in image.headers, f"{image_url} is the placeholder"
        kind_of_image = image.headers["content-type"]
        assert kind_of_image.startswith("image/"), kind_of_image
        if "og:image:type" in head.meta:
            assert head.one("og:image:type") == kind_of_image
        assert 0 < len(image.content) < MAX_IMAGE_BYTES
        decoded = Image.open(io.BytesIO(image.content))
        decoded.load()
        assert decoded.size == (width, height)


@pytest.mark.parametrize("kind", ["collection", "share"])
def test_a_crawler_counts_no_view(server: Server, kind):
    path = page_path(server, kind)
    before = view_counts(server, kind)
    assert view_counts(server, kind) == before  # the owner's own reads count nothing

    for agent in CRAWLERS.values():
        with server.anonymous(**{"User-Agent": agent, "Accept": "*/*"}) as bot:
            page = bot.get(path)
            assert page.status_code == 200
            image = bot.get(head_of(page.text).one("og:image"))
            assert image.status_code == 200
    assert view_counts(server, kind) == before

    # A person opening it does count: the numbers above could have moved.
    with server.anonymous(**{"User-Agent": BROWSER_AGENT, "Accept": BROWSER_ACCEPT}) as person:
        assert person.get(path).status_code == 200
    assert view_counts(server, kind) == tuple(count + 1 for count in before)


@pytest.mark.parametrize(
    ("accept", "wants"),
    [
        (None, "html"),
        ("*/*", "html"),
        (BROWSER_ACCEPT, "html"),
        ("text/html", "html"),
        ("application/json", "json"),
        ("application/json, text/html;q=0.5", "json"),
        ("text/html, application/json;q=0.9", "html"),
    ],
    ids=["none", "any", "browser", "html", "json", "json-first", "html-first"],
)
def test_a_share_link_answers_json_only_when_asked(server: Server, accept, wants):
    with server.anonymous(**{"User-Agent": CRAWLERS["slack"]}) as client:
        if accept is None:
            del client.headers["accept"]
        else:
            client.headers["accept"] = accept
        answer = client.get(server.seed.share_path)
    assert answer.status_code == 200
    assert "accept" in answer.headers.get("vary", "").lower()
    if wants == "json":
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.json()["name"] == UNLISTED_NAME
    else:
        assert answer.headers["content-type"].startswith("text/html")
        assert head_of(answer.text).one("og:title") == expected_title("share")


def _stamp(text: str | None) -> datetime:
    assert text, "missing timestamp"
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert moment.tzinfo is not None, f"{text} has no offset"
    return moment


@pytest.mark.parametrize("kind", ["collection", "share"])
def test_the_feed_is_atom_newest_first(server: Server, kind):
    seed = server.seed
    page = page_path(server, kind)
    path = f"{page}/feed.atom"
    with server.anonymous() as reader:
        answer = reader.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(answer.content)

    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id")
    title = feed.findtext(f"{ATOM}title")
    assert title == f"{PUBLIC_NAME if kind == 'collection' else UNLISTED_NAME} — Deal Brain"
    updated = _stamp(feed.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == f"{server.url}{path}"
    assert links["alternate"] == f"{server.url}{page}"

    entries = feed.findall(f"{ATOM}entry")
    added = seed.listing_ids if kind == "collection" else seed.listing_ids[1:]
    assert len(entries) == len(added)
    stamps = []
    hrefs = []
    for entry in entries:
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}title")
        stamps.append(_stamp(entry.findtext(f"{ATOM}updated")))
        [link] = entry.findall(f"{ATOM}link")
        hrefs.append(link.get("href"))
    assert stamps == sorted(stamps, reverse=True), "entries are not newest first"
    assert all(stamp <= updated for stamp in stamps)
    assert hrefs == [f"{server.url}/l/{listing_id}" for listing_id in reversed(added)]
    if kind == "collection":
        [changed] = [
            e
            for e in entries
            if e.find(f"{ATOM}link").get("href").endswith(f"/l/{seed.changed_listing_id}")
        ]
        assert f"−${PRICE_DROP} since added" in changed.findtext(f"{ATOM}summary")


def test_the_feed_of_hostile_text_is_well_formed(server: Server):
    with server.anonymous() as reader:
        answer = reader.get(f"/c/{server.seed.hostile_id}/feed.atom")
    assert answer.status_code == 200
    feed = ElementTree.fromstring(answer.content)
    assert feed.findtext(f"{ATOM}title") == f"{HOSTILE_NAME} — Deal Brain"
    assert "\u202e" in feed.findtext(f"{ATOM}subtitle")
    [entry] = feed.findall(f"{ATOM}entry")
    assert "<img src=x onerror=alert(1)>" in entry.findtext(f"{ATOM}title")


def _policy(answer: httpx.Response) -> dict[str, list[str]]:
    header = answer.headers.get("content-security-policy")
    assert header, f"{answer.url} has no Content-Security-Policy"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


PAGES = ["home", "discover", "collection", "share", "listing", "private", "revoked", "unknown"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_carries_the_security_headers(server: Server, page):
    seed = server.seed
    path, status = {
        "home": ("/", 200),
        "discover": ("/discover?q=quokka", 200),
        "collection": (f"/c/{seed.public_id}", 200),
        "share": (seed.share_path, 200),
        "listing": (f"/l/{seed.changed_listing_id}", 200),
        "private": (f"/c/{seed.private_id}", 404),
        "revoked": (f"/s/{seed.revoked_token}", 404),
        "unknown": ("/c/987654", 404),
    }[page]
    with server.anonymous(**{"User-Agent": CRAWLERS["discord"], "Accept": "*/*"}) as bot:
        answer = bot.get(path)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    policy = _policy(answer)
    assert "script-src" in policy or "default-src" in policy
    scripts = policy.get("script-src", policy.get("default-src"))
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
    assert not any("'unsafe-inline'" in sources for sources in policy.values()), policy
    assert policy["frame-ancestors"] == ["'none'"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    head = head_of(answer.text)
    assert head.scripts == 1  # /static/site.js, nothing inline

    private = page in ("share", "private", "revoked", "unknown")
    if page == "share":
        assert answer.headers["referrer-policy"] == "no-referrer"
    if private:
        assert answer.headers["x-robots-tag"] == "noindex"
        assert head.meta.get("robots") == ["noindex"]
    else:
        assert "noindex" not in answer.headers.get("x-robots-tag", "")
        assert "robots" not in head.meta


def test_absolute_urls_come_from_the_public_url_not_the_host_header(server: Server):
    seed = server.seed
    with server.anonymous(**{"Host": "evil.example", "User-Agent": CRAWLERS["twitter"]}) as bot:
        answer = bot.get(f"/c/{seed.public_id}")
    assert answer.status_code == 200
    head = head_of(answer.text)
    assert head.one("og:url") == f"{server.url}/c/{seed.public_id}"
    assert head.one("og:image").startswith(f"{server.url}/")
    assert "evil.example" not in answer.text
