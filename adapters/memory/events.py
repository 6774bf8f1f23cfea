from __future__ import annotations

from domain.events import DomainEvent


class RecordingEventSink:
    """Keeps every event published, in order, so tests can read what happened."""

    def __init__(self) -> None:
        self.published: list[DomainEvent] = []

    def publish(self, event: DomainEvent) -> None:
        self.published.append(event)

    def names(self) -> list[str]:
        return [event.name for event in self.published]
