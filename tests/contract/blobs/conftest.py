"""Every BlobCache contract test runs once per backend: memory, filesystem, S3 (moto's
server over HTTP on 127.0.0.1, never skipped), and memory in front of filesystem or S3.

One moto server serves the session; each test gets its own bucket and a started client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession, get_session

from adapters.filesystem import FilesystemBlobCache
from adapters.memory.blobs import MemoryBlobCache
from adapters.memory.clock import FixedClock
from adapters.s3 import S3BlobCache
from adapters.s3.client import default_config
from adapters.tiered import TieredBlobCache
from domain.ports import BlobCache
from tests.support.s3 import REGION, MotoS3Server, moto_s3_server, unique_bucket_name

# moto's server is not thread-safe when one key is written and read at once: it sometimes
# answers 500. Real S3 is; the suite's concern is torn data, so it lets the client retry
# (the adapter's own default is no retries, ADR 0027).
MOTO_RETRIES = AioConfig(retries={"total_max_attempts": 4, "mode": "standard"})
BACKENDS = ["memory", "filesystem", "s3", "tiered-memory-filesystem", "tiered-memory-s3"]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[MotoS3Server]:
    with moto_s3_server() as server:
        yield server


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="session")
def aws_session() -> AioSession:
    """One session for all clients: it keeps botocore's loaded models, so clients start fast."""
    return get_session()


@pytest.fixture
async def s3_cache(
    s3_server: MotoS3Server, aws_session: AioSession, clock: FixedClock
) -> AsyncIterator[S3BlobCache]:
    """A started S3BlobCache on a fresh bucket."""
    cache = S3BlobCache(
        unique_bucket_name(),
        clock,
        endpoint_url=s3_server.endpoint_url,
        region=REGION,
        session=aws_session,
        config=default_config(s3_server.endpoint_url).merge(MOTO_RETRIES),
    )
    async with cache:
        await cache.client.create_bucket(Bucket=cache.bucket)
        yield cache


@pytest.fixture(params=BACKENDS)
def blobs(request: pytest.FixtureRequest, clock: FixedClock, tmp_path: Path) -> BlobCache:
    """The BlobCache under test (sync, so it may ask for the async S3 fixture lazily)."""
    name = request.param
    if name == "memory":
        return MemoryBlobCache(clock)
    if name == "filesystem":
        return FilesystemBlobCache(tmp_path / "blobs", clock)
    if name == "s3":
        return request.getfixturevalue("s3_cache")
    back: BlobCache = (
        FilesystemBlobCache(tmp_path / "blobs", clock)
        if name == "tiered-memory-filesystem"
        else request.getfixturevalue("s3_cache")
    )
    return TieredBlobCache(MemoryBlobCache(clock), back, clock)
