"""Everything the web adapter adds to the Litestar app."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.datastructures import CacheControlHeader
from litestar.response import File
from litestar.static_files import create_static_files_router

from entrypoints.web.pages import CollectionPage, DiscoverPage, HomePage, ListingPage
from entrypoints.web.rendering import STATIC, WEB_PAGE
from entrypoints.web.share import CollectionFeed, SharedCollectionPage

PAGES = (HomePage, DiscoverPage, CollectionPage, ListingPage, SharedCollectionPage, CollectionFeed)


@get(
    "/favicon.ico",
    include_in_schema=False,
    cache_control=CacheControlHeader(public=True, max_age=86400),
    opt={WEB_PAGE: True},
)
async def favicon() -> File:
    """Browsers ask for it at the root whatever the page says (a bare image, say)."""
    return File(
        STATIC / "favicon.ico", media_type="image/x-icon", content_disposition_type="inline"
    )


def web_route_handlers() -> list[Any]:
    static = create_static_files_router(
        path="/static",
        directories=[STATIC],
        name="static",
        include_in_schema=False,
        cache_control=CacheControlHeader(public=True, max_age=3600),
        opt={WEB_PAGE: True},
    )
    return [*PAGES, static, favicon]
