"""Bearer API keys. No header means anonymous; a bad or revoked key is refused outright,
on reads too, so a client with a broken key finds out at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp

from application.api_keys import ApiKeys
from domain.errors import Unauthorized
from domain.users import User


class ApiKeyAuthentication(AbstractAuthenticationMiddleware):
    def __init__(self, app: ASGIApp, api_keys: Callable[[], ApiKeys]) -> None:
        super().__init__(app)
        self._api_keys = api_keys

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization")
        if header is None:
            return AuthenticationResult(user=None, auth=None)
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("the Authorization header must be 'Bearer <API key>'")
        user = await self._api_keys().authenticate(secret.strip())
        return AuthenticationResult(user=user, auth=None)


def current_user(request: Request[Any, Any, Any]) -> User | None:
    """The caller, or None when anonymous (the middleware has already checked the key)."""
    return request.scope.get("user")
