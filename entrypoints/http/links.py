"""Absolute URLs in API answers (ADR 0047): DEALBRAIN_PUBLIC_URL, else the request's own."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection


def public_base(request: ASGIConnection[Any, Any, Any, Any]) -> str:
    """`app.state["public_url"]` (from DEALBRAIN_PUBLIC_URL, or what `dealbrain serve` set),
    else the origin the request came to; no trailing slash."""
    configured = request.app.state.get("public_url")
    if configured:
        return str(configured).rstrip("/")
    return str(request.base_url).rstrip("/")
