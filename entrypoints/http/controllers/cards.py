"""Card images of listings and collections: what people paste into Discord, Slack or X."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, QueryParameter

from application.cards import Card, CardImages
from domain.cards import CardFormat, CardSize, CardStyle, CardVariant
from domain.users import User
from entrypoints.http.openapi import (
    JPEG,
    KEY_OR_ANONYMOUS,
    PNG,
    ApiOperation,
    binary,
    errors,
    header,
    operation,
)
from schemas.cards import CardMetadataOut

CACHE_FOR = "public, max-age=86400"
# The card of a collection not everyone may see (private, unlisted, through a share link):
# no shared cache may keep it, and a browser asks again each time (the ETag makes that a
# 304) so a revoked link or a collection made private stops showing (docs/adr/0050).
PRIVATE_CACHE_FOR = "private, no-cache"
# A placeholder must not stick in anyone's cache: the real card may work in a minute.
FALLBACK_CACHE_FOR = "no-store, max-age=0"
FALLBACK_HEADER = "X-Card-Fallback"

Style = Annotated[CardStyle, QueryParameter(description="Light or dark colours")]
Size = Annotated[
    CardSize,
    QueryParameter(
        description="`social` 1200x630 (link previews), `square` 1080x1080, `story` 1080x1920"
    ),
]
Format = Annotated[CardFormat, QueryParameter(description="The image's format")]

CARD_DESCRIPTION = (
    "The card as an image of the requested style, size and format (`image/png` or "
    "`image/jpeg`), from the cache or rendered now. Answers 304 with no body when "
    "`If-None-Match` holds its ETag. If rendering fails, a plain placeholder marked "
    "`X-Card-Fallback: 1` that no cache keeps."
)
# The image in either format, its caching headers, and the 304 for a client that has it.
IMAGE = operation(
    content={200: {PNG: binary(PNG), JPEG: binary(JPEG)}},
    headers={
        200: {
            "Cache-Control": header(
                f"`{CACHE_FOR}` for a card anyone may see, `{PRIVATE_CACHE_FOR}` for one only "
                f"some may see, `{FALLBACK_CACHE_FOR}` for a placeholder",
                required=True,
            ),
            "ETag": header("The image's fingerprint (not on a placeholder)"),
            FALLBACK_HEADER: header("`1` on a placeholder drawn because rendering failed"),
        },
        304: {
            "Cache-Control": header("As on the 200", required=True),
            "ETag": header("The image's fingerprint", required=True),
        },
    },
)
IMAGE_ANSWER = "The image, PNG or JPEG as `format` asks"
NOT_MODIFIED = ResponseSpec(
    None, description="Not modified: `If-None-Match` holds the current ETag; no body."
)


class CardController(Controller):
    path = "/listings/{listing_id:int}/card-image"
    tags = ["cards"]

    @get(
        "/",
        summary="The listing's card image",
        description=f"{CARD_DESCRIPTION} Any listing; needs no key.",
        media_type=PNG,
        response_description=IMAGE_ANSWER,
        responses={**errors(400, 404, 503), 304: NOT_MODIFIED},
        security=KEY_OR_ANONYMOUS,
        operation_class=IMAGE,
    )
    async def image(
        self,
        request: Request[Any, Any, Any],
        listing_id: FromPath[int],
        cards: NamedDependency[CardImages],
        style: Style = CardStyle.LIGHT,
        size: Size = CardSize.SOCIAL,
        format: Format = CardFormat.PNG,
    ) -> Response[bytes]:
        card = await cards.card(listing_id, CardVariant(style, size, format))
        return card_response(request, card)

    @get(
        "/metadata",
        summary="What the cache holds for a card variant (renders nothing)",
        description="Whether the variant is cached, under which key, how big, when it was "
        "made and when it expires, and how long it took to render.",
        responses=errors(400, 404, 503),
        security=KEY_OR_ANONYMOUS,
        operation_class=ApiOperation,
    )
    async def metadata(
        self,
        listing_id: FromPath[int],
        cards: NamedDependency[CardImages],
        style: Style = CardStyle.LIGHT,
        size: Size = CardSize.SOCIAL,
        format: Format = CardFormat.PNG,
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
        description=f"{CARD_DESCRIPTION} The card shows the name, the owner, the item count and "
        "the three best deals; 404 for whoever may not read the collection.",
        media_type=PNG,
        response_description=IMAGE_ANSWER,
        responses={**errors(400, 404, 503), 304: NOT_MODIFIED},
        security=KEY_OR_ANONYMOUS,
        operation_class=IMAGE,
    )
    async def collection_image(
        self,
        request: Request[Any, Any, Any],
        collection_id: FromPath[int],
        cards: NamedDependency[CardImages],
        user: NamedDependency[User | None],
        style: Style = CardStyle.LIGHT,
        size: Size = CardSize.SOCIAL,
        format: Format = CardFormat.PNG,
    ) -> Response[bytes]:
        variant = CardVariant(style, size, format)
        return card_response(request, await cards.collection_card(user, collection_id, variant))

    @get(
        "/s/{token:str}/card-image",
        summary="The card image of the collection behind a share link (no view counted)",
        description=f"{CARD_DESCRIPTION} For whoever holds a live link to an unlisted or "
        "public collection; a revoked, expired or unknown link is 404.",
        media_type=PNG,
        response_description=IMAGE_ANSWER,
        responses={**errors(400, 404, 503), 304: NOT_MODIFIED},
        security=KEY_OR_ANONYMOUS,
        operation_class=IMAGE,
    )
    async def shared_image(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        cards: NamedDependency[CardImages],
        style: Style = CardStyle.LIGHT,
        size: Size = CardSize.SOCIAL,
        format: Format = CardFormat.PNG,
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
