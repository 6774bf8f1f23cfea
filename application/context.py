from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.events import DomainEvent
from domain.ports import Clock, EventSink, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Deps:
    """What every use case needs: transactions, the time, and somewhere to say what happened."""

    uow: UnitOfWorkFactory
    clock: Clock
    events: EventSink

    def emit(self, name: str, actor_id: int | None, subject: str, **data: Any) -> None:
        self.events.publish(
            DomainEvent(
                name=name,
                occurred_at=self.clock.now(),
                actor_id=actor_id,
                subject=subject,
                data=data,
            )
        )
