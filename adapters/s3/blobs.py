"""BlobCache on S3 or an S3-compatible store, through one long-lived aiobotocore client.

Objects are private (no ACL is ever sent; the bucket's own policy applies) and carry
their creation and expiry times as user metadata, compared with the injected clock on
read (ADR 0027). Errors from the store propagate: the caller decides how to degrade.
"""

from __future__ import annotations

from contextlib import AsyncExitStack, suppress
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession, get_session
from botocore.exceptions import ClientError

from adapters.s3.client import default_config
from domain.ports import Blob, Clock

CREATED_AT = "created-at"  # sent as x-amz-meta-created-at
EXPIRES_AT = "expires-at"  # sent as x-amz-meta-expires-at
_MISSING = ("NoSuchKey", "404")


class S3BlobCache:
    """Call `start()` before use and `close()` after (or use `async with`)."""

    def __init__(
        self,
        bucket: str,
        clock: Clock,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        session: AioSession | None = None,
        config: AioConfig | None = None,
        page_size: int = 1000,
    ) -> None:
        if not 1 <= page_size <= 1000:
            raise ValueError(f"page_size must be 1..1000 (S3's batch limit), got {page_size}")
        self._bucket = bucket
        self._clock = clock
        self._endpoint_url = endpoint_url
        self._region = region
        self._session = session or get_session()
        self._config = config or default_config(endpoint_url)
        self._page_size = page_size
        self._stack: AsyncExitStack | None = None
        self._s3: Any = None

    async def start(self) -> None:
        if self._stack is not None:
            return
        stack = AsyncExitStack()
        self._s3 = await stack.enter_async_context(
            self._session.create_client(
                "s3",
                region_name=self._region,
                endpoint_url=self._endpoint_url,
                config=self._config,
            )
        )
        self._stack = stack

    async def close(self) -> None:
        stack, self._stack, self._s3 = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    @property
    def bucket(self) -> str:
        return self._bucket

    @property
    def client(self) -> Any:
        """The aiobotocore S3 client (for tests and benchmarks)."""
        if self._s3 is None:
            raise RuntimeError("S3BlobCache is not started: call `await start()` first")
        return self._s3

    async def get(self, key: str) -> Blob | None:
        try:
            response = await self.client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                return None
            raise
        async with response["Body"] as body:
            data = await body.read()
        metadata = response.get("Metadata", {})
        expires_at = _parse(metadata.get(EXPIRES_AT))
        if expires_at and self._clock.now() >= expires_at:
            with suppress(ClientError):  # housekeeping only: it is expired either way
                await self.client.delete_object(Bucket=self._bucket, Key=key)
            return None
        return Blob(
            data=data,
            content_type=response.get("ContentType") or "application/octet-stream",
            created_at=_parse(metadata.get(CREATED_AT)) or response["LastModified"],
            expires_at=expires_at,
        )

    async def put(self, key: str, data: bytes, content_type: str, ttl_seconds: int) -> None:
        if ttl_seconds < 0:
            raise ValueError(f"ttl_seconds must be >= 0 (0: no expiry), got {ttl_seconds}")
        now = self._clock.now().astimezone(UTC)
        metadata = {CREATED_AT: now.isoformat()}
        if ttl_seconds:
            metadata[EXPIRES_AT] = (now + timedelta(seconds=ttl_seconds)).isoformat()
        await self.client.put_object(
            Bucket=self._bucket, Key=key, Body=data, ContentType=content_type, Metadata=metadata
        )

    async def delete_prefix(self, prefix: str) -> int:
        """List page by page (`page_size` keys) and delete each page in one batch."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=prefix, PaginationConfig={"PageSize": self._page_size}
        )
        removed = 0
        async for page in pages:
            objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if not objects:
                continue
            response = await self.client.delete_objects(
                Bucket=self._bucket, Delete={"Objects": objects, "Quiet": True}
            )
            if errors := response.get("Errors"):
                raise S3DeleteFailed(self._bucket, errors)
            removed += len(objects)
        return removed

    async def ping(self) -> None:
        await self.client.head_bucket(Bucket=self._bucket)


class S3DeleteFailed(RuntimeError):
    def __init__(self, bucket: str, errors: list[dict[str, str]]) -> None:
        first = errors[0]
        super().__init__(
            f"S3 refused to delete {len(errors)} object(s) in {bucket!r}, e.g. "
            f"{first.get('Key')!r}: {first.get('Code')} {first.get('Message')}"
        )
        self.errors = errors


def _parse(text: str | None) -> datetime | None:
    """A time from our metadata; None when absent or unreadable (an object not ours)."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
