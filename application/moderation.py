"""Reports from readers, and what admins do about them."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from application.context import Deps
from domain import events
from domain.access import ensure_can_view
from domain.collections import Collection
from domain.errors import Conflict, NotFound, Unauthorized
from domain.sharing import Report, ReportReason, ReportStatus, validate_report
from domain.users import User


class Resolution(StrEnum):
    DISMISS = "dismiss"
    HIDE = "hide"


class Reports:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def report(
        self,
        actor: User | None,
        collection_id: int,
        reason: ReportReason,
        note: str | None = None,
    ) -> Report:
        if actor is None or actor.id is None:
            raise Unauthorized("reporting a collection needs an API key")
        report = Report(
            collection_id=collection_id,
            reporter_id=actor.id,
            reason=reason,
            note=note,
            created_at=self._deps.clock.now(),
        )
        validate_report(report)
        async with self._deps.uow() as uow:
            ensure_can_view(await uow.collections.get(collection_id), actor)
            report = await uow.reports.add(report)
            await uow.commit()
        self._deps.emit(
            events.COLLECTION_REPORTED,
            actor.id,
            f"collection:{collection_id}",
            report_id=report.id,
            reason=str(reason),
        )
        return report


class Moderation:
    """Admin work, reached from the CLI."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def set_hidden(self, collection_id: int, hidden: bool) -> Collection:
        async with self._deps.uow() as uow:
            collection = await uow.collections.get(collection_id)
            if collection is None:
                raise NotFound(f"collection {collection_id} not found")
            collection = replace(collection, hidden_by_moderation=hidden)
            await uow.collections.update(collection)
            await uow.commit()
        return collection

    async def list_reports(self, status: ReportStatus | None = None) -> list[Report]:
        async with self._deps.uow(read_only=True) as uow:
            return await uow.reports.list(status)

    async def resolve(self, report_id: int, action: Resolution) -> Report:
        async with self._deps.uow() as uow:
            report = await uow.reports.get(report_id)
            if report is None:
                raise NotFound(f"report {report_id} not found")
            if report.status is not ReportStatus.OPEN:
                raise Conflict(f"report {report_id} is already {report.status}")
            if action is Resolution.HIDE:
                collection = await uow.collections.get(report.collection_id)
                if collection is not None:
                    hidden = replace(collection, hidden_by_moderation=True)
                    await uow.collections.update(hidden)
            status = ReportStatus.ACTIONED if action is Resolution.HIDE else ReportStatus.DISMISSED
            report = replace(report, status=status)
            await uow.reports.update(report)
            await uow.commit()
        return report
