from __future__ import annotations

from application.context import Deps
from domain.errors import NotFound
from domain.users import User, validate_display_name, validate_username

# Who the admin command line acts as: an admin, never stored, owning nothing.
OPERATOR = User(username="operator", display_name="Command line", is_admin=True)


class UserAdmin:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def create_user(
        self, username: str, display_name: str | None = None, *, is_admin: bool = False
    ) -> User:
        validate_username(username)
        user = User(
            username=username,
            display_name=display_name or username,
            is_admin=is_admin,
            created_at=self._deps.clock.now(),
        )
        validate_display_name(user.display_name)
        async with self._deps.uow() as uow:
            user = await uow.users.add(user)
            await uow.commit()
        return user

    async def list_users(self) -> list[User]:
        async with self._deps.uow(read_only=True) as uow:
            return await uow.users.list()

    async def get_by_username(self, username: str) -> User:
        async with self._deps.uow(read_only=True) as uow:
            user = await uow.users.get_by_username(username)
        if user is None:
            raise NotFound(f"no user named {username!r}", field="username")
        return user
