"""Error pages: a browser or an unfurl bot that hits a page gets HTML with the same status
the API would answer; programs keep getting the JSON error body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import MediaType, Request, Response

from entrypoints.web.negotiation import prefers_html, prefers_json
from entrypoints.web.rendering import PAGE_HEADERS, WEB_PAGE, render_html

MESSAGES = {
    400: ("Bad request", "Something in that address is not right."),
    401: ("Sign-in needed", "This needs an API key."),
    403: ("Not allowed", "Only the owner may do that."),
    404: ("Not found", "There is nothing here: it may be private, removed, or the link "
          "may have been revoked or expired."),
    410: ("Gone", "That is no longer available."),
    413: ("Too large", "That is more than this service accepts."),
    422: ("Not valid", "Some of what was sent breaks a rule."),
    429: ("Slow down", "Too many requests; try again in a moment."),
    500: ("Something broke", "An unexpected error on our side. Try again shortly."),
    503: ("Busy", "The service is busy; try again in a moment."),
}  # fmt: skip

Handler = Callable[[Request[Any, Any, Any], Any], Response[Any]]


def wants_page(request: Request[Any, Any, Any]) -> bool:
    accept = request.headers.get("accept")
    if prefers_json(accept):
        return False
    handler = request.scope.get("route_handler")
    if handler is not None and handler.opt.get(WEB_PAGE):
        return True
    return prefers_html(accept)


def error_page(status: int, detail: str | None = None) -> Response[str]:
    title, explanation = MESSAGES.get(status, ("Error", "That did not work."))
    html = render_html(
        "error.html",
        {"status": status, "title": title, "explanation": explanation, "detail": detail,
         "noindex": True, "base": "", "path": ""},
    )  # fmt: skip
    # No referrer: the address that failed may hold a (dead) share token.
    headers = {
        **PAGE_HEADERS,
        "X-Robots-Tag": "noindex",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
    }
    return Response(html, status_code=status, media_type=MediaType.HTML, headers=headers)


def html_for_browsers(handler: Handler) -> Handler:
    """Wrap an API exception handler: same status, HTML when a page was asked for."""

    def handle(request: Request[Any, Any, Any], exc: Any) -> Response[Any]:
        answer = handler(request, exc)
        if not wants_page(request):
            return answer
        detail = None if answer.status_code >= 500 else _detail(answer)
        page = error_page(answer.status_code, detail)
        for name in ("Retry-After", "WWW-Authenticate"):
            if name in answer.headers:
                page.headers[name] = answer.headers[name]
        return page

    return handle


def _detail(answer: Response[Any]) -> str | None:
    content = answer.content
    return getattr(content, "detail", None) if content is not None else None
