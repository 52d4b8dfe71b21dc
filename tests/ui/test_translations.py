"""The window speaks Vietnamese: every string of every UI module is translated in its
committed catalogue (resources/i18n/<module>_vi.ts), placeholders kept, the catalogues
compile, and the running window shows the translations."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from counterdesk.ui.app import Desktop
from tests.ui.conftest import wait_idle

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "counterdesk" / "ui"
I18N = ROOT / "resources" / "i18n"
LANGUAGE = "vi"
# tr("…") / QCoreApplication.translate("Context", "…"): what lupdate extracts from Python.
CALLS_TR = re.compile(r"\btr\(|\btranslate\(")
PLACEHOLDER = re.compile(r"%(?:n|L?[1-9])")


def ui_modules() -> list[str]:
    return sorted(
        path.stem for path in UI.glob("*.py") if CALLS_TR.search(path.read_text(encoding="utf-8"))
    )


def qt_tool(name: str) -> str:
    """A Qt tool of PySide6 (pyside6-lupdate, pyside6-lrelease), next to the Python of the
    virtual environment; fails, not skips, when missing (scripts/setup installs it)."""
    beside = Path(sys.executable).parent / name
    path = str(beside) if beside.exists() else shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed (it comes with pyside6-essentials); run scripts/setup"
        )
    return path


def run(*command: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}{done.stderr}"
    return done


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    plural: bool
    kind: str | None  # the translation's type: None (finished), unfinished, vanished, obsolete
    forms: tuple[str, ...]  # the translation, or its plural forms

    @property
    def key(self) -> tuple[str, str]:
        return self.context, self.source


def read_ts(path: Path) -> dict[tuple[str, str], Message]:
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for element in context.iter("message"):
            translation = element.find("translation")
            plural = element.get("numerus") == "yes"
            if translation is None:
                forms: tuple[str, ...] = ()
                kind = "unfinished"
            else:
                kind = translation.get("type")
                if plural:
                    forms = tuple(f.text or "" for f in translation.iter("numerusform"))
                else:
                    forms = (translation.text or "",)
            message = Message(name, element.findtext("source") or "", plural, kind, forms)
            messages[message.key] = message
    return messages


def extract(module: str, folder: Path) -> dict[tuple[str, str], Message]:
    """The messages lupdate finds in the module now."""
    ts = folder / f"{module}_{LANGUAGE}.ts"
    run(qt_tool("pyside6-lupdate"), str(UI / f"{module}.py"), "-ts", str(ts))
    return read_ts(ts)


def compile_catalogues() -> None:
    """Compile each .ts whose .qm is missing or older (scripts/setup does it too)."""
    lrelease = qt_tool("pyside6-lrelease")
    for ts in sorted(I18N.glob(f"*_{LANGUAGE}.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            run(lrelease, str(ts), "-qm", str(qm))


def describe(message: Message) -> str:
    return f"  [{message.context}] {message.source!r}"


def test_modules_with_strings_are_found() -> None:
    assert {"main_window", "today", "settings"} <= set(ui_modules())


@pytest.mark.parametrize("module", ui_modules())
def test_every_string_is_translated_with_its_placeholders(module: str, tmp_path: Path) -> None:
    extracted = extract(module, tmp_path)
    assert extracted, f"lupdate found no strings in counterdesk/ui/{module}.py"
    committed_path = I18N / f"{module}_{LANGUAGE}.ts"
    update = (
        f".venv/bin/pyside6-lupdate counterdesk/ui/{module}.py -ts "
        f"resources/i18n/{module}_{LANGUAGE}.ts, then translate"
    )
    if not committed_path.exists():
        pytest.fail(f"resources/i18n/{committed_path.name} is missing; run {update}")
    committed = read_ts(committed_path)

    missing, untranslated, placeholders = [], [], []
    for key, message in extracted.items():
        done = committed.get(key)
        if done is None:
            missing.append(describe(message))
        elif done.kind is not None or not done.forms or not all(f.strip() for f in done.forms):
            untranslated.append(describe(message))
        else:
            wanted = set(PLACEHOLDER.findall(message.source))
            if message.plural:
                wanted.add("%n")
            for form in done.forms:
                if set(PLACEHOLDER.findall(form)) != wanted:
                    placeholders.append(f"{describe(message)} -> {form!r}")
    problems = []
    if missing:
        problems.append(f"not in {committed_path.name} ({update}):\n" + "\n".join(missing))
    if untranslated:
        problems.append("no finished Vietnamese translation:\n" + "\n".join(untranslated))
    if placeholders:
        problems.append("placeholders differ (%1, %n…):\n" + "\n".join(placeholders))
    assert not problems, f"counterdesk/ui/{module}.py:\n" + "\n".join(problems)


def test_every_catalogue_compiles(tmp_path: Path) -> None:
    lrelease = qt_tool("pyside6-lrelease")
    catalogues = sorted(I18N.glob(f"*_{LANGUAGE}.ts"))
    assert catalogues
    for ts in catalogues:
        module = ts.name.removesuffix(f"_{LANGUAGE}.ts")
        assert (UI / f"{module}.py").exists(), f"{ts.name} has no module counterdesk/ui/{module}.py"
        qm = tmp_path / f"{ts.stem}.qm"
        done = run(lrelease, str(ts), "-qm", str(qm))
        assert qm.stat().st_size > 0, done.stdout
        assert " 0 unfinished" in done.stdout, done.stdout


def visible_texts(window: QWidget) -> list[str]:
    """The words the clerk sees: labels, buttons, group titles, tabs, table headers."""
    texts = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                texts.append(header.text() if header is not None else "")
    return [text for text in texts if text]


def test_the_window_shows_vietnamese(qtbot: QtBot, office_home: Path) -> None:
    compile_catalogues()
    english = {}
    for ts in I18N.glob(f"*_{LANGUAGE}.ts"):
        for message in read_ts(ts).values():
            if message.kind is None and message.forms and message.forms[0] != message.source:
                english[message.source] = message.forms[0]
    running = Desktop(office_home, language=LANGUAGE)
    qtbot.addWidget(running.window)
    running.window.show()
    try:
        qtbot.waitUntil(lambda: running.ready, timeout=30_000)
        wait_idle(qtbot, running)
        window = running.window
        assert window.nav_buttons["today"].text().startswith("Hôm nay")
        assert window.nav_buttons["settings"].text().startswith("Cài đặt")
        assert "hôm nay" in window.screens["today"].received.text().lower()
        left = {}
        for name in window.screens:
            window.show_screen(name)
            wait_idle(qtbot, running)
            for text in visible_texts(window):
                bare = text.split("  (")[0]  # a button's shortcut: "Tra cứu  (F5)"
                if bare in english:
                    left[bare] = name
        assert not left, "English left on screen (catalogue not compiled or not loaded): " + (
            ", ".join(f"{text!r} on {name}" for text, name in sorted(left.items()))
        )
    finally:
        running.close()
