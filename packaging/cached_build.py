"""What the bundle's own builds (minimal_opencv.py, minimal_numpy.py) share: a folder per
release under build/, valid while its recipe (a fingerprint of what it was built from)
is unchanged, and build steps whose output goes to a log that is quoted when one fails."""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path


class BuildStepError(Exception):
    """A step of a cached build failed; the message quotes its log."""


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]


def is_fresh(home: Path, recipe: str, product: Path) -> bool:
    """Whether `product` in `home` was built from `recipe`."""
    stamp = home / "recipe"
    return stamp.exists() and stamp.read_text() == recipe and product.exists()


def start(home: Path, *stale: Path) -> Path:
    """Clear what an earlier build of `home` left (`stale`, the stamp, the log); returns
    the new, empty log."""
    for path in (*stale, home / "recipe"):
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    home.mkdir(parents=True, exist_ok=True)
    log = home / "build.log"
    log.write_text("", encoding="utf-8")
    return log


def finish(home: Path, recipe: str) -> None:
    (home / "recipe").write_text(recipe)


def run(command: list[str], log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = "".join(log.read_text(encoding="utf-8", errors="replace").splitlines(True)[-30:])
        raise BuildStepError(f"{command[0]} failed (exit {done.returncode}); {log}:\n{tail}")
