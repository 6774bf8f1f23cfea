"""BlobCache on S3 or an S3-compatible store, through one long-lived aiobotocore client.

Objects are private (no ACL is ever sent; the bucket's own policy applies) and carry
their creation and expiry times as user metadata, compared with the injected clock on
read (ADR 0027). Errors from the store propagate: the caller decides how to degrade.

Every call is bounded by `timeout_s` as a whole, and may go through a circuit breaker that
stops calling a store that keeps failing (ADR 0091).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack, suppress
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Self, TypeVar

from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession, get_session
from botocore.exceptions import ClientError

from adapters.s3.breaker import CircuitBreaker
from adapters.s3.client import DEFAULT_TIMEOUT_S, default_config
from domain.ports import Blob, Clock

CREATED_AT = "created-at"  # sent as x-amz-meta-created-at
EXPIRES_AT = "expires-at"  # sent as x-amz-meta-expires-at
_MISSING = ("NoSuchKey", "404")
# Answers that say the store itself is in trouble (the others are about the request).
_STORE_TROUBLE = ("InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout")
T = TypeVar("T")


class S3Timeout(TimeoutError):
    """An S3 call took longer than the adapter's `timeout_s`."""


class S3BlobCache:
    """Call `start()` before use and `close()` after (or use `async with`).

    `timeout_s` bounds each S3 call as a whole (connect, send, receive); `breaker`, when
    given, is asked before each call and told how it went (None: every call goes to S3).
    """

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
        timeout_s: float = DEFAULT_TIMEOUT_S,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        if not 1 <= page_size <= 1000:
            raise ValueError(f"page_size must be 1..1000 (S3's batch limit), got {page_size}")
        self._bucket = bucket
        self._clock = clock
        self._endpoint_url = endpoint_url
        self._region = region
        self._session = session or get_session()
        self._config = config or default_config(endpoint_url, timeout_s)
        self._page_size = page_size
        self._timeout_s = timeout_s
        self.breaker = breaker
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
        client = self.client

        async def fetch() -> tuple[dict[str, Any], bytes]:
            response = await client.get_object(Bucket=self._bucket, Key=key)
            async with response["Body"] as body:
                return response, await body.read()

        try:
            response, data = await self._call(f"get {key!r}", fetch)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                return None
            raise
        metadata = response.get("Metadata", {})
        expires_at = _parse(metadata.get(EXPIRES_AT))
        if expires_at and self._clock.now() >= expires_at:
            # Housekeeping only: it is expired either way.
            with suppress(Exception):
                await self._call(
                    f"delete {key!r}", partial(client.delete_object, Bucket=self._bucket, Key=key)
                )
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
        put = partial(
            self.client.put_object,
            Bucket=self._bucket, Key=key, Body=data, ContentType=content_type, Metadata=metadata,
        )  # fmt: skip
        await self._call(f"put {key!r}", put)

    async def delete_prefix(self, prefix: str) -> int:
        """List page by page (`page_size` keys) and delete each page in one batch."""
        removed = 0
        listing: dict[str, Any] = {
            "Bucket": self._bucket, "Prefix": prefix, "MaxKeys": self._page_size,
        }  # fmt: skip
        while True:
            page = await self._call(
                f"list {prefix!r}", partial(self.client.list_objects_v2, **listing)
            )
            objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if objects:
                delete = partial(
                    self.client.delete_objects,
                    Bucket=self._bucket,
                    Delete={"Objects": objects, "Quiet": True},
                )
                response = await self._call(f"delete under {prefix!r}", delete)
                if errors := response.get("Errors"):
                    raise S3DeleteFailed(self._bucket, errors)
                removed += len(objects)
            if not page.get("IsTruncated") or not page.get("NextContinuationToken"):
                return removed
            listing["ContinuationToken"] = page["NextContinuationToken"]

    async def ping(self) -> None:
        await self._call("head bucket", partial(self.client.head_bucket, Bucket=self._bucket))

    async def _call(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        """One S3 call: through the breaker, bounded by `timeout_s` as a whole."""
        breaker = self.breaker
        if breaker is not None:
            breaker.before_call()
        try:
            async with asyncio.timeout(self._timeout_s):
                result = await call()
        except ClientError as error:
            if breaker is not None:
                if _store_in_trouble(error):
                    breaker.failed()
                else:
                    breaker.succeeded()  # it answered, if only "no"
            raise
        except TimeoutError as error:
            if breaker is not None:
                breaker.failed()
            raise S3Timeout(f"S3 {what} took longer than {self._timeout_s:g} s") from error
        except Exception:
            if breaker is not None:
                breaker.failed()
            raise
        except BaseException:
            if breaker is not None:
                breaker.abandoned()
            raise
        if breaker is not None:
            breaker.succeeded()
        return result


class S3DeleteFailed(RuntimeError):
    def __init__(self, bucket: str, errors: list[dict[str, str]]) -> None:
        first = errors[0]
        super().__init__(
            f"S3 refused to delete {len(errors)} object(s) in {bucket!r}, e.g. "
            f"{first.get('Key')!r}: {first.get('Code')} {first.get('Message')}"
        )
        self.errors = errors


def _store_in_trouble(error: ClientError) -> bool:
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    return status >= 500 or error.response.get("Error", {}).get("Code") in _STORE_TROUBLE


def _parse(text: str | None) -> datetime | None:
    """A time from our metadata; None when absent or unreadable (an object not ours)."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
