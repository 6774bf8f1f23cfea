from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Row, select, update

from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.statements import SqlRepo, insert_unless_taken, storable_id, without_none
from adapters.sqlalchemy.tables import api_keys, users
from domain.errors import Conflict, NotFound
from domain.users import ApiKey, User


def _user(row: Row[Any]) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        is_admin=row.is_admin,
        created_at=row.created_at,
    )


class SqlUserRepo(SqlRepo):
    async def add(self, user: User) -> User:
        values = {
            "username": user.username,
            "display_name": user.display_name,
            "is_admin": user.is_admin,
            "created_at": user.created_at,
        }
        row = await insert_unless_taken(
            self._db, users, without_none(values, "created_at"), users.c.id, users.c.created_at
        )
        if row is None:
            raise Conflict(f"username {user.username!r} is taken", field="username")
        return replace(user, id=row.id, created_at=row.created_at)

    async def get(self, user_id: int) -> User | None:
        if not storable_id(user_id):
            return None
        row = (await self._db.execute(select(users).where(users.c.id == user_id))).first()
        return _user(row) if row else None

    async def get_by_username(self, username: str) -> User | None:
        query = select(users).where(users.c.username == username)
        row = (await self._db.execute(query)).first()
        return _user(row) if row else None

    async def list(self) -> list[User]:
        rows = await self._db.execute(select(users).order_by(users.c.id))
        return [_user(row) for row in rows]


def _key(row: Row[Any]) -> ApiKey:
    return ApiKey(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        prefix=row.prefix,
        key_hash=row.key_hash,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def _key_values(key: ApiKey) -> dict[str, Any]:
    values = {
        "user_id": key.user_id,
        "name": key.name,
        "prefix": key.prefix,
        "key_hash": key.key_hash,
        "created_at": key.created_at,
        "last_used_at": key.last_used_at,
        "revoked_at": key.revoked_at,
    }
    return without_none(values, "created_at")


def _no_user(key: ApiKey) -> NotFound:
    return NotFound(f"user {key.user_id} not found", field="user_id")


class SqlApiKeyRepo(SqlRepo):
    async def add(self, key: ApiKey) -> ApiKey:
        with translated(foreign_key=_no_user(key)):
            row = await insert_unless_taken(
                self._db, api_keys, _key_values(key), api_keys.c.id, api_keys.c.created_at
            )
        if row is None:
            raise Conflict("an API key with this hash already exists", field="key_hash")
        return replace(key, id=row.id, created_at=row.created_at)

    async def get(self, key_id: int) -> ApiKey | None:
        if not storable_id(key_id):
            return None
        row = (await self._db.execute(select(api_keys).where(api_keys.c.id == key_id))).first()
        return _key(row) if row else None

    async def find_by_prefix(self, prefix: str) -> list[ApiKey]:
        query = select(api_keys).where(api_keys.c.prefix == prefix).order_by(api_keys.c.id)
        return [_key(row) for row in await self._db.execute(query)]

    async def list(self, user_id: int | None = None) -> list[ApiKey]:
        query = select(api_keys).order_by(api_keys.c.id)
        if user_id is not None:
            query = query.where(api_keys.c.user_id == user_id)
        return [_key(row) for row in await self._db.execute(query)]

    async def update(self, key: ApiKey) -> None:
        """Replace the stored key with this one, as the in-memory fake does."""
        statement = update(api_keys).where(api_keys.c.id == key.id).values(_key_values(key))
        with translated(
            unique=Conflict("an API key with this hash already exists", field="key_hash"),
            foreign_key=_no_user(key),
        ):
            result = await self._db.execute(statement)
        if result.rowcount == 0:
            raise NotFound(f"API key {key.id} not found")
