"""The Chrome DevTools Protocol over Chromium's own pipe, from Python (docs/adr/0070).

Chromium started with `--remote-debugging-pipe` reads commands from fd 3 and writes
replies and events to fd 4, one JSON object per message, each ended by a NUL byte. That is
all Playwright's Node driver does for us here, and it costs 150 to 160 MB (the driver's heap
and binary) and a hop through another process for every command and every image.

One `Connection` per browser. `send` returns a future for the reply; the pipe keeps the
order of commands. Sessions are flat (`Target.attachToTarget(flatten=True)`): a page's
commands carry its `sessionId`. When the pipe closes (the browser exited, crashed or was
killed) every pending command fails with `BrowserGone`; when a page's renderer crashes,
the commands of that page fail with `CdpError`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from contextlib import suppress
from typing import Any

# A story PNG is ~200 KB of base64; nothing we draw is near this. A message over it means
# something is badly wrong, and the connection is dropped (the renderer relaunches).
MAX_MESSAGE = 64 * 2**20

Handler = Callable[[dict[str, Any]], None]


class CdpError(Exception):
    """A command failed: the browser answered with an error, or the page went away."""


class BrowserGone(CdpError):
    """The browser closed its end of the pipe."""


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.WriteTransport) -> None:
        self._reader = reader
        self._writer = writer
        self._next_id = 0
        self._pending: dict[int, tuple[asyncio.Future[dict[str, Any]], str | None]] = {}
        self._handlers: dict[tuple[str | None, str], Handler] = {}
        self._closed: BrowserGone | None = None
        self._task = asyncio.get_running_loop().create_task(self._read())

    @property
    def closed(self) -> bool:
        return self._closed is not None

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> asyncio.Future[dict[str, Any]]:
        """The reply's `result`, as a future (raises `CdpError` / `BrowserGone`)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        if self._closed is not None:
            future.set_exception(self._closed)
            return future
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method}
        if params:
            message["params"] = params
        if session is not None:
            message["sessionId"] = session
        self._pending[self._next_id] = (future, session)
        self._writer.write(json.dumps(message, ensure_ascii=False).encode() + b"\0")
        return future

    def post(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> None:
        """A command whose reply nobody waits for (its error, if any, is dropped)."""
        self.send(method, params, session).add_done_callback(_drop_result)

    def on(self, session: str | None, method: str, handler: Handler) -> None:
        self._handlers[(session, method)] = handler

    def forget(self, session: str) -> None:
        """A page is gone: its handlers go, its pending commands fail."""
        for key in [key for key in self._handlers if key[0] == session]:
            del self._handlers[key]
        self._fail(CdpError("the page was closed or crashed"), session)

    async def close(self) -> None:
        self._writer.close()
        self._task.cancel()
        with suppress(asyncio.CancelledError):
            await self._task
        self._gone("the connection was closed")

    async def _read(self) -> None:
        try:
            while True:
                message = await self._reader.readuntil(b"\0")
                self._dispatch(json.loads(message[:-1]))
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError, ValueError):
            pass
        finally:
            self._gone("Chromium closed the DevTools pipe (it exited or was killed)")

    def _dispatch(self, message: dict[str, Any]) -> None:
        ident = message.get("id")
        if ident is not None:
            future, _ = self._pending.pop(ident, (None, None))
            if future is None or future.done():
                return  # nobody waits any more (timed out or cancelled)
            error = message.get("error")
            if error is not None:
                future.set_exception(CdpError(error.get("message", "protocol error")))
            else:
                future.set_result(message.get("result", {}))
            return
        method = message.get("method", "")
        params = message.get("params", {})
        session = message.get("sessionId")
        if method == "Inspector.targetCrashed" and session is not None:
            self._fail(CdpError("the page crashed"), session)
        elif method == "Target.detachedFromTarget":
            self._fail(CdpError("the page was detached"), params.get("sessionId"))
        handler = self._handlers.get((session, method))
        if handler is not None:
            handler(params)

    def _fail(self, error: CdpError, session: str | None) -> None:
        for ident, (future, owner) in list(self._pending.items()):
            if owner == session:
                del self._pending[ident]
                if not future.done():
                    future.set_exception(error)

    def _gone(self, why: str) -> None:
        if self._closed is None:
            self._closed = BrowserGone(why)
        pending, self._pending = self._pending, {}
        for future, _ in pending.values():
            if not future.done():
                future.set_exception(self._closed)
        self._handlers.clear()


def _drop_result(future: asyncio.Future[dict[str, Any]]) -> None:
    if not future.cancelled():
        future.exception()  # retrieved, so asyncio does not log it
