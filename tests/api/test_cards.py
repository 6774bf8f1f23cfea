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
        return f"{content.price_usd}|{variant}".encode()


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
