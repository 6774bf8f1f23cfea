"""The Litestar application factory: the JSON API (entrypoints/http) and the pages
(entrypoints/web) on one app. It sits above both so neither imports the other's wiring."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components

from entrypoints.container import Container, build_container, close_resources, open_resources
from entrypoints.http.auth import ApiKeyAuthentication, current_user
from entrypoints.http.controllers.cards import CardController, CollectionCardController
from entrypoints.http.controllers.collections import CollectionController
from entrypoints.http.controllers.discover import DiscoverController
from entrypoints.http.controllers.exports import ExportController
from entrypoints.http.controllers.health import HealthController
from entrypoints.http.controllers.imports import ImportController
from entrypoints.http.controllers.items import CollectionItemController
from entrypoints.http.controllers.listings import ListingController
from entrypoints.http.controllers.sharing import CollectionActionsController, ShareTokenController
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.guard import guard_request
from entrypoints.http.openapi import (
    API_DESCRIPTION,
    SECURITY_SCHEMES,
    StrictStructSchemaPlugin,
)
from entrypoints.http.swagger import swagger_asset, swagger_plugin
from entrypoints.web.errors import html_for_browsers
from entrypoints.web.rendering import template_config
from entrypoints.web.routes import web_route_handlers


def _from(provider: Any) -> Provide:
    """A Litestar dependency that asks the container (no dependency-injector wiring)."""

    def provide() -> Any:
        return provider()

    return Provide(provide, sync_to_thread=False, use_cache=True)


def create_app(container: Container | None = None) -> Litestar:
    container = container or build_container()

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await open_resources(container)
        try:
            yield
        finally:
            await close_resources(container)

    return Litestar(
        route_handlers=[
            HealthController,
            ListingController,
            CollectionController,
            CollectionItemController,
            DiscoverController,
            ShareTokenController,
            CollectionActionsController,
            CardController,
            CollectionCardController,
            ExportController,
            ImportController,
            swagger_asset,
            *web_route_handlers(),
        ],
        dependencies={
            "listings": _from(container.listings),
            "collections": _from(container.collections),
            "items": _from(container.collection_items),
            "share_links": _from(container.share_links),
            "discover": _from(container.discover),
            "copier": _from(container.copier),
            "reports": _from(container.reports),
            "cards": _from(container.cards),
            "exports": _from(container.exports),
            "imports": _from(container.imports),
            "readiness": _from(container.readiness),
            "user": Provide(current_user, sync_to_thread=False),
        },
        middleware=[DefineMiddleware(ApiKeyAuthentication, api_keys=container.api_keys)],
        plugins=[StrictStructSchemaPlugin()],
        # NUL in paths and queries, bodies no decoder or database can take: 400 (ADR 0100).
        before_request=guard_request,
        # Pages answer errors as HTML; the API keeps its JSON bodies (entrypoints/web/errors).
        exception_handlers={
            kind: html_for_browsers(handler) for kind, handler in EXCEPTION_HANDLERS.items()
        },
        template_config=template_config(),
        lifespan=[lifespan],
        request_max_body_size=container.config.max_upload_bytes(),
        openapi_config=OpenAPIConfig(
            title="Deal Brain Collections",
            version="0.1.0",
            description=API_DESCRIPTION,
            path="/schema",
            components=Components(security_schemes=SECURITY_SCHEMES),
            render_plugins=[swagger_plugin()],
        ),
        state={"container": container, "public_url": container.config.public_url()},
    )
