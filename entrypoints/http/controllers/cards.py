"""Card images of listings and collections: what people paste into Discord, Slack or X."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from application.cards import Card, CardImages
from domain.cards import CardFormat, CardSize, CardStyle, CardVariant
from domain.users import User
from schemas.cards import CardMetadataOut

CACHE_FOR = "public, max-age=86400"
# The card of a collection not everyone may see (private, unlisted, through a share link):
# no shared cache may keep it, and a browser asks again each time (the ETag makes that a
# 304) so a revoked link or a collection made private stops showing (docs/adr/0050).
PRIVATE_CACHE_FOR = "private, no-cache"
# A placeholder must not stick in anyone's cache: the real card may work in a minute.
FALLBACK_CACHE_FOR = "no-store, max-age=0"
FALLBACK_HEADER = "X-Card-Fallback"


class CardController(Controller):
    path = "/listings/{listing_id:int}/card-image"
    tags = ["cards"]

    @get("/", summary="The listing's card image", media_type="image/png")
    async def image(
        self,
        request: Request[Any, Any, Any],
        listing_id: FromPath[int],
        cards: NamedDependency[CardImages],
        style: FromQuery[CardStyle] = CardStyle.LIGHT,
        size: FromQuery[CardSize] = CardSize.SOCIAL,
        format: FromQuery[CardFormat] = CardFormat.PNG,
    ) -> Response[bytes]:
        card = await cards.card(listing_id, CardVariant(style, size, format))
        return card_response(request, card)

    @get("/metadata", summary="What the cache holds for a card variant (renders nothing)")
    async def metadata(
        self,
        listing_id: FromPath[int],
        cards: NamedDependency[CardImages],
        style: FromQuery[CardStyle] = CardStyle.LIGHT,
        size: FromQuery[CardSize] = CardSize.SOCIAL,
        format: FromQuery[CardFormat] = CardFormat.PNG,
    ) -> CardMetadataOut:
        card = await cards.metadata(listing_id, CardVariant(style, size, format))
        return CardMetadataOut(
            cached=card.cached,
            key=card.key,
            bytes=len(card.data) if card.cached else None,
            generated_at=card.generated_at,
            expires_at=card.expires_at,
            render_ms=card.render_ms,
        )


class CollectionCardController(Controller):
    tags = ["cards"]

    @get(
        "/collections/{collection_id:int}/card-image",
        summary="The collection's card image (whoever may read the collection; no view counted)",
        media_type="image/png",
    )
    async def collection_image(
        self,
        request: Request[Any, Any, Any],
        collection_id: FromPath[int],
        cards: NamedDependency[CardImages],
        user: NamedDependency[User | None],
        style: FromQuery[CardStyle] = CardStyle.LIGHT,
        size: FromQuery[CardSize] = CardSize.SOCIAL,
        format: FromQuery[CardFormat] = CardFormat.PNG,
    ) -> Response[bytes]:
        variant = CardVariant(style, size, format)
        return card_response(request, await cards.collection_card(user, collection_id, variant))

    @get(
        "/s/{token:str}/card-image",
        summary="The card image of the collection behind a share link (no view counted)",
        media_type="image/png",
    )
    async def shared_image(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        cards: NamedDependency[CardImages],
        style: FromQuery[CardStyle] = CardStyle.LIGHT,
        size: FromQuery[CardSize] = CardSize.SOCIAL,
        format: FromQuery[CardFormat] = CardFormat.PNG,
    ) -> Response[bytes]:
        variant = CardVariant(style, size, format)
        return card_response(request, await cards.shared_collection_card(token, variant))


def card_response(request: Request[Any, Any, Any], card: Card) -> Response[bytes]:
    """The image with its caching headers; 304 when the client holds this very image; a
    placeholder is marked and kept by no cache."""
    if card.fallback:
        headers = {"Cache-Control": FALLBACK_CACHE_FOR, FALLBACK_HEADER: "1"}
        return Response(card.data, media_type=card.content_type, headers=headers)
    cache_for = CACHE_FOR if card.public else PRIVATE_CACHE_FOR
    headers = {"Cache-Control": cache_for, "ETag": card.etag or ""}
    if card.etag and card.etag in _etags(request.headers.get("if-none-match")):
        return Response(b"", status_code=304, headers=headers)
    return Response(card.data, media_type=card.content_type, headers=headers)


def _etags(header: str | None) -> set[str]:
    if not header:
        return set()
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}
