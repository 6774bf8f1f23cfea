"""ReportRepo: what every backend must do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.errors import Conflict, NotFound
from domain.ports import UnitOfWorkFactory
from domain.sharing import Report, ReportReason, ReportStatus

from . import seed
from .seed import T0


async def _people_and_collection(uow: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    alice = await seed.user(uow, "alice")
    bob = await seed.user(uow, "bob")
    carol = await seed.user(uow, "carol")
    return bob, carol, await seed.collection(uow, alice)


async def test_add_and_get(uow: UnitOfWorkFactory) -> None:
    bob, _, deals = await _people_and_collection(uow)
    report = await seed.report(uow, deals, bob, ReportReason.INAPPROPRIATE, note="Rude name")

    assert report == Report(
        collection_id=deals.id,
        reporter_id=bob.id,  # type: ignore[arg-type]
        reason=ReportReason.INAPPROPRIATE,
        note="Rude name",
        status=ReportStatus.OPEN,
        created_at=T0,
        id=report.id,
    )
    async with uow() as tx:
        assert await tx.reports.get(report.id) == report  # type: ignore[arg-type]
        assert await tx.reports.get(report.id + 1000) is None  # type: ignore[operator]


async def test_one_open_report_per_reporter_and_collection(uow: UnitOfWorkFactory) -> None:
    bob, carol, deals = await _people_and_collection(uow)
    first = await seed.report(uow, deals, bob)

    async with uow() as tx:
        with pytest.raises(Conflict):
            await tx.reports.add(
                Report(deals.id, bob.id, ReportReason.OTHER, created_at=T0)  # type: ignore[arg-type]
            )
        # Someone else may report it, and a closed report may sit beside the open one.
        await tx.reports.add(Report(deals.id, carol.id, ReportReason.SPAM, created_at=T0))  # type: ignore[arg-type]
        await tx.reports.add(
            Report(deals.id, bob.id, ReportReason.SPAM, status=ReportStatus.DISMISSED)  # type: ignore[arg-type]
        )
        await tx.commit()

    async with uow() as tx:
        await tx.reports.update(replace(first, status=ReportStatus.DISMISSED))
        # Once the first is closed, bob may open another.
        await tx.reports.add(Report(deals.id, bob.id, ReportReason.OTHER, created_at=T0))  # type: ignore[arg-type]
        await tx.commit()

    async with uow() as tx:
        assert len(await tx.reports.list(ReportStatus.OPEN)) == 2


async def test_a_report_on_a_missing_collection_is_not_found(uow: UnitOfWorkFactory) -> None:
    bob, _, _ = await _people_and_collection(uow)
    async with uow() as tx:
        with pytest.raises(NotFound):
            await tx.reports.add(Report(999_999, bob.id, ReportReason.SPAM, created_at=T0))  # type: ignore[arg-type]


async def test_list_is_oldest_first_and_filters_by_status(uow: UnitOfWorkFactory) -> None:
    bob, carol, deals = await _people_and_collection(uow)
    a = await seed.report(uow, deals, bob)
    b = await seed.report(uow, deals, carol, status=ReportStatus.ACTIONED)
    c = await seed.report(uow, deals, bob, status=ReportStatus.DISMISSED)

    async with uow() as tx:
        assert await tx.reports.list() == [a, b, c]
        assert await tx.reports.list(ReportStatus.OPEN) == [a]
        assert await tx.reports.list(ReportStatus.DISMISSED) == [c]


async def test_update_saves_the_report(uow: UnitOfWorkFactory) -> None:
    bob, _, deals = await _people_and_collection(uow)
    report = await seed.report(uow, deals, bob)
    resolved = replace(report, status=ReportStatus.ACTIONED, note="Hidden by an admin")

    async with uow() as tx:
        await tx.reports.update(resolved)
        await tx.commit()

    async with uow() as tx:
        assert await tx.reports.get(report.id) == resolved  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            await tx.reports.update(replace(report, id=999_999))
