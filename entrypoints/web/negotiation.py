"""Who is asking: a browser or bot wanting a page, or a program wanting JSON."""

from __future__ import annotations


def _weights(accept: str | None) -> dict[str, float]:
    weights: dict[str, float] = {}
    for part in (accept or "").split(","):
        kind, *params = (piece.strip() for piece in part.split(";"))
        if not kind:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        weights[kind.lower()] = max(weights.get(kind.lower(), 0.0), quality)
    return weights


def _quality(weights: dict[str, float], kind: str) -> float:
    major = kind.split("/")[0]
    for candidate in (kind, f"{major}/*", "*/*"):
        if candidate in weights:
            return weights[candidate]
    return 0.0


def prefers_json(accept: str | None) -> bool:
    """JSON only when the client asks for it by name and ranks it above HTML.

    No header, `*/*`, or a browser's `text/html,…,*/*;q=0.8` all get the page: link
    unfurlers and browsers must never be handed a JSON blob.
    """
    weights = _weights(accept)
    if "application/json" not in weights:
        return False
    return weights["application/json"] > _quality(weights, "text/html")


def prefers_html(accept: str | None) -> bool:
    """An explicit ask for HTML ranked at least as high as JSON (what browsers send)."""
    weights = _weights(accept)
    if "text/html" not in weights:
        return False
    return weights["text/html"] >= _quality(weights, "application/json")
