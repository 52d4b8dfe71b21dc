"""Several desk processes on one data folder, and processes killed mid-certification."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CertifyArgs, Cli
from tests.e2e.invariants import check_data_folder

ROOT = Path(__file__).resolve().parents[2]


def test_several_processes_opening_a_new_folder_at_once(tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "counterdesk",
                "--home",
                str(home),
                "init",
                "--office-code",
                "H38.12",
                "--office-name",
                "UBND xã Tân Phú",
                "--json",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert '"code": "H38.12"' in out
    assert check_data_folder(home) == []


@pytest.mark.slow
def test_two_processes_certifying_at_once_get_numbers_1_to_40(
    office: Cli, scans: list[Path], tmp_path: Path
) -> None:
    start = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.e2e.certify_loop",
                str(office.home),
                "20",
                str(start),
                *map(str, scans),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(1.5)  # both have imported everything and opened the folder
    start.touch()
    got = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        got.append([int(n) for n in out.split()])
    assert all(len(numbers) == 20 for numbers in got)
    assert all(numbers == sorted(numbers) for numbers in got)
    assert sorted(got[0] + got[1]) == list(range(1, 41))
    # Both really ran at the same time: their numbers interleave.
    assert max(got[0]) > min(got[1]) and max(got[1]) > min(got[0])
    assert check_data_folder(office.home) == list(range(1, 41))
    entries = office.ok("book", "list")["entries"]
    assert [e["number"] for e in entries] == list(range(1, 41))


@pytest.mark.slow
def test_certify_killed_at_random_moments_leaves_a_whole_book(
    office: Cli, scans: list[Path], certify_args: CertifyArgs
) -> None:
    env = {**os.environ}
    command = [
        sys.executable,
        "-m",
        "counterdesk",
        "--home",
        str(office.home),
        *certify_args(*scans),
        "--json",
    ]
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    lifetime = time.perf_counter() - began  # an uninterrupted certify, start to exit

    rng = random.Random(20261126)
    killed = completed = 0
    for _ in range(24):
        before = len(check_data_folder(office.home))
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        # Most kills land in the last part of the run, where the numbers are taken, the
        # files written and the transaction committed.
        time.sleep(rng.uniform(0.5 * lifetime, 1.05 * lifetime))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = len(check_data_folder(office.home))
        assert after - before in (0, 1)
        if proc.returncode == -signal.SIGKILL and after == before:
            killed += 1
        else:
            completed += 1
    assert killed >= 5, "too few kills landed before the commit to prove anything"
    numbers = check_data_folder(office.home)
    assert numbers == list(range(1, len(numbers) + 1))
    # The desk goes on after the crashes with the next number.
    out = office.ok(*certify_args(*scans))
    assert out["certification"]["number"] == len(numbers) + 1
