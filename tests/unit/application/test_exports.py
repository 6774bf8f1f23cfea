"""Exports.shared_collection: what a share link opens, as a file, under the link's rule."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from application.exports import ExportFormat, Exports, neutralise_cell
from domain import events as names
from domain.errors import NotFound
from domain.visibility import Visibility

PRIVATE, UNLISTED, PUBLIC = Visibility.PRIVATE, Visibility.UNLISTED, Visibility.PUBLIC


@pytest.fixture
def exports(deps) -> Exports:
    return Exports(deps)


@pytest.fixture
async def shared(share_links, items, new_collection, new_listing, alice):
    """An unlisted collection of alice's with one item, and a live link to it."""
    made = await new_collection(UNLISTED, name="Shared Deals")
    listing = await new_listing("NUC 11", 250.0)
    await items.add(alice, made.id, listing.id)
    link = await share_links.create(alice, made.id)
    return made, listing, link


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_a_live_link_exports_the_same_file_as_the_owner_gets(
    exports, shared, alice, events, fmt
):
    made, listing, link = shared
    events.published.clear()

    through_link = await exports.shared_collection(link.token, fmt)
    by_owner = await exports.collection(alice, made.id, fmt)

    assert through_link.filename == by_owner.filename
    assert through_link.filename.endswith(f"-{made.id}.{fmt}")
    assert through_link.content_type == by_owner.content_type
    if fmt is ExportFormat.JSON:
        document = json.loads(through_link.data)
        assert document["data"]["items"][0]["listing"]["listing"]["id"] == listing.id
        assert document["deal_brain_export"].get("exported_by") is None
    else:
        assert through_link.data == by_owner.data
    first, _ = events.published
    assert (first.name, first.actor_id, first.subject) == (
        names.EXPORT_CREATED,
        None,
        f"collection:{made.id}",
    )
    assert first.data == {
        "kind": f"collection/{fmt}",
        "bytes": len(through_link.data),
        "token_id": link.id,
    }


async def test_a_shared_export_counts_no_view(exports, share_links, collections, shared, alice):
    made, _, link = shared
    await exports.shared_collection(link.token, ExportFormat.JSON)
    assert (await collections.get(alice, made.id)).collection.view_count == 0
    [listed] = await share_links.list(alice, made.id)
    assert listed.view_count == 0


@pytest.mark.parametrize("dead", ["revoked", "expired", "private", "hidden", "unknown"])
async def test_what_the_link_does_not_open_is_not_found(
    exports, share_links, collections, moderation, shared, alice, clock, events, dead
):
    made, _, link = shared
    token = link.token
    if dead == "revoked":
        await share_links.revoke(alice, made.id, link.id)
    elif dead == "expired":
        link = await share_links.create(alice, made.id, clock.now() + timedelta(minutes=5))
        token = link.token
        clock.advance(minutes=5)
    elif dead == "private":
        await collections.update(alice, made.id, {"visibility": PRIVATE})
    elif dead == "hidden":
        await moderation.set_hidden(made.id, True)
    else:
        token = "no-such-token"
    events.published.clear()

    for fmt in ExportFormat:
        with pytest.raises(NotFound):
            await exports.shared_collection(token, fmt)
    assert events.published == []


async def test_a_public_collection_exports_through_its_link(exports, collections, shared, alice):
    made, _, link = shared
    await collections.update(alice, made.id, {"visibility": PUBLIC})
    exported = await exports.shared_collection(link.token, ExportFormat.CSV)
    assert exported.data.decode().splitlines()[0].startswith("position,status,notes")


# -- CSV formula injection (issue 11, docs/adr/0090) -------------------------------------------
FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR",
            "＝1+1"]  # fmt: skip


@pytest.mark.parametrize("text", FORMULAS)
async def test_csv_text_that_would_start_a_formula_is_neutralised(
    exports, new_collection, new_listing, items, alice, text
):
    """Titles are shared: one user's formula must reach another's spreadsheet as text."""
    made = await new_collection(PUBLIC, name="Formulas")
    listing = await new_listing(text, 120.0, seller=text, listing_url=None)
    await items.add(alice, made.id, listing.id, notes=text)

    file = await exports.collection(alice, made.id, ExportFormat.CSV)

    [row] = list(csv.DictReader(io.StringIO(file.data.decode())))
    for column in ("title", "notes", "seller"):
        assert row[column] == "'" + text, column
    assert row["price_usd"] == "120.0"  # numbers are ours: they stay numbers


async def test_csv_keeps_harmless_text_and_numbers_as_they_are(
    exports, new_collection, new_listing, items, alice
):
    made = await new_collection(PUBLIC)
    listing = await new_listing("HP 800 G4 = good - cheap", 0.0, seller="a-b")
    await items.add(alice, made.id, listing.id, notes="x=1")

    file = await exports.collection(alice, made.id, ExportFormat.CSV)

    [row] = list(csv.DictReader(io.StringIO(file.data.decode())))
    assert (row["title"], row["seller"], row["notes"]) == ("HP 800 G4 = good - cheap", "a-b", "x=1")
    assert (row["position"], row["price_usd"]) == ("0", "0.0")


@pytest.mark.parametrize(
    ("value", "shown"),
    [("=1", "'=1"), ("-", "'-"), ("ok", "ok"), ("", ""), (-5.0, -5.0), (3, 3), (None, None)],
)
def test_neutralise_cell_touches_text_only(value, shown) -> None:
    assert neutralise_cell(value) == shown
