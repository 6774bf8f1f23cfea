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
from collections.abc import Iterator
from contextlib import contextmanager

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
