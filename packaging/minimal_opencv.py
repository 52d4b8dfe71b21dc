"""A minimal OpenCV for the frozen desk: the modules counterdesk.capture calls, nothing else.

The opencv-python-headless wheel is about 155 MB unpacked on Linux, most of it for things
a counter PC never does with it: FFmpeg and its codecs (video files), OpenBLAS (LAPACK for
calibration and DNN), the DNN, calibration, stitching and photo modules, Intel's IPP. This
builds the same OpenCV release from its source distribution on PyPI with:

- core, imgproc, features, geometry and flann (what objdetect needs);
- imgcodecs with JPEG (libjpeg-turbo, SIMD), PNG, TIFF, WebP and JPEG 2000, all built in;
- videoio with the platform's camera API (V4L2; Media Foundation and DirectShow on Windows);
- objdetect (QR codes: citizen ID cards, the codes on our certified copies);
- the Python bindings, against the NumPy the desk ships.

Counted by `cv2` calls in counterdesk/: resize, cvtColor, warpPerspective, threshold,
findContours, Laplacian, imdecode/imencode(multi), VideoCapture, QRCodeDetectorAruco,
QRCodeEncoder and the like, all in those modules. IPP is left out because its binary is
fetched from GitHub at configure time; the capture benchmarks compare the two builds.

The build takes about 10 minutes on two cores and is cached in build/opencv/<version>/, keyed
by the release and these options. Used by packaging/build.py (PyInstaller then finds this
`cv2` before the wheel's); run it alone with `.venv/bin/python packaging/minimal_opencv.py`.

Needs CMake, a C++ compiler and NASM (libjpeg-turbo's SIMD); Ninja when present. Only the
Linux build has been run: the Windows options are written, not tried.
"""

import hashlib
import importlib.metadata
import os
import shutil
import sys
import sysconfig
import tarfile
import urllib.request
from pathlib import Path

import cached_build
import numpy

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "opencv"
DISTRIBUTION = "opencv-python-headless"

# The source distribution of each release we build, pinned by digest: the wheel in the
# virtual environment says which one (its version must have an entry here).
SOURCES = {
    "5.0.0.93": (
        "https://files.pythonhosted.org/packages/1d/99/"
        "76b7c80252aa83c1af16393454aafd125a0287101afe8deb0a6821af0e30/"
        "opencv_python_headless-5.0.0.93.tar.gz",
        "b82f9831daab90b725c7c1ee1b36cb5732c367096ac76d119e64e14eb70d5f3c",
    ),
}

MODULES = "core,imgproc,imgcodecs,videoio,objdetect,features,geometry,flann"
OFF = [
    *("BUILD_TESTS", "BUILD_PERF_TESTS", "BUILD_DOCS", "BUILD_EXAMPLES", "BUILD_JAVA"),
    *("BUILD_SHARED_LIBS", "BUILD_opencv_apps", "BUILD_opencv_python2"),
    *("WITH_FFMPEG", "WITH_GSTREAMER", "WITH_LAPACK", "WITH_EIGEN", "WITH_IPP"),
    *("WITH_OPENCL", "WITH_ITT", "WITH_PROTOBUF", "WITH_FLATBUFFERS", "WITH_OPENEXR"),
    *("WITH_AVIF", "WITH_JASPER", "WITH_GTK", "WITH_QT", "WITH_WIN32UI", "WITH_VTK"),
    *("WITH_1394", "WITH_OBSENSOR", "WITH_ADE", "WITH_TBB", "WITH_OPENMP", "WITH_CUDA"),
    *("WITH_VA", "WITH_VA_INTEL", "CV_TRACE", "ENABLE_PRECOMPILED_HEADERS"),
    "OPENCV_GENERATE_PKGCONFIG",
]
ON = [
    *("BUILD_ZLIB", "BUILD_PNG", "BUILD_JPEG", "BUILD_TIFF", "BUILD_WEBP", "BUILD_OPENJPEG"),
    *("WITH_OPENJPEG", "PYTHON3_LIMITED_API", "INSTALL_CREATE_DISTRIB"),
    *(["WITH_MSMF", "WITH_DSHOW"] if sys.platform == "win32" else ["WITH_V4L"]),
]


class OpenCVBuildError(Exception):
    """The minimal OpenCV could not be built; the message says what to do."""


def wheel_version() -> str:
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError as exc:
        raise OpenCVBuildError(f"{DISTRIBUTION} is not installed: run scripts/setup.") from exc


def python_library() -> str:
    """The library the bindings link against (an import library on Windows)."""
    if sys.platform == "win32":
        return str(Path(sys.base_prefix) / "libs" / f"python{sys.version_info[0]}.lib")
    return str(Path(sysconfig.get_config_var("LIBDIR")) / sysconfig.get_config_var("LDLIBRARY"))


def cmake_options(prefix: Path) -> list[str]:
    options = [
        "-DCMAKE_BUILD_TYPE=Release",
        f"-DCMAKE_INSTALL_PREFIX={prefix}",
        f"-DBUILD_LIST={MODULES},python3,python_bindings_generator",
        "-DBUILD_opencv_python3=ON",
        f"-DPYTHON3_EXECUTABLE={sys.executable}",
        f"-DPYTHON_DEFAULT_EXECUTABLE={sys.executable}",
        f"-DPYTHON3_INCLUDE_DIR={sysconfig.get_paths()['include']}",
        f"-DPYTHON3_LIBRARY={python_library()}",
        f"-DPYTHON3_NUMPY_INCLUDE_DIRS={numpy.get_include()}",
        "-DOPENCV_PYTHON3_INSTALL_PATH=python",
        *(f"-D{name}=OFF" for name in OFF),
        *(f"-D{name}=ON" for name in ON),
    ]
    if sys.platform.startswith("linux"):
        # Unused code out, symbols stripped: the wheel's own link flags.
        flags = "-Wl,--gc-sections -Wl,--as-needed -s"
        options += [f"-DCMAKE_SHARED_LINKER_FLAGS={flags}", f"-DCMAKE_MODULE_LINKER_FLAGS={flags}"]
    return options


def sha256_of(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def download(url: str, digest: str, target: Path) -> None:
    if target.exists() and sha256_of(target) == digest:
        return
    partial = target.with_suffix(".part")
    try:
        with urllib.request.urlopen(url, timeout=60) as answer, partial.open("wb") as out:
            shutil.copyfileobj(answer, out, 1 << 20)
    except OSError as exc:
        raise OpenCVBuildError(f"could not download OpenCV's source ({url}): {exc}") from exc
    if sha256_of(partial) != digest:
        partial.unlink()
        raise OpenCVBuildError(f"OpenCV's source from {url} does not match its pinned digest.")
    partial.replace(target)


def unpack_opencv(archive: Path, into: Path) -> Path:
    """The sdist's opencv/ tree (the C++ sources) only, not its wheel-building scripts."""
    if into.exists():
        shutil.rmtree(into)
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.split("/")[1:2] == ["opencv"]]
        tar.extractall(into, members=members, filter="data")
    (top,) = into.iterdir()
    return top / "opencv"


def build(cache: Path = CACHE) -> Path:
    """The folder to put first on the path so that `import cv2` finds the minimal build;
    built, or taken from the cache when the recipe has not changed."""
    version = wheel_version()
    if version not in SOURCES:
        raise OpenCVBuildError(
            f"{DISTRIBUTION} {version} has no pinned source in packaging/minimal_opencv.py"
            " (SOURCES): add its sdist's address and SHA-256."
        )
    if shutil.which("cmake") is None:
        raise OpenCVBuildError("cmake is missing: run scripts/setup.")
    home = cache / version
    prefix = home / "install"
    site = prefix / "python"
    # What the cached build was made from: the release, the options, NumPy, Python.
    recipe = cached_build.fingerprint(version, MODULES, OFF, ON, numpy.__version__, sys.version)
    if cached_build.is_fresh(home, recipe, site / "cv2"):
        return site
    log = cached_build.start(home, prefix, home / "work")
    url, digest = SOURCES[version]
    archive = cache / "downloads" / url.rsplit("/", 1)[1]
    archive.parent.mkdir(parents=True, exist_ok=True)
    download(url, digest, archive)
    source, work = unpack_opencv(archive, home / "source"), home / "work"
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    jobs = str(os.cpu_count() or 2)
    try:
        for step in (
            ["cmake", *generator, "-S", str(source), "-B", str(work), *cmake_options(prefix)],
            ["cmake", "--build", str(work), "--config", "Release", "--parallel", jobs],
            ["cmake", "--install", str(work), "--config", "Release"],
        ):
            cached_build.run(step, log)
    except cached_build.BuildStepError as exc:
        raise OpenCVBuildError(str(exc)) from exc
    if not (site / "cv2").is_dir():
        raise OpenCVBuildError(f"the OpenCV build installed no cv2 package; see {log}.")
    shutil.rmtree(work)
    shutil.rmtree(home / "source")
    cached_build.finish(home, recipe)
    return site


def main() -> int:
    try:
        print(build())
    except OpenCVBuildError as exc:
        print(f"opencv: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
