"""A real `dealbrain serve` process for the browser and unfurl tests.

The server runs exactly as deployed: the installed `.venv/bin/dealbrain` command in its own
process, configured only by DEALBRAIN_* variables (none of the machine's leak in), on a
free loopback port. Its users and keys come from the real CLI; everything else from the
real HTTP API (see `seed.py`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.browser.seed import seed
from tests.support.postgres import throwaway_database_sync

ROOT = Path(__file__).resolve().parents[2]
DEALBRAIN = ROOT / ".venv" / "bin" / "dealbrain"
OWNER = "alice"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10
# Card renders compete with the test's own browser for 2 CI cores: give them room, so a
# slow render is not answered with the placeholder (which the tests would refuse).
RENDER_TIMEOUT_S = "20"


@dataclass
class Server:
    backend: str
    url: str  # the public URL: `dealbrain serve` defaults DEALBRAIN_PUBLIC_URL to it
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str]
    key: str = ""
    seed: Any = None
    checked_links: set[str] = field(default_factory=set)

    def log_tail(self, chars: int = 20_000) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as error:
            return f"(no log: {error})"
        return text[-chars:]

    def anonymous(self, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def owner(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.key}"}, timeout=60
        )


def clean_environment(data_dir: Path, **settings: str) -> dict[str, str]:
    """This process's environment without any DEALBRAIN_* variable, plus `settings`.

    DEALBRAIN_CHROMIUM_PATH is the one kept: it says where this machine's Chromium is.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("DEALBRAIN_")}
    chromium = os.environ.get("DEALBRAIN_CHROMIUM_PATH")
    if chromium:
        env["DEALBRAIN_CHROMIUM_PATH"] = chromium
    env["DEALBRAIN_DATA_DIR"] = str(data_dir)
    env["DEALBRAIN_RENDER_TIMEOUT_S"] = RENDER_TIMEOUT_S
    env["PYTHONUNBUFFERED"] = "1"  # the log is complete when a failing test shows it
    env.update(settings)
    return env


def cli(env: dict[str, str], *args: str) -> str:
    """`dealbrain ARGS…` as a real process; its stdout. Fails the test on a non-zero exit."""
    done = subprocess.run(
        [str(DEALBRAIN), *args],
        env=env,
        cwd=env["DEALBRAIN_DATA_DIR"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"dealbrain {' '.join(args)} exited {done.returncode}\n"
            f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        )
    return done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(process: subprocess.Popen[bytes], url: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return True
        time.sleep(0.1)
    return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate; kill (with the Chromium it started, its process group) if it lingers."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT_S)


@contextlib.contextmanager
def running_server(backend: str, env: dict[str, str], log_path: Path) -> Iterator[Server]:
    """`dealbrain serve --host 127.0.0.1 --port <free>` until the block ends."""
    for _attempt in range(3):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with log_path.open("ab") as log:
            log.write(f"--- dealbrain serve on {url} ({backend}) ---\n".encode())
            log.flush()
            process = subprocess.Popen(
                [str(DEALBRAIN), "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                cwd=env["DEALBRAIN_DATA_DIR"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a kill takes its Chromium too
            )
        server = Server(backend, url, process, log_path, env)
        if _healthy(process, url, time.monotonic() + START_TIMEOUT_S):
            break
        stop(process)
        if "address already in use" not in server.log_tail().lower():
            raise RuntimeError(
                f"dealbrain serve ({backend}) did not answer /health on {url} within "
                f"{START_TIMEOUT_S} s (exit code {process.returncode}). Its log:\n"
                + server.log_tail()
            )
    else:
        raise RuntimeError(f"no free port for dealbrain serve:\n{server.log_tail()}")
    try:
        yield server
    finally:
        stop(process)


@contextlib.contextmanager
def seeded_server(backend: str, data_dir: Path) -> Iterator[Server]:
    """A server on `backend` ("sqlite" or "postgres"), alice's key, the seed data."""
    with contextlib.ExitStack() as stack:
        if backend == "postgres":
            database = stack.enter_context(throwaway_database_sync())
            env = clean_environment(
                data_dir, DEALBRAIN_DATABASE_URL=database, DEALBRAIN_BLOB_BACKEND="memory"
            )
        else:  # SQLite under the data dir, the default
            env = clean_environment(data_dir, DEALBRAIN_BLOB_BACKEND="filesystem")
        # The real CLI; the first command upgrades the schema, so the key can be made
        # while the server starts.
        created = cli(env, "users", "create", OWNER)
        assert created.startswith(f"created user {OWNER} (id "), created
        with ThreadPoolExecutor(max_workers=1) as pool:
            making_key = pool.submit(cli, env, "keys", "create", OWNER, "--name", "browser")
            running = stack.enter_context(running_server(backend, env, data_dir / "server.log"))
            key = making_key.result().strip()
        assert key.startswith("dbk_") and "\n" not in key, key
        running.key = key
        try:
            with running.owner() as owner:
                running.seed = seed(owner)
        except Exception as error:
            raise RuntimeError(f"seeding failed: {error}\nserver log:\n{running.log_tail()}")
        yield running
