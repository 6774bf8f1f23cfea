"""Fakes for every port: real in-memory implementations that pass the contract suites."""

from adapters.memory.clock import FixedClock
from adapters.memory.events import RecordingEventSink
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUnitOfWork, MemoryUnitOfWorkFactory

__all__ = [
    "FixedClock",
    "MemoryStore",
    "MemoryUnitOfWork",
    "MemoryUnitOfWorkFactory",
    "RecordingEventSink",
]
