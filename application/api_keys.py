"""API keys: made once, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from application.context import Deps
from domain.errors import Busy, NotFound, Unauthorized
from domain.users import API_KEY_PREFIX, API_KEY_SHOWN_CHARS, ApiKey, User, validate_key_name

# 32 random bytes → 43 URL-safe characters after the `dbk_` prefix.
KEY_RANDOM_BYTES = 32
# Writing last_used_at on every request would turn every read into a write; a minute's
# precision is plenty for "is this key still in use?".
LAST_USED_PRECISION = timedelta(minutes=1)
logger = logging.getLogger("dealbrain.api_keys")


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key: ApiKey
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def shown_prefix(secret: str) -> str:
    return secret[:API_KEY_SHOWN_CHARS]


class ApiKeys:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def create(self, username: str, name: str = "default") -> IssuedKey:
        validate_key_name(name)
        secret = API_KEY_PREFIX + secrets.token_urlsafe(KEY_RANDOM_BYTES)
        async with self._deps.uow() as uow:
            user = await uow.users.get_by_username(username)
            if user is None or user.id is None:
                raise NotFound(f"no user named {username!r}", field="username")
            key = ApiKey(
                user_id=user.id,
                name=name,
                prefix=shown_prefix(secret),
                key_hash=hash_secret(secret),
                created_at=self._deps.clock.now(),
            )
            key = await uow.api_keys.add(key)
            await uow.commit()
        return IssuedKey(key=key, secret=secret)

    async def authenticate(self, secret: str) -> User:
        """The user a key belongs to; any unknown, malformed or revoked key → Unauthorized."""
        if not secret.startswith(API_KEY_PREFIX):
            raise Unauthorized("invalid API key")
        wanted = hash_secret(secret)
        now = self._deps.clock.now()
        # Every authenticated request comes here: the lookup takes no write lock (ADR 0092).
        async with self._deps.uow(read_only=True) as uow:
            match = None
            for key in await uow.api_keys.find_by_prefix(shown_prefix(secret)):
                # compare_digest on every candidate: timing does not tell which byte differed.
                if hmac.compare_digest(key.key_hash, wanted) and key.is_active:
                    match = key
            user = await uow.users.get(match.user_id) if match else None
        if match is None or user is None:
            raise Unauthorized("invalid API key")
        if match.last_used_at is None or now - match.last_used_at >= LAST_USED_PRECISION:
            await self._mark_used(match, now)
        return user

    async def _mark_used(self, key: ApiKey, now: datetime) -> None:
        """Note when the key was last used: a hint, so skipped when the database is busy."""
        assert key.id is not None
        try:
            async with self._deps.uow() as uow:
                # Read again inside the write: a revocation since the lookup must stay.
                current = await uow.api_keys.get(key.id)
                if current is not None and current.is_active:
                    await uow.api_keys.update(replace(current, last_used_at=now))
                    await uow.commit()
        except Busy:
            logger.warning("database busy: last use of API key %s not recorded", key.id)

    async def revoke(self, key_id: int) -> ApiKey:
        async with self._deps.uow() as uow:
            key = await uow.api_keys.get(key_id)
            if key is None:
                raise NotFound(f"no API key with id {key_id}", field="key_id")
            if key.revoked_at is None:
                key = replace(key, revoked_at=self._deps.clock.now())
                await uow.api_keys.update(key)
                await uow.commit()
        return key

    async def list(self, username: str | None = None) -> list[ApiKey]:
        async with self._deps.uow(read_only=True) as uow:
            user_id = None
            if username is not None:
                user = await uow.users.get_by_username(username)
                if user is None:
                    raise NotFound(f"no user named {username!r}", field="username")
                user_id = user.id
            return await uow.api_keys.list(user_id)
