"""The intake screen on the real window: citizen look-up and ID card QR, page previews with
quality warnings, reordering, turning, replacing and deleting pages, and a save that
receives the dossier, prints its slip and digitizes its pages into it."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.capture.sources.files import IMAGE_SUFFIXES
from counterdesk.desk import Desk
from counterdesk.documents.samples import sample_scan
from counterdesk.store.home import DATABASE_NAME
from counterdesk.ui import intake
from counterdesk.ui.app import Desktop
from counterdesk.ui.intake import IntakeScreen, PageStrip
from counterdesk.ui.settings import PDF_FILE, PRINTER_KEY, window_settings
from tests.capture.test_qr import PAYLOADS, card_image
from tests.conftest import require_tool
from tests.ui.conftest import wait_idle

COPY_PROCEDURE = "2.000815.000.00.00.H55"
SIGNATURE_PROCEDURE = "2.000884.000.00.00.H55"  # "Chứng thực chữ ký…"
CARD = PAYLOADS["empty old ID"]  # 079203004567 | Trần Văn Đức | 29/02/2000


@pytest.fixture(autouse=True)
def prints_to_pdf_files(office_home: Path) -> None:
    """This desk has no printer (Settings: print to PDF files): the slip stays a PDF."""
    settings = window_settings(office_home)
    settings.setValue(PRINTER_KEY, PDF_FILE)
    settings.sync()


@pytest.fixture
def pages(tmp_path: Path) -> list[Path]:
    """Two scanned pages of a birth certificate (JPEG, 200 dpi) and a blank page (PNG)."""
    paths = []
    for n in (1, 2):
        path = tmp_path / f"khai-sinh-{n}.jpg"
        path.write_bytes(sample_scan("Giấy khai sinh", n, 2))
        paths.append(path)
    blank = tmp_path / "trang-trang.png"
    Image.fromarray(np.full((2339, 1654, 3), 255, np.uint8)).save(blank)
    paths.append(blank)
    return paths


@pytest.fixture
def card(tmp_path: Path) -> Path:
    path = tmp_path / "cccd-mat-sau.png"
    assert cv2.imwrite(str(path), card_image(CARD))
    return path


def open_intake(qtbot: QtBot, desktop: Desktop) -> IntakeScreen:
    qtbot.keyClick(desktop.window, Qt.Key.Key_F3)
    wait_idle(qtbot, desktop)
    screen = desktop.window.screens["intake"]
    assert isinstance(screen, IntakeScreen)
    assert desktop.window.current_screen == "intake"
    assert screen.procedures  # the catalog was loaded on activation
    return screen


def press(qtbot: QtBot, desktop: Desktop, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key as the clerk presses it: to whatever has the focus (shortcuts included)."""
    target = QApplication.focusWidget() or desktop.window
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Typing, as a Vietnamese keyboard delivers it: QTest keys for ASCII, and for letters
    with diacritics the key event carrying the text (QTest only knows Latin-1 keys)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def drag_and_drop(strip: PageStrip, mime: QMimeData, at: QPoint) -> QDropEvent:
    """A drag entering the strip, then dropped at `at` (what the drag manager delivers)."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPointF(at), actions, mime, buttons, keys)
    QApplication.sendEvent(strip.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(at), actions, mime, buttons, keys)
    QApplication.sendEvent(strip.viewport(), drop)
    return drop


def add_pages(qtbot: QtBot, desktop: Desktop, screen: IntakeScreen, paths: list[Path]) -> None:
    screen.choose_files = lambda _title: list(paths)
    press(qtbot, desktop, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.loading == 0 and desktop.service.idle, timeout=60_000)


def texts(screen: IntakeScreen) -> list[str]:
    return [screen.pages.item(row).text() for row in range(screen.pages.count())]


def names(screen: IntakeScreen) -> list[str]:
    return [entry.path.name for entry in screen.page_entries()]


def query(home: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(home / DATABASE_NAME) as conn:
        return conn.execute(sql, params).fetchall()


def choose_first(qtbot: QtBot, desktop: Desktop, popup: QWidget) -> None:
    """Down and Return in a completer's list: its first suggestion is taken."""
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    qtbot.wait(100)
    # The offscreen platform leaves the hidden popup active (no window manager), and hands
    # the focus back a moment later: then give the activation back to the window, as a
    # desktop does at once, for the window's shortcuts and Tab.
    desktop.window.activateWindow()
    qtbot.waitUntil(desktop.window.isActiveWindow)


def close_dialogs(qtbot: QtBot, desktop: Desktop) -> None:
    """Close the error dialogs with Escape, as the clerk would."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            qtbot.keyClick(widget, Qt.Key.Key_Escape)
            assert not widget.isVisible()
    # The offscreen platform has no window manager to give the activation back.
    desktop.window.activateWindow()
    qtbot.waitUntil(desktop.window.isActiveWindow)


def test_a_returning_citizen_is_found_without_accents(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    desk = Desk.open(office_home)
    desk.receive_dossier(COPY_PROCEDURE, "Nguyễn Văn Đức", "001090123456", False, False, [])
    desk.receive_dossier(COPY_PROCEDURE, "Lê Thị Lan", "001190000111", False, False, [])
    desk.close()
    screen = open_intake(qtbot, desktop)
    assert screen.name_edit.hasFocus()
    qtbot.keyClicks(screen.name_edit, "nguyen van duc")
    popup = screen.citizen_completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=10_000)
    assert screen.lookup_model.rowCount() == 1
    assert screen.lookup_model.item(0).text() == "Nguyễn Văn Đức — 001090123456"
    choose_first(qtbot, desktop, popup)
    assert screen.name_edit.text() == "Nguyễn Văn Đức"
    assert screen.id_edit.text() == "001090123456"
    assert screen.id_edit.hasFocus()  # Return went on to the next field


def test_the_id_card_qr_fills_the_citizen_and_a_bad_picture_is_explained(
    qtbot: QtBot, desktop: Desktop, card: Path, pages: list[Path]
) -> None:
    screen = open_intake(qtbot, desktop)
    screen.choose_image = lambda: card
    press(qtbot, desktop, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.id_edit.text() == "079203004567", timeout=10_000)
    assert screen.name_edit.text() == "Trần Văn Đức"
    assert "29/02/2000" in screen.card_info.text()
    assert "Ấp Bình Thạnh" in screen.card_info.text()
    assert screen.procedure_combo.lineEdit().hasFocus()  # next: the procedure

    screen.choose_image = lambda: pages[0]  # a page of a birth certificate: no QR code
    press(qtbot, desktop, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.last_error is not None, timeout=10_000)
    assert "No QR code could be read" in screen.message.text()
    assert screen.findChild(QMessageBox, "errorDialog").isVisible()
    assert screen.id_edit.text() == "079203004567"  # what was read before stays
    close_dialogs(qtbot, desktop)


def test_pages_show_thumbnails_and_warnings_and_can_be_reordered_turned_replaced_and_deleted(
    qtbot: QtBot, desktop: Desktop, pages: list[Path], tmp_path: Path
) -> None:
    screen = open_intake(qtbot, desktop)
    add_pages(qtbot, desktop, screen, pages[:2])
    assert screen.pages.count() == 2
    assert [e.warnings for e in screen.page_entries()] == [(), ()]
    assert texts(screen) == ["1", "2"]
    icon = screen.pages.item(0).icon()
    assert not icon.isNull()
    thumb = screen.page_entries()[0].image
    assert thumb.height() == 212 and thumb.width() < thumb.height()  # portrait, scaled down

    add_pages(qtbot, desktop, screen, pages[2:])
    assert screen.pages.count() == 3
    blank = screen.page_entries()[2]
    assert [w.code for w in blank.warnings] == ["blank"]
    assert texts(screen)[2] == f"3  ⚠ {screen.warning_label('blank')}"
    assert "Trang có vẻ trống" in screen.pages.item(2).toolTip()
    assert screen.pages.currentRow() == 2  # the page just added is selected
    assert "Trang có vẻ trống" in screen.page_info.text()
    assert screen.page_count.text().startswith("3")

    # Ctrl+Up / Ctrl+Down move the selected page; the numbers follow.
    screen.pages.setFocus()
    press(qtbot, desktop, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert names(screen) == ["khai-sinh-1.jpg", "trang-trang.png", "khai-sinh-2.jpg"]
    assert texts(screen)[1].startswith("2  ⚠")
    assert texts(screen)[2] == "3"
    press(qtbot, desktop, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, desktop, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # already first
    assert names(screen) == ["trang-trang.png", "khai-sinh-1.jpg", "khai-sinh-2.jpg"]
    press(qtbot, desktop, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert names(screen) == ["khai-sinh-1.jpg", "trang-trang.png", "khai-sinh-2.jpg"]

    # Dragging a page onto another puts it in front of that one.
    strip = screen.pages
    drop = drag_and_drop(
        strip, strip.mimeData([strip.item(2)]), strip.visualItemRect(strip.item(0)).center()
    )
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction  # not removed
    assert names(screen) == ["khai-sinh-2.jpg", "khai-sinh-1.jpg", "trang-trang.png"]
    assert texts(screen)[:2] == ["1", "2"]

    # Ctrl+R turns the selected page a quarter to the right, shown at once.
    strip.setCurrentRow(0)
    press(qtbot, desktop, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert screen.page_entries()[0].turns == 1
    assert "90°" in screen.page_info.text()
    size = strip.item(0).icon().availableSizes()[0]
    assert size.width() > size.height()  # the portrait page now lies on its side

    # Replace (rescan): the selected page gives way to the new file's page, in its place.
    rescan = tmp_path / "khai-sinh-2-quet-lai.jpg"
    rescan.write_bytes(sample_scan("Giấy khai sinh", 2, 2, dpi=250))
    screen.choose_files = lambda _title: [rescan]
    press(
        qtbot,
        desktop,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: screen.loading == 0 and desktop.service.idle, timeout=60_000)
    assert names(screen) == ["khai-sinh-2-quet-lai.jpg", "khai-sinh-1.jpg", "trang-trang.png"]
    assert screen.page_entries()[0].turns == 0

    # Delete, in the strip: the blank page goes, the count follows.
    strip.setFocus()
    strip.setCurrentRow(2)
    press(qtbot, desktop, Qt.Key.Key_Delete)
    assert names(screen) == ["khai-sinh-2-quet-lai.jpg", "khai-sinh-1.jpg"]
    assert screen.page_count.text() == screen.tr("%n page(s)", "", 2)
    assert len(screen.entries) == 2
    # Delete typed in a text field edits the text; it deletes no page.
    screen.documents_edit.setFocus()
    type_text(qtbot, screen.documents_edit, "Giấy khai sinh")
    press(qtbot, desktop, Qt.Key.Key_Home)
    press(qtbot, desktop, Qt.Key.Key_Delete)
    assert screen.documents_edit.toPlainText() == "iấy khai sinh"
    assert strip.count() == 2

    # Files dropped from the file manager are added too.
    urls = QMimeData()
    urls.setUrls([QUrl.fromLocalFile(str(pages[2]))])
    assert drag_and_drop(strip, urls, QPoint(5, 5)).isAccepted()
    qtbot.waitUntil(lambda: screen.loading == 0 and desktop.service.idle, timeout=60_000)
    assert names(screen)[-1] == "trang-trang.png"


def test_save_receives_the_dossier_prints_the_slip_and_digitizes_the_pages(
    qtbot: QtBot, desktop: Desktop, office_home: Path, pages: list[Path]
) -> None:
    pdftotext = require_tool("pdftotext")
    screen = open_intake(qtbot, desktop)
    screen.name_edit.setText("Phạm Thị Hồng")
    screen.id_edit.setText("001305012345")
    screen.procedure_combo.setCurrentIndex(screen.procedure_combo.findData(COPY_PROCEDURE))
    screen.documents_edit.setPlainText("Giấy khai sinh, Sổ hộ khẩu")
    add_pages(qtbot, desktop, screen, pages[:2])
    screen.pages.setCurrentRow(1)
    press(qtbot, desktop, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # page 2 first
    with qtbot.waitSignal(screen.changed, timeout=120_000):
        press(qtbot, desktop, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, desktop)
    result = screen.saved
    assert result is not None and result.digitize_error is None, screen.message.text()
    code = result.dossier.code
    assert screen.result_box.isVisible()
    assert screen.result_code.text() == code
    assert code in screen.message.text()

    # The slip: a PDF in the data folder, printed once.
    assert screen.last_slip_pdf == result.slip_pdf and result.slip_pdf.is_file()
    assert screen.printed == [result.slip_pdf]
    assert screen.slip_path.text() == str(result.slip_pdf)
    slip = subprocess.run(
        [pdftotext, str(result.slip_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "GIẤY TIẾP NHẬN" in slip
    assert code in slip

    # The dossier and its digitized document, linked, in the office's database.
    [(dossier_id, procedure_code, name)] = query(
        office_home,
        "SELECT d.id, d.procedure_code, c.full_name FROM dossiers d "
        "JOIN citizens c ON c.id = d.citizen_id WHERE d.code = ?",
        code,
    )
    assert (procedure_code, name) == (COPY_PROCEDURE, "Phạm Thị Hồng")
    digitized = result.digitized
    assert digitized is not None
    assert query(
        office_home,
        "SELECT dossier_id, pages, title FROM digitized_documents WHERE id = ?",
        digitized.document_id,
    ) == [(dossier_id, 2, "Giấy khai sinh, Sổ hộ khẩu")]
    assert digitized.pdf_path.is_file()
    assert str(digitized.document_id) in screen.document_label.text()
    assert screen.document_path.text() == str(digitized.pdf_path)
    text = subprocess.run(
        [pdftotext, str(digitized.pdf_path), "-"], capture_output=True, text=True, check=False
    ).stdout
    # The text layer (Tesseract, installed by scripts/setup) shows the clerk's order.
    assert text.index("Trang 2/2") < text.index("Trang 1/2")
    actions = [row[0] for row in query(office_home, "SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-2:] == ["dossier.receive", "document.digitize"]

    # Saved: the form is locked, a second Ctrl+S receives nothing more.
    assert not screen.citizen_box.isVisible() and not screen.pages_box.isEnabled()
    assert "Giấy khai sinh, Sổ hộ khẩu" in screen.result_details.text()
    press(qtbot, desktop, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, desktop)
    assert query(office_home, "SELECT COUNT(*) FROM dossiers") == [(1,)]

    # Ctrl+P prints the slip again; Ctrl+Return goes on to certify these originals.
    press(qtbot, desktop, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert screen.printed == [result.slip_pdf, result.slip_pdf]
    with qtbot.waitSignal(screen.navigate) as navigated:
        press(qtbot, desktop, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert navigated.args == [
        "certify",
        {
            "document_id": digitized.document_id,
            "citizen_name": "Phạm Thị Hồng",
            "citizen_id": "001305012345",
            "document_title": "Giấy khai sinh, Sổ hộ khẩu",
        },
    ]
    assert desktop.window.current_screen == "certify"


def test_pages_that_cannot_be_stored_keep_the_received_dossier_and_are_saved_again(
    qtbot: QtBot, desktop: Desktop, office_home: Path, pages: list[Path]
) -> None:
    screen = open_intake(qtbot, desktop)
    screen.name_edit.setText("Lê Hoàng Yến")
    screen.id_edit.setText("038185000123")
    screen.procedure_combo.setCurrentIndex(screen.procedure_combo.findData(COPY_PROCEDURE))
    add_pages(qtbot, desktop, screen, pages[:1])
    original = pages[0].read_bytes()
    pages[0].write_bytes(sample_scan("Sổ hộ khẩu", 1, 1))  # changed after it was added
    press(qtbot, desktop, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.saved is not None, timeout=120_000)
    wait_idle(qtbot, desktop)
    result = screen.saved
    assert result.digitized is None
    assert "changed after its pages were added" in result.digitize_error
    assert result.dossier.code in screen.message.text()
    assert screen.printed == [result.slip_pdf]  # the dossier is received: its slip prints
    assert screen.save_button.isEnabled() and screen.pages_box.isEnabled()
    assert not screen.citizen_box.isVisible()
    assert screen.has_unsaved_input()
    close_dialogs(qtbot, desktop)

    pages[0].write_bytes(original)
    press(qtbot, desktop, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.saved.digitized is not None, timeout=120_000)
    wait_idle(qtbot, desktop)
    assert screen.saved.dossier.code == result.dossier.code
    assert screen.printed == [result.slip_pdf]  # not printed a second time
    assert query(office_home, "SELECT COUNT(*) FROM dossiers") == [(1,)]
    assert query(office_home, "SELECT COUNT(*) FROM digitized_documents") == [(1,)]


def test_mistakes_are_explained_in_the_screen_and_new_dossier_asks_before_discarding(
    qtbot: QtBot, desktop: Desktop, office_home: Path
) -> None:
    screen = open_intake(qtbot, desktop)
    type_text(qtbot, screen.name_edit, "Trần Thị Bé")
    press(qtbot, desktop, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.message.text() == screen.tr("Choose the procedure from the list.")
    assert screen.procedure_combo.lineEdit().hasFocus()

    screen.procedure_combo.setCurrentIndex(0)
    press(qtbot, desktop, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # no ID number
    qtbot.waitUntil(lambda: screen.last_error is not None, timeout=10_000)
    assert screen.message.text() == screen.last_error
    assert screen.findChild(QMessageBox, "errorDialog").isVisible()
    assert screen.saved is None and screen.save_button.isEnabled()
    assert query(office_home, "SELECT COUNT(*) FROM dossiers") == [(0,)]
    close_dialogs(qtbot, desktop)

    press(qtbot, desktop, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    box = screen.confirm_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert screen.name_edit.text() == "Trần Thị Bé"
    press(qtbot, desktop, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    screen.confirm_box.button(QMessageBox.StandardButton.Discard).click()
    assert screen.name_edit.text() == "" and screen.procedure_combo.currentText() == ""


def test_a_dossier_is_received_with_the_keyboard_alone(
    qtbot: QtBot, desktop: Desktop, office_home: Path, pages: list[Path], card: Path
) -> None:
    window = desktop.window
    qtbot.keyClick(window, Qt.Key.Key_F3)
    wait_idle(qtbot, desktop)
    screen = window.screens["intake"]
    screen.choose_image = lambda: card
    screen.choose_files = lambda _title: list(pages)
    assert screen.name_edit.hasFocus()

    press(qtbot, desktop, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # the ID card
    qtbot.waitUntil(lambda: screen.id_edit.text() == "079203004567", timeout=10_000)
    combo = screen.procedure_combo
    assert combo.lineEdit().hasFocus()
    qtbot.keyClicks(combo.lineEdit(), "chu ky")  # no accents: "Chứng thực chữ ký…"
    popup = screen.procedure_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    choose_first(qtbot, desktop, popup)
    assert screen.chosen_procedure().code == SIGNATURE_PROCEDURE
    press(qtbot, desktop, Qt.Key.Key_Tab)
    assert screen.online_check.hasFocus()
    press(qtbot, desktop, Qt.Key.Key_Tab)
    press(qtbot, desktop, Qt.Key.Key_Space)  # can be done fully online
    assert screen.eligible_check.isChecked() and not screen.online_check.isChecked()
    press(qtbot, desktop, Qt.Key.Key_Tab)
    assert screen.documents_edit.hasFocus()
    type_text(qtbot, screen.documents_edit, "Giấy ủy quyền")
    press(qtbot, desktop, Qt.Key.Key_Return)
    type_text(qtbot, screen.documents_edit, "Căn cước")

    press(qtbot, desktop, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # add pages
    qtbot.waitUntil(lambda: screen.loading == 0 and desktop.service.idle, timeout=60_000)
    assert screen.pages.count() == 3
    press(qtbot, desktop, Qt.Key.Key_Tab)
    assert screen.pages.hasFocus()
    assert screen.pages.currentRow() == 0
    press(qtbot, desktop, Qt.Key.Key_End)  # the blank page, last
    press(qtbot, desktop, Qt.Key.Key_Delete)
    assert screen.pages.count() == 2
    press(qtbot, desktop, Qt.Key.Key_Home)
    press(qtbot, desktop, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert names(screen) == ["khai-sinh-2.jpg", "khai-sinh-1.jpg"]

    with qtbot.waitSignal(screen.changed, timeout=120_000):
        press(qtbot, desktop, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, desktop)
    result = screen.saved
    assert result is not None and result.digitize_error is None, screen.message.text()
    assert screen.result_code.text() == result.dossier.code
    [row] = query(
        office_home,
        "SELECT d.procedure_code, d.online_eligible, d.submitted_online, c.full_name, "
        "c.id_number FROM dossiers d JOIN citizens c ON c.id = d.citizen_id WHERE d.code = ?",
        result.dossier.code,
    )
    assert row == (SIGNATURE_PROCEDURE, 1, 0, "Trần Văn Đức", "079203004567")
    assert query(
        office_home,
        "SELECT d.code, g.pages, g.title FROM digitized_documents g "
        "JOIN dossiers d ON d.id = g.dossier_id",
    ) == [(result.dossier.code, 2, "Giấy ủy quyền, Căn cước")]

    # Today's queue heard of it; Ctrl+N starts the next dossier with an empty form.
    assert window.screens["today"].table.rowCount() == 1
    press(qtbot, desktop, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.name_edit.hasFocus() and screen.name_edit.text() == ""
    assert screen.pages.count() == 0 and not screen.result_box.isVisible()
    assert screen.citizen_box.isVisible() and screen.save_button.isEnabled()

    # The new form's Ctrl+Return has nothing to certify; going on is the clerk's choice.
    press(qtbot, desktop, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen == "intake"


def test_the_screen_opens_without_loading_the_core() -> None:
    """The window paints while the worker loads OpenCV and PyMuPDF: importing the intake
    screen loads neither (its jobs import what they use, in the worker)."""
    code = (
        "import sys, counterdesk.ui.intake\n"
        "print(sorted(m for m in ('cv2', 'pymupdf', 'pyhanko', 'numpy', 'counterdesk.desk') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
    assert intake.PAGE_SUFFIXES == IMAGE_SUFFIXES
