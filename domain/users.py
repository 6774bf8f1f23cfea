"""Users and their API keys. There is no password login: keys are made by an admin."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from domain.errors import Invalid
from domain.validation import require_length

USERNAME_PATTERN = re.compile(r"[a-z0-9_-]{3,32}")
API_KEY_PREFIX = "dbk_"
# What we keep of a key in the clear, so a user can tell keys apart in `keys list`.
API_KEY_SHOWN_CHARS = 12


@dataclass(slots=True)
class User:
    username: str
    display_name: str
    is_admin: bool = False
    created_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class ApiKey:
    user_id: int
    name: str
    prefix: str
    key_hash: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    id: int | None = None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def validate_username(username: str) -> None:
    if not USERNAME_PATTERN.fullmatch(username):
        raise Invalid("username", "must be 3-32 characters of a-z, 0-9, '_' or '-'")


def validate_display_name(display_name: str) -> None:
    require_length("display_name", display_name, low=1, high=100)


def validate_key_name(name: str) -> None:
    require_length("name", name, low=1, high=100)
