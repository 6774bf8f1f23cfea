"""Card images drawn by headless Chromium through Playwright (the ImageRenderer port)."""

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
