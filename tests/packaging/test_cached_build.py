"""The bundle's own builds: a failed step quotes its log, a cache is fresh only for its
recipe, and OpenCV's source must match its pinned digest (packaging/cached_build.py,
minimal_opencv.py)."""

import hashlib
import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def packaging(monkeypatch: pytest.MonkeyPatch) -> dict[str, ModuleType]:
    monkeypatch.syspath_prepend(str(ROOT / "packaging"))
    return {name: importlib.import_module(name) for name in ("cached_build", "minimal_opencv")}


def test_a_cache_is_fresh_for_its_recipe_only(
    packaging: dict[str, ModuleType], tmp_path: Path
) -> None:
    cached_build = packaging["cached_build"]
    home, product = tmp_path / "5.0", tmp_path / "5.0" / "install"
    recipe = cached_build.fingerprint("5.0", ["core"], sys.version)
    assert recipe != cached_build.fingerprint("5.0", ["core", "dnn"], sys.version)
    assert not cached_build.is_fresh(home, recipe, product)

    log = cached_build.start(home, product)
    product.mkdir()
    assert not cached_build.is_fresh(home, recipe, product)  # built, not finished
    cached_build.finish(home, recipe)
    assert cached_build.is_fresh(home, recipe, product)
    assert not cached_build.is_fresh(home, "another recipe", product)

    cached_build.start(home, product)  # a new build clears the old one and its stamp
    assert not product.exists() and log.read_text() == ""
    assert not cached_build.is_fresh(home, recipe, product)


def test_a_failed_step_quotes_the_end_of_its_log(
    packaging: dict[str, ModuleType], tmp_path: Path
) -> None:
    cached_build = packaging["cached_build"]
    log = cached_build.start(tmp_path)
    command = [sys.executable, "-c", "print('compiling imgproc'); raise SystemExit(2)"]
    with pytest.raises(cached_build.BuildStepError) as failed:
        cached_build.run(command, log)
    assert "failed (exit 2)" in str(failed.value)
    assert "compiling imgproc" in str(failed.value) and str(log) in str(failed.value)


def test_opencv_source_must_match_its_pinned_digest(
    packaging: dict[str, ModuleType], tmp_path: Path
) -> None:
    minimal_opencv = packaging["minimal_opencv"]
    served = tmp_path / "served.tar.gz"
    served.write_bytes(b"not the release")
    target = tmp_path / "downloads" / "opencv.tar.gz"
    target.parent.mkdir()
    with pytest.raises(minimal_opencv.OpenCVBuildError, match="does not match its pinned"):
        minimal_opencv.download(served.as_uri(), "0" * 64, target)
    assert list(target.parent.iterdir()) == []  # nothing half-downloaded is kept

    digest = hashlib.sha256(b"not the release").hexdigest()
    minimal_opencv.download(served.as_uri(), digest, target)
    assert target.read_bytes() == b"not the release"

    missing = (tmp_path / "gone.tar.gz").as_uri()
    with pytest.raises(minimal_opencv.OpenCVBuildError, match="could not download"):
        minimal_opencv.download(missing, digest, tmp_path / "other.tar.gz")
