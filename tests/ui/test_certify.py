"""The Certify screen on the real window: live fee, certify, print, save, QR, hand-over.

Real files throughout: sample scans on disk, the office's TEST signer, the desk's own
database read back with sqlite3, PDFs checked with PyMuPDF and poppler's tools.
"""

import hashlib
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from counterdesk import legal_data
from counterdesk.capture.images import decode_image
from counterdesk.capture.qr import read_qr_texts
from counterdesk.desk import Desk
from counterdesk.documents.samples import sample_scan
from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.domain.fees import CopyMode, quote_fee
from counterdesk.domain.vietnamese import format_vnd, vnd_in_words
from counterdesk.ui.app import Desktop
from counterdesk.ui.certify import CertifyScreen
from counterdesk.ui.printing import print_pdf
from tests.conftest import require_tool
from tests.e2e.test_certify import pdfsig
from tests.ui.conftest import SIGNER, wait_idle

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NAME, CITIZEN_ID, TITLE = "Trần Văn Đức", "001090123456", "Giấy khai sinh"


def two_page_scans(folder: Path) -> list[Path]:
    """The two scanned pages of the original that `fill` expects, written in `folder`."""
    folder.mkdir()
    paths = []
    for n in (1, 2):
        path = folder / f"trang-{n}.jpg"
        path.write_bytes(sample_scan(TITLE, n, 2))
        paths.append(path)
    return paths


@pytest.fixture
def scan_files(tmp_path: Path) -> list[Path]:
    return two_page_scans(tmp_path / "scans")


@pytest.fixture
def screen(desktop: Desktop) -> CertifyScreen:
    desktop.window.show_screen("certify")
    certify = desktop.window.screens["certify"]
    assert isinstance(certify, CertifyScreen)
    return certify


def expected_fee(pages: int, copies: int, mode: CopyMode) -> int:
    today = datetime.now(OFFICE_TZ).date()
    return quote_fee(pages, copies, mode, legal_data.tariff_on(today)).amount_vnd


def press(qtbot: QtBot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the clerk types it: to the widget that has the keyboard focus (once the
    window is active again, after a dialog)."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def dismiss(qtbot: QtBot, desktop: Desktop) -> None:
    """Close the error dialog on top with Escape, as the clerk does."""
    error = QApplication.activeModalWidget()
    assert isinstance(error, QMessageBox)
    qtbot.waitUntil(error.isActiveWindow)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not error.isVisible())
    desktop.window.activateWindow()  # what the window manager does; offscreen does not
    qtbot.waitUntil(desktop.window.isActiveWindow)


def type_text(text: str) -> None:
    """Type into the focused widget. QTest's keyClicks takes ASCII only; Vietnamese comes
    as key events carrying the composed letter, as a Vietnamese keyboard (Unikey) sends."""
    target = QApplication.focusWidget()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def fill(qtbot: QtBot, desktop: Desktop, screen: CertifyScreen, files: list[Path]) -> None:
    screen.choose_files = lambda: files
    screen.citizen_name.setText(NAME)
    screen.citizen_id.setText(CITIZEN_ID)
    screen.document_title.setText(TITLE)
    screen.citizen_name.setFocus()
    press(qtbot, Qt.Key.Key_O, CTRL)
    wait_idle(qtbot, desktop)
    assert screen.pages == 2


def certify(qtbot: QtBot, desktop: Desktop, screen: CertifyScreen) -> None:
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert screen.busy
    assert not screen.certify_button.isEnabled()
    assert screen.citizen_name.isReadOnly()
    wait_idle(qtbot, desktop)
    assert screen.last_result is not None, screen.last_error


def db_rows(home: Path, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(home / "counterdesk.sqlite3") as db:
        db.row_factory = sqlite3.Row
        return list(db.execute(sql))


def test_fee_follows_pages_copies_and_mode_live(
    qtbot: QtBot, desktop: Desktop, screen: CertifyScreen, scan_files: list[Path]
) -> None:
    assert screen.fee_label.text() == "—"
    assert screen.paper.isChecked()
    assert screen.electronic.isChecked()
    fill(qtbot, desktop, screen, scan_files)

    def shows(amount: int) -> None:
        wait_idle(qtbot, desktop)
        assert screen.quote is not None
        assert screen.quote.amount_vnd == amount
        assert screen.fee_label.text() == format_vnd(amount)
        assert screen.fee_words.text() == vnd_in_words(amount)

    # 2 pages at 2,000 đ, the e-copy issued with paper free (the tariff says so).
    assert expected_fee(2, 1, CopyMode.PAPER_AND_ELECTRONIC) == 4_000
    shows(4_000)
    screen.copies.setValue(3)
    shows(expected_fee(2, 3, CopyMode.PAPER_AND_ELECTRONIC))
    assert screen.fee_label.text() == "12.000 đ"

    # Electronic only: one file, charged as one copy whatever the spin box said.
    screen.paper.setChecked(False)
    assert screen.mode is CopyMode.ELECTRONIC_ONLY
    assert not screen.copies.isEnabled()
    assert not screen.electronic.isEnabled()  # both off is impossible
    shows(expected_fee(2, 3, CopyMode.ELECTRONIC_ONLY))
    assert screen.quote.amount_vnd == 4_000

    screen.paper.setChecked(True)
    screen.electronic.setChecked(False)
    assert screen.mode is CopyMode.PAPER
    assert not screen.paper.isEnabled()
    shows(expected_fee(2, 3, CopyMode.PAPER))

    # A third page (from 3 on, 1,000 đ a page) is added with Ctrl+O again.
    third = scan_files[0].with_name("trang-3.jpg")
    third.write_bytes(sample_scan(TITLE, 3, 3))
    screen.choose_files = lambda: [third]
    press(qtbot, Qt.Key.Key_O, CTRL)
    wait_idle(qtbot, desktop)
    assert screen.pages == 3
    shows(3 * 5_000)


def test_unreadable_original_is_refused_at_once(
    qtbot: QtBot, desktop: Desktop, screen: CertifyScreen, scan_files: list[Path], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not a whole jpeg")
    screen.choose_files = lambda: [broken]
    screen.add_pages()
    wait_idle(qtbot, desktop)
    assert screen.files == []
    assert screen.pages == 0
    assert screen.last_error
    dismiss(qtbot, desktop)
    # Added to good pages, a bad file is dropped and the good pages stay.
    screen.choose_files = lambda: scan_files
    screen.add_pages()
    screen.choose_files = lambda: [broken]
    screen.add_pages()
    wait_idle(qtbot, desktop)
    assert screen.files == scan_files
    assert screen.pages == 2
    dismiss(qtbot, desktop)


def test_certify_records_the_entry_and_makes_valid_copies(
    qtbot: QtBot,
    desktop: Desktop,
    screen: CertifyScreen,
    scan_files: list[Path],
    office_home: Path,
    tmp_path: Path,
) -> None:
    fill(qtbot, desktop, screen, scan_files)
    screen.copies.setValue(2)
    screen.payment.setCurrentIndex(screen.payment.findData("bank_transfer"))
    wait_idle(qtbot, desktop)
    certify(qtbot, desktop, screen)
    result = screen.last_result

    (entry,) = db_rows(office_home, "SELECT * FROM book_entries")
    assert entry["label"] == result.label
    assert (entry["citizen_name"], entry["document_title"]) == (NAME, TITLE)
    assert (entry["pages"], entry["copies"], entry["paper"], entry["electronic"]) == (2, 2, 1, 1)
    (fee,) = db_rows(office_home, "SELECT * FROM fees")
    assert (fee["amount_vnd"], fee["payment_channel"]) == (8_000, "bank_transfer")
    assert fee["receipt_no"] == result.receipt_no

    # The result panel says what was done; the request is locked against a second number.
    assert screen.result_label.text() == result.label
    assert screen.result_code.text() == result.dossier_code
    assert "8.000 đ" in screen.result_fee.text()
    assert screen.result_receipt.text() == result.receipt_no
    assert not screen.certify_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, desktop)
    assert len(db_rows(office_home, "SELECT id FROM book_entries")) == 1

    for path in (result.paper_pdf, result.electronic_pdf, result.receipt_pdf):
        assert path.is_file()
    report = Desk.verify_copy(result.electronic_pdf)
    assert (report.signed, report.intact, report.signer) == (True, True, SIGNER[0])
    assert (report.label, report.dossier_code) == (result.label, result.dossier_code)

    # pdfsig, trusting the office's TEST CA as a receiving office would.
    certutil = require_tool("certutil")
    nssdb = tmp_path / "nssdb"
    nssdb.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{nssdb}", "--empty-password"], check=True)
    (ca,) = (office_home / "identities").glob("*-ca.pem")
    subprocess.run(
        [certutil, "-A", "-d", f"sql:{nssdb}", "-n", "TEST CA", "-t", "CT,C,C", "-i", str(ca)],
        check=True,
    )
    checked = pdfsig(result.electronic_pdf, nssdb)
    assert "Signature Validation: Signature is Valid." in checked
    assert "Certificate Validation: Certificate is Trusted." in checked

    # Next citizen: everything cleared, ready to type.
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert screen.last_result is None
    assert screen.citizen_name.text() == ""
    assert not screen.citizen_name.isReadOnly()
    assert screen.citizen_name.hasFocus()
    assert screen.files == []
    assert not screen.print_copy_button.isEnabled()


def test_missing_fields_are_asked_for_before_anything_runs(
    qtbot: QtBot, desktop: Desktop, screen: CertifyScreen, scan_files: list[Path], office_home: Path
) -> None:
    fill(qtbot, desktop, screen, scan_files)
    screen.citizen_id.clear()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    asked = screen.last_error
    assert asked
    assert not screen.busy
    dismiss(qtbot, desktop)
    assert screen.citizen_id.hasFocus()
    # The core's own check (a malformed ID) comes back as a message; the form stays open.
    screen.citizen_id.setText("12")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, desktop)
    assert screen.last_result is None
    assert screen.last_error != asked
    assert "ID number is not valid" in screen.last_error  # the core's words
    dismiss(qtbot, desktop)
    assert screen.certify_button.isEnabled()
    assert db_rows(office_home, "SELECT id FROM book_entries") == []


def page_sizes(path: Path) -> list[tuple[int, int]]:
    with pymupdf.open(path) as doc:
        return [(round(page.rect.width), round(page.rect.height)) for page in doc]


def looks_alike(first: Path, second: Path) -> bool:
    """The same pages, by eye: grey renderings at 20 dpi differ by little on average."""
    with pymupdf.open(first) as one, pymupdf.open(second) as two:
        for a, b in zip(one, two, strict=True):
            pa = a.get_pixmap(dpi=20, colorspace=pymupdf.csGRAY)
            pb = b.get_pixmap(dpi=20, colorspace=pymupdf.csGRAY)
            if (pa.width, pa.height) != (pb.width, pb.height):
                return False
            diff = sum(abs(x - y) for x, y in zip(pa.samples, pb.samples, strict=True))
            if diff / len(pa.samples) > 6:
                return False
    return True


def test_print_to_pdf_and_print_preview(
    qtbot: QtBot,
    desktop: Desktop,
    screen: CertifyScreen,
    scan_files: list[Path],
    tmp_path: Path,
) -> None:
    fill(qtbot, desktop, screen, scan_files)
    certify(qtbot, desktop, screen)
    result = screen.last_result

    # Print to PDF, as a clerk without a printer does: A4 pages, the copy's pictures.
    printed = tmp_path / "printed.pdf"
    job = print_pdf(desktop.service, screen, result.paper_pdf, to_file=printed)
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.error is None
    assert job.pages_printed == 2
    assert page_sizes(printed) == page_sizes(result.paper_pdf) == [(595, 842), (595, 842)]
    assert looks_alike(printed, result.paper_pdf)
    text = subprocess.run(
        [require_tool("pdftotext"), str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.strip() == ""  # printed as pictures: what the printer gets

    # Ctrl+P: the preview of the paper copy, set for the number of copies certified.
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: screen.preview is not None and screen.preview.dialog is not None)
    dialog = screen.preview.dialog
    assert dialog.isVisible()
    assert dialog.printer().copyCount() == result.copies
    pages = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: pages.pageCount() == 2)
    # Printing from the preview goes to a background job at print quality.
    from_preview = tmp_path / "from-preview.pdf"
    dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer().setOutputFileName(str(from_preview))
    pages.print_()
    (job,) = screen.print_jobs
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.error is None
    assert page_sizes(from_preview) == [(595, 842), (595, 842)]
    assert "2" in screen.result_status.text()
    dialog.close()

    # Ctrl+Shift+P: the receipt.
    press(qtbot, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(
        lambda: screen.preview.dialog is not None and screen.preview.pdf_path == result.receipt_pdf
    )
    receipt = screen.preview.dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: receipt.pageCount() == 1)
    screen.preview.dialog.close()


def test_landscape_pages_print_landscape(
    qtbot: QtBot, desktop: Desktop, screen: CertifyScreen, tmp_path: Path
) -> None:
    source = tmp_path / "mixed.pdf"
    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_text((72, 72), "portrait", fontsize=30)
    doc.new_page(width=842, height=595).insert_text((72, 72), "landscape", fontsize=30)
    doc.save(source)
    printed = tmp_path / "mixed-printed.pdf"
    job = print_pdf(desktop.service, screen, source, to_file=printed)
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.error is None
    assert page_sizes(printed) == [(595, 842), (842, 595)]
    assert looks_alike(printed, source)

    # A file that cannot be written is a message, and no half file is left.
    bad = print_pdf(desktop.service, screen, source, to_file=tmp_path / "no" / "such" / "x.pdf")
    qtbot.waitUntil(lambda: bad.done, timeout=30_000)
    assert bad.error
    assert not (tmp_path / "no").exists()


def test_save_ecopy_qr_and_returned_electronically(
    qtbot: QtBot,
    desktop: Desktop,
    screen: CertifyScreen,
    scan_files: list[Path],
    office_home: Path,
    tmp_path: Path,
) -> None:
    fill(qtbot, desktop, screen, scan_files)
    certify(qtbot, desktop, screen)
    result = screen.last_result
    original = result.electronic_pdf.read_bytes()

    # Ctrl+E: saved where the clerk says, byte for byte.
    usb = tmp_path / "usb"
    usb.mkdir()
    suggestions = []

    def choose(suggested: str) -> Path:
        suggestions.append(suggested)
        return usb / suggested

    screen.choose_save_path = choose
    press(qtbot, Qt.Key.Key_E, CTRL)
    wait_idle(qtbot, desktop)
    (suggested,) = suggestions
    assert suggested == f"{TITLE} - {result.dossier_code}.pdf"
    assert screen.saved_to == usb / suggested
    assert (usb / suggested).read_bytes() == original
    assert [path.name for path in usb.iterdir()] == [suggested]  # no partial file left
    # A stick pulled out: the clerk is told, nothing pretends to be saved.
    screen.choose_save_path = lambda suggested: tmp_path / "gone" / suggested
    press(qtbot, Qt.Key.Key_E, CTRL)
    wait_idle(qtbot, desktop)
    assert "gone" in screen.last_error
    dismiss(qtbot, desktop)

    # Ctrl+Shift+Q: a code that reads back as the dossier, the entry and the file's hash.
    press(qtbot, Qt.Key.Key_Q, CTRL_SHIFT)
    wait_idle(qtbot, desktop)
    assert screen.qr_dialog is not None and screen.qr_dialog.isVisible()
    (text,) = read_qr_texts(decode_image(screen.qr.png, "qr"))
    assert text == screen.qr.text
    assert result.dossier_code in text
    assert result.label in text
    assert hashlib.sha256(original).hexdigest() in text
    screen.qr_dialog.close()

    # Ctrl+D: the dossier is handed over electronically.
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_idle(qtbot, desktop)
    (dossier,) = db_rows(office_home, "SELECT state, return_channel FROM dossiers")
    assert (dossier["state"], dossier["return_channel"]) == ("returned", "electronic")
    assert not screen.returned_button.isEnabled()
    assert result.dossier_code in screen.result_status.text()


@pytest.fixture
def digitized(office_home: Path, scan_files: list[Path]) -> int:
    """A 2-page original digitized at intake, before the desk window opens."""
    desk = Desk.open(office_home)
    try:
        return desk.digitize_files(scan_files, title=TITLE).document_id
    finally:
        desk.close()


def test_keyboard_only_from_intake_to_the_book(
    qtbot: QtBot, digitized: int, desktop: Desktop, office_home: Path
) -> None:
    window = desktop.window
    window.show_screen("certify", document_id=digitized)
    screen = window.screens["certify"]
    wait_idle(qtbot, desktop)
    assert screen.pages == 2
    assert str(digitized) in screen.original_label.text()

    def focused() -> QWidget:
        return QApplication.focusWidget()

    def tab() -> None:
        press(qtbot, Qt.Key.Key_Tab)

    assert focused() is screen.citizen_name
    type_text(NAME)
    tab()
    assert focused() is screen.citizen_id
    type_text("0010 9012 3456")
    tab()
    assert focused() is screen.document_title
    type_text(TITLE)
    tab()
    assert focused() is screen.add_pages_button
    tab()
    assert focused() is screen.clear_pages_button
    tab()
    assert focused() is screen.copies
    type_text("3")
    tab()
    assert focused() is screen.paper
    tab()
    assert focused() is screen.electronic
    tab()
    assert focused() is screen.payment
    press(qtbot, Qt.Key.Key_Down)
    assert screen.payment.currentData() == "bank_transfer"
    wait_idle(qtbot, desktop)
    assert screen.fee_label.text() == "12.000 đ"

    press(qtbot, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, desktop)
    result = screen.last_result
    assert result is not None, screen.last_error
    (entry,) = db_rows(
        office_home,
        "SELECT b.citizen_name, b.copies, b.pages, f.payment_channel, f.amount_vnd, "
        "d.dossier_id IS NOT NULL AS linked FROM book_entries b JOIN fees f "
        "ON f.book_entry_id = b.id JOIN digitized_documents d ON d.id = "
        f"{digitized}",
    )
    assert tuple(entry) == (NAME, 3, 2, "bank_transfer", 12_000, 1)
    assert focused() is screen.print_copy_button

    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_idle(qtbot, desktop)
    (dossier,) = db_rows(office_home, "SELECT state FROM dossiers")
    assert dossier["state"] == "returned"

    press(qtbot, Qt.Key.Key_N, CTRL)
    assert focused() is screen.citizen_name
    assert screen.document_id is None

    # Intake hands the citizen over too: the cursor waits in the first empty field.
    window.show_screen("certify", document_id=digitized, citizen_name=NAME, citizen_id=CITIZEN_ID)
    assert (screen.citizen_name.text(), screen.citizen_id.text()) == (NAME, CITIZEN_ID)
    assert focused() is screen.document_title
    wait_idle(qtbot, desktop)


def test_the_screen_opens_without_loading_the_core() -> None:
    """The window paints while the worker loads OpenCV, PyMuPDF and pyHanko: importing the
    screen and the printing module loads none of them (the jobs import what they use)."""
    code = (
        "import sys, counterdesk.ui.certify, counterdesk.ui.printing\n"
        "print(sorted(m for m in ('cv2', 'pymupdf', 'pyhanko', 'counterdesk.desk') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
