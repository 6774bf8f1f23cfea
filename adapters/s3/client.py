"""The aiobotocore S3 client settings: fail fast, so a dead store never stalls a card."""

from __future__ import annotations

from aiobotocore.config import AioConfig


def default_config(endpoint_url: str | None) -> AioConfig:
    """Short timeouts and no retries (a failed cache call costs one render; botocore's
    retry backoff costs more); path-style addressing for MinIO/R2-style endpoints.

    S3-compatible stores also get checksums only where the API requires them: several
    reject or mishandle the CRC headers newer botocore sends by default.
    """
    settings: dict[str, object] = {
        "connect_timeout": 2,
        "read_timeout": 5,
        "retries": {"total_max_attempts": 1, "mode": "standard"},
        "max_pool_connections": 20,
    }
    if endpoint_url:
        settings |= {
            "s3": {"addressing_style": "path"},
            "request_checksum_calculation": "when_required",
            "response_checksum_validation": "when_required",
        }
    return AioConfig(**settings)
