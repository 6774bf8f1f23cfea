"""Database errors turned into the domain's words: integrity errors (Conflict, NotFound) and
a database too busy to wait for (Busy)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from domain.errors import Busy, DomainError


class Violation(Enum):
    UNIQUE = "unique"
    FOREIGN_KEY = "foreign_key"
    OTHER = "other"


# PostgreSQL SQLSTATE codes and SQLite extended result names of the same violations.
_CODES = {
    "23505": Violation.UNIQUE,
    "23503": Violation.FOREIGN_KEY,
    "SQLITE_CONSTRAINT_UNIQUE": Violation.UNIQUE,
    "SQLITE_CONSTRAINT_PRIMARYKEY": Violation.UNIQUE,
    "SQLITE_CONSTRAINT_FOREIGNKEY": Violation.FOREIGN_KEY,
}


def violation(error: IntegrityError) -> Violation:
    original = error.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
    return _CODES.get(code or "", Violation.OTHER)


@contextmanager
def translated(
    *, unique: DomainError | None = None, foreign_key: DomainError | None = None
) -> Iterator[None]:
    """Raise `unique` / `foreign_key` in place of those violations; anything else propagates.

    On PostgreSQL the transaction is unusable after the error; the unit of work rolls it
    back. Hot paths avoid that with `INSERT … ON CONFLICT DO NOTHING` (see statements.py).
    """
    try:
        yield
    except IntegrityError as error:
        kind = violation(error)
        if kind is Violation.UNIQUE and unique is not None:
            raise unique from error
        if kind is Violation.FOREIGN_KEY and foreign_key is not None:
            raise foreign_key from error
        raise


# SQLite's lock errors (the other process kept its write lock past the busy timeout) and
# PostgreSQL's lock_not_available (a lock_timeout ran out).
_BUSY_CODES = frozenset({"SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_LOCKED", "55P03"})
_BUSY_MESSAGES = ("database is locked", "database table is locked")


def is_busy(error: BaseException) -> bool:
    """Whether `error` says the database was held by someone else for too long."""
    if isinstance(error, PoolTimeout):
        return True  # every pooled connection stayed in use for the whole pool timeout
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
    return code in _BUSY_CODES or str(original).startswith(_BUSY_MESSAGES)


def busy() -> Busy:
    return Busy("the database is busy with other work; try again shortly")
