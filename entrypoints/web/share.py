"""What a share link opens: a page for people and unfurl bots, JSON for programs that ask,
and the collection's feed. Feeds of collections opened by id live here too."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import FromPath

from application.collections import Collections
from application.share_links import ShareLinks
from domain.users import User
from entrypoints.http.controllers.collections import detail_out
from entrypoints.http.openapi import KEY_OR_ANONYMOUS, READ_ONE, errors, operation
from entrypoints.http.reader import counts_view
from entrypoints.web.feeds import ATOM_TYPE, collection_feed
from entrypoints.web.negotiation import prefers_json
from entrypoints.web.pages import collection_context
from entrypoints.web.rendering import WEB_PAGE, PageController, page, public_base
from schemas.collections import CollectionDetailOut

SHARED_DESCRIPTION = (
    "HTML for browsers and link unfurlers (no Accept header, `*/*`, `text/html`); the "
    "collection as JSON when `Accept` ranks `application/json` above `text/html`. "
    "Counts a view, except for the owner, admins and crawlers."
)


# A page for people, JSON for programs that ask: every answer may be HTML.
SHARED_PAGE = operation(pages=True)


class SharedCollectionPage(Controller):
    tags = ["sharing"]
    opt = {WEB_PAGE: True}

    @get(
        "/s/{token:str}",
        summary="A collection opened through its share link (read-only)",
        description=SHARED_DESCRIPTION,
        responses={
            200: ResponseSpec(
                CollectionDetailOut,
                description="The shared collection: a page (`text/html`), or JSON when "
                "`Accept` asks for it",
                examples=[Example(summary="JSON when asked for with Accept")],
            ),
            **errors(*READ_ONE),
        },
        security=KEY_OR_ANONYMOUS,
        operation_class=SHARED_PAGE,
    )
    async def open_link(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        share_links: NamedDependency[ShareLinks],
        user: NamedDependency[User | None],
    ) -> Response[Any]:
        detail = await share_links.open(user, token, count_view=counts_view(request))
        headers = {"Vary": "Accept", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
        if prefers_json(request.headers.get("accept")):
            return Response(detail_out(detail), headers=headers)
        context = collection_context(detail, public_base(request), f"/s/{token}")
        context.update(
            card_path=f"/s/{token}/card-image",
            feed_path=f"/s/{token}/feed.atom",
            export_path=f"/s/{token}/export",
            via_link=True,
        )
        template = page(request, "collection.html", context, noindex=True, no_referrer=True)
        template.headers["Vary"] = "Accept"
        return template

    @get("/s/{token:str}/feed.atom", include_in_schema=False)
    async def shared_feed(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        share_links: NamedDependency[ShareLinks],
        user: NamedDependency[User | None],
    ) -> Response[bytes]:
        # A feed reader polls: that is not a person viewing the collection.
        detail = await share_links.open(user, token, count_view=False)
        body = collection_feed(detail, public_base(request), f"/s/{token}", f"/s/{token}/feed.atom")
        headers = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
        return Response(body, media_type=ATOM_TYPE, headers=headers)


class CollectionFeed(PageController):
    @get("/c/{collection_id:int}/feed.atom")
    async def feed(
        self,
        request: Request[Any, Any, Any],
        collection_id: FromPath[int],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> Response[bytes]:
        detail = await collections.get(user, collection_id, count_view=False)
        path = f"/c/{collection_id}"
        body = collection_feed(detail, public_base(request), path, f"{path}/feed.atom")
        return Response(body, media_type=ATOM_TYPE)
