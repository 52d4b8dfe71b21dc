"""Build the installable desk: one folder with everything inside, an archive, checksums.

    .venv/bin/python packaging/build.py [--dist DIR] [--work DIR]      (packaging/build)

Steps: compile the window's translations (.ts -> .qm), draw the icons from
packaging/icons/counterdesk.svg, build the minimal OpenCV and NumPy without OpenBLAS
(packaging/minimal_opencv.py, minimal_numpy.py; cached in build/), run PyInstaller on
packaging/counterdesk.spec, strip symbols and cut ICU's data to the desk's languages
(Linux, packaging/icu_data.py), add the desktop integration (Linux: a freedesktop entry
and icons under share/; Windows: the .ico for packaging/windows/counterdesk.iss), then
pack the folder (tar.gz on Linux and macOS, zip on Windows) and write SHA256SUMS: the
archive and every file of the folder.

Outputs, in DIST (default dist/): counterdesk/ (run counterdesk/counterdesk),
counterdesk-<version>-<os>-<machine>.tar.gz or .zip, SHA256SUMS. PyInstaller's work files
go to WORK (default build/pyinstaller/); both are ignored by git.
"""

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import icu_data
import minimal_numpy
import minimal_opencv

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP = "counterdesk"
ICON_SVG = PACKAGING / "icons" / "counterdesk.svg"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
WINDOWS = sys.platform == "win32"


class BuildError(Exception):
    """A step failed; the message says which and what to do."""


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["version"]


def compile_translations() -> None:
    """resources/i18n/<module>_vi.ts -> .qm beside it, as scripts/setup does."""
    catalogues = sorted((ROOT / "resources" / "i18n").glob("*.ts"))
    if not catalogues:
        return
    scripts = Path(sysconfig.get_path("scripts"))
    lrelease = shutil.which("pyside6-lrelease", path=str(scripts)) or shutil.which(
        "pyside6-lrelease"
    )
    if lrelease is None:
        raise BuildError("pyside6-lrelease is missing: install the desk's window (.[ui]).")
    subprocess.run([lrelease, "-silent", *map(str, catalogues)], check=True)


def draw_icons(folder: Path) -> dict[str, Path]:
    """The SVG as a 256 px PNG (PyMuPDF) and a multi-size Windows .ico (Pillow)."""
    import pymupdf
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    png = folder / "counterdesk.png"
    with pymupdf.open(ICON_SVG) as svg:
        page = svg[0]
        zoom = 256 / page.rect.width
        page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=True).save(png)
    ico = folder / "counterdesk.ico"
    with Image.open(png) as image:
        image.save(ico, sizes=ICO_SIZES)
    return {"svg": ICON_SVG, "png": png, "ico": ico}


def run_pyinstaller(dist: Path, work: Path, sites: list[Path]) -> Path:
    """PyInstaller on the spec, with the minimal OpenCV and NumPy builds first on the path:
    their `cv2` and `numpy` are the ones collected, not the wheels'."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise BuildError(
            "PyInstaller is not installed: pip install -e '.[package]' (scripts/setup does)."
        ) from exc
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(PACKAGING / "counterdesk.spec"),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, sites))}
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    folder = dist / APP
    for wheel_libraries in ("opencv_python*.libs", "numpy.libs"):
        if any(folder.glob(f"_internal/{wheel_libraries}")):
            raise BuildError(f"PyInstaller collected {wheel_libraries}: a wheel, not our build.")
    if not (folder / (APP + (".exe" if WINDOWS else ""))).is_file():
        raise BuildError(f"PyInstaller did not make {folder / APP}.")
    return folder


def strip_symbols(folder: Path) -> int:
    """Linux: drop the symbol tables the bundle's libraries do not need to load; returns
    the bytes saved (about 50 MB: Python's own library, extension modules built without
    stripping). Left alone: what auditwheel, PySide6 and PyMuPDF relocated with patchelf
    ($ORIGIN run paths, the *.libs folders), whose layout binutils' strip breaks (numpy's
    OpenBLAS then fails to load: "ELF load command address/offset not page-aligned"), and
    the programs, which carry PyInstaller's archive at their end."""
    strip, readelf = shutil.which("strip"), shutil.which("readelf")
    if not sys.platform.startswith("linux") or strip is None or readelf is None:
        return 0
    saved = 0
    for path in files_of(folder / "_internal"):
        if any(part.endswith(".libs") for part in path.parts):
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        dynamic = subprocess.run(
            [readelf, "-d", str(path)], capture_output=True, text=True, check=True
        ).stdout
        if "$ORIGIN" in dynamic:
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def trim_icu(folder: Path) -> int:
    """Linux: ICU's data library cut to root, English and Vietnamese (packaging/icu_data.py);
    returns the bytes saved. PySide6 ships no ICU on Windows or macOS."""
    libraries = list(folder.glob("_internal/PySide6/Qt/lib/libicudata.so.*"))
    if not sys.platform.startswith("linux") or not libraries:
        return 0
    try:
        return sum(icu_data.trim(library) for library in libraries)
    except icu_data.IcuTrimError as exc:
        raise BuildError(str(exc)) from exc


def add_desktop_integration(folder: Path, icons: dict[str, Path]) -> None:
    if WINDOWS:
        shutil.copy2(icons["ico"], folder / "counterdesk.ico")
        return
    share = folder / "share"
    targets = {
        PACKAGING / "linux" / "counterdesk.desktop": share / "applications",
        icons["svg"]: share / "icons" / "hicolor" / "scalable" / "apps",
        icons["png"]: share / "icons" / "hicolor" / "256x256" / "apps",
    }
    for source, target in targets.items():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / source.name)


def files_of(folder: Path) -> Iterator[Path]:
    """The folder's files, not the symbolic links PyInstaller makes between them (Linux,
    macOS): a link's target is listed, and counted, once."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def pack(folder: Path) -> Path:
    system = platform.system().lower()
    name = f"{APP}-{version()}-{system}-{platform.machine().lower()}"
    if WINDOWS:
        archive = folder.parent / f"{name}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for path in files_of(folder):
                z.write(path, path.relative_to(folder.parent).as_posix())
        return archive
    archive = folder.parent / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    return archive


def sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_checksums(folder: Path, archive: Path | None) -> Path:
    """SHA256SUMS beside the folder, in `sha256sum -c` format, paths relative to it."""
    paths = ([archive] if archive else []) + list(files_of(folder))
    lines = [f"{sha256(p)}  {p.relative_to(folder.parent).as_posix()}\n" for p in paths]
    sums = folder.parent / "SHA256SUMS"
    sums.write_text("".join(lines), encoding="utf-8")
    return sums


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def build(dist: Path, work: Path, archive: bool) -> None:
    started = time.monotonic()
    for stale in dist.glob(f"{APP}-*.*"):
        stale.unlink()
    compile_translations()
    icons = draw_icons(work / "icons")
    try:
        sites = [minimal_opencv.build(), minimal_numpy.build()]
    except (minimal_opencv.OpenCVBuildError, minimal_numpy.NumPyBuildError) as exc:
        raise BuildError(str(exc)) from exc
    opencv_at = time.monotonic()
    folder = run_pyinstaller(dist, work, sites)
    stripped = strip_symbols(folder) + trim_icu(folder)
    add_desktop_integration(folder, icons)
    frozen_at = time.monotonic()
    packed = pack(folder) if archive else None
    sums = write_checksums(folder, packed)
    folder_size = sum(p.stat().st_size for p in files_of(folder))
    print(
        f"folder   {folder}  {megabytes(folder_size)} in {len(list(files_of(folder)))} files"
        f" ({megabytes(stripped)} of symbols and ICU data cut)"
    )
    if packed is not None:
        print(f"archive  {packed}  {megabytes(packed.stat().st_size)}")
    print(f"sums     {sums}")
    print(f"libraries {os.pathsep.join(map(str, sites))}")
    print(
        f"took     {time.monotonic() - started:.0f} s "
        f"(OpenCV and NumPy {opencv_at - started:.0f} s, PyInstaller {frozen_at - opencv_at:.0f} s)"
    )
    if WINDOWS:
        print(
            f"installer: iscc /DSourceDir={folder} /DAppVersion={version()} "
            r"packaging\windows\counterdesk.iss"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work"
    )
    parser.add_argument(
        "--no-archive", action="store_true", help="the folder and its checksums only"
    )
    args = parser.parse_args()
    # Nothing from the caller's environment steers the build into another package tree.
    os.environ.pop("PYTHONPATH", None)
    try:
        build(args.dist.resolve(), args.work.resolve(), not args.no_archive)
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"build: {exc.cmd[0]} failed (exit {exc.returncode}); see above.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
