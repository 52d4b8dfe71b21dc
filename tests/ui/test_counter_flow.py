"""The whole counter, through the real window and the keyboard alone: a citizen's dossier
received with its pages scanned from files, copies certified from the digitized original,
and the paper copy and receipt printed to PDF."""

import sqlite3
import subprocess
from pathlib import Path

import pymupdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.domain.audit import verify_chain
from counterdesk.store import audit_log
from counterdesk.store.db import Database
from counterdesk.ui.app import Desktop
from counterdesk.ui.printing import print_pdf
from tests.conftest import require_tool
from tests.ui.conftest import wait_idle
from tests.ui.test_intake import choose_first, press, prints_to_pdf_files, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
NAME = "Trần Thị Bích Ngọc"
CITIZEN_ID = "079190000321"


__all__ = ["prints_to_pdf_files"]  # autouse: this desk has no printer, slips stay PDFs


def rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "counterdesk.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def test_receive_scan_certify_and_print_with_the_keyboard_alone(
    qtbot: QtBot, desktop: Desktop, office_home: Path, tmp_path: Path
) -> None:
    from counterdesk.documents.samples import sample_scan

    pages = []
    for n in (1, 2):
        page = tmp_path / f"bang-tot-nghiep-{n}.jpg"
        page.write_bytes(sample_scan("Bằng tốt nghiệp", n, 2))
        pages.append(page)
    window = desktop.window

    # Intake (F3): the citizen, the procedure, the pages from the file source, Ctrl+S.
    qtbot.keyClick(window, Qt.Key.Key_F3)
    wait_idle(qtbot, desktop)
    intake = window.screens["intake"]
    intake.choose_files = lambda _title: list(pages)
    assert intake.name_edit.hasFocus()
    type_text(qtbot, intake.name_edit, NAME)
    press(qtbot, desktop, Qt.Key.Key_Tab)
    type_text(qtbot, QApplication.focusWidget(), CITIZEN_ID)
    wait_idle(qtbot, desktop)
    while not intake.procedure_combo.lineEdit().hasFocus():
        press(qtbot, desktop, Qt.Key.Key_Tab)
    qtbot.keyClicks(intake.procedure_combo.lineEdit(), "ban sao tu ban chinh")
    popup = intake.procedure_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    choose_first(qtbot, desktop, popup)
    assert intake.chosen_procedure().code.startswith("2.000815")
    while not intake.documents_edit.hasFocus():
        press(qtbot, desktop, Qt.Key.Key_Tab)
    type_text(qtbot, intake.documents_edit, "Bằng tốt nghiệp")
    press(qtbot, desktop, Qt.Key.Key_O, CTRL)
    qtbot.waitUntil(lambda: intake.loading == 0 and desktop.service.idle, timeout=60_000)
    assert intake.pages.count() == 2
    with qtbot.waitSignal(intake.changed, timeout=120_000):
        press(qtbot, desktop, Qt.Key.Key_S, CTRL)
    wait_idle(qtbot, desktop)
    received = intake.saved
    assert received is not None and received.digitize_error is None, intake.message.text()

    # Ctrl+Return hands the digitized original and the citizen to Certify.
    press(qtbot, desktop, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, desktop)
    assert window.current_screen == "certify"
    certify = window.screens["certify"]
    assert (certify.citizen_name.text(), certify.citizen_id.text()) == (NAME, CITIZEN_ID)
    assert certify.pages == 2
    if not certify.document_title.text():
        certify.document_title.setFocus()
        type_text(qtbot, certify.document_title, "Bằng tốt nghiệp")
    assert certify.electronic.isChecked()  # the e-copy is made by default
    press(qtbot, desktop, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, desktop, 120_000)
    result = certify.last_result
    assert result is not None, (
        certify.last_error,
        certify.status.text(),
        QApplication.focusWidget(),
    )

    # The records: one book entry and fee, both copies and the receipt, the original
    # linked to the received dossier, and the audit trail whole.
    [(number, citizen, pages_count, electronic, amount)] = rows(
        office_home,
        "SELECT b.number, b.citizen_name, b.pages, b.electronic, f.amount_vnd "
        "FROM book_entries b JOIN fees f ON f.book_entry_id = b.id",
    )
    assert (number, citizen, pages_count, electronic) == (1, NAME, 2, 1)
    assert amount == result.fee_vnd > 0
    assert rows(
        office_home,
        "SELECT d.code FROM digitized_documents g JOIN dossiers d ON d.id = g.dossier_id",
    ) == [(received.dossier.code,)]
    actions = [row[0] for row in rows(office_home, "SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-3:] == ["dossier.receive", "document.digitize", "certify"]
    database = Database(office_home / "counterdesk.sqlite3")
    assert verify_chain(audit_log.entries(database.db)).intact
    database.close()

    # Printed to PDF: the paper copy and the receipt, page for page, A4.
    for source, name in ((result.paper_pdf, "copy.pdf"), (result.receipt_pdf, "receipt.pdf")):
        target = tmp_path / name
        job = print_pdf(desktop.service, window, source, to_file=target)
        qtbot.waitUntil(lambda job=job: job.done, timeout=60_000)
        assert job.error is None
        with pymupdf.open(source) as original, pymupdf.open(target) as printed:
            assert printed.page_count == original.page_count
            width, height = printed[0].rect.width, printed[0].rect.height
            assert abs(min(width, height) - 595) < 2 and abs(max(width, height) - 842) < 2
    pdfsig = require_tool("pdfsig")
    signed = subprocess.run(
        [pdfsig, str(result.electronic_pdf)], capture_output=True, text=True, check=False
    )
    assert "Signature #1" in signed.stdout, signed.stdout + signed.stderr
