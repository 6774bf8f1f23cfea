"""s3 adapter: BlobCache on S3 or an S3-compatible store (MinIO, R2) via aiobotocore."""

from adapters.s3.blobs import S3BlobCache, S3DeleteFailed, S3Timeout
from adapters.s3.breaker import BreakerState, CircuitBreaker

__all__ = ["BreakerState", "CircuitBreaker", "S3BlobCache", "S3DeleteFailed", "S3Timeout"]
