"""Benchmark: the frozen desk's cold start to its first window, against the desk run from
source (`python -m counterdesk`), measured in the same run on the same data folder.

"Cold start" is a fresh process: from spawning it to
- first paint: the main window's first Paint event (the clerk sees the window), and
- loaded: signed in, the first screen (Today) shows its data, no job left running,
as the window itself notes them with time.time() (`counterdesk --quit-after 0 --json` prints
both; the parent takes time.time() just before spawning). The operating system's file cache
stays warm: one warm-up start of each kind comes first, and the runs alternate so both
kinds see the same machine load.

Build the frozen desk first (packaging/build), then:
  QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.startup [--runs N] [--frozen PROG]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.ui import make_office

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FROZEN = (
    ROOT / "dist" / "counterdesk" / ("counterdesk.exe" if os.name == "nt" else "counterdesk")
)


def start(command: list[str], home: Path) -> tuple[float, float, float]:
    """Seconds from spawn to first paint, to loaded, and to the process's exit."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    spawned = time.time()
    done = subprocess.run(
        [*command, "--home", str(home), "--quit-after", "0", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=home.parent,
        timeout=180,
        check=False,
    )
    ended = time.time()
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}):\n{done.stderr}")
    shown = json.loads(done.stdout)
    return shown["first_paint_at"] - spawned, shown["loaded_at"] - spawned, ended - spawned


def describe(name: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    print(
        f"  {name:<38} median {median:5.2f} s   min {min(samples):5.2f}   "
        f"max {max(samples):5.2f}   (n={len(samples)})"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7, help="cold starts of each kind")
    parser.add_argument("--frozen", type=Path, default=DEFAULT_FROZEN, help="the frozen program")
    args = parser.parse_args()
    if not args.frozen.is_file():
        sys.exit(f"startup: no frozen desk at {args.frozen}; build it with packaging/build")
    kinds = {
        "frozen": [str(args.frozen)],
        "source": [sys.executable, "-m", "counterdesk"],
    }
    print(
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"
    )
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "office"
        make_office(home)
        for command in kinds.values():  # warm-up: the file cache, .pyc files
            start(command, home)
        samples: dict[str, list[tuple[float, float, float]]] = {kind: [] for kind in kinds}
        for _ in range(args.runs):
            for kind, command in kinds.items():
                samples[kind].append(start(command, home))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    medians = {}
    for kind in kinds:
        print(f"{kind}: process spawn to ...")
        paint, loaded, exited = zip(*samples[kind], strict=True)
        medians[kind] = (
            describe("first paint of the main window", list(paint)),
            describe("loaded (Today's queue shown, idle)", list(loaded)),
        )
        describe("exit (closed at once when loaded)", list(exited))
    frozen, source = medians["frozen"], medians["source"]
    print(
        f"frozen - source, medians: first paint {frozen[0] - source[0]:+.2f} s, "
        f"loaded {frozen[1] - source[1]:+.2f} s"
    )


if __name__ == "__main__":
    main()
