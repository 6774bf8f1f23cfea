from __future__ import annotations

from typing import Protocol

from domain.events import DomainEvent


class EventSink(Protocol):
    def publish(self, event: DomainEvent) -> None: ...
