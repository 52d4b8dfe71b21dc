"""The desk window run unattended (`--quit-after`, `--screenshot`), as the frozen build's
smoke test and the start-up benchmark run it: it closes by itself once loaded, and a start
that cannot finish ends with exit status 1 and its reason instead of waiting for ever.
Here from the source, with the `counterdesk` CLI in a subprocess."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counterdesk.store.db import migrations

TIMEOUT_S = 120


def window(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "counterdesk", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=TIMEOUT_S,
        check=False,
    )


@pytest.fixture
def office(tmp_path: Path) -> Path:
    home = tmp_path / "office"
    done = window(home, "init", "--office-code", "H38.12", "--office-name", "UBND xã Tân Phú")
    assert done.returncode == 0, done.stderr
    return home


def test_the_window_closes_itself_after_it_has_loaded(office: Path, tmp_path: Path) -> None:
    started = time.time()
    done = window(office, "--quit-after", "1", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert started < shown["first_paint_at"] <= shown["loaded_at"]
    assert time.time() - shown["loaded_at"] >= 1


def test_a_screenshot_is_saved_once_loaded(office: Path, tmp_path: Path) -> None:
    picture = tmp_path / "shots" / "search.png"
    done = window(office, "--screen", "search", "--screenshot", str(picture))
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_a_data_folder_it_cannot_open_ends_the_run_with_the_reason(office: Path) -> None:
    with sqlite3.connect(office / "counterdesk.sqlite3") as conn:
        conn.execute(f"PRAGMA user_version = {len(migrations()) + 1}")
    for unattended in (["--quit-after", "30"], ["--screenshot", str(office / "x.png")]):
        started = time.monotonic()
        done = window(office, *unattended)
        assert done.returncode == 1
        assert "was written by a newer CounterDesk" in done.stderr
        assert time.monotonic() - started < 30  # it did not wait for its time to be up
        assert not (office / "x.png").exists()


def test_an_office_not_set_up_ends_the_run_instead_of_opening_the_setup(
    tmp_path: Path,
) -> None:
    done = window(tmp_path / "empty", "--quit-after", "30")
    assert done.returncode == 1
    assert "no office is set up" in done.stderr
    assert "counterdesk init" in done.stderr


def test_an_office_with_accounts_ends_the_run_instead_of_asking_a_sign_in(
    office: Path,
) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "counterdesk",
            "--home",
            str(office),
            "user",
            "add",
            "admin",
            "--full-name",
            "Lê Thị Hoa",
            "--role",
            "admin",
            "--new-password-env",
            "PW",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PW": "mật khẩu rất dài 2026"},
        timeout=TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    done = window(office, "--quit-after", "30")
    assert done.returncode == 1
    assert "cannot ask for a sign-in" in done.stderr
