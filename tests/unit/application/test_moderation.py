"""Reports from readers and the admin's answers: hide, unhide, list, resolve."""

from __future__ import annotations

import pytest

from application.moderation import Resolution
from domain import events as names
from domain.discovery import DiscoverQuery
from domain.errors import Conflict, Invalid, NotFound, Unauthorized
from domain.sharing import ReportReason, ReportStatus
from domain.visibility import Visibility

PRIVATE, UNLISTED, PUBLIC = Visibility.PRIVATE, Visibility.UNLISTED, Visibility.PUBLIC
SPAM, OTHER = ReportReason.SPAM, ReportReason.OTHER


@pytest.fixture
async def public(new_collection):
    return await new_collection(PUBLIC, name="Public deals")


async def listed(discover) -> list[int]:
    page = await discover.search(None, DiscoverQuery())
    return [hit.collection.id for hit in page.items]


async def test_report_is_stored_open_and_emitted(reports, moderation, public, bob, clock, events):
    events.published.clear()
    report = await reports.report(bob, public.id, SPAM, "buy my stuff")

    assert report.id is not None
    assert (report.collection_id, report.reporter_id, report.reason) == (public.id, bob.id, SPAM)
    assert (report.note, report.status, report.created_at) == (
        "buy my stuff",
        ReportStatus.OPEN,
        clock.now(),
    )
    assert await moderation.list_reports() == [report]
    [event] = events.published
    assert (event.name, event.actor_id, event.subject) == (
        names.COLLECTION_REPORTED,
        bob.id,
        f"collection:{public.id}",
    )
    assert event.data == {"report_id": report.id, "reason": "spam"}


async def test_report_needs_a_user(reports, moderation, public, events) -> None:
    events.published.clear()
    with pytest.raises(Unauthorized):
        await reports.report(None, public.id, SPAM)
    assert await moderation.list_reports() == []
    assert events.published == []


@pytest.mark.parametrize(
    ("visibility", "hidden"), [(PRIVATE, False), (UNLISTED, False), (PUBLIC, True)]
)
async def test_report_needs_a_readable_collection(
    reports, moderation, new_collection, bob, visibility, hidden
):
    made = await new_collection(visibility)
    if hidden:
        await moderation.set_hidden(made.id, True)
    for collection_id in (made.id, 999):
        with pytest.raises(NotFound):
            await reports.report(bob, collection_id, OTHER)
    assert await moderation.list_reports() == []


async def test_note_over_1000_characters_is_invalid(reports, moderation, public, bob) -> None:
    with pytest.raises(Invalid) as caught:
        await reports.report(bob, public.id, OTHER, "n" * 1001)
    assert caught.value.field == "note"
    assert await moderation.list_reports() == []
    assert (await reports.report(bob, public.id, OTHER, "n" * 1000)).note == "n" * 1000


async def test_one_open_report_per_user_and_collection(
    reports, moderation, new_collection, public, bob, admin
):
    first = await reports.report(bob, public.id, SPAM)
    with pytest.raises(Conflict):
        await reports.report(bob, public.id, OTHER, "again")
    other_user = await reports.report(admin, public.id, SPAM)
    other_collection = await new_collection(PUBLIC, name="Second")
    elsewhere = await reports.report(bob, other_collection.id, SPAM)
    assert await moderation.list_reports() == [first, other_user, elsewhere]

    await moderation.resolve(first.id, Resolution.DISMISS)
    again = await reports.report(bob, public.id, OTHER)
    assert again.status is ReportStatus.OPEN and again.id != first.id


async def test_set_hidden_hides_from_others_and_discover(
    moderation, collections, discover, public, alice, bob
) -> None:
    hidden = await moderation.set_hidden(public.id, True)
    assert hidden.hidden_by_moderation is True
    assert await listed(discover) == []
    for who in (bob, None):
        with pytest.raises(NotFound):
            await collections.get(who, public.id)
    assert (await collections.get(alice, public.id)).collection.hidden_by_moderation

    shown = await moderation.set_hidden(public.id, False)
    assert shown.hidden_by_moderation is False
    assert await listed(discover) == [public.id]
    assert (await collections.get(bob, public.id)).collection.id == public.id


async def test_set_hidden_keeps_counters_and_fields(moderation, collections, public, bob, uow):
    await collections.get(bob, public.id)
    await moderation.set_hidden(public.id, True)
    async with uow() as tx:
        stored = await tx.collections.get(public.id)
    assert (stored.view_count, stored.name, stored.visibility) == (1, public.name, PUBLIC)
    assert stored.updated_at == public.updated_at
    with pytest.raises(NotFound):
        await moderation.set_hidden(999, True)


async def test_list_reports_by_status(reports, moderation, new_collection, bob, admin):
    made = [await new_collection(PUBLIC, name=f"c{i}") for i in range(3)]
    opened = [await reports.report(bob, c.id, SPAM) for c in made]
    await moderation.resolve(opened[0].id, Resolution.DISMISS)
    await moderation.resolve(opened[1].id, Resolution.HIDE)

    def ids(found):
        return [r.id for r in found]

    assert ids(await moderation.list_reports(ReportStatus.OPEN)) == [opened[2].id]
    assert ids(await moderation.list_reports(ReportStatus.DISMISSED)) == [opened[0].id]
    assert ids(await moderation.list_reports(ReportStatus.ACTIONED)) == [opened[1].id]
    assert ids(await moderation.list_reports()) == ids(opened)


async def test_dismiss_leaves_the_collection_listed(reports, moderation, discover, public, bob):
    report = await reports.report(bob, public.id, SPAM)
    resolved = await moderation.resolve(report.id, Resolution.DISMISS)
    assert resolved.status is ReportStatus.DISMISSED
    assert (resolved.id, resolved.reason, resolved.reporter_id) == (report.id, SPAM, bob.id)
    assert await listed(discover) == [public.id]


async def test_hide_actions_the_report_and_hides(
    reports, moderation, collections, discover, public, alice, bob
):
    report = await reports.report(bob, public.id, SPAM)
    resolved = await moderation.resolve(report.id, Resolution.HIDE)
    assert resolved.status is ReportStatus.ACTIONED
    assert [r.status for r in await moderation.list_reports()] == [ReportStatus.ACTIONED]
    assert await listed(discover) == []
    with pytest.raises(NotFound):
        await collections.get(bob, public.id)
    assert (await collections.get(alice, public.id)).collection.hidden_by_moderation


@pytest.mark.parametrize("first", list(Resolution))
@pytest.mark.parametrize("second", list(Resolution))
async def test_resolving_twice_is_a_conflict(reports, moderation, public, bob, first, second):
    report = await reports.report(bob, public.id, SPAM)
    done = await moderation.resolve(report.id, first)
    with pytest.raises(Conflict):
        await moderation.resolve(report.id, second)
    assert await moderation.list_reports() == [done]


async def test_resolving_an_unknown_report_is_not_found(moderation) -> None:
    with pytest.raises(NotFound):
        await moderation.resolve(999, Resolution.DISMISS)
