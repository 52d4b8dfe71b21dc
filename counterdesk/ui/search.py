"""Search ("Tra cứu"): find a dossier by code, citizen or document words, and see all of it.

Typing searches after a short pause, in the worker; Down and Up pick a result, Enter
opens it, Ctrl+F comes back to the field. The detail shows the dossier's timeline, its
documents with a picture of their first page, the book entry, the fee, and whether each
electronic copy is still as it was signed. Nothing here reads the disk: every query, file
and picture is made by a job on the worker thread.
"""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.vietnamese import format_vnd
from counterdesk.ui.screen import Screen
from counterdesk.ui.service import DeskService, Ticket

if TYPE_CHECKING:
    from datetime import datetime

    from counterdesk.desk import Desk
    from counterdesk.search import (
        CertifiedDocument,
        DigitizedCopy,
        DossierDetail,
        SearchHit,
        SignatureState,
    )

SEARCH_DELAY_MS = 250  # after the last key press
DETAIL_DELAY_MS = 150  # after moving through the results
MAX_RESULTS = 50
THUMBNAIL_DPI = 20  # an A4 page about 165 x 234 pixels
THUMBNAIL_SIZE = (100, 141)  # A4's proportions
DOCUMENT_COLUMNS = 2
# E-copies first: their signature is what a clerk comes to check.
ROLE_ORDER = {"electronic_copy": 0, "paper_copy": 1, "receipt": 2}
MAX_WARNINGS = 3  # per document; the rest are counted

HitKey = tuple[str, object]  # ("dossier", code) or ("copy", document id)


# -- jobs (run on the worker thread) ----------------------------------------------------


def _find(query: str, desk: Desk) -> tuple[str, list[SearchHit]]:
    from counterdesk.search import recent, search

    if not query:
        return query, recent(desk.dossiers.db, MAX_RESULTS)
    return query, search(desk.dossiers.db, query, MAX_RESULTS)


def _load(key: HitKey, desk: Desk) -> tuple[HitKey, DossierDetail | DigitizedCopy]:
    from counterdesk.search import digitized_copy, dossier_detail

    kind, value = key
    if kind == "dossier":
        return key, dossier_detail(desk, str(value))
    return key, digitized_copy(desk, int(value))


def _thumbnails(key: HitKey, paths: tuple[Path, ...], desk: Desk) -> tuple[HitKey, dict]:
    from counterdesk.search import thumbnail

    return key, {path: thumbnail(path, THUMBNAIL_DPI) for path in paths}


def _when(moment: datetime | None) -> str:
    return f"{moment:%H:%M %d/%m/%Y}" if moment else "—"


class SearchScreen(Screen):
    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.hits: list[SearchHit] = []
        self.detail: DossierDetail | DigitizedCopy | None = None
        self.shown_key: HitKey | None = None  # what the detail pane shows or is loading
        self.searched = ""  # the query of the results shown
        self._search_ticket: Ticket | None = None
        self._detail_ticket: Ticket | None = None
        self._enter_when_found = False  # Enter came before the results of what was typed
        self._focus_after_load = False
        self.signature_labels: list[QLabel] = []
        self._thumbnail_labels: dict[Path, QLabel] = {}
        self._cards = 0

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._open_current)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        find_key = QKeySequence("Ctrl+F").toString(QKeySequence.SequenceFormat.NativeText)
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setClearButtonEnabled(True)
        self.query.setPlaceholderText(
            self.tr("Code, name, ID number or words of a document (%1)").replace("%1", find_key)
        )
        self.query.setMinimumHeight(32)
        self.query.textChanged.connect(self._typed)
        self.query.returnPressed.connect(self._enter)
        self.query.installEventFilter(self)
        left_layout.addWidget(self.query)
        self.summary = QLabel(self.tr("Accents are optional: \u201cnguyen van duc\u201d will do."))
        self.summary.setObjectName("searchSummary")
        self.summary.setWordWrap(True)
        left_layout.addWidget(self.summary)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSpacing(1)
        self.results.currentRowChanged.connect(self._selection_moved)
        self.results.itemActivated.connect(lambda _item: self._enter())
        left_layout.addWidget(self.results, 1)
        splitter.addWidget(left)

        self.pane = QStackedWidget()
        self.placeholder = QLabel(self.tr("Pick a result to see its dossier."))
        self.placeholder.setObjectName("detailPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.pane.addWidget(self.placeholder)
        self.pane.addWidget(self._build_detail())
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([360, 900])

        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_query)

    def _build_detail(self) -> QScrollArea:
        body = QWidget()
        column = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setObjectName("detailHeading")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        column.addWidget(self.heading)

        self.facts = QFormLayout()
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fact_labels: dict[str, QLabel] = {}
        for key, title in (
            ("citizen", self.tr("Citizen")),
            ("procedure", self.tr("Procedure")),
            ("state", self.tr("State")),
            ("received", self.tr("Received")),
            ("due", self.tr("Due")),
            ("finished", self.tr("Finished")),
            ("returned", self.tr("Returned")),
        ):
            value = QLabel()
            value.setObjectName(f"fact_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(title, value)
            self.fact_labels[key] = value
        top = QHBoxLayout()
        top.addLayout(self.facts, 3)
        self.beside = QWidget()  # the book entry and fee, when the dossier has them
        beside = QVBoxLayout(self.beside)
        beside.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.beside, 2)
        column.addLayout(top)

        self.timeline_box = QGroupBox(self.tr("Timeline"))
        box = QVBoxLayout(self.timeline_box)
        self.timeline = QTableWidget(0, 5)
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Action"), self.tr("By"), self.tr("State"), self.tr("Note")]
        )
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.verticalHeader().setVisible(False)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.timeline.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.addWidget(self.timeline)
        column.addWidget(self.timeline_box)

        self.documents_box = QGroupBox(self.tr("Documents"))
        self.documents_grid = QGridLayout(self.documents_box)
        for grid_column in range(DOCUMENT_COLUMNS):
            self.documents_grid.setColumnStretch(grid_column, 1)
        column.addWidget(self.documents_box)

        self.book_box = QGroupBox(self.tr("Certification book"))
        self.book = QLabel()
        self.book.setObjectName("bookEntry")
        self.book.setWordWrap(True)
        self.book.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.book_box).addWidget(self.book)
        beside.addWidget(self.book_box)

        self.fee_box = QGroupBox(self.tr("Fee"))
        self.fee = QLabel()
        self.fee.setObjectName("fee")
        self.fee.setWordWrap(True)
        self.fee.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.fee_box).addWidget(self.fee)
        beside.addWidget(self.fee_box)
        beside.addStretch(1)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setObjectName("detailPane")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    # -- the screen -----------------------------------------------------------------------

    def activated(self, **arguments: object) -> None:
        code = arguments.get("code")
        if isinstance(code, str) and code:
            self.query.blockSignals(True)
            self.query.setText(code)
            self.query.blockSignals(False)
            self._search_timer.stop()
            self._open(("dossier", code), focus=True)
            self._search_now()
            return
        if not self.query.text().strip():
            self._search_now()  # the latest dossiers, until the clerk types
        self.focus_query()

    def refresh(self) -> None:
        if self.searched:
            self._search_now()
        if self.shown_key is not None:
            self._open(self.shown_key, again=True)

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up, Down, Page Up and Page Down in the field move through the results."""
        if (
            watched is self.query
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            step = {
                int(Qt.Key.Key_Down.value): 1,
                int(Qt.Key.Key_Up.value): -1,
                int(Qt.Key.Key_PageDown.value): 10,
                int(Qt.Key.Key_PageUp.value): -10,
            }.get(int(event.key()))
            if step is not None and self.results.count():
                row = self.results.currentRow()
                row = 0 if row < 0 else max(0, min(self.results.count() - 1, row + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    # -- searching ------------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._search_timer.start()

    def _search_now(self) -> None:
        self._search_timer.stop()
        query = self.query.text().strip()
        if self._search_ticket is not None:
            self._search_ticket.cancel()
            self._search_ticket = None
        self._search_ticket = self.service.call(
            partial(_find, query),
            self._found,
            self._search_failed,
            label=self.tr("Searching"),
        )

    def _found(self, result: tuple[str, list[SearchHit]]) -> None:
        query, hits = result
        self._search_ticket = None
        self._show_hits(query, hits)
        if self._enter_when_found:
            self._enter_when_found = False
            self._enter()

    def _search_failed(self, message: str) -> None:
        self._search_ticket = None
        self.summary.setText(message)

    def _show_hits(self, query: str, hits: list[SearchHit]) -> None:
        self.searched = query
        self.hits = hits
        self.results.blockSignals(True)
        self.results.clear()
        current = -1
        for row, hit in enumerate(hits):
            item = QListWidgetItem(self._hit_text(hit))
            if hit.snippet:
                item.setToolTip(hit.snippet)
            self.results.addItem(item)
            if _key(hit) == self.shown_key and current < 0:
                current = row
        self.results.setCurrentRow(current)
        self.results.blockSignals(False)
        if not query:
            self.summary.setText(
                self.tr("Accents are optional: \u201cnguyen van duc\u201d will do.")
            )
        elif not hits:
            self.summary.setText(self.tr("Nothing matches \u201c%1\u201d.").replace("%1", query))
        elif len(hits) >= MAX_RESULTS:
            self.summary.setText(
                self.tr("The first %n results; type more to narrow them.", "", len(hits))
            )
        else:
            self.summary.setText(self.tr("%n result(s)", "", len(hits)))

    def _hit_text(self, hit: SearchHit) -> str:
        kinds = {
            "dossier": self.tr("Dossier code"),
            "citizen": self.tr("Citizen"),
            "document": self.tr("Document"),
        }
        kind = self.tr("Words in the document") if hit.snippet else kinds.get(hit.kind, hit.kind)
        first = "  ·  ".join(
            part
            for part in (hit.dossier_code or self.tr("No dossier"), hit.citizen_name or "")
            if part
        )
        title = self._procedure_text(hit.title, None) if hit.kind != "document" else hit.title
        lines = [first, f"{kind}: {title}"]
        if hit.snippet:
            lines.append(hit.snippet)
        return "\n".join(lines)

    # -- opening a result -----------------------------------------------------------------

    def _selection_moved(self, _row: int) -> None:
        self._detail_timer.start()

    def _enter(self) -> None:
        """Open the chosen result (the first one when none is chosen yet)."""
        if self._search_timer.isActive():
            self._search_now()
        if self._search_ticket is not None:
            # Enter right after typing: open the chosen match once the results are in.
            self._enter_when_found = True
            return
        if self.results.count() and self.results.currentRow() < 0:
            self.results.blockSignals(True)
            self.results.setCurrentRow(0)
            self.results.blockSignals(False)
        self._open_current(focus=True)

    def _open_current(self, focus: bool = False) -> None:
        self._detail_timer.stop()
        row = self.results.currentRow()
        if 0 <= row < len(self.hits):
            self._open(_key(self.hits[row]), focus=focus)

    def _open(self, key: HitKey, focus: bool = False, again: bool = False) -> None:
        loaded = self._detail_ticket is None and self.detail is not None
        if key == self.shown_key and loaded and not again:
            if focus:
                self._focus_detail()
            return
        if self._detail_ticket is not None:
            self._detail_ticket.cancel()
        self.shown_key = key
        self._focus_after_load = focus
        self._detail_ticket = self.service.call(
            partial(_load, key),
            self._loaded,
            self._load_failed,
            label=self.tr("Opening the dossier"),
        )

    def _loaded(self, result: tuple[HitKey, DossierDetail | DigitizedCopy]) -> None:
        key, detail = result
        self._detail_ticket = None
        if key != self.shown_key:
            return
        self.detail = detail
        if key[0] == "dossier":
            self._show_dossier(detail)
        else:
            self._show_copy(detail)
        self.pane.setCurrentIndex(1)
        paths = tuple(self._thumbnail_labels)
        if paths:
            self.service.call(
                partial(_thumbnails, key, paths),
                self._thumbnails_made,
                lambda _message: None,
                label=self.tr("Drawing the pages"),
            )
        if self._focus_after_load:
            self._focus_detail()

    def _load_failed(self, message: str) -> None:
        self._detail_ticket = None
        self.detail = None
        self.shown_key = None
        self.placeholder.setText(message)
        self.pane.setCurrentIndex(0)

    def _focus_detail(self) -> None:
        target = self.timeline if self.timeline_box.isVisible() else self.pane
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if target is self.timeline and self.timeline.rowCount():
            self.timeline.selectRow(self.timeline.rowCount() - 1)

    # -- the detail -----------------------------------------------------------------------

    def _show_dossier(self, detail: DossierDetail) -> None:
        view = detail.dossier
        self.heading.setText(view.code)
        self._set_fact("citizen", f"{view.citizen_name} — {view.citizen_id}")
        self._set_fact("procedure", self._procedure_text(view.procedure_name, view.procedure_code))
        self._set_fact("state", self._state_text(view.state))
        self._set_fact("received", _when(view.received_at))
        self._set_fact("due", _when(view.due_at) + self._risk_text(view.risk))
        self._set_fact("finished", _when(view.finished_at) if view.finished_at else None)
        returned = None
        if view.returned_at:
            returned = _when(view.returned_at)
            if view.return_channel:
                returned += f" ({self._channel_text(view.return_channel)})"
        self._set_fact("returned", returned)

        self.timeline_box.setVisible(True)
        self.timeline.setRowCount(len(view.events))
        for row, event in enumerate(view.events):
            cells = (
                _when(event.at),
                self._action_text(event.action),
                event.actor,
                self._state_text(event.to_state),
                event.reason or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.timeline.setItem(row, column, item)
        self._fit_timeline()

        self._clear_documents()
        for copy in detail.digitized:
            self._add_copy_card(copy)
        for document in sorted(detail.certified, key=lambda d: ROLE_ORDER.get(d.role, 9)):
            self._add_certified_card(document)
        if not detail.digitized and not detail.certified:
            none = QLabel(self.tr("No documents are recorded for this dossier."))
            self.documents_grid.addWidget(none, 0, 0, 1, DOCUMENT_COLUMNS)

        entry = detail.book_entry
        self.book_box.setVisible(entry is not None)
        if entry is not None:
            self.book.setText(
                "\n".join(
                    (
                        entry.label,
                        self.tr("Certified %1, signed by %2, %3")
                        .replace("%1", _when(entry.certified_at))
                        .replace("%2", entry.signer_name)
                        .replace("%3", entry.signer_title),
                        self.tr("%1 copies; the original has %2 pages")
                        .replace("%1", str(entry.copies))
                        .replace("%2", str(entry.pages)),
                    )
                )
            )
        fee = detail.fee
        self.fee_box.setVisible(fee is not None)
        self.beside.setVisible(entry is not None or fee is not None)
        if fee is not None:
            self.fee.setText(
                self.tr("%1 — receipt no. %2, %3, %4")
                .replace("%1", format_vnd(fee.amount_vnd))
                .replace("%2", fee.receipt_no)
                .replace("%3", self._channel_text(fee.channel))
                .replace("%4", _when(fee.collected_at))
            )

    def _show_copy(self, copy: DigitizedCopy) -> None:
        """A digitized copy that belongs to no dossier yet."""
        self.heading.setText(self.tr("Digitized copy no. %1").replace("%1", str(copy.id)))
        for key in self.fact_labels:
            self._set_fact(key, None)
        self._set_fact("state", self.tr("Not linked to a dossier yet"))
        self.timeline_box.setVisible(False)
        self.timeline.setRowCount(0)
        self._clear_documents()
        self._add_copy_card(copy)
        self.book_box.setVisible(False)
        self.fee_box.setVisible(False)
        self.beside.setVisible(False)

    def _set_fact(self, key: str, text: str | None) -> None:
        self.fact_labels[key].setText(text or "")
        self.facts.setRowVisible(self.fact_labels[key], text is not None)

    def _fit_timeline(self) -> None:
        """All the events at once: the pane scrolls, not the table."""
        table = self.timeline
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(height + 2)

    def _clear_documents(self) -> None:
        self.signature_labels = []
        self._thumbnail_labels = {}
        self._cards = 0
        while self.documents_grid.count():
            widget = self.documents_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    def _card(self, title: str, lines: list[str], path: Path | None) -> QVBoxLayout:
        card = QFrame()
        card.setObjectName("documentCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(card)
        picture = QLabel("…" if path else self.tr("No picture"))
        picture.setObjectName("thumbnail")
        picture.setFixedSize(*THUMBNAIL_SIZE)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setFrameShape(QFrame.Shape.Box)
        picture.setStyleSheet("background:#ffffff;color:#777777")
        picture.setWordWrap(True)
        if path is not None:
            self._thumbnail_labels[path] = picture
        row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        heading = QLabel(f"<b>{html.escape(title)}</b>")
        heading.setWordWrap(True)
        text.addWidget(heading)
        for line in lines:
            label = QLabel(line)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            text.addWidget(label)
        text.addStretch(1)
        row.addLayout(text, 1)
        at = self._cards
        self._cards += 1
        self.documents_grid.addWidget(card, at // DOCUMENT_COLUMNS, at % DOCUMENT_COLUMNS)
        return text

    def _add_copy_card(self, copy: DigitizedCopy) -> None:
        lines = [
            self.tr("Digitized copy no. %1 — %n page(s), made %2", "", copy.pages)
            .replace("%1", str(copy.id))
            .replace("%2", _when(copy.created_at))
        ]
        if copy.removed_at is not None:
            lines.append(
                self.tr("The PDF was removed on %1 at the end of the retention period.").replace(
                    "%1", _when(copy.removed_at)
                )
            )
        elif not copy.text_layer:
            lines.append(self.tr("No searchable text layer."))
        warnings = list(copy.warnings)
        for warning in warnings[:MAX_WARNINGS]:
            lines.append("⚠ " + warning)
        if len(warnings) > MAX_WARNINGS:
            lines.append(self.tr("…and %n more warning(s).", "", len(warnings) - MAX_WARNINGS))
        self._card(copy.title, lines, None if copy.removed_at else copy.path)

    def _add_certified_card(self, document: CertifiedDocument) -> None:
        roles = {
            "paper_copy": self.tr("Certified paper copy"),
            "electronic_copy": self.tr("Certified electronic copy"),
            "receipt": self.tr("Fee receipt"),
        }
        line = self.tr("%1 — %n page(s)", "", document.pages).replace(
            "%1", roles.get(document.role, document.role)
        )
        text = self._card(document.title, [line], document.path)
        if document.signature is not None:
            label = QLabel()
            label.setObjectName("signatureState")
            label.setWordWrap(True)
            label.setText(self._signature_text(document.signature))
            intact = document.signature.signed and document.signature.intact
            colour = "#1b5e20" if intact else "#b71c1c"
            label.setStyleSheet(f"color:{colour};font-weight:bold")
            label.setProperty("intact", bool(intact))
            text.insertWidget(text.count() - 1, label)
            self.signature_labels.append(label)

    def _thumbnails_made(self, result: tuple[HitKey, dict]) -> None:
        key, pictures = result
        if key != self.shown_key:
            return
        width, height = THUMBNAIL_SIZE
        for path, png in pictures.items():
            label = self._thumbnail_labels.get(path)
            if label is None:
                continue
            pixmap = QPixmap()
            if png is None or not pixmap.loadFromData(png, "PNG"):
                label.setText(self.tr("No picture"))
                continue
            label.setPixmap(
                pixmap.scaled(
                    width - 4,
                    height - 4,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    # -- words ----------------------------------------------------------------------------

    def _signature_text(self, signature: SignatureState) -> str:
        if signature.problem:
            return self.tr("Signature cannot be checked: %1").replace("%1", signature.problem)
        if not signature.signed:
            return self.tr("Not signed")
        signer = signature.signer or self.tr("unknown signer")
        if signature.intact:
            return self.tr("Signature valid, unchanged since signing (%1)").replace("%1", signer)
        return self.tr("Signature: CHANGED after signing — do not rely on this file (%1)").replace(
            "%1", signer
        )

    def _procedure_text(self, name: str, code: str | None) -> str:
        if name == "chung-thuc-ban-sao-tu-ban-chinh":
            name = self.tr("Certified copy from the original")
        return f"{name} ({code})" if code else name

    def _state_text(self, state: str) -> str:
        return {
            "received": self.tr("Received"),
            "in_progress": self.tr("In progress"),
            "supplement_requested": self.tr("Supplement requested"),
            "finished": self.tr("Finished"),
            "returned": self.tr("Returned to the citizen"),
            "refused": self.tr("Refused"),
            "stopped": self.tr("Stopped"),
        }.get(state, state)

    def _action_text(self, action: str) -> str:
        return {
            "receive": self.tr("Received", "action"),
            "certify": self.tr("Certified"),
            "advance": self.tr("Moved forward"),
            "supplement": self.tr("Asked for a supplement"),
            "resume": self.tr("Supplement received"),
            "refuse": self.tr("Refused", "action"),
            "stop": self.tr("Stopped", "action"),
            "return": self.tr("Result handed over"),
            "extend": self.tr("Time extended"),
            "late_report": self.tr("Reported late, new date"),
        }.get(action, action)

    def _risk_text(self, risk: str) -> str:
        text = {
            "late": self.tr("late"),
            "at_risk": self.tr("due soon"),
            "finished_late": self.tr("finished late"),
            "finished_on_time": self.tr("finished on time"),
        }.get(risk)
        return f" ({text})" if text else ""

    def _channel_text(self, channel: str) -> str:
        return {
            "cash": self.tr("cash"),
            "bank_transfer": self.tr("bank transfer"),
            "online_portal": self.tr("online portal"),
            "paper": self.tr("on paper"),
            "electronic": self.tr("electronically"),
            "both": self.tr("on paper and electronically"),
        }.get(channel, channel)


def _key(hit: SearchHit) -> HitKey:
    if hit.dossier_code:
        return ("dossier", hit.dossier_code)
    return ("copy", hit.document_id)
