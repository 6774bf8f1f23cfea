"""Domain errors. Each names what went wrong in the business's words; entrypoints map them
to status codes and exit codes."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """The thing does not exist, or the caller may not know that it does."""


class Forbidden(DomainError):
    """The caller may see the thing but not do this to it."""


class Unauthorized(DomainError):
    """The caller did not say who they are, or said it with a bad key."""


class Conflict(DomainError):
    """The change clashes with what is already there (a unique rule, a state)."""


class Gone(DomainError):
    """The thing existed but is used up or expired (a confirmed preview, say)."""


class Invalid(DomainError):
    """A value breaks a rule; `field` is the path of the value (e.g. `price_usd`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", field=field)
        self.reason = message


class BadValue(Invalid):
    """A value wrong in itself, whatever else is true: its type, range, length, size or
    characters (a NUL, an id no table can hold, text over its limit). Entrypoints answer it
    like a body that could not be decoded (HTTP 400), not like a rule broken in context
    (`Invalid`, 422) — ADR 0100."""


class TooLarge(DomainError):
    """Input exceeds a configured limit; the message names the limit."""


class Busy(DomainError):
    """The store is busy with someone else's work (a long write holds its lock) and this
    change could not wait any longer: nothing was done; try again in `retry_after_s`."""

    def __init__(self, message: str, *, retry_after_s: int = 2) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
