from __future__ import annotations

import json
import logging

from domain.events import DomainEvent

logger = logging.getLogger("dealbrain.events")


class LogEventSink:
    """The default sink: one structured (JSON) log line per event."""

    def publish(self, event: DomainEvent) -> None:
        line = {
            "event": event.name,
            "at": event.occurred_at.isoformat(),
            "actor_id": event.actor_id,
            "subject": event.subject,
            **event.data,
        }
        logger.info(json.dumps(line, default=str, sort_keys=True))
