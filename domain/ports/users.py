from __future__ import annotations

from typing import Protocol

from domain.users import ApiKey, User


class UserRepo(Protocol):
    async def add(self, user: User) -> User:
        """Store a new user and return it with its id; a taken username → Conflict."""
        ...

    async def get(self, user_id: int) -> User | None: ...

    async def get_by_username(self, username: str) -> User | None: ...

    async def list(self) -> list[User]:
        """Every user, oldest first."""
        ...


class ApiKeyRepo(Protocol):
    async def add(self, key: ApiKey) -> ApiKey:
        """Store a new key; a hash already stored → Conflict, an unknown user → NotFound."""
        ...

    async def get(self, key_id: int) -> ApiKey | None: ...

    async def find_by_prefix(self, prefix: str) -> list[ApiKey]:
        """Keys whose shown prefix matches, revoked ones included."""
        ...

    async def list(self, user_id: int | None = None) -> list[ApiKey]:
        """Keys of one user, or of everyone, oldest first."""
        ...

    async def update(self, key: ApiKey) -> None: ...
