"""The public pages: home, discover, a collection by id, a listing."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template

from application.collections import CollectionDetail, Collections
from application.discovery import Discover
from application.listings import ListingCatalog
from domain.discovery import DiscoverQuery, DiscoverSort
from domain.pages import PageRequest
from domain.users import User
from domain.visibility import Visibility
from entrypoints.http.reader import counts_view
from entrypoints.web import present
from entrypoints.web.rendering import PageController, page, public_base

PAGE_SIZE = 20
HOME_SHELF = 6
# Page numbers shown around the current one in the discover pager.
PAGER_SPAN = 2
MAX_TEXT = 200

SORT_LABELS = {
    DiscoverSort.RECENT: "Newest",
    DiscoverSort.POPULAR: "Most popular",
    DiscoverSort.UPDATED: "Recently updated",
}


class HomePage(PageController):
    @get("/", name="home")
    async def home(
        self,
        request: Request[Any, Any, Any],
        discover: NamedDependency[Discover],
        user: NamedDependency[User | None],
    ) -> Template:
        shelf = PageRequest(limit=HOME_SHELF)
        newest = await discover.search(user, DiscoverQuery(sort=DiscoverSort.RECENT, page=shelf))
        popular = await discover.search(user, DiscoverQuery(sort=DiscoverSort.POPULAR, page=shelf))
        return page(
            request,
            "home.html",
            {"newest": newest.items, "popular": popular.items, "total": newest.total},
        )


class DiscoverPage(PageController):
    @get("/discover", name="discover")
    async def discover_page(
        self,
        request: Request[Any, Any, Any],
        discover: NamedDependency[Discover],
        user: NamedDependency[User | None],
        q: Annotated[str | None, QueryParameter(max_length=MAX_TEXT)] = None,
        owner: Annotated[str | None, QueryParameter(max_length=MAX_TEXT)] = None,
        sort: FromQuery[DiscoverSort] = DiscoverSort.RECENT,
        page_number: Annotated[int, QueryParameter(name="page", ge=1, le=100_000)] = 1,
    ) -> Template:
        q = (q or "").strip() or None
        owner = (owner or "").strip() or None
        request_page = PageRequest(limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
        found = await discover.search(user, DiscoverQuery(q, owner, sort, request_page))
        pages = max(1, math.ceil(found.total / PAGE_SIZE))

        def link(number: int) -> str:
            params = {"q": q, "owner": owner, "sort": None if sort is DiscoverSort.RECENT else sort}
            params["page"] = str(number) if number > 1 else None
            query = urlencode({k: v for k, v in params.items() if v})
            return "/discover" + (f"?{query}" if query else "")

        return page(
            request,
            "discover.html",
            {
                "hits": found.items,
                "total": found.total,
                "q": q or "",
                "owner": owner or "",
                "sort": sort,
                "sorts": SORT_LABELS,
                "page_number": page_number,
                "pages": pages,
                "pager": _pager(page_number, pages, link),
                "first": found.offset + 1,
                "last": found.offset + len(found.items),
            },
        )


def _pager(current: int, pages: int, link: Any) -> list[dict[str, Any]]:
    """Numbered links: first, last, and a few around the current page, with gaps as None."""
    shown = sorted(
        {1, pages, *range(max(1, current - PAGER_SPAN), min(pages, current + PAGER_SPAN) + 1)}
    )
    entries: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            entries.append({"gap": True, "number": None, "href": None, "current": False})
        entries.append(
            {"gap": False, "number": number, "href": link(number), "current": number == current}
        )
        previous = number
    return entries


def collection_context(detail: CollectionDetail, base: str, path: str) -> dict[str, Any]:
    """What the collection template needs, whether opened by id or through a link."""
    items = present.item_views(detail.items, detail.listings)
    collection = detail.collection
    owner = detail.owner.username if detail.owner else "someone"
    count = len(items)
    summary = present.excerpt(collection.description, 200) or (
        f"{count} PC deal{'s' if count != 1 else ''} collected by {owner} on Deal Brain."
    )
    return {
        "collection": collection,
        "owner": owner,
        "items": items,
        "summary": summary,
        "page_url": base + path,
        "badge": str(collection.visibility),
    }


class CollectionPage(PageController):
    @get("/c/{collection_id:int}", name="collection")
    async def collection_page(
        self,
        request: Request[Any, Any, Any],
        collection_id: FromPath[int],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> Template:
        detail = await collections.get(user, collection_id, count_view=counts_view(request))
        context = collection_context(detail, public_base(request), f"/c/{collection_id}")
        card = f"/collections/{collection_id}/card-image"
        context.update(
            card_path=card,
            feed_path=f"/c/{collection_id}/feed.atom",
            export_path=f"/collections/{collection_id}/export",
            via_link=False,
        )
        noindex = detail.collection.visibility is not Visibility.PUBLIC
        return page(request, "collection.html", context, noindex=noindex)


class ListingPage(PageController):
    @get("/l/{listing_id:int}", name="listing")
    async def listing_page(
        self,
        request: Request[Any, Any, Any],
        listing_id: FromPath[int],
        listings: NamedDependency[ListingCatalog],
    ) -> Template:
        listing = await listings.get(listing_id)
        card = f"/listings/{listing_id}/card-image"
        variants = [
            {"size": size, "label": label, "pixels": pixels}
            for size, label, pixels in (
                ("social", "Social", "1200\u00d7630"),
                ("square", "Square", "1080\u00d71080"),
                ("story", "Story", "1080\u00d71920"),
            )
        ]
        return page(
            request,
            "listing.html",
            {
                "listing": listing,
                "tier": present.tier_of(listing),
                "saving": present.saving_text(listing),
                "specs": present.spec_rows(listing),
                "card_path": card,
                "variants": variants,
                "page_url": public_base(request) + f"/l/{listing_id}",
                "summary": _listing_summary(listing),
            },
        )


def _listing_summary(listing: Any) -> str:
    parts = [present.money(listing.price_usd)]
    saving = present.saving_text(listing)
    if saving:
        parts.append(saving)
    parts.append(present.CONDITION_LABELS.get(listing.condition, str(listing.condition)))
    specs = dict(present.spec_rows(listing))
    parts += [specs[k] for k in ("CPU", "RAM", "Storage") if k in specs]
    return present.excerpt(" · ".join(parts), 200)
