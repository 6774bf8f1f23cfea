"""Configuration from DEALBRAIN_* environment variables (docs/product.md §8; README lists them)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from domain.errors import Invalid

STORAGES = ("sql", "memory")
BLOB_BACKENDS = ("memory", "filesystem", "s3", "tiered")


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    storage: str = "sql"
    blob_backend: str = "filesystem"
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    # DEALBRAIN_S3_TIMEOUT_S: the most one S3 call may take, connect to last byte (ADR 0091)
    s3_timeout_s: float = 2.0
    # DEALBRAIN_S3_BREAKER_FAILURES: failed S3 calls in a row that open the circuit breaker
    s3_breaker_failures: int = 3
    # DEALBRAIN_S3_BREAKER_OPEN_S: how long S3 is then skipped before one trial call
    s3_breaker_open_s: float = 30.0
    # DEALBRAIN_CARD_WRITE_QUEUE: card cache writes under way at most; more are dropped
    card_write_queue: int = 32
    # DEALBRAIN_SQLITE_BUSY_TIMEOUT_S: how long a SQLite write waits for another's lock
    # before answering 503 (ADR 0092)
    sqlite_busy_timeout_s: float = 10.0
    chromium_path: str | None = None
    render_concurrency: int = 2
    render_timeout_s: float = 5.0
    card_ttl_days: int = 30
    max_upload_bytes: int = 10 * 1024 * 1024
    max_import_items: int = 10_000
    auto_migrate: bool = True
    # Where people reach the service: every link, og:image and feed URL starts with it.
    # None: `dealbrain serve` sets http://HOST:PORT; other callers use the request's own.
    public_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("DEALBRAIN_DATA_DIR", "./var")).expanduser()
        default_db = f"sqlite+aiosqlite:///{(data_dir / 'dealbrain.db').as_posix()}"
        return cls(
            data_dir=data_dir,
            database_url=env.get("DEALBRAIN_DATABASE_URL") or default_db,
            storage=_choice(env, "DEALBRAIN_STORAGE", "sql", STORAGES),
            blob_backend=_choice(env, "DEALBRAIN_BLOB_BACKEND", "filesystem", BLOB_BACKENDS),
            s3_bucket=env.get("DEALBRAIN_S3_BUCKET") or None,
            s3_endpoint_url=env.get("DEALBRAIN_S3_ENDPOINT_URL") or None,
            s3_region=env.get("DEALBRAIN_S3_REGION") or None,
            s3_timeout_s=_number(env, "DEALBRAIN_S3_TIMEOUT_S", 2.0, float, low=0.1),
            s3_breaker_failures=_number(env, "DEALBRAIN_S3_BREAKER_FAILURES", 3, int, low=1),
            s3_breaker_open_s=_number(env, "DEALBRAIN_S3_BREAKER_OPEN_S", 30.0, float, low=0.1),
            card_write_queue=_number(env, "DEALBRAIN_CARD_WRITE_QUEUE", 32, int, low=1),
            sqlite_busy_timeout_s=_number(
                env, "DEALBRAIN_SQLITE_BUSY_TIMEOUT_S", 10.0, float, low=0.01
            ),
            chromium_path=env.get("DEALBRAIN_CHROMIUM_PATH") or None,
            render_concurrency=_number(env, "DEALBRAIN_RENDER_CONCURRENCY", 2, int, low=1),
            render_timeout_s=_number(env, "DEALBRAIN_RENDER_TIMEOUT_S", 5.0, float, low=0.1),
            card_ttl_days=_number(env, "DEALBRAIN_CARD_TTL_DAYS", 30, int, low=1),
            max_upload_bytes=_number(env, "DEALBRAIN_MAX_UPLOAD_BYTES", 10 * 1024**2, int, low=1),
            max_import_items=_number(env, "DEALBRAIN_MAX_IMPORT_ITEMS", 10_000, int, low=1),
            auto_migrate=_flag(env, "DEALBRAIN_AUTO_MIGRATE", True),
            public_url=_url(env, "DEALBRAIN_PUBLIC_URL"),
        )

    def as_config(self) -> dict[str, Any]:
        values = asdict(self)
        values["data_dir"] = str(self.data_dir)
        return values


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in choices:
        raise Invalid(name, f"must be one of {', '.join(choices)} (got {value!r})")
    return value


def _number(env: Mapping[str, str], name: str, default: Any, kind: type, *, low: float) -> Any:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise Invalid(name, f"must be {what} (got {raw!r})") from None
    if value < low:
        raise Invalid(name, f"must be >= {low} (got {raw!r})")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise Invalid(name, f"must be 1 or 0 (got {raw!r})")


def _url(env: Mapping[str, str], name: str) -> str | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    scheme, sep, rest = raw.partition("://")
    if scheme not in ("http", "https") or not sep or not rest or "/" in rest.rstrip("/"):
        raise Invalid(
            name, f"must be an http(s) origin like https://deals.example.org (got {raw!r})"
        )
    return raw.rstrip("/")
