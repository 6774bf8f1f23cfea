"""The Jinja environment, the page response and the headers every page carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Controller, Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from entrypoints.web import present

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
SITE_NAME = "Deal Brain"
WEB_PAGE = "web_page"  # the opt key that marks a page handler (errors answer HTML there)

# No inline script or style anywhere; every asset comes from this app.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=present.money,
        day=present.day,
        excerpt=present.excerpt,
        safe_link=present.safe_link,
    )
    env.globals["site_name"] = SITE_NAME
    return env


ENVIRONMENT = environment()


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(instance=JinjaTemplateEngine(engine_instance=ENVIRONMENT))


def public_base(request: Request[Any, Any, Any]) -> str:
    """DEALBRAIN_PUBLIC_URL, else the origin the request came to."""
    configured = request.app.state.get("public_url")
    if configured:
        return str(configured)
    return str(request.base_url).rstrip("/")


def page(
    request: Request[Any, Any, Any],
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    noindex: bool = False,
    no_referrer: bool = False,
) -> Template:
    headers = dict(PAGE_HEADERS)
    if noindex:
        headers["X-Robots-Tag"] = "noindex"
    if no_referrer:
        headers["Referrer-Policy"] = "no-referrer"
    else:
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    base = public_base(request)
    full = {"base": base, "noindex": noindex, "path": request.url.path, **context}
    return Template(name, context=full, headers=headers, status_code=status_code)


def render_html(name: str, context: dict[str, Any]) -> str:
    """A template rendered outside a handler (the error pages)."""
    return ENVIRONMENT.get_template(name).render(**context)


class PageController(Controller):
    """A controller of pages: kept out of the API's OpenAPI document, errors as HTML."""

    include_in_schema = False
    opt = {WEB_PAGE: True}
