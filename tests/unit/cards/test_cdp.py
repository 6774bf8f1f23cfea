"""The CDP pipe client on a fake pipe: framing, replies, errors, events, a browser that goes."""

from __future__ import annotations

import asyncio
import json

import pytest

from adapters.playwright.cdp import BrowserGone, CdpError, Connection


class Pipe(asyncio.WriteTransport):
    """What the client writes, as Chromium would read it (NUL-separated JSON)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        assert data.endswith(b"\0")
        self.sent.append(json.loads(data[:-1]))

    def close(self) -> None:
        self.closed = True


def connect() -> tuple[Connection, asyncio.StreamReader, Pipe]:
    reader = asyncio.StreamReader()
    pipe = Pipe()
    return Connection(reader, pipe), reader, pipe


def say(reader: asyncio.StreamReader, *messages: dict) -> None:
    reader.feed_data(b"".join(json.dumps(m).encode() + b"\0" for m in messages))


async def test_a_command_is_one_nul_terminated_message_and_its_reply_resolves_it():
    connection, reader, pipe = connect()

    reply = connection.send("Page.captureScreenshot", {"format": "png"}, session="S1")
    (message,) = pipe.sent
    assert message == {
        "id": message["id"],
        "method": "Page.captureScreenshot",
        "params": {"format": "png"},
        "sessionId": "S1",
    }
    say(reader, {"id": message["id"], "result": {"data": "iVBO"}, "sessionId": "S1"})

    assert await reply == {"data": "iVBO"}
    await connection.close()


async def test_replies_find_their_command_in_any_order_and_split_across_reads():
    connection, reader, pipe = connect()
    first = connection.send("A.one")
    second = connection.send("A.two")
    one, two = (m["id"] for m in pipe.sent)

    data = json.dumps({"id": two, "result": {"n": 2}}).encode() + b"\0"
    data += json.dumps({"id": one, "result": {"n": 1}}).encode() + b"\0"
    reader.feed_data(data[:7])
    reader.feed_data(data[7:])

    assert await first == {"n": 1}
    assert await second == {"n": 2}
    await connection.close()


async def test_an_error_reply_raises_cdp_error():
    connection, reader, pipe = connect()
    reply = connection.send("Page.captureScreenshot")
    say(
        reader,
        {"id": pipe.sent[0]["id"], "error": {"code": -32000, "message": "Unable to capture"}},
    )

    with pytest.raises(CdpError, match="Unable to capture"):
        await reply
    await connection.close()


async def test_events_reach_the_handler_of_their_session_only():
    connection, reader, _ = connect()
    seen: list[tuple[str, dict]] = []
    connection.on("S1", "Fetch.requestPaused", lambda e: seen.append(("S1", e)))
    connection.on("S2", "Fetch.requestPaused", lambda e: seen.append(("S2", e)))

    say(reader, {"method": "Fetch.requestPaused", "params": {"requestId": "r1"}, "sessionId": "S2"})
    await asyncio.sleep(0)
    await asyncio.sleep(0)

    assert seen == [("S2", {"requestId": "r1"})]
    await connection.close()


async def test_when_the_pipe_closes_every_pending_command_fails_and_new_ones_too():
    connection, reader, _ = connect()
    pending = connection.send("Page.captureScreenshot", session="S1")

    reader.feed_eof()

    with pytest.raises(BrowserGone):
        await pending
    assert connection.closed
    with pytest.raises(BrowserGone):
        await connection.send("Browser.getVersion")
    await connection.close()


async def test_a_crashed_page_fails_its_commands_not_the_others():
    connection, reader, pipe = connect()
    crashed = connection.send("Page.captureScreenshot", session="S1")
    other = connection.send("Page.captureScreenshot", session="S2")

    say(reader, {"method": "Inspector.targetCrashed", "params": {}, "sessionId": "S1"})
    with pytest.raises(CdpError, match="crashed"):
        await crashed
    assert not other.done()

    say(reader, {"id": pipe.sent[1]["id"], "result": {"data": ""}, "sessionId": "S2"})
    assert await other == {"data": ""}
    await connection.close()


async def test_a_reply_nobody_waits_for_is_dropped_quietly():
    connection, reader, pipe = connect()
    connection.post("Fetch.failRequest", {"requestId": "r1"}, "S1")
    waited = connection.send("Page.setDocumentContent", session="S1")
    waited.cancel()  # its caller timed out

    say(
        reader,
        {"id": pipe.sent[0]["id"], "error": {"message": "Invalid InterceptionId."}},
        {"id": pipe.sent[1]["id"], "result": {}},
    )
    await asyncio.sleep(0)
    await asyncio.sleep(0)

    assert not connection.closed
    await connection.close()
    assert pipe.closed
