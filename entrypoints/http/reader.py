"""Who is reading: whether an HTTP read counts as a view (ADR 0060).

The access policy decides for users (`domain.access.counts_as_view`: not the owner, not an
admin); this decides for the request: a link-unfurl or search bot counts nothing. The API
and the web pages ask the same question.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection

from domain.crawlers import is_crawler


def counts_view(request: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """False when the User-Agent is a crawler's; pass it on as `count_view=`."""
    return not is_crawler(request.headers.get("user-agent"))
