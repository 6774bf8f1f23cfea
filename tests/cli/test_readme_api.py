"""The README's "Using the API" examples run verbatim against what `scripts/run` starts.

As a reader would: demo data first (it takes the first ids, so an example that assumed
`listing_id: 1` would fail), then a real `dealbrain serve` process on SQLite, then the
README's shell block through bash, from the repository root. Each curl must succeed:
the block runs with `set -euo pipefail` and curl fails on any HTTP error status.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEALBRAIN = ROOT / ".venv" / "bin" / "dealbrain"
README = ROOT / "README.md"
SECTION = "## Using the API"
README_URL = "http://127.0.0.1:8000"
START_TIMEOUT_S = 60

# `jq -r .field` for machines without jq: all the README asks of it.
JQ_STAND_IN = """#!{python}
import json, sys
args = [a for a in sys.argv[1:] if a != "-r"]
value = json.load(sys.stdin)
for name in args[0].lstrip(".").split("."):
    if name:
        value = value[name]
print(value if isinstance(value, str) else json.dumps(value))
"""


def readme_api_block(text: str) -> str:
    """The first ```sh block of the README's "Using the API" section."""
    section = text.split(SECTION, 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, f"no ```sh block under {SECTION!r} in README.md"
    return match.group(1)


def _environment(data_dir: Path, tools: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALBRAIN_")}
    env["DEALBRAIN_DATA_DIR"] = str(data_dir)
    env["DEALBRAIN_BLOB_BACKEND"] = "memory"
    env["PYTHONUNBUFFERED"] = "1"
    if shutil.which("jq") is None:
        jq = tools / "jq"
        jq.write_text(JQ_STAND_IN.format(python=ROOT / ".venv" / "bin" / "python"))
        jq.chmod(0o755)
        env["PATH"] = f"{tools}{os.pathsep}{env.get('PATH', '')}"
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _serving(env: dict[str, str], log: Path) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(DEALBRAIN), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            pytest.fail(f"dealbrain serve did not start:\n{log.read_text(errors='replace')}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def test_the_readme_api_examples_run_after_scripts_run(tmp_path: Path) -> None:
    block = readme_api_block(README.read_text(encoding="utf-8"))
    assert README_URL in block, "the examples talk to the address scripts/run serves on"
    env = _environment(tmp_path / "data", tmp_path)
    (tmp_path / "data").mkdir()
    seeded = subprocess.run(
        [str(DEALBRAIN), "demo", "seed", "--if-empty"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert seeded.returncode == 0, seeded.stderr

    with _serving(env, tmp_path / "serve.log") as url:
        script = "set -euo pipefail\n"
        script += 'curl() { command curl --silent --show-error --fail-with-body "$@"; }\n'
        script += block.replace(README_URL, url)
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        log = (tmp_path / "serve.log").read_text(errors="replace")

    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}\nlog:\n{log}"
    assert f"{url}/s/" in done.stdout, done.stdout  # the share link's absolute URL
    assert '"status_code"' not in done.stdout, done.stdout
    assert " 500 " not in log, log
