"""Card endpoints over HTTP, with a stand-in renderer (real Chromium: tests/integration/cards)."""

from __future__ import annotations

import pytest
from dependency_injector import providers


class StandInRenderer:
    def __init__(self) -> None:
        self.calls = 0
        self.fail = False

    async def render(self, content, variant) -> bytes:  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.fail:
            raise RuntimeError("no browser")
        return f"{content!r}|{variant}".encode()


@pytest.fixture
def renderer(container) -> StandInRenderer:  # type: ignore[no-untyped-def]
    stand_in = StandInRenderer()
    container.renderer.override(providers.Object(stand_in))
    return stand_in


async def test_a_card_with_type_etag_and_cache_headers_then_304(
    client, alice, make_listing, renderer
) -> None:
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}/card-image"

    first = await client.get(path)
    assert first.status_code == 200
    assert first.headers["content-type"] == "image/png"
    assert first.headers["cache-control"] == "public, max-age=86400"
    etag = first.headers["etag"]
    again = await client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = await client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content
    assert renderer.calls == 1


async def test_variants_and_a_price_change(client, alice, make_listing, renderer) -> None:
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}/card-image"
    jpeg = await client.get(path, params={"style": "dark", "size": "story", "format": "jpeg"})
    assert jpeg.headers["content-type"] == "image/jpeg"
    before = await client.get(path)
    await client.patch(f"/listings/{listing['id']}", json={"price_usd": 1.5}, headers=alice)
    after = await client.get(path)
    assert after.headers["etag"] != before.headers["etag"]
    assert after.content != before.content


@pytest.mark.parametrize(
    ("params", "field"),
    [({"style": "neon"}, "style"), ({"size": "poster"}, "size"), ({"format": "gif"}, "format")],
)
async def test_unknown_variant_values_are_400_naming_them(
    client, alice, make_listing, renderer, params, field
) -> None:
    listing = await make_listing(alice)
    response = await client.get(f"/listings/{listing['id']}/card-image", params=params)
    assert response.status_code == 400
    assert response.json()["field"] == field


async def test_missing_listing_is_404(client, renderer) -> None:
    assert (await client.get("/listings/999/card-image")).status_code == 404
    assert (await client.get("/listings/999/card-image/metadata")).status_code == 404


async def test_a_failed_render_is_a_marked_placeholder(
    client, alice, make_listing, renderer
) -> None:
    listing = await make_listing(alice)
    renderer.fail = True
    response = await client.get(f"/listings/{listing['id']}/card-image")
    assert response.status_code == 200
    assert response.headers["x-card-fallback"] == "1"
    assert response.headers["cache-control"] == "no-store, max-age=0"
    assert "etag" not in response.headers
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


async def test_metadata_says_what_is_cached(client, alice, make_listing, renderer) -> None:
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}/card-image"
    empty = (await client.get(f"{path}/metadata")).json()
    assert empty["cached"] is False and empty["bytes"] is None
    await client.get(path)
    held = (await client.get(f"{path}/metadata")).json()
    assert held["cached"] is True and held["key"] == empty["key"]
    assert held["bytes"] > 0 and held["render_ms"] >= 0
    assert held["generated_at"] < held["expires_at"]


# --- Collection cards --------------------------------------------------------------------


async def _collection_with_items(client, make_collection, make_listing, add_item, headers, **kw):  # type: ignore[no-untyped-def]
    collection = await make_collection(headers, **kw)
    for title, price in (("Cheap one", 100.0), ("Dear one", 900.0)):
        listing = await make_listing(headers, title=title, price_usd=price)
        await add_item(headers, collection["id"], listing["id"])
    return collection


async def test_a_public_collection_card_with_etag_cache_headers_then_304(
    client, alice, make_collection, make_listing, add_item, renderer
) -> None:
    collection = await _collection_with_items(
        client, make_collection, make_listing, add_item, alice, visibility="public"
    )
    path = f"/collections/{collection['id']}/card-image"

    first = await client.get(path)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "image/png"
    assert first.headers["cache-control"] == "public, max-age=86400"
    assert b"Cheap one" in first.content and b"item_count=2" in first.content
    again = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    jpeg = await client.get(path, params={"style": "dark", "size": "story", "format": "jpeg"})
    assert jpeg.headers["content-type"] == "image/jpeg"
    assert renderer.calls == 2


async def test_a_private_collection_card_is_its_owners_and_kept_by_no_shared_cache(
    client, alice, bob, make_collection, renderer, expect_error
) -> None:
    collection = await make_collection(alice)  # private by default
    path = f"/collections/{collection['id']}/card-image"

    own = await client.get(path, headers=alice)
    assert own.status_code == 200
    assert own.headers["cache-control"] == "private, no-cache"
    assert (
        await client.get(path, headers={**alice, "If-None-Match": own.headers["etag"]})
    ).status_code == 304
    expect_error(await client.get(path, headers=bob), 404, "not_found")
    expect_error(await client.get(path), 404, "not_found")
    # Knowing the ETag does not open it either: access is checked before the cache.
    sneaky = await client.get(path, headers={**bob, "If-None-Match": own.headers["etag"]})
    assert sneaky.status_code == 404
    assert renderer.calls == 1


async def test_a_change_to_the_items_gives_a_new_card(
    client, alice, make_collection, make_listing, add_item, renderer
) -> None:
    collection = await make_collection(alice, visibility="public")
    path = f"/collections/{collection['id']}/card-image"
    before = await client.get(path)
    listing = await make_listing(alice, title="Fresh deal")
    await add_item(alice, collection["id"], listing["id"])
    after = await client.get(path)

    assert after.headers["etag"] != before.headers["etag"]
    assert b"Fresh deal" in after.content


async def test_a_share_link_card_no_view_counted_and_gone_once_revoked(
    client, alice, make_collection, make_listing, add_item, renderer, expect_error
) -> None:
    collection = await _collection_with_items(
        client, make_collection, make_listing, add_item, alice, visibility="unlisted"
    )
    made = await client.post(f"/collections/{collection['id']}/share-tokens", headers=alice)
    link = made.json()
    path = f"/s/{link['token']}/card-image"

    card = await client.get(path, params={"size": "square"})
    assert card.status_code == 200, card.text
    assert card.headers["cache-control"] == "private, no-cache"
    assert (
        await client.get(
            path, params={"size": "square"}, headers={"If-None-Match": card.headers["etag"]}
        )
    ).status_code == 304
    expect_error(await client.get(f"/collections/{collection['id']}/card-image"), 404, "not_found")

    links = (
        await client.get(f"/collections/{collection['id']}/share-tokens", headers=alice)
    ).json()["items"]
    assert links[0]["view_count"] == 0
    own = (await client.get(f"/collections/{collection['id']}", headers=alice)).json()
    assert own["view_count"] == 0

    await client.delete(f"/collections/{collection['id']}/share-tokens/{link['id']}", headers=alice)
    expect_error(await client.get(path), 404, "not_found")
    expect_error(await client.get("/s/not-a-token/card-image"), 404, "not_found")


async def test_a_share_link_to_a_collection_made_private_is_404(
    client, alice, make_collection, renderer, expect_error
) -> None:
    collection = await make_collection(alice, visibility="unlisted")
    link = (
        await client.post(f"/collections/{collection['id']}/share-tokens", headers=alice)
    ).json()
    await client.patch(
        f"/collections/{collection['id']}", json={"visibility": "private"}, headers=alice
    )

    expect_error(await client.get(f"/s/{link['token']}/card-image"), 404, "not_found")


async def test_a_failed_collection_render_is_a_marked_placeholder(
    client, alice, make_collection, renderer
) -> None:
    collection = await make_collection(alice, visibility="public", name="Homelab")
    renderer.fail = True
    response = await client.get(
        f"/collections/{collection['id']}/card-image", params={"format": "jpeg"}
    )

    assert response.status_code == 200
    assert response.headers["x-card-fallback"] == "1"
    assert response.headers["cache-control"] == "no-store, max-age=0"
    assert "etag" not in response.headers
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"style": "neon"}, "style"), ({"size": "poster"}, "size"), ({"format": "gif"}, "format")],
)
async def test_unknown_collection_card_variants_are_400(
    client, alice, make_collection, renderer, params, field
) -> None:
    collection = await make_collection(alice, visibility="public")
    response = await client.get(f"/collections/{collection['id']}/card-image", params=params)
    assert response.status_code == 400
    assert response.json()["field"] == field
