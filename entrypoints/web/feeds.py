"""Atom 1.0 feeds of a collection's items, newest first (RFC 4287)."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from application.collections import CollectionDetail
from entrypoints.web import present

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
FEED_ITEMS = 50

ET.register_namespace("", ATOM)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters at all, escaped or not."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _stamp(moment: datetime | None) -> str:
    return (moment or datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC).isoformat()


def collection_feed(detail: CollectionDetail, base: str, page_path: str, feed_path: str) -> bytes:
    collection = detail.collection
    owner = detail.owner.username if detail.owner else "someone"
    views = present.item_views(detail.items, detail.listings)
    views.sort(key=lambda v: _stamp(v.item.added_at), reverse=True)
    views = views[:FEED_ITEMS]
    updated = max([collection.updated_at, *(v.item.added_at for v in views)], key=_stamp)

    feed = ET.Element(f"{{{ATOM}}}feed")
    _el(feed, "id", f"{base}{page_path}")
    _el(feed, "title", f"{collection.name} — Deal Brain")
    if collection.description:
        _el(feed, "subtitle", collection.description)
    _el(feed, "updated", _stamp(updated))
    author = _el(feed, "author")
    _el(author, "name", owner)
    _el(feed, "link", rel="alternate", type="text/html", href=f"{base}{page_path}")
    _el(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{feed_path}")
    _el(feed, "generator", "Deal Brain Collections")
    for view in views:
        listing, item = view.listing, view.item
        entry = _el(feed, "entry")
        _el(entry, "id", f"{base}{page_path}#item-{listing.id}")
        _el(entry, "title", f"{listing.title} — {present.money(listing.price_usd)}")
        _el(entry, "updated", _stamp(item.added_at))
        _el(entry, "published", _stamp(item.added_at))
        _el(entry, "link", rel="alternate", type="text/html", href=f"{base}/l/{listing.id}")
        lines = [present.money(listing.price_usd)]
        saving = present.saving_text(listing)
        if saving:
            lines.append(saving)
        if view.change_text:
            lines.append(view.change_text)
        lines.append(f"status: {item.status}")
        if item.notes:
            lines.append(item.notes)
        _el(entry, "summary", " · ".join(lines), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
