"""Card images of listings: what people paste into Discord, Slack or X."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from application.cards import CardImages
from domain.cards import CardFormat, CardSize, CardStyle, CardVariant
from schemas.cards import CardMetadataOut

CACHE_FOR = "public, max-age=86400"
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
        if card.fallback:
            headers = {"Cache-Control": FALLBACK_CACHE_FOR, FALLBACK_HEADER: "1"}
            return Response(card.data, media_type=card.content_type, headers=headers)
        headers = {"Cache-Control": CACHE_FOR, "ETag": card.etag or ""}
        if card.etag and card.etag in _etags(request.headers.get("if-none-match")):
            return Response(b"", status_code=304, headers=headers)
        return Response(card.data, media_type=card.content_type, headers=headers)

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


def _etags(header: str | None) -> set[str]:
    if not header:
        return set()
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}
