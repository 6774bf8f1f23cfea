"""A listing URL with the noise taken out: two links to the same page compare equal.

Pure, so the import preview (duplicates inside a file) and the SQL adapter (the indexed
`normalized_url` column) share one definition.
"""

from __future__ import annotations

from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no default port, no trailing slash, no fragment,
    query parameters sorted with the `utm_*` tracking ones dropped.

    Two links that differ only in those ways name the same page.
    """
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_")
    )
    return urlunsplit(
        (scheme, _netloc(scheme, parts), parts.path.rstrip("/"), urlencode(query), "")
    )


def _netloc(scheme: str, parts: SplitResult) -> str:
    try:
        port = parts.port
    except ValueError:  # not a number: leave the whole thing as written
        return parts.netloc
    host = parts.hostname or ""  # already lower-cased by urllib
    if not host:
        return parts.netloc
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return f"{userinfo}@{host}" if userinfo else host
