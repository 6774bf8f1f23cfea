"""Card images drawn by headless Chromium, driven over CDP on its own pipe (the ImageRenderer
port; docs/adr/0070). The package name is from when Playwright drove it."""

from adapters.playwright.chromium import find_chromium
from adapters.playwright.errors import CardRenderError, CardRenderTimeout, ChromiumNotFound
from adapters.playwright.pages import RendererStats
from adapters.playwright.renderer import PlaywrightCardRenderer

__all__ = [
    "CardRenderError",
    "CardRenderTimeout",
    "ChromiumNotFound",
    "PlaywrightCardRenderer",
    "RendererStats",
    "find_chromium",
]
