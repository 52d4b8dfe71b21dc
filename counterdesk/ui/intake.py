"""Receive a dossier at the counter: who, which procedure, the papers handed in, their pages.

One keystroke (Ctrl+S) receives the dossier, prints its receipt and appointment slip and
digitizes the scanned pages into it. Everything that reads files or the database runs in
the desk's worker thread (DeskService): the page previews (decoded, quality-checked and
scaled down there), the returning-citizen look-up, the ID card's QR code and the save.

Pages are never dropped silently: every page the files hold gets a thumbnail with its
quality warnings, and the clerk reorders, turns, replaces or deletes pages before saving.
The clerk's order, deletions and quarter turns are applied when the pages are digitized.

Like the other screens, this module does not load the core (OpenCV, PyMuPDF, the Desk)
when it is imported: the window paints while the worker loads it, and the jobs import
what they use, in the worker.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.vietnamese import fold
from counterdesk.errors import BadInputError, CounterDeskError
from counterdesk.ui import printing
from counterdesk.ui.screen import Screen
from counterdesk.ui.service import DeskService
from counterdesk.ui.settings import PDF_FILE, PRINTER_KEY, window_settings
from counterdesk.ui.widgets import shortcut_button, show_error

if TYPE_CHECKING:
    import numpy as np

    from counterdesk.capture.sources.base import RawPage, SourceInfo
    from counterdesk.desk import Desk
    from counterdesk.digitizing import DigitizeResult
    from counterdesk.domain.cccd import CitizenCard
    from counterdesk.domain.page_warnings import PageWarning
    from counterdesk.dossiers import DossierView

log = logging.getLogger(__name__)

LOOKUP_DELAY_MS = 250  # typing pause before returning citizens are looked up
LOOKUP_LIMIT = 8
THUMBNAIL = QSize(150, 212)  # A4 proportions
MAX_TITLE = 200  # the core's limit for a document title
WARNING_COLOUR = QColor("#fde7b0")
FOLD_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
KEY_ROLE = Qt.ItemDataRole.UserRole + 4
# What the core's file source reads (capture.sources.files.IMAGE_SUFFIXES, repeated so that
# the window does not load OpenCV; a test keeps them equal).
PAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"})
UNEXPECTED = (
    "An unexpected error stopped the digitizing; nothing half-done was recorded. "
    "Please send the log file to support."
)


# -- jobs for the worker thread (they touch files and the database, never widgets) -------


@dataclass(frozen=True)
class ProcedureChoice:
    code: str
    name: str


def load_procedures(desk: Desk) -> list[ProcedureChoice]:
    """The procedures of the catalog now in force (the latest import of a code wins).

    A public `Dossiers.procedures()` would be better than reading the table here.
    """
    rows = desk.dossiers.db.query(
        "SELECT code, name FROM procedures WHERE withdrawn_at IS NULL ORDER BY id"
    )
    current = {row["code"]: row["name"] for row in rows}
    return [ProcedureChoice(code, name) for code, name in current.items()]


@dataclass(frozen=True)
class PagePreview:
    """One page of an added file, as the worker saw it."""

    path: Path
    index: int  # the page's position in its file, from 0
    pages_in_file: int
    sha256: str  # of the whole file: the save checks it is still the file previewed
    thumbnail: QImage  # made in the worker: QImage (not QPixmap) is safe off the UI thread
    warnings: tuple[PageWarning, ...]


def _pdf_pages(data: bytes, origin: str) -> Iterator[tuple[bytes, float]]:
    from counterdesk.documents.pdf_images import pdf_page_images

    for page in pdf_page_images(data, origin):
        yield page.data, page.dpi


def _file_pages(path: Path) -> Iterator[RawPage]:
    """The pages of an image, TIFF or PDF file, read as the core's file source reads them."""
    from counterdesk.capture.sources.files import FileSource

    return FileSource([path], read_pdf=_pdf_pages).pages()


def _file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise BadInputError(f"{path} cannot be read ({exc.strerror}).") from exc


def make_thumbnail(image: np.ndarray) -> QImage:
    """A page image (BGR or grey) scaled smoothly to fit the thumbnail box."""
    import numpy as np

    pixels = np.ascontiguousarray(image)
    height, width = pixels.shape[:2]
    fmt = QImage.Format.Format_Grayscale8 if pixels.ndim == 2 else QImage.Format.Format_BGR888
    full = QImage(pixels.data, width, height, pixels.strides[0], fmt)
    small = full.scaled(
        THUMBNAIL,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    return small.copy()  # owns its pixels, whatever happens to `pixels`


def preview_file(path: Path) -> list[PagePreview]:
    """Every page of a file with its thumbnail and the capture pipeline's quality warnings."""
    from counterdesk.capture.pipeline import process_page

    sha256 = _file_sha256(path)
    seen: list[tuple[QImage, tuple[PageWarning, ...]]] = []
    for raw in _file_pages(path):
        warnings = tuple(process_page(raw).warnings)
        seen.append((make_thumbnail(raw.image), warnings))
    return [
        PagePreview(path, index, len(seen), sha256, thumbnail, warnings)
        for index, (thumbnail, warnings) in enumerate(seen)
    ]


@dataclass(frozen=True)
class PageRef:
    """A page as the clerk arranged it: which page of which file, turned how."""

    path: Path
    index: int
    sha256: str
    turns: int = 0  # clockwise quarter turns asked by the clerk


class ArrangedPages:
    """The clerk's pages, in the clerk's order and orientation, as a capture source.

    Consecutive pages of one file are read in one pass; a page before the last one read
    reopens the file. A page is turned before processing: the pipeline then finds it
    upright and keeps it so (it would only turn a page whose text it reads as sideways).
    """

    def __init__(self, refs: Sequence[PageRef]) -> None:
        self.refs = list(refs)
        self._checked: set[Path] = set()

    @property
    def info(self) -> SourceInfo:
        from counterdesk.capture.sources.files import FileSource

        return FileSource.info

    def _check(self, ref: PageRef) -> None:
        if ref.path in self._checked:
            return
        if _file_sha256(ref.path) != ref.sha256:
            raise BadInputError(
                f"{ref.path} changed after its pages were added; delete its pages and add "
                "the file again."
            )
        self._checked.add(ref.path)

    def pages(self) -> Iterator[RawPage]:
        current: Path | None = None
        pages: Iterator[RawPage] = iter(())
        position = 0
        for ref in self.refs:
            self._check(ref)
            if ref.path != current or ref.index < position:
                current, pages, position = ref.path, _file_pages(ref.path), 0
            raw = None
            while position <= ref.index:
                raw = next(pages, None)
                if raw is None:
                    raise BadInputError(
                        f"{ref.path} has fewer pages than when it was added; add it again."
                    )
                position += 1
            assert raw is not None
            yield turned(raw, ref.turns)


def turned(raw: RawPage, turns: int) -> RawPage:
    import numpy as np

    if turns % 4 == 0:
        return raw
    return replace(raw, image=np.ascontiguousarray(np.rot90(raw.image, k=-(turns % 4))))


def arrangement_sha256(refs: Sequence[PageRef]) -> str:
    """Identity of what is digitized: the files' content, the pages chosen, their turns."""
    layout = [[ref.sha256, ref.index, ref.turns % 4] for ref in refs]
    return hashlib.sha256(json.dumps(["auto", layout]).encode()).hexdigest()


def digitize_pages(
    desk: Desk, refs: Sequence[PageRef], dossier_code: str, title: str
) -> DigitizeResult:
    """Digitize the arranged pages as one document of the dossier.

    `Desk.digitize_files` takes whole files in order; the clerk's arrangement (pages of a
    PDF left out or reordered, quarter turns) goes through the public `Desk.digitize`.
    """
    from counterdesk.digitizing import DigitizeRequest

    source = ArrangedPages(refs)
    return desk.digitize(
        DigitizeRequest(
            pages=source.pages(),
            title=title,
            mode="auto",
            dossier_code=dossier_code,
            source=source.info.id,
            input_sha256=arrangement_sha256(refs),
        )
    )


@dataclass(frozen=True)
class IntakeRequest:
    procedure_code: str
    citizen_name: str
    citizen_id: str
    online: bool
    online_eligible: bool
    documents: tuple[str, ...]
    pages: tuple[PageRef, ...]
    title: str
    # Set when the dossier was received but its pages could not be digitized: saving
    # again digitizes them into that dossier instead of receiving a second one.
    received: tuple[DossierView, Path] | None = None


@dataclass(frozen=True)
class IntakeResult:
    dossier: DossierView
    slip_pdf: Path
    digitized: DigitizeResult | None
    digitize_error: str | None  # the dossier is received; its pages are not stored yet
    first_receipt: bool
    documents: tuple[str, ...] = ()
    title: str = ""  # of the digitized document


def save_intake(desk: Desk, request: IntakeRequest) -> IntakeResult:
    """Receive the dossier (slip made), then digitize its pages into it, in one job."""
    if request.received is None:
        view, slip = desk.receive_dossier(
            request.procedure_code,
            request.citizen_name,
            request.citizen_id,
            request.online,
            request.online_eligible,
            list(request.documents),
        )
    else:
        view, slip = request.received
    digitized, error = None, None
    if request.pages:
        try:
            digitized = digitize_pages(desk, request.pages, view.code, request.title)
        except CounterDeskError as exc:
            error = exc.message
        except Exception:  # a bug; the dossier itself is received and must be shown
            log.exception("digitizing at intake failed")
            error = UNEXPECTED
    return IntakeResult(
        view,
        slip,
        digitized,
        error,
        first_receipt=request.received is None,
        documents=request.documents,
        title=request.title,
    )


def split_documents(text: str) -> list[str]:
    """Documents handed in, one per line or separated by commas (semicolons too)."""
    parts = text.replace(";", "\n").replace(",", "\n").splitlines()
    return [" ".join(part.split()) for part in parts if part.strip()]


def document_title(documents: Sequence[str], procedure_name: str) -> str:
    """The digitized document's title: the papers handed in, else the procedure."""
    title = ", ".join(documents) or procedure_name
    if len(title) <= MAX_TITLE:
        return title
    cut = title[: MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip(",")
    return cut + "…"


def fill(text: str, *values: object) -> str:
    """Qt's %1, %2… placeholders filled in one pass (PySide's tr() returns a str)."""
    return re.sub(r"%(\d)", lambda m: str(values[int(m.group(1)) - 1]), text)


def _local(moment: datetime | None) -> str:
    """Office-local wall time, as the dossier views give it."""
    return "—" if moment is None else f"{moment:%H:%M %d/%m/%Y}"


# -- widgets ---------------------------------------------------------------------------


class FoldingCompleter(QCompleter):
    """Completes anywhere in the text, ignoring accents and đ: "chu ky" finds "chữ ký"."""

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index: QModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class CitizenCompleter(QCompleter):
    """Shows "name — ID number" for each match; choosing one puts the name in the field."""

    def pathFromIndex(self, index: QModelIndex) -> str:
        return str(index.data(NAME_ROLE) or "")


@dataclass
class _Batch:
    """Files added together, read one by one in the worker."""

    generation: int
    remaining: list[Path]
    replacing: int | None  # key of the page they replace
    added: int = 0


@dataclass
class PageEntry:
    """A page in the strip: where it comes from, how it looks, what is wrong with it."""

    key: int
    path: Path
    index: int
    pages_in_file: int
    sha256: str
    image: QImage
    warnings: tuple[PageWarning, ...]
    turns: int = 0

    def ref(self) -> PageRef:
        return PageRef(self.path, self.index, self.sha256, self.turns)


class PageStrip(QListWidget):
    """Thumbnails in reading order. Dragging a page moves it; dropping files adds them."""

    MIME = "application/x-counterdesk-pages"
    files_dropped = Signal(list)
    reordered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""  # shown while there is no page
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)  # laid out by order, not by position
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setIconSize(THUMBNAIL)
        self.setGridSize(QSize(THUMBNAIL.width() + 28, THUMBNAIL.height() + 58))
        self.setSpacing(4)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Static movement switches dragging off; this view handles its own drops.
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )

    def mimeTypes(self) -> list[str]:
        return [*super().mimeTypes(), self.MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        mime = super().mimeData(items)
        keys = [item.data(KEY_ROLE) for item in items]
        mime.setData(self.MIME, json.dumps({"strip": id(self), "keys": keys}).encode())
        return mime

    def _moved_keys(self, mime: QMimeData) -> list[int] | None:
        if not mime.hasFormat(self.MIME):
            return None
        try:
            data = json.loads(bytes(mime.data(self.MIME).data()))
        except ValueError:
            return None
        return data["keys"] if data.get("strip") == id(self) else None

    @staticmethod
    def _dropped_files(mime: QMimeData) -> list[Path]:
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in PAGE_SUFFIXES]

    def _wanted(self, event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> bool:
        mime = event.mimeData()
        return self._moved_keys(mime) is not None or bool(self._dropped_files(mime))

    def dragEnterEvent(self, event: QDragEnterEvent | QDragMoveEvent) -> None:
        if self._wanted(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        keys = self._moved_keys(mime)
        if keys is not None:
            target = self.indexAt(event.position().toPoint())
            self.move_keys(keys, target.row() if target.isValid() else self.count())
        elif files := self._dropped_files(mime):
            self.files_dropped.emit(files)
        else:
            event.ignore()
            return
        # Not a move: the view must not remove the dragged rows after the drop.
        copy = bool(event.possibleActions() & Qt.DropAction.CopyAction)
        event.setDropAction(Qt.DropAction.CopyAction if copy else Qt.DropAction.IgnoreAction)
        event.accept()

    def row_of(self, key: int) -> int:
        return next(
            (row for row in range(self.count()) if self.item(row).data(KEY_ROLE) == key), -1
        )

    def move_keys(self, keys: Sequence[int], target_row: int) -> None:
        """Move the pages `keys` in front of the page now at `target_row` (or to the end)."""
        rows = sorted(r for r in (self.row_of(k) for k in keys) if r >= 0)
        if not rows:
            return
        anchor = self.item(target_row).data(KEY_ROLE) if target_row < self.count() else None
        if anchor in keys:
            return
        items = [self.takeItem(row) for row in reversed(rows)][::-1]
        at = self.row_of(anchor) if anchor is not None else self.count()
        for offset, item in enumerate(items):
            self.insertItem(at + offset, item)
        self.setCurrentItem(items[0])
        self.reordered.emit()


# -- the screen -------------------------------------------------------------------------


class IntakeScreen(Screen):
    """Tiếp nhận hồ sơ: the clerk's form for one dossier, then its result."""

    def __init__(self, service: DeskService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.procedures: list[ProcedureChoice] = []
        self.entries: dict[int, PageEntry] = {}
        self.saved: IntakeResult | None = None
        self.last_slip_pdf: Path | None = None
        self.printed: list[Path] = []  # what print_pdf was given, latest last
        self.print_jobs: list[printing.PrintJob] = []
        self.last_error: str | None = None
        self.card: CitizenCard | None = None
        self.confirm_box: QMessageBox | None = None
        self.loading = 0  # files whose previews are being made
        self.saving = False
        self._keys = itertools.count(1)
        self._generation = 0  # bumped by "New dossier": late results of the old form are dropped
        self._lookup_seq = 0
        self._last_folder = ""
        self._focus_before_save: QWidget | None = None

        # The form scrolls in a small window instead of widening the main window; the
        # message and the actions stay in view below it.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = QWidget()
        scroll.setWidget(content)
        screen_layout = QVBoxLayout(self)
        screen_layout.addWidget(scroll, 1)
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Receive a dossier"))
        heading.setObjectName("screenTitle")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        outer.addWidget(heading)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._citizen_box())
        left.addWidget(self._procedure_box())
        left.addWidget(self._documents_box(), 1)
        left.addWidget(self._result_box())
        columns.addLayout(left, 2)
        columns.addWidget(self._pages_box(), 3)
        outer.addLayout(columns, 1)
        self.message = QLabel()
        self.message.setObjectName("intakeMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        screen_layout.addWidget(self.message)
        actions = QHBoxLayout()
        self.save_button = self._button(self.tr("Save and print slip"), "Ctrl+S", self.save)
        self.save_button.setMinimumHeight(36)
        self.new_button = self._button(self.tr("New dossier"), "Ctrl+N", self.new_dossier)
        self.new_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # where a save leaves it
        actions.addWidget(self.save_button)
        actions.addWidget(self.new_button)
        actions.addStretch(1)
        screen_layout.addLayout(actions)
        # Tab goes through what the clerk types; the buttons answer to their keys.
        chain = [
            self.name_edit,
            self.id_edit,
            self.procedure_combo,
            self.online_check,
            self.eligible_check,
            self.documents_edit,
            self.pages,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._update_pages()

    def _citizen_box(self) -> QGroupBox:
        self.citizen_box = QGroupBox(self.tr("Citizen"))
        form = QFormLayout(self.citizen_box)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("citizenName")
        self.name_edit.setPlaceholderText(self.tr("Full name; a returning citizen is suggested"))
        self.name_edit.setMaxLength(100)
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("citizenId")
        self.id_edit.setPlaceholderText(self.tr("12-digit citizen ID number"))
        self.id_edit.setMaxLength(20)
        self.qr_button = self._button(self.tr("Read ID card QR…"), "Ctrl+Q", self.read_id_card)
        self.card_info = QLabel()
        self.card_info.setObjectName("cardInfo")
        self.card_info.setWordWrap(True)
        form.addRow(self.tr("Full name"), self.name_edit)
        form.addRow(self.tr("ID number"), self.id_edit)
        form.addRow(self.qr_button)
        form.addRow(self.card_info)

        # Returning citizens, looked up in the worker once the clerk pauses typing.
        self.lookup_model = QStandardItemModel(self)
        self.citizen_completer = CitizenCompleter(self.lookup_model, self)
        self.citizen_completer.setCompletionMode(
            QCompleter.CompletionMode.UnfilteredPopupCompletion
        )
        self.name_edit.setCompleter(self.citizen_completer)
        self.citizen_completer.activated[QModelIndex].connect(self._citizen_chosen)
        self.lookup_timer = QTimer(self)
        self.lookup_timer.setSingleShot(True)
        self.lookup_timer.setInterval(LOOKUP_DELAY_MS)
        self.lookup_timer.timeout.connect(self._look_up)
        self.name_edit.textEdited.connect(lambda _text: self.lookup_timer.start())
        self.name_edit.returnPressed.connect(self.id_edit.setFocus)
        return self.citizen_box

    def _procedure_box(self) -> QGroupBox:
        self.procedure_box = QGroupBox(self.tr("Procedure"))
        layout = QVBoxLayout(self.procedure_box)
        combo = self.procedure_combo = QComboBox()
        combo.setObjectName("procedure")
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        combo.lineEdit().setPlaceholderText(self.tr("Type part of the name or code, then choose"))
        completer = self.procedure_completer = FoldingCompleter(combo.model(), self)
        completer.setCompletionRole(FOLD_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        completer.popup().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.id_edit.returnPressed.connect(combo.setFocus)
        self.procedure_info = QLabel()
        self.procedure_info.setObjectName("procedureInfo")
        self.procedure_info.setWordWrap(True)
        combo.currentIndexChanged.connect(self._procedure_chosen)
        combo.editTextChanged.connect(lambda _text: self._show_procedure())
        self.online_check = QCheckBox(self.tr("Submitted online (on the public service portal)"))
        self.eligible_check = QCheckBox(self.tr("The procedure can be done fully online"))
        layout.addWidget(combo)
        layout.addWidget(self.procedure_info)
        layout.addWidget(self.online_check)
        layout.addWidget(self.eligible_check)
        return self.procedure_box

    def _documents_box(self) -> QGroupBox:
        self.documents_box = QGroupBox(self.tr("Documents handed in"))
        layout = QVBoxLayout(self.documents_box)
        self.documents_edit = QPlainTextEdit()
        self.documents_edit.setObjectName("documents")
        self.documents_edit.setTabChangesFocus(True)
        self.documents_edit.setPlaceholderText(
            self.tr("One per line, or separated by commas, e.g. Tờ khai, Giấy khai sinh")
        )
        self.documents_edit.setMinimumHeight(60)
        layout.addWidget(self.documents_edit)
        return self.documents_box

    def _result_box(self) -> QGroupBox:
        """What was saved: hidden until then."""
        self.result_box = QGroupBox(self.tr("Dossier received"))
        self.result_box.setObjectName("intakeResult")
        layout = QVBoxLayout(self.result_box)
        self.result_code = QLabel()
        self.result_code.setObjectName("dossierCode")
        font = QFont(self.result_code.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.result_code.setFont(font)
        self.result_details = QLabel()
        self.result_details.setObjectName("resultDetails")
        # The files as copyable one-line fields: long paths neither wrap nor widen the box.
        self.slip_label = QLabel(self.tr("Receipt and appointment slip:"))
        self.slip_path = self._path_field("slipPath")
        self.document_label = QLabel()
        self.document_label.setObjectName("documentLabel")
        self.document_path = self._path_field("documentPath")
        self.result_warnings = QLabel()
        self.result_warnings.setObjectName("resultWarnings")
        self.print_status = QLabel()
        self.print_status.setObjectName("printStatus")
        for label in (self.result_code, self.result_details, self.result_warnings):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.result_details, self.result_warnings, self.print_status):
            label.setWordWrap(True)
        self.reprint_button = self._button(self.tr("Print the slip again"), "Ctrl+P", self._reprint)
        self.certify_button = self._button(
            self.tr("Certify copies of these originals"), "Ctrl+Return", self.certify_copies
        )
        QShortcut(QKeySequence("Ctrl+Enter"), self.certify_button, self.certify_button.click)
        for widget in (
            self.result_code,
            self.result_details,
            self.slip_label,
            self.slip_path,
            self.document_label,
            self.document_path,
            self.result_warnings,
            self.print_status,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        for button in (self.certify_button, self.reprint_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.result_box.setVisible(False)
        return self.result_box

    @staticmethod
    def _path_field(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setReadOnly(True)
        field.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        return field

    def _pages_box(self) -> QGroupBox:
        self.pages_box = QGroupBox(self.tr("Scanned pages"))
        layout = QVBoxLayout(self.pages_box)
        self.pages = PageStrip()
        self.pages.setObjectName("pageStrip")
        self.pages.placeholder = self.tr(
            "No pages yet. Add the scans or photos of the documents handed in with Ctrl+O, "
            "or drop the files here."
        )
        self.add_button = self._button(self.tr("Add pages…"), "Ctrl+O", self.add_pages)
        self.replace_button = self._button(
            self.tr("Replace page…"), "Ctrl+Shift+O", self.replace_page
        )
        self.rotate_button = self._button(self.tr("Turn right"), "Ctrl+R", self.rotate_page)
        self.up_button = self._button(self.tr("Move earlier"), "Ctrl+Up", self.move_earlier)
        self.down_button = self._button(self.tr("Move later"), "Ctrl+Down", self.move_later)
        # Delete acts in the strip only: elsewhere the key edits text.
        delete_key = QKeySequence(QKeySequence.StandardKey.Delete)
        delete_text = self.tr("Delete page")
        native = delete_key.toString(QKeySequence.SequenceFormat.NativeText)
        self.delete_button = QPushButton(f"{delete_text}  ({native})")
        self.delete_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.delete_button.clicked.connect(self.delete_page)
        QShortcut(
            delete_key,
            self.pages,
            self.delete_button.click,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        tools = QGridLayout()
        buttons = (
            self.add_button,
            self.replace_button,
            self.rotate_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        )
        for n, button in enumerate(buttons):
            tools.addWidget(button, n // 3, n % 3)
        self.page_count = QLabel()
        self.page_count.setObjectName("pageCount")
        self.page_info = QLabel()
        self.page_info.setObjectName("pageInfo")
        self.page_info.setWordWrap(True)
        self.page_info.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.page_info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(tools)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.page_count)
        layout.addWidget(self.page_info)
        self.pages.currentRowChanged.connect(lambda _row: self._show_page_info())
        self.pages.reordered.connect(self._renumber)
        self.pages.files_dropped.connect(self._add_files)
        return self.pages_box

    def _button(self, text: str, key: str, slot: Callable[[], None]) -> QPushButton:
        """A shortcut button that leaves the focus where the clerk is typing."""
        button = shortcut_button(text, key)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- screen life --------------------------------------------------------------------

    def activated(self, **arguments: object) -> None:
        self.refresh()
        if self.saved is None and not self.name_edit.text():
            self.name_edit.setFocus()

    def refresh(self) -> None:
        self.service.call(
            load_procedures,
            self._show_procedures,
            self._failed,
            label=self.tr("Loading the procedure catalog"),
        )

    def _show_procedures(self, procedures: list[ProcedureChoice]) -> None:
        chosen = self.chosen_procedure()
        text = self.procedure_combo.currentText()
        self.procedures = procedures
        combo = self.procedure_combo
        combo.blockSignals(True)
        combo.clear()
        for choice in procedures:
            label = f"{choice.name} ({choice.code})"
            combo.addItem(label, choice.code)
            row = combo.count() - 1
            combo.setItemData(row, fold(label), FOLD_ROLE)
            combo.setItemData(row, label, Qt.ItemDataRole.ToolTipRole)
        row = combo.findData(chosen.code) if chosen else -1
        combo.setCurrentIndex(row)
        if row < 0:
            combo.setEditText(text)
        combo.blockSignals(False)

    def _procedure_chosen(self) -> None:
        # The names are long: show their beginning once chosen (after the completer's text).
        QTimer.singleShot(0, lambda: self.procedure_combo.lineEdit().setCursorPosition(0))
        self._show_procedure()

    def _show_procedure(self) -> None:
        chosen = self.chosen_procedure()
        self.procedure_info.setText(chosen.name if chosen else "")
        self.procedure_info.setVisible(chosen is not None)

    def chosen_procedure(self) -> ProcedureChoice | None:
        """The procedure in the combo: the chosen item, or an exact name or code typed."""
        combo = self.procedure_combo
        text = combo.currentText().strip()
        if not text:
            return None
        row = combo.currentIndex()
        if not (0 <= row < len(self.procedures) and combo.itemText(row) == text):
            folded = fold(text)
            row = next(
                (
                    n
                    for n, p in enumerate(self.procedures)
                    if folded in (fold(p.code), fold(p.name), fold(combo.itemText(n)))
                ),
                -1,
            )
        return self.procedures[row] if row >= 0 else None

    # -- messages -----------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#b71c1c;font-weight:bold" if error else "")

    def _failed(self, message: str) -> None:
        """A core error: in the screen's message line, and in a dialog."""
        self.last_error = message
        self._say(message, error=True)
        show_error(self, self.tr("This cannot be done"), message)

    # -- citizen ------------------------------------------------------------------------

    def _look_up(self) -> None:
        query = self.name_edit.text()
        self._lookup_seq += 1
        seq = self._lookup_seq
        if len([w for w in fold(query).split() if w.isalnum()]) == 0:
            self.lookup_model.clear()
            return
        self.service.call(
            lambda desk: desk.dossiers.search_citizens(query, LOOKUP_LIMIT),
            lambda rows: self._show_matches(seq, query, rows),
            self._failed,
            label=self.tr("Looking up returning citizens"),
        )

    def _show_matches(self, seq: int, query: str, rows: list[dict]) -> None:
        if seq != self._lookup_seq or self.name_edit.text() != query:
            return  # the clerk typed on; a newer look-up follows
        self.lookup_model.clear()
        for row in rows:
            item = QStandardItem(f"{row['full_name']} — {row['id_number']}")
            item.setData(row["full_name"], NAME_ROLE)
            item.setData(row["id_number"], ID_ROLE)
            item.setEditable(False)
            self.lookup_model.appendRow(item)
        if rows and self.name_edit.hasFocus() and self.name_edit.isEnabled():
            self.citizen_completer.setCompletionPrefix(query)
            self.citizen_completer.complete()
        elif not rows:
            self.citizen_completer.popup().hide()

    def _citizen_chosen(self, index: QModelIndex) -> None:
        self.lookup_timer.stop()
        self.name_edit.setText(str(index.data(NAME_ROLE)))
        self.id_edit.setText(str(index.data(ID_ROLE)))
        self.card = None
        self.card_info.setText(self.tr("Returning citizen: details from an earlier dossier."))

    def choose_image(self) -> Path | None:
        """The photo or scan of the ID card's back (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Photo or scan of the ID card's back"),
            self._last_folder,
            self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff)"),
        )
        if not name:
            return None
        self._last_folder = str(Path(name).parent)
        return Path(name)

    def read_id_card(self) -> None:
        if not self.citizen_box.isEnabled():
            return
        path = self.choose_image()
        if path is None:
            return
        generation = self._generation
        self._say(self.tr("Reading the ID card's QR code…"))
        self.service.call(
            lambda desk: desk.read_id_card(path),
            lambda card: self._show_card(generation, card),
            self._failed,
            label=self.tr("Reading the ID card"),
        )

    def _show_card(self, generation: int, card: CitizenCard) -> None:
        if generation != self._generation:
            return
        self.card = card
        self.lookup_timer.stop()
        self.name_edit.setText(card.full_name)
        self.id_edit.setText(card.id_number)
        self.card_info.setText(
            fill(
                self.tr("Born %1 · %2 · %3"),
                f"{card.date_of_birth:%d/%m/%Y}",
                card.sex,
                card.address,
            )
        )
        self._say(self.tr("The ID card was read; check the details against the card."))
        self.procedure_combo.setFocus()

    # -- pages --------------------------------------------------------------------------

    def choose_files(self, title: str) -> list[Path]:
        """Scans, photos or PDFs of the originals (tests replace this)."""
        names, _ = QFileDialog.getOpenFileNames(
            self,
            title,
            self._last_folder,
            self.tr("Scans, photos and PDF files (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"),
        )
        if names:
            self._last_folder = str(Path(names[0]).parent)
        return [Path(name) for name in names]

    def _pages_editable(self) -> bool:
        return self.pages_box.isEnabled()

    def add_pages(self) -> None:
        if self._pages_editable():
            self._add_files(self.choose_files(self.tr("Add pages")))

    def replace_page(self) -> None:
        """Rescan: the selected page gives way to the pages of the files chosen."""
        item = self.pages.currentItem()
        if not self._pages_editable():
            return
        if item is None:
            self._say(self.tr("Select the page to replace first."), error=True)
            return
        self._add_files(self.choose_files(self.tr("Replace page")), replacing=item.data(KEY_ROLE))

    def _add_files(self, paths: list[Path], replacing: int | None = None) -> None:
        """Read the files' pages in the worker; they go at the end, or where the page
        `replacing` stands (it is removed once a replacement has arrived)."""
        if not paths or not self._pages_editable():
            return
        batch = _Batch(self._generation, list(paths), replacing)
        for path in paths:
            self.loading += 1
            self.service.call(
                lambda _desk, p=path: preview_file(p),
                lambda previews, p=path: self._previewed(batch, p, previews),
                lambda message, p=path: self._previewed(batch, p, [], message),
                label=fill(self.tr("Reading %1"), path.name),
            )
        self._update_pages()

    def _previewed(
        self, batch: _Batch, path: Path, previews: list[PagePreview], error: str | None = None
    ) -> None:
        if batch.generation != self._generation:
            return  # the form was cleared meanwhile
        self.loading -= 1
        batch.remaining.remove(path)
        marker = self.pages.row_of(batch.replacing) if batch.replacing is not None else -1
        at = marker if marker >= 0 else self.pages.count()
        items = []
        for offset, preview in enumerate(previews):
            entry = PageEntry(
                next(self._keys),
                preview.path,
                preview.index,
                preview.pages_in_file,
                preview.sha256,
                preview.thumbnail,
                preview.warnings,
            )
            self.entries[entry.key] = entry
            item = QListWidgetItem()
            item.setData(KEY_ROLE, entry.key)
            self.pages.insertItem(at + offset, item)
            items.append(item)
        first_pages = items and not batch.added
        batch.added += len(items)
        if marker >= 0 and not batch.remaining and batch.added:
            self.pages.takeItem(self.pages.row_of(batch.replacing))
            self.entries.pop(batch.replacing, None)
        self._renumber()
        if first_pages:
            self.pages.setCurrentItem(items[0])  # the first page the clerk added
        self._update_pages()
        if error is not None:
            self._failed(error)

    def _entry(self, item: QListWidgetItem) -> PageEntry:
        return self.entries[item.data(KEY_ROLE)]

    def page_entries(self) -> list[PageEntry]:
        """The pages in the order they will be saved."""
        return [self._entry(self.pages.item(row)) for row in range(self.pages.count())]

    def _renumber(self) -> None:
        for row in range(self.pages.count()):
            item = self.pages.item(row)
            entry = self._entry(item)
            self._paint(item, entry, row + 1)
        self._show_page_info()

    def _paint(self, item: QListWidgetItem, entry: PageEntry, number: int) -> None:
        image = entry.image
        if entry.turns % 4:
            image = image.transformed(QTransform().rotate(90 * (entry.turns % 4)))
        item.setIcon(QIcon(QPixmap.fromImage(image)))
        labels = [self.warning_label(w.code) for w in entry.warnings]
        text = str(number) if not labels else f"{number}  ⚠ {', '.join(labels)}"
        item.setText(text)
        item.setBackground(QBrush(WARNING_COLOUR) if labels else QBrush())
        tip = [self._page_origin(entry)] + [w.message for w in entry.warnings]
        item.setToolTip("\n".join(tip))

    def _page_origin(self, entry: PageEntry) -> str:
        if entry.pages_in_file > 1:
            return fill(
                self.tr("%1, page %2 of %3"),
                entry.path.name,
                str(entry.index + 1),
                str(entry.pages_in_file),
            )
        return entry.path.name

    def warning_label(self, code: str) -> str:
        return {
            "blank": self.tr("Blank?"),
            "blur": self.tr("Blurred"),
            "cut_off": self.tr("Cut off"),
            "dark": self.tr("Too dark"),
            "low_resolution": self.tr("Low resolution"),
            "page_not_found": self.tr("Page edges not found"),
            "duplicate": self.tr("Duplicate"),
            "source_interrupted": self.tr("Scan interrupted"),
            "no_text_layer": self.tr("No text layer"),
        }.get(code, code)

    def _show_page_info(self) -> None:
        item = self.pages.currentItem()
        if item is None:
            self.page_info.setText("")
            return
        entry = self._entry(item)
        parts = [
            fill(self.tr("Page %1 of %2"), str(self.pages.row(item) + 1), str(self.pages.count())),
            self._page_origin(entry),
        ]
        if entry.turns % 4:
            parts.append(fill(self.tr("turned %1°"), str(90 * (entry.turns % 4))))
        lines = [" · ".join(parts)]
        lines += [f"⚠ {w.message}" for w in entry.warnings]
        if not entry.warnings:
            lines.append(self.tr("No quality problem found."))
        self.page_info.setText("\n".join(lines))

    def _update_pages(self) -> None:
        count = self.pages.count()
        flagged = sum(1 for e in self.page_entries() if e.warnings)
        text = self.tr("%n page(s)", "", count)
        if flagged:
            text += " · " + self.tr("%n with warnings", "", flagged)
        if self.loading:
            text += " · " + self.tr("reading %n file(s)…", "", self.loading)
        self.page_count.setText(text)
        has_page = self.pages.currentItem() is not None
        for button in (
            self.replace_button,
            self.rotate_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        ):
            button.setEnabled(has_page)
        self._show_page_info()

    def rotate_page(self) -> None:
        item = self.pages.currentItem()
        if item is None or not self._pages_editable():
            return
        entry = self._entry(item)
        entry.turns = (entry.turns + 1) % 4
        self._paint(item, entry, self.pages.row(item) + 1)
        self._show_page_info()

    def _move(self, step: int) -> None:
        item = self.pages.currentItem()
        if item is None or not self._pages_editable():
            return
        row = self.pages.row(item)
        target = row + step
        if not 0 <= target < self.pages.count():
            return
        self.pages.takeItem(row)
        self.pages.insertItem(target, item)
        self.pages.setCurrentItem(item)
        self._renumber()

    def move_earlier(self) -> None:
        self._move(-1)

    def move_later(self) -> None:
        self._move(1)

    def delete_page(self) -> None:
        item = self.pages.currentItem()
        if item is None or not self._pages_editable():
            return
        row = self.pages.row(item)
        self.pages.takeItem(row)
        self.entries.pop(item.data(KEY_ROLE), None)
        if self.pages.count():
            self.pages.setCurrentRow(min(row, self.pages.count() - 1))
        self._renumber()
        self._update_pages()

    # -- save ---------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving or not self.save_button.isEnabled():
            return
        if self.loading:
            self._say(self.tr("Wait until every added file has been read."), error=True)
            return
        received = None
        if self.saved is not None:
            if self.saved.digitize_error is None:
                return  # already saved: "New dossier" starts the next one
            received = (self.saved.dossier, self.saved.slip_pdf)
            procedure = ProcedureChoice(
                self.saved.dossier.procedure_code or "", self.saved.dossier.procedure_name
            )
        else:
            chosen = self.chosen_procedure()
            if chosen is None:
                self._say(self.tr("Choose the procedure from the list."), error=True)
                self.procedure_combo.setFocus()
                return
            procedure = chosen
        documents = split_documents(self.documents_edit.toPlainText())
        request = IntakeRequest(
            procedure_code=procedure.code,
            citizen_name=self.name_edit.text(),
            citizen_id=self.id_edit.text().strip(),
            online=self.online_check.isChecked(),
            online_eligible=self.eligible_check.isChecked(),
            documents=tuple(documents),
            pages=tuple(entry.ref() for entry in self.page_entries()),
            title=document_title(documents, procedure.name),
            received=received,
        )
        self.saving = True
        self.save_button.setEnabled(False)
        # Nothing changes while it is saved; a refused save gives the form back as it was.
        self._focus_before_save = QApplication.focusWidget()
        for box in self._form_boxes():
            box.setEnabled(False)
        self._say(
            self.tr("Saving the dossier and digitizing %n page(s)…", "", len(request.pages))
            if request.pages
            else self.tr("Saving the dossier…")
        )
        self.service.call(
            lambda desk: save_intake(desk, request),
            self._saved,
            self._save_failed,
            label=self.tr("Receiving the dossier"),
        )

    def _form_boxes(self) -> list[QGroupBox]:
        """What the clerk may still change: everything before the dossier is received,
        its pages only after (when they could not be stored)."""
        if self.saved is not None:
            return [self.pages_box]
        return [self.citizen_box, self.procedure_box, self.documents_box, self.pages_box]

    def _save_failed(self, message: str) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        for box in self._form_boxes():
            box.setEnabled(True)
        if self._focus_before_save is not None:
            self._focus_before_save.setFocus()
        self._failed(message)

    def _saved(self, result: IntakeResult) -> None:
        self.saving = False
        self.saved = result
        self.last_slip_pdf = result.slip_pdf
        # The result takes the form's place: what was received is in it.
        for box in (self.citizen_box, self.procedure_box, self.documents_box):
            box.setEnabled(False)
            box.setVisible(False)
        if result.digitized is not None:
            for entry, page in zip(self.page_entries(), result.digitized.pages, strict=False):
                entry.warnings = page.warnings
            self._renumber()
        self._show_result(result)
        self.pages_box.setEnabled(result.digitize_error is not None)
        if result.digitize_error is None:
            self._say(fill(self.tr("Dossier %1 received."), result.dossier.code))
        else:
            self.save_button.setEnabled(True)
            self.last_error = result.digitize_error
            self._say(
                fill(
                    self.tr(
                        "Dossier %1 is received and its slip made, but its pages were not "
                        "stored: %2 Correct the pages and save again to add them to this dossier."
                    ),
                    result.dossier.code,
                    result.digitize_error,
                ),
                error=True,
            )
            show_error(self, self.tr("The pages were not stored"), result.digitize_error)
        self._update_pages()
        if result.first_receipt:
            self.print_pdf(result.slip_pdf)
        self.changed.emit()
        self.new_button.setFocus()

    def _show_result(self, result: IntakeResult) -> None:
        view = result.dossier
        self.result_code.setText(view.code)
        details = [
            fill(self.tr("Citizen: %1 (%2)"), view.citizen_name, view.citizen_id),
            fill(self.tr("Procedure: %1"), view.procedure_name),
            fill(
                self.tr("Documents handed in: %1"),
                ", ".join(result.documents) or self.tr("none listed"),
            ),
            fill(self.tr("Results due: %1"), _local(view.due_at)),
        ]
        self.result_details.setText("\n".join(details))
        self.slip_path.setText(str(result.slip_pdf))
        self.slip_path.setCursorPosition(0)
        digitized = result.digitized
        if digitized is not None:
            self.document_label.setText(
                fill(
                    self.tr("Digitized document no. %1, %n page(s):", "", len(digitized.pages)),
                    str(digitized.document_id),
                )
            )
            self.document_path.setText(str(digitized.pdf_path))
            self.document_path.setCursorPosition(0)
        elif result.digitize_error is None:
            self.document_label.setText(self.tr("No pages were scanned for this dossier."))
        else:
            self.document_label.setText(self.tr("The pages are not stored yet."))
        self.document_path.setVisible(digitized is not None)
        warnings = []
        if digitized is not None:
            warnings += [f"⚠ {w.message}" for w in digitized.warnings]
            for page in digitized.pages:
                warnings += [
                    "⚠ " + fill(self.tr("Page %1: %2"), str(page.index + 1), w.message)
                    for w in page.warnings
                ]
        self.result_warnings.setText("\n".join(warnings))
        self.result_warnings.setVisible(bool(warnings))
        self.certify_button.setEnabled(digitized is not None)
        self.result_box.setVisible(True)

    def print_pdf(self, path: Path) -> None:
        """Print a PDF on this desk's printer (chosen in Settings), in the background.

        With "print to a PDF file" chosen the desk has no printer: the clerk is shown where
        the PDF is. Every PDF asked for is kept in `printed`, the jobs in `print_jobs`.
        """
        self.printed.append(path)
        choice = window_settings(self.service.home).value(PRINTER_KEY)
        if choice == PDF_FILE:
            self.print_status.setText(
                self.tr("This desk prints to PDF files: print the slip from its file above.")
            )
            return
        self.print_status.setText(self.tr("Printing the slip…"))
        job = printing.print_pdf(self.service, self, path, printer_name=str(choice or "") or None)
        self.print_jobs.append(job)
        job.finished.connect(
            lambda pages: self.print_status.setText(
                self.tr("Slip printed: %n page(s) sent to the printer.", "", pages)
            )
        )
        job.failed.connect(self._print_failed)

    def _print_failed(self, message: str) -> None:
        if not message:  # cancelled
            self.print_status.setText(self.tr("Printing cancelled."))
            return
        self.print_status.setText(self.tr("The slip was not printed."))
        show_error(self, self.tr("Printing failed"), message)

    def _reprint(self) -> None:
        if self.last_slip_pdf is not None:
            self.print_pdf(self.last_slip_pdf)

    def certify_copies(self) -> None:
        """Go on to certify copies of the originals just digitized, for the same citizen."""
        if self.saved is None or self.saved.digitized is None:
            return
        view = self.saved.dossier
        self.navigate.emit(
            "certify",
            {
                "document_id": self.saved.digitized.document_id,
                "citizen_name": view.citizen_name,
                "citizen_id": view.citizen_id,
                "document_title": self.saved.title,
            },
        )

    # -- next dossier -------------------------------------------------------------------

    def has_unsaved_input(self) -> bool:
        if self.saved is not None and self.saved.digitize_error is None:
            return False
        return bool(
            self.name_edit.text().strip()
            or self.id_edit.text().strip()
            or self.documents_edit.toPlainText().strip()
            or self.pages.count()
            or self.loading
        )

    def new_dossier(self) -> None:
        if self.saving:
            return
        if not self.has_unsaved_input():
            self.clear()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Start a new dossier?"),
            self.tr("What was typed and the pages added for this dossier will be discarded."),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmNewDossier")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: (
                self.clear()
                if box.standardButton(button) == QMessageBox.StandardButton.Discard
                else None
            )
        )
        self.confirm_box = box
        box.open()

    def clear(self) -> None:
        """An empty form for the next citizen."""
        self._generation += 1
        self.loading = 0
        self.lookup_timer.stop()
        self.lookup_model.clear()
        self.saved = None
        self.card = None
        self.name_edit.clear()
        self.id_edit.clear()
        self.card_info.clear()
        self.procedure_combo.setCurrentIndex(-1)
        self.procedure_combo.clearEditText()
        self.online_check.setChecked(False)
        self.eligible_check.setChecked(False)
        self.documents_edit.clear()
        self.pages.clear()
        self.entries.clear()
        for box in (self.citizen_box, self.procedure_box, self.documents_box, self.pages_box):
            box.setEnabled(True)
            box.setVisible(True)
        self.result_box.setVisible(False)
        self.print_status.clear()
        self.save_button.setEnabled(True)
        self._say("")
        self._update_pages()
        self.name_edit.setFocus()
