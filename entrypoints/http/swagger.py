"""Swagger UI from the app itself: the machine may be offline, so /schema/swagger loads its
script, style and icon from /schema/assets (the files of the swagger-ui-bundle package),
never from a CDN (docs/adr/0112).

That package ships Swagger UI 4.15.5, which renders OpenAPI 3.0 only ("Unable to render this
definition" for Litestar's 3.1). The page therefore embeds the document written the 3.0
way (`for_swagger_ui_4`); /schema/openapi.json stays the 3.1 document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, get
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import FromPath
from litestar.response import File
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/schema/assets"
# Only what the page loads (and the source maps a browser's tools ask for).
FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "swagger-ui-bundle.js.map": "application/json",
    "swagger-ui-standalone-preset.js.map": "application/json",
    "swagger-ui.css.map": "application/json",
}
FOLDER = Path(str(swagger_ui_path))


@get(
    f"{ASSETS}/{{name:str}}",
    include_in_schema=False,
    cache_control=CacheControlHeader(public=True, max_age=86400),
    sync_to_thread=False,
)
def swagger_asset(name: FromPath[str]) -> File:
    media_type = FILES.get(name)
    if media_type is None:
        raise NotFoundException(f"no Swagger UI file {name!r}")
    return File(FOLDER / name, media_type=media_type, content_disposition_type="inline")


class OfflineSwagger(SwaggerRenderPlugin):
    """Litestar's Swagger page, given the document as Swagger UI 4 can read it."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, for_swagger_ui_4(openapi_schema))


def swagger_plugin() -> SwaggerRenderPlugin:
    """The Swagger page, pointed at the files served above."""
    return OfflineSwagger(
        js_url=f"{ASSETS}/swagger-ui-bundle.js",
        css_url=f"{ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
    )


def for_swagger_ui_4(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI 3.1 document written as 3.0 says the same things: `nullable` instead of
    a `null` type, `enum` instead of `const`, one `example` instead of `examples`, boolean
    exclusive bounds; what 3.0 has no word for (`contentMediaType`) is left out."""
    converted: dict[str, Any] = _schema_3_0(document)  # a new tree; `document` is kept
    converted["openapi"] = "3.0.3"
    converted.get("info", {}).pop("summary", None)
    return converted


def _schema_3_0(value: Any) -> Any:
    if isinstance(value, list):
        return [_schema_3_0(item) for item in value]
    if not isinstance(value, dict):
        return value
    node = {key: _schema_3_0(item) for key, item in value.items()}
    kinds = node.get("type")
    if isinstance(kinds, list):
        named = [kind for kind in kinds if kind != "null"]
        if len(named) < len(kinds):
            node["nullable"] = True
        if len(named) == 1:
            node["type"] = named[0]
        else:
            del node["type"]
            node["anyOf"] = [{"type": kind} for kind in named]
    for key in ("oneOf", "anyOf"):
        options = node.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [option for option in options if option != {"type": "null"}]
            node["nullable"] = True
            if len(rest) == 1:
                del node[key]
                node["allOf"] = rest
            else:
                node[key] = rest
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if isinstance(node.get("examples"), list):
        examples = node.pop("examples")
        if examples:
            node["example"] = examples[0]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), int | float) and not isinstance(node[bound], bool):
            node[limit] = node.pop(bound)
            node[bound] = True
    node.pop("contentMediaType", None)
    node.pop("contentEncoding", None)
    if node.get("required") == []:  # 3.0 wants at least one name, or no list
        del node["required"]
    return node
