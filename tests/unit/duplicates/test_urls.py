"""normalize_url: two links that differ only in noise name the same page."""

from __future__ import annotations

import pytest

from domain.urls import normalize_url


@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("HTTPS://WWW.Example.COM/Item", "https://www.example.com/Item"),  # scheme and host
        ("https://example.com/item/", "https://example.com/item"),  # trailing slash
        ("https://example.com/?", "https://example.com"),
        ("https://example.com/a?b=2&a=1&c=", "https://example.com/a?a=1&b=2&c="),  # sorted
        ("https://example.com/a?utm_source=x&id=7&UTM_Campaign=y", "https://example.com/a?id=7"),
        ("https://example.com/a?utm_medium=email", "https://example.com/a"),
        ("https://example.com:443/a#specs", "https://example.com/a"),  # default port, fragment
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalize_url(url: str | None, normalized: str | None) -> None:
    assert normalize_url(url) == normalized


def test_the_path_and_query_values_keep_their_case() -> None:
    assert normalize_url("https://a.com/Item?q=Dell") != normalize_url("https://a.com/item?q=dell")


def test_the_adapter_stores_the_same_rule() -> None:
    from adapters.sqlalchemy.urls import normalize_url as stored

    assert stored is normalize_url
