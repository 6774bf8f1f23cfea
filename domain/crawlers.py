"""Crawlers: link-unfurl and search bots, told apart from people by their User-Agent.

A crawler's fetch is not a person looking, so it counts no view (ADR 0060). The test is
deliberately coarse: the known unfurlers and search engines by name, and any word that is
or ends in `bot`, `crawler`, `spider` or `preview` (Googlebot, Baiduspider,
SkypeUriPreview, a bare "bot"). Case does not matter. A missing or empty header is not a
crawler: curl and HTTP libraries are clients someone is running, not link previewers.
"""

from __future__ import annotations

import re

# Unfurlers and bots whose names do not end in one of the generic words below.
KNOWN_CRAWLERS = (
    "discordbot",
    "slackbot",
    "twitterbot",
    "facebookexternalhit",
    "facebot",
    "linkedinbot",
    "telegrambot",
    "whatsapp",
    "applebot",
    "googlebot",
    "bingbot",
    "duckduckbot",
    "yandexbot",
    "baiduspider",
    "embedly",
    "redditbot",
    "mastodon",
    "skypeuripreview",
    "vkshare",
    "iframely",
)
# A word that is, or ends in, one of these; "robots" and "Bottle" do not match.
GENERIC_WORDS = ("bot", "crawler", "spider", "preview")

_CRAWLER = re.compile(
    "|".join(
        [*(re.escape(name) for name in KNOWN_CRAWLERS)]
        + [rf"{word}(?![a-z])" for word in GENERIC_WORDS]
    ),
    re.IGNORECASE,
)


def is_crawler(user_agent: str | None) -> bool:
    """True when the User-Agent names a link-unfurl or search bot."""
    return bool(user_agent) and _CRAWLER.search(user_agent or "") is not None
