"""Which answer a client gets from a URL that is both a page and an API resource."""

from __future__ import annotations

import pytest

from entrypoints.web.negotiation import prefers_html, prefers_json

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        (BROWSER, False),
        ("text/html", False),
        ("application/json", True),
        ("application/json, text/html;q=0.9", True),
        ("text/html, application/json", False),  # a tie goes to the page
        ("text/html;q=0.5, application/json", True),
        ("application/*", False),
        ("application/json;q=0", False),
        ("text/*;q=0.1, application/json;q=0.2", True),
        ("application/json;q=nonsense", False),
    ],
)
def test_prefers_json(accept: str | None, json: bool) -> None:
    assert prefers_json(accept) is json


@pytest.mark.parametrize(
    ("accept", "html"),
    [(None, False), ("*/*", False), (BROWSER, True), ("application/json", False),
     ("text/html;q=0.1, application/json", False)],
)  # fmt: skip
def test_prefers_html(accept: str | None, html: bool) -> None:
    assert prefers_html(accept) is html
