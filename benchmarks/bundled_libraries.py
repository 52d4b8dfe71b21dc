"""Benchmark: the capture pipeline on the frozen desk's OpenCV and NumPy against the wheels'.

The bundle carries OpenCV built with capture's modules only (no IPP) and NumPy without
OpenBLAS (packaging/minimal_opencv.py, minimal_numpy.py). This runs benchmarks.capture
(12 MP synthetic photos, one OpenCV thread, no OCR) in fresh interpreters, alternately on
the wheels (the baseline) and on the bundle's builds, and prints each stage's median and
the ratio. The page bytes must be the same or near: the same codecs, built the same way.

Run after packaging/build (or packaging/minimal_opencv.py and minimal_numpy.py):
    .venv/bin/python -m benchmarks.bundled_libraries [--rounds N] [--photos N]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import minimal_numpy  # noqa: E402
import minimal_opencv  # noqa: E402

STAGE = re.compile(r"^\s+(?P<stage>.+?)\s+median\s+(?P<ms>[\d.]+) ms$")
BYTES = re.compile(r"^\s+(?P<mode>\w+) page bytes: (?P<sizes>.+)$")


def run_capture(photos: int, sites: list[Path] | None) -> tuple[dict[str, float], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if sites:
        env["PYTHONPATH"] = os.pathsep.join(map(str, sites))
    command = [sys.executable, "-m", "benchmarks.capture", "--no-ocrmypdf", "--photos", str(photos)]
    output = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env=env, check=True
    ).stdout
    stages, sizes = {}, {}
    for line in output.splitlines():
        if found := STAGE.match(line):
            stages[found["stage"]] = float(found["ms"])
        elif found := BYTES.match(line):
            sizes[found["mode"]] = found["sizes"]
    return stages, sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--photos", type=int, default=3)
    args = parser.parse_args()
    sites = [minimal_opencv.build(), minimal_numpy.build()]
    runs: dict[str, list[dict[str, float]]] = {"wheels": [], "bundle": []}
    sizes: dict[str, dict[str, str]] = {}
    for _ in range(args.rounds):
        for name, path in (("wheels", None), ("bundle", sites)):
            stages, sizes[name] = run_capture(args.photos, path)
            runs[name].append(stages)

    print(
        f"{args.photos} synthetic 12 MP photos, one OpenCV thread, median over {args.rounds} "
        "rounds of each round's medians"
    )
    print(f"  {'stage':<32} {'wheels':>9} {'bundle':>9} {'ratio':>7}")
    for stage in runs["wheels"][0]:
        wheel = statistics.median(r[stage] for r in runs["wheels"])
        ours = statistics.median(r[stage] for r in runs["bundle"])
        ratio = f"{ours / wheel:6.2f}x" if wheel else "      -"
        print(f"  {stage:<32} {wheel:7.1f} ms {ours:7.1f} ms {ratio}")
    for mode, wheel_sizes in sizes["wheels"].items():
        print(f"  {mode} page bytes: wheels {wheel_sizes}; bundle {sizes['bundle'][mode]}")


if __name__ == "__main__":
    main()
