"""`exported_by` is a UUID; the existing application writes user N as the UUID whose
integer value is N, and so do we (see ADR 0033)."""

from __future__ import annotations

from uuid import UUID

_MAX = (1 << 128) - 1


def exporter_uuid(user_id: int) -> UUID:
    if not 0 <= user_id <= _MAX:
        raise ValueError(f"user id {user_id} does not fit in a UUID")
    return UUID(int=user_id)


def exporter_id(exported_by: UUID) -> int:
    """The user number a UUID stands for (large for UUIDs not written this way)."""
    return exported_by.int
