"""Hostile content renders as text, runs no script and reaches no network."""

from __future__ import annotations

import asyncio
import io

import pytest
from PIL import Image

from adapters.playwright.template import card_html
from domain.cards import CardFormat, CardSize, CardVariant
from tests.integration.cards.conftest import full_content

pytestmark = pytest.mark.asyncio(loop_scope="session")

SETTLE_S = 0.3  # time for any stray connection to reach the listener


def hostile(port: int) -> dict[str, str]:
    base = f"http://127.0.0.1:{port}"
    return {
        "title": f"<img src={base}/x> <script>document.title='x'</script> Mini PC",
        "cpu": f"<style>@import url({base}/y.css);</style>",
        "gpu": f"<link rel=stylesheet href={base}/z.css>",
        "ram": f'"><iframe src="{base}/frame"></iframe>',
        "storage": f"<object data={base}/o></object>",
        "manufacturer": f"<video poster={base}/p.png></video>",
        "series": f"<svg><image href='{base}/s.png'/></svg>",
    }


async def test_the_listener_counts_connections(listener):
    _, writer = await asyncio.open_connection("127.0.0.1", listener.port)
    writer.close()
    await asyncio.sleep(SETTLE_S)

    assert listener.connections == 1


async def test_hostile_fields_are_escaped_text(listener):
    html = card_html(full_content(**hostile(listener.port)), CardVariant())

    assert f"&lt;img src=http://127.0.0.1:{listener.port}/x&gt;" in html
    assert "&lt;script&gt;document.title=&#x27;x&#x27;&lt;/script&gt;" in html
    assert "&lt;style&gt;@import" in html
    assert "&lt;link rel=stylesheet" in html
    assert "<script" not in html
    assert "<img" not in html
    assert "<link" not in html
    assert "@import" not in html.replace("&lt;style&gt;@import", "")


@pytest.mark.parametrize("size", list(CardSize))
async def test_a_hostile_card_makes_no_request(renderer, listener, size):
    content = full_content(**hostile(listener.port))

    for fmt in CardFormat:
        await renderer.render(content, CardVariant(size=size, format=fmt))
    await asyncio.sleep(SETTLE_S)

    assert listener.connections == 0


async def test_every_request_of_raw_html_is_aborted(renderer, listener):
    """Without escaping or the page's CSP, the browser alone still reaches nothing: requests
    are aborted by the route, and navigations' early connections by the resolver rule."""
    base = f"http://127.0.0.1:{listener.port}"
    raw = (
        f"<html><head><link rel=stylesheet href={base}/z.css>"
        f"<style>@import url({base}/y.css);</style>"
        f"<meta http-equiv=refresh content='1;url={base}/r'></head>"
        f"<body><img src={base}/x><iframe src={base}/f></iframe>"
        f"<iframe src=http://localhost:{listener.port}/l></iframe></body></html>"
    )
    blocked_before = renderer.stats.blocked_requests

    await renderer.render_html(raw, CardVariant())
    await asyncio.sleep(SETTLE_S)

    assert listener.connections == 0
    assert renderer.stats.blocked_requests > blocked_before


async def test_scripts_do_not_run(renderer):
    raw = (
        "<html><body style='margin:0;background:#ffffff'>"
        "<script>document.body.style.background = '#ff0000'</script></body></html>"
    )

    data = await renderer.render_html(raw, CardVariant())

    pixel = Image.open(io.BytesIO(data)).convert("RGB").getpixel((600, 300))
    assert pixel == (255, 255, 255)
