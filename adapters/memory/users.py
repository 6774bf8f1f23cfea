from __future__ import annotations

from adapters.memory.base import MemoryTable
from domain.errors import Conflict, NotFound
from domain.users import ApiKey, User


class MemoryUserRepo(MemoryTable):
    table = "users"

    async def add(self, user: User) -> User:
        if any(row.username == user.username for row in self.rows.values()):
            raise Conflict(f"username {user.username!r} is taken", field="username")
        return self._insert(user)

    async def get(self, user_id: int) -> User | None:
        return self._get(user_id)

    async def get_by_username(self, username: str) -> User | None:
        return next((u for u in self._all() if u.username == username), None)

    async def list(self) -> list[User]:
        return sorted(self._all(), key=lambda u: u.id)


class MemoryApiKeyRepo(MemoryTable):
    table = "api_keys"

    async def add(self, key: ApiKey) -> ApiKey:
        self._require_user(key.user_id, "user_id")
        if any(row.key_hash == key.key_hash for row in self.rows.values()):
            raise Conflict("an API key with this hash already exists", field="key_hash")
        return self._insert(key)

    async def get(self, key_id: int) -> ApiKey | None:
        return self._get(key_id)

    async def find_by_prefix(self, prefix: str) -> list[ApiKey]:
        return [k for k in self._all() if k.prefix == prefix]

    async def list(self, user_id: int | None = None) -> list[ApiKey]:
        keys = [k for k in self._all() if user_id is None or k.user_id == user_id]
        return sorted(keys, key=lambda k: k.id)

    async def update(self, key: ApiKey) -> None:
        if not self._replace(key.id, key):
            raise NotFound(f"API key {key.id} not found")
