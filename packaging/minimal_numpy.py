"""NumPy without OpenBLAS for the frozen desk.

NumPy's Linux wheel carries OpenBLAS built for every x86 processor generation, with its
Fortran runtime: 28 MB of the bundle, for matrix products and LAPACK. The desk's arrays
are images and 2x2 or 3x3 geometry (counterdesk/capture/geometry.py solves a line
intersection and a determinant); OpenCV does the heavy work in its own code. This builds
the same NumPy release from its source on PyPI with `-Dblas=none -Dlapack=none`: NumPy
then uses its own loops for products and its bundled `lapack_lite` for `numpy.linalg`,
with the same results, slower only on large matrices the desk never makes.

About 8 minutes on two cores, cached in build/numpy/<version>/ (keyed by the release, the
options and the Python); packaging/build.py puts it on PyInstaller's path with the minimal
OpenCV, which is compiled against the same NumPy headers. The capture and document tests
run against both builds (tests/packaging/test_frozen.py).
"""

import importlib.metadata
import shutil
import sys
import zipfile
from pathlib import Path

import cached_build

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "numpy"
OPTIONS = ["-Dblas=none", "-Dlapack=none", "-Dallow-noblas=true"]


class NumPyBuildError(Exception):
    """NumPy could not be built; the message says what to do."""


def build(cache: Path = CACHE) -> Path:
    """The folder to put on the path so that `import numpy` finds the build without
    OpenBLAS; built with pip from NumPy's source distribution, or taken from the cache."""
    version = importlib.metadata.version("numpy")
    home = cache / version
    site = home / "site"
    recipe = cached_build.fingerprint(version, OPTIONS, sys.version)
    if cached_build.is_fresh(home, recipe, site / "numpy"):
        return site
    log = cached_build.start(home, site, home / "wheel")
    command = [
        *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-binary", "numpy"),
        "--no-cache-dir",  # a wheel pip built before may have been built with OpenBLAS
        *(f"numpy=={version}", "--wheel-dir", str(home / "wheel")),
        *(f"--config-settings=setup-args={option}" for option in OPTIONS),
    ]
    try:
        cached_build.run(command, log)
    except cached_build.BuildStepError as exc:
        raise NumPyBuildError(f"pip could not build NumPy {version}: {exc}") from exc
    (wheel,) = (home / "wheel").glob("numpy-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    shutil.rmtree(home / "wheel")
    cached_build.finish(home, recipe)
    return site


def main() -> int:
    try:
        print(build())
    except NumPyBuildError as exc:
        print(f"numpy: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
