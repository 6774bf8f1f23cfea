"""What a person sees in a real Chromium: text, links, images at their real sizes, layouts
that hold on a phone, hostile text shown as text, error pages, and one whole visit from
the home page to a downloaded card. Every page is opened at 375 and 1280 px and must have
no console error, uncaught exception, dialog or CSP violation; a full-page screenshot of
each lands in var/test-artifacts/screenshots/<backend>/<page>-<width>.png.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
from PIL import Image

from tests.browser.seed import (
    FILLER_WORD,
    FILLERS,
    HOSTILE_DESCRIPTION,
    HOSTILE_NAME,
    HOSTILE_NOTE,
    HOSTILE_TITLE,
    LISTINGS,
    LONG_WORD,
    PRICE_DROP,
    PRIVATE_NAME,
    PUBLIC_NAME,
    PUBLIC_WORD,
    UNLISTED_NAME,
)
from tests.browser.server import Server
from tests.browser.tabs import CARD_SIZE, look

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def check_links(server: Server, tab_links: list[str]) -> None:
    """Every same-site link on a page answers (each URL fetched once per server)."""
    with server.anonymous() as client:
        for href in tab_links:
            if not href.startswith(server.url) or href in server.checked_links:
                continue
            answer = client.get(href)
            assert answer.status_code == 200, f"link {href} answers {answer.status_code}"
            server.checked_links.add(href)


def links(tab, selector: str = "a[href]") -> list[str]:
    return tab.page.eval_on_selector_all(selector, "(anchors) => anchors.map((a) => a.href)")


def test_home_shows_newest_and_most_popular(tabs, server: Server, screenshots: Path):
    seed = server.seed
    tab = look(tabs, server.backend, screenshots, "/", "home")
    page = tab.page

    assert page.title() == "Deal Brain"
    assert page.locator("h1").inner_text() == "PC-hardware deals, collected and shared"
    assert page.locator("#home-q").get_attribute("placeholder")
    total = FILLERS + 2  # the fillers, Quokka and the hostile one are public
    assert f"{total} public collections so far" in page.locator(".hero").inner_text()
    newest = page.locator("section[aria-labelledby=newest] .tile h3")
    assert newest.count() == 6
    names = newest.all_inner_texts()
    assert names[0] == HOSTILE_NAME  # made last: shown as text, quotes and all
    assert names[1] == PUBLIC_NAME
    assert UNLISTED_NAME not in page.content() and PRIVATE_NAME not in page.content()
    popular = page.locator("section[aria-labelledby=popular] .tile h3").all_inner_texts()
    assert PUBLIC_NAME in popular
    tile = page.locator(".tile", has=page.locator(f"a[href='/c/{seed.public_id}']")).first
    assert "3 items" in tile.locator(".stats").inner_text()
    assert tile.locator(".by").inner_text() == "by alice"
    check_links(server, links(tab, "main a[href]"))


def test_discover_searches_counts_and_pages(tabs, server: Server, screenshots: Path):
    tab = look(tabs, server.backend, screenshots, f"/discover?q={FILLER_WORD}", "discover")
    page = tab.page

    assert page.locator("h1").inner_text() == "Discover collections"
    assert page.locator("#q").input_value() == FILLER_WORD
    count = page.locator(".count").inner_text()
    assert count == f"1–20 of {FILLERS} collections matching “{FILLER_WORD}”", count
    assert page.locator(".tiles .tile").count() == 20
    pager = page.locator("nav.pager")
    assert pager.locator("[aria-current=page]").inner_text() == "1"
    pager.get_by_role("link", name="2", exact=True).click()
    page.wait_for_url(re.compile(r"page=2"))
    count = page.locator(".count").inner_text()
    assert count == f"21–{FILLERS} of {FILLERS} collections matching “{FILLER_WORD}”", count
    assert page.locator(".tiles .tile").count() == FILLERS - 20
    assert page.locator("nav.pager [aria-current=page]").inner_text() == "2"

    # the owner filter and a sort, through the form
    page.locator("#q").fill("")
    page.locator("#owner").fill("alice")
    page.locator("#sort").select_option("popular")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"owner=alice"))
    assert "sort=popular" in page.url
    assert page.locator(".count").inner_text() == f"1–20 of {FILLERS + 2} collections by alice"
    assert page.locator("#sort").input_value() == "popular"
    tab.assert_clean()


def test_discover_empty_state(tabs, server: Server, screenshots: Path):
    tab = look(tabs, server.backend, screenshots, "/discover?q=zebrafinch", "discover-empty")
    page = tab.page
    assert page.locator(".count").inner_text() == "No collections found matching “zebrafinch”."
    empty = page.locator(".empty")
    assert "Nothing here for that search" in empty.inner_text()
    assert empty.get_by_role("link", name="see every public collection").get_attribute("href") == (
        "/discover"
    )
    assert page.locator(".tiles").count() == 0 and page.locator("nav.pager").count() == 0


def test_public_collection_page(tabs, server: Server, screenshots: Path):
    seed = server.seed
    tab = look(tabs, server.backend, screenshots, f"/c/{seed.public_id}", "collection")
    page = tab.page

    assert page.title() == f"{PUBLIC_NAME} — Deal Brain"
    assert page.locator("h1").inner_text() == PUBLIC_NAME
    assert page.locator(".title-row .badge").inner_text().lower() == "public"
    assert page.locator(".page-head .by").inner_text().startswith("collected by alice")
    assert page.locator(".description").inner_text() == "Tiny, quiet PCs for a homelab rack."
    assert "3 items" in page.locator(".page-head .stats").inner_text()
    items = page.locator("ol.items > li.item")
    assert items.count() == 3
    titles = items.locator("h2").all_inner_texts()
    assert titles == [listing["title"] for listing in LISTINGS]

    changed = page.locator(f"#item-{seed.changed_listing_id}")
    new_price = LISTINGS[0]["price_usd"] - PRICE_DROP
    assert changed.locator(".price").inner_text() == f"${new_price}"
    assert changed.locator(".change").inner_text() == f"−${PRICE_DROP} since added"
    assert changed.locator(".notes").inner_text() == "Proxmox node"
    assert changed.locator(".status").inner_text().lower() == "undecided"
    for unchanged in seed.listing_ids[1:]:  # an unchanged price says nothing
        assert page.locator(f"#item-{unchanged} .change").count() == 0
    thumbnails = page.locator("ol.items img")
    assert thumbnails.count() == 3
    for index in range(3):
        size = thumbnails.nth(index).evaluate("(i) => [i.naturalWidth, i.naturalHeight]")
        assert tuple(size) == CARD_SIZE

    actions = page.locator(".page-head .actions")
    assert actions.get_by_role("link", name="Atom feed").get_attribute("href") == (
        f"/c/{seed.public_id}/feed.atom"
    )
    card = actions.get_by_role("link", name="Card image").get_attribute("href")
    assert card == f"/collections/{seed.public_id}/card-image"
    assert page.locator("text=You opened this through a share link").count() == 0
    check_links(server, links(tab, "main a[href]"))


def test_shared_collection_page(tabs, server: Server, screenshots: Path):
    seed = server.seed
    tab = look(tabs, server.backend, screenshots, seed.share_path, "shared")
    page = tab.page

    assert tab.response is not None
    assert tab.response.headers["referrer-policy"] == "no-referrer"
    assert tab.response.headers["x-robots-tag"] == "noindex"
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    assert page.locator("h1").inner_text() == UNLISTED_NAME
    assert page.locator(".title-row .badge").inner_text().lower() == "unlisted"
    assert (
        "You opened this through a share link: it is read-only"
        in page.locator(".page-head").inner_text()
    )
    assert page.locator("ol.items > li.item").count() == 2
    actions = page.locator(".page-head .actions")
    assert actions.get_by_role("link", name="Card image").get_attribute("href") == (
        f"/s/{seed.share_token}/card-image"
    )
    check_links(server, links(tab, "main a[href]"))

    # Following a link from the page does not hand the share token to the next site.
    listing = page.locator(f"#item-{seed.listing_ids[1]} h2 a")
    with page.expect_request(f"**/l/{seed.listing_ids[1]}") as sent:
        listing.click()
    assert "referer" not in sent.value.headers, sent.value.headers
    page.wait_for_load_state("load")
    tab.assert_clean()


def test_listing_page(tabs, server: Server, screenshots: Path):
    seed = server.seed
    listing = LISTINGS[0]
    tab = look(tabs, server.backend, screenshots, f"/l/{seed.changed_listing_id}", "listing")
    page = tab.page
    new_price = listing["price_usd"] - PRICE_DROP

    assert page.title() == f"{listing['title']} — ${new_price} — Deal Brain"
    assert page.locator("h1").inner_text() == listing["title"]
    assert page.locator(".prices .price").inner_text() == f"${new_price}"
    assert page.locator(".prices .adjusted").inner_text() == "adjusted value $199"
    # The card's own words: the share is of the value ($80 of $199), not of the price.
    assert page.locator(".saving").inner_text() == "$80 below value (40%)"
    card = page.locator("img.card-large")
    assert tuple(card.evaluate("(i) => [i.naturalWidth, i.naturalHeight]")) == CARD_SIZE
    assert card.get_attribute("alt") == f"Deal card: {listing['title']}, ${new_price}"

    original = page.get_by_role("link", name="See the original listing")
    assert original.get_attribute("href") == listing["listing_url"]
    assert {"nofollow", "noopener"} <= set(original.get_attribute("rel").split())

    specs = dict(
        zip(
            page.locator("table.specs th").all_inner_texts(),
            page.locator("table.specs td").all_inner_texts(),
        )
    )
    assert specs["Condition"] == "Refurbished"
    assert specs["Seller"] == "ServerMonkey"
    assert specs["Model"] == "M720q"
    assert specs["Manufacturer"] == "Lenovo"
    assert specs["CPU"] == "Intel Core i5-8500T, 6 cores / 12 threads"
    assert specs["CPU Mark (multi)"] == "9,600"
    assert specs["GPU"] == "Intel UHD Graphics 630"
    assert specs["RAM"] == "16 GB DDR4 @ 2666 MHz"
    assert specs["Storage"] == "512 GB NVMe"
    assert specs["Ports"] == "4× USB-A, 1× HDMI"
    assert specs["Valuation rules"] == "Minis"

    downloads = page.locator("ul.downloads a[download]")
    assert downloads.count() == 6
    assert downloads.first.inner_text() == "social · light"

    # The picker opens the chosen variant: a square dark JPEG.
    page.locator("#style").select_option("dark")
    page.locator("#size").select_option("square")
    page.locator("#format").select_option("jpeg")
    with page.expect_navigation() as navigation:
        page.locator("form.picker button[type=submit]").click()
    opened = navigation.value
    assert opened is not None and opened.status == 200
    assert "style=dark" in page.url and "size=square" in page.url and "format=jpeg" in page.url
    assert opened.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(opened.body()))
    assert (image.format, image.size) == ("JPEG", (1080, 1080))
    # Showing a bare image, Chromium asks for /favicon.ico, which the site does not serve.
    tab.assert_clean(ignore=(f"{server.url}/favicon.ico",))


def test_hostile_collection_shows_text(tabs, server: Server, screenshots: Path):
    seed = server.seed
    tab = look(tabs, server.backend, screenshots, f"/c/{seed.hostile_id}", "hostile")
    page = tab.page

    assert page.locator("h1").inner_text() == HOSTILE_NAME
    assert page.title() == f"{HOSTILE_NAME} — Deal Brain"
    description = page.locator(".description").text_content()
    assert description == HOSTILE_DESCRIPTION
    assert "\u202e" in description and "🖥️" in description and "迷你电脑" in description
    assert page.locator(".description b, .description a").count() == 0
    assert page.locator(f"#item-{seed.hostile_listing_id} h2").inner_text() == HOSTILE_TITLE
    assert page.locator(".notes").text_content() == HOSTILE_NOTE
    # No markup of theirs became an element: only the site's own script, no <img src=x>.
    assert page.locator("script").count() == 1
    assert page.locator("script").get_attribute("src") == "/static/site.js"
    assert page.locator("img[src=x]").count() == 0
    og_title = page.locator("meta[property='og:title']").get_attribute("content")
    assert og_title == f"{HOSTILE_NAME} — collected by alice"


def test_hostile_listing_shows_text(tabs, server: Server, screenshots: Path):
    seed = server.seed
    path = f"/l/{seed.hostile_listing_id}"
    tab = look(tabs, server.backend, screenshots, path, "hostile-listing")
    page = tab.page

    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator(".notes").text_content() == LONG_WORD
    assert page.locator("script").count() == 1
    assert page.locator("img[src=x]").count() == 0
    # `javascript:` is no original listing to link to.
    assert page.get_by_role("link", name="See the original listing").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0
    specs = dict(
        zip(
            page.locator("table.specs th").all_inner_texts(),
            page.locator("table.specs td").all_inner_texts(),
        )
    )
    assert specs["Seller"] == '"><script>alert(3)</script>'


def test_private_collection_is_a_404_page(tabs, server: Server, screenshots: Path):
    seed = server.seed
    tab = look(tabs, server.backend, screenshots, f"/c/{seed.private_id}", "not-found", status=404)
    page = tab.page
    assert page.locator(".error-page .code").inner_text() == "404"
    assert page.locator("h1").inner_text() == "Not found"
    assert PRIVATE_NAME not in page.content()
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    assert page.get_by_role("link", name="Discover collections").get_attribute("href") == (
        "/discover"
    )

    # Unlisted by its id: only its link opens it.
    unlisted = tabs(f"/c/{seed.unlisted_id}")
    assert unlisted.status == 404
    assert unlisted.page.locator("h1").inner_text() == "Not found"
    assert UNLISTED_NAME not in unlisted.page.content()
    unlisted.assert_clean()


def test_the_owner_sees_a_private_collection_with_its_badge(tabs, server: Server):
    seed = server.seed
    with server.owner() as owner:
        before = owner.get(f"/collections/{seed.private_id}").json()["view_count"]
    key = {"Authorization": f"Bearer {server.key}"}
    tab = tabs(f"/c/{seed.private_id}", 375, extra_http_headers=key)
    page = tab.page
    assert tab.status == 200
    assert page.locator("h1").inner_text() == PRIVATE_NAME
    assert page.locator(".title-row .badge").inner_text().lower() == "private"
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    assert tab.scroll_width() <= 376
    tab.load_images()
    tab.assert_clean()
    with server.owner() as owner:
        assert owner.get(f"/collections/{seed.private_id}").json()["view_count"] == before


def test_revoked_link_is_a_404_page(tabs, server: Server, screenshots: Path):
    seed = server.seed
    path = f"/s/{seed.revoked_token}"
    tab = look(tabs, server.backend, screenshots, path, "revoked-link", status=404)
    assert tab.page.locator("h1").inner_text() == "Not found"
    assert "revoked" in tab.page.locator(".error-page").inner_text()
    assert UNLISTED_NAME not in tab.page.content()


def test_from_home_to_a_downloaded_card(tabs, server: Server):
    """Home → Discover → search a word of a collection's name → the collection → a
    listing → its card download, a real 1200×630 PNG."""
    seed = server.seed
    tab = tabs("/")
    page = tab.page

    page.locator("nav[aria-label=Site]").get_by_role("link", name="Discover").click()
    page.wait_for_url(f"{server.url}/discover")
    page.locator("#q").fill(PUBLIC_WORD)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(rf"q={PUBLIC_WORD}"))
    count = page.locator(".count").inner_text()
    assert count == f"1–1 of 1 collection matching “{PUBLIC_WORD}”", count

    page.get_by_role("link", name=PUBLIC_NAME).click()
    page.wait_for_url(f"{server.url}/c/{seed.public_id}")
    assert page.locator("h1").inner_text() == PUBLIC_NAME

    page.get_by_role("link", name=LISTINGS[0]["title"], exact=True).click()
    page.wait_for_url(f"{server.url}/l/{seed.changed_listing_id}")
    assert page.locator("h1").inner_text() == LISTINGS[0]["title"]

    link = page.get_by_role("link", name="social · light")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", CARD_SIZE)
    # The same bytes as the link itself answers.
    href = link.get_attribute("href")
    answer = httpx.get(f"{server.url}{href}", timeout=60)
    assert answer.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(answer.content)).size == CARD_SIZE
    tab.assert_clean()


def test_the_home_search_box_finds_a_collection(tabs, server: Server):
    tab = tabs("/", 375)
    page = tab.page
    page.locator("#home-q").fill(PUBLIC_WORD.upper())
    page.locator("form.big-search button[type=submit]").click()
    page.wait_for_url(re.compile(r"/discover\?q="))
    assert page.locator(".tiles .tile h3").all_inner_texts() == [PUBLIC_NAME]
    assert tab.scroll_width() <= 376
    tab.assert_clean()
