"""The aiobotocore S3 client settings: fail fast, so a dead store never stalls a card."""

from __future__ import annotations

from aiobotocore.config import AioConfig

# The most one S3 call may take, connect + send + read (DEALBRAIN_S3_TIMEOUT_S).
DEFAULT_TIMEOUT_S = 2.0


def default_config(endpoint_url: str | None, timeout_s: float = DEFAULT_TIMEOUT_S) -> AioConfig:
    """Connect and read timeouts of `timeout_s` and no retries (a failed cache call costs one
    render; botocore's retry backoff costs more); path-style addressing for MinIO/R2-style
    endpoints. The adapter also bounds each whole call by `timeout_s` (a socket that accepts
    but never answers a request body is not covered by these, docs/adr/0091).

    S3-compatible stores also get checksums only where the API requires them: several
    reject or mishandle the CRC headers newer botocore sends by default.
    """
    settings: dict[str, object] = {
        "connect_timeout": timeout_s,
        "read_timeout": timeout_s,
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
