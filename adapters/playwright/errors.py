"""What the card renderer raises. Every failure is a `CardRenderError`; callers that draw a
placeholder instead catch that one class (docs/adr/0021)."""

from __future__ import annotations


class CardRenderError(Exception):
    """The card could not be drawn (browser crashed twice, page error, bad output)."""


class CardRenderTimeout(CardRenderError):
    """Drawing took longer than the renderer's `timeout_s`."""


class ChromiumNotFound(CardRenderError):
    """No Chromium to launch: set DEALBRAIN_CHROMIUM_PATH or run scripts/ensure-chromium."""
