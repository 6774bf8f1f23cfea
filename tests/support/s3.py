"""A real S3 API over HTTP for tests and benchmarks: moto's ThreadedMotoServer on 127.0.0.1.

moto's in-process `mock_aws` patches botocore's sync HTTP layer and does not work with
aiobotocore, so tests talk to this server instead. Usage:

    with moto_s3_server() as server:          # fake AWS credentials set meanwhile
        bucket = run_sync(create_bucket(server.endpoint_url))

All servers in one process share moto's state, so give each test its own bucket.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from aiobotocore.session import get_session
from moto.server import ThreadedMotoServer

REGION = "us-east-1"
FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    # never read a developer's real profile or endpoint overrides
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
CLEARED = ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3")


class MotoS3Server:
    """One ThreadedMotoServer on a free loopback port."""

    def __init__(self) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.endpoint_url = ""

    def start(self) -> str:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        return self.endpoint_url

    def stop(self) -> None:
        """Stop serving and close the socket, so clients get "connection refused" at once
        (moto's own stop leaves it listening: connects would hang until a read timeout)."""
        self._server.stop()
        wsgi_server = getattr(self._server, "_server", None)
        if wsgi_server is not None:
            wsgi_server.server_close()


class MotoS3Process:
    """moto's server as a child process (`moto_server`), so a test can freeze it with SIGSTOP
    — a store that accepts connections and never answers, the hang real networks make — and
    thaw it with SIGCONT. (ThreadedMotoServer runs in the test's own process: no SIGSTOP.)"""

    def __init__(self) -> None:
        self.port = _free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 30.0) -> str:
        executable = Path(sys.executable).with_name("moto_server")
        self._process = subprocess.Popen(
            [str(executable), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self.endpoint_url
            except OSError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.05)

    def pause(self) -> None:
        """SIGSTOP: connections are still accepted by the kernel, nothing answers."""
        assert self._process is not None
        os.kill(self._process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None
        os.kill(self._process.pid, signal.SIGCONT)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGCONT)  # a stopped process cannot handle SIGTERM
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def moto_s3_process() -> Iterator[MotoS3Process]:
    """`moto_s3_server()`, as a child process that can be paused (fake credentials too)."""
    with fake_aws_environment():
        server = MotoS3Process()
        server.start()
        try:
            yield server
        finally:
            server.stop()


@contextmanager
def fake_aws_environment() -> Iterator[None]:
    """Fake credentials and region in os.environ; the previous values come back after."""
    names = [*FAKE_ENVIRONMENT, *CLEARED]
    saved = {name: os.environ.get(name) for name in names}
    for name in CLEARED:
        os.environ.pop(name, None)
    os.environ.update(FAKE_ENVIRONMENT)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def moto_s3_server() -> Iterator[MotoS3Server]:
    with fake_aws_environment():
        server = MotoS3Server()
        server.start()
        try:
            yield server
        finally:
            server.stop()


def unique_bucket_name(prefix: str = "dealbrain-test") -> str:
    return f"{prefix}-{secrets.token_hex(6)}"


async def create_bucket(endpoint_url: str, name: str | None = None) -> str:
    """A new private bucket on the server; its name."""
    name = name or unique_bucket_name()
    async with get_session().create_client(
        "s3", region_name=REGION, endpoint_url=endpoint_url
    ) as s3:
        await s3.create_bucket(Bucket=name)
    return name
