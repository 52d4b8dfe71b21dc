"""The hub as deployed: `counterdesk-hub serve` in a process of its own, on loopback.

The `hub` fixture serves the app in a thread of the test process, which is what most
tests need. Tests and benchmarks that push tens of megabytes through it, with proxies
and clients beside it, run it in its own process: in the test process the hub would
share one interpreter lock with everything else there, and measure that instead.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.hub.fixtures import START_TIMEOUT_SECONDS, free_port


@contextmanager
def hub_process(db_url: str, blob_root: Path, log: Path) -> Iterator[str]:
    """Serve the hub over the database at `db_url` (migrated on start); its base URL.

    Its output goes to `log`, unbuffered (a test may read it while the hub runs), and is
    quoted when the hub fails to start."""
    port = free_port()
    command = [sys.executable, "-m", "counterdesk.sync.hub", "serve", "--db", db_url,
               "--port", str(port), "--blobs", str(blob_root)]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _accepts(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The hub did not start serving:\n{log.read_text(errors='replace')}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False
