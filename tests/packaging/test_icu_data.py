"""ICU's data cut down for the bundle (packaging/icu_data.py): what goes, and that Qt
still sorts and upper-cases Vietnamese with what stays."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]


def load_icu_data():
    spec = importlib.util.spec_from_file_location("icu_data", ROOT / "packaging" / "icu_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


icu_data = load_icu_data()


@pytest.mark.parametrize(
    ("item", "goes"),
    [
        ("coll/vi.res", False),
        ("vi_VN.res", False),
        ("en_US_POSIX.res", False),
        ("en_001.res", False),
        ("zone/vi.res", False),
        ("root.res", False),
        ("coll/root.res", False),
        ("res_index.res", False),
        ("coll/res_index.res", False),
        ("pool.res", False),
        ("supplementalData.res", False),
        ("cnvalias.icu", False),
        ("nfkc.nrm", False),
        ("brkitr/line.brk", False),
        ("translit/Latin_ASCII.res", False),
        ("coll/de.res", True),
        ("coll/de__PHONEBOOK.res", True),
        ("zh_Hant_TW.res", True),
        ("es_419.res", True),
        ("unit/fr.res", True),
        ("brkitr/cjdict.dict", True),
        ("ibm-1258_P100-1997.cnv", True),
    ],
)
def test_only_other_languages_dictionaries_and_code_pages_go(item: str, goes: bool) -> None:
    assert icu_data.unused(item) is goes


QT_PROBE = """
import functools, json
from PySide6.QtCore import QCollator, QCoreApplication, QLocale, QStringDecoder
app = QCoreApplication([])
collator = QCollator(QLocale("vi_VN"))
words = ["Đức", "Dũng", "Ấn", "An", "Bình", "Ánh", "Ân", "Ă", "Êm", "Em"]
print(json.dumps({
    "sorted": sorted(words, key=functools.cmp_to_key(collator.compare)),
    "upper": QLocale("vi_VN").toUpper("nguyễn thị ngọc ánh"),
    "day": QLocale("vi_VN").dayName(1),
    "cp1258": QStringDecoder("windows-1258").isValid(),
}, ensure_ascii=False))
"""


def qt_answers(library_dir: Path | None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if library_dir is not None:
        env["LD_LIBRARY_PATH"] = str(library_dir)  # before the wheel's $ORIGIN run path
    done = subprocess.run(
        [sys.executable, "-c", QT_PROBE], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PySide6 ships ICU on Linux")
def test_the_cut_library_sorts_vietnamese_as_the_whole_one_does(tmp_path: Path) -> None:
    require_tool("icupkg")
    import PySide6

    (original,) = (Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*")
    library = tmp_path / original.name
    shutil.copy2(original, library)
    saved = icu_data.trim(library)
    assert library.stat().st_size < 8_000_000 and saved > 20_000_000
    assert icu_data.data_symbol(library)[0] == icu_data.data_symbol(original)[0]

    whole, cut = qt_answers(None), qt_answers(tmp_path)
    assert cut["sorted"] == whole["sorted"] == [
        "An", "Ánh", "Ă", "Ân", "Ấn", "Bình", "Dũng", "Đức", "Em", "Êm"
    ]  # fmt: skip
    assert cut["upper"] == whole["upper"] == "NGUYỄN THỊ NGỌC ÁNH"
    assert cut["day"] == whole["day"] == "Thứ Hai"
    # The price, and the proof that the cut library is the one loaded: no code pages.
    assert whole["cp1258"] is True and cut["cp1258"] is False
