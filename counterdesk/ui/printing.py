"""Printing PDFs from the desk window: to a printer, to a PDF file, or through a preview.

Qt prints pictures, not PDFs. The pages are rendered on the desk's worker thread (MuPDF is
set up single-threaded there, and the core uses it on that thread), 300 dpi for paper and
less for a preview on screen. Painting the pictures onto the printer happens on a thread
of Qt's pool: Qt supports QPainter on a QPrinter outside the GUI thread, and a long copy
then never freezes the window. Each page is laid full-page on A4, in its own orientation.

The preview dialog asks for its pages on the UI thread; it gets the small screen pictures
at once. When the clerk prints from it, nothing is painted there: its printer's settings
(printer, copies, page range, file name) go to a background job like any other.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QObject, QRectF, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from counterdesk.ui.service import DeskService

if TYPE_CHECKING:
    from counterdesk.desk import Desk
    from counterdesk.documents.render import RenderedPage

log = logging.getLogger(__name__)

PRINT_DPI = 300
PREVIEW_DPI = 100
# The preview holds every page's picture; past this many pages they get smaller.
PREVIEW_FULL_PAGES = 40

_A4 = QPageSize(QPageSize.PageSizeId.A4)


@dataclass(frozen=True)
class PrintTarget:
    """Where and how a job prints: a printer (None: the system's default) or a PDF file."""

    printer_name: str | None = None
    output_file: Path | None = None
    copies: int = 1
    collate: bool = True
    first_page: int = 0  # 1-based page range; 0, 0 prints every page
    last_page: int = 0
    grayscale: bool = False
    duplex: QPrinter.DuplexMode = QPrinter.DuplexMode.DuplexNone
    document_name: str = "CounterDesk"

    @classmethod
    def from_printer(cls, printer: QPrinter) -> PrintTarget:
        """The choices the clerk made in a print or preview dialog."""
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        ranged = printer.printRange() == QPrinter.PrintRange.PageRange
        return cls(
            printer_name=None if to_file else printer.printerName() or None,
            output_file=Path(printer.outputFileName()) if to_file else None,
            copies=max(1, printer.copyCount()),
            collate=printer.collateCopies(),
            first_page=printer.fromPage() if ranged else 0,
            last_page=printer.toPage() if ranged else 0,
            grayscale=printer.colorMode() == QPrinter.ColorMode.GrayScale,
            duplex=printer.duplex(),
            document_name=printer.docName() or "CounterDesk",
        )

    def chosen(self, count: int) -> range:
        """Indexes of the pages to print out of `count`."""
        if self.first_page <= 0:
            return range(count)
        last = self.last_page if self.last_page > 0 else count
        return range(self.first_page - 1, min(last, count))


def _render_file(path: Path, dpi: int) -> list[RenderedPage]:
    """On the desk's worker thread (PyMuPDF is loaded and used there only)."""
    from counterdesk.documents.render import render_pages

    return render_pages(path.read_bytes(), dpi)


def _setup_printer(printer: QPrinter) -> None:
    """A4, the whole sheet (the pages carry their own margins)."""
    printer.setFullPage(True)
    printer.setPageSize(_A4)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def _orientation(width_pt: float, height_pt: float) -> QPageLayout.Orientation:
    if width_pt > height_pt:
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def _page_rect(printer: QPrinter, width_pt: float, height_pt: float) -> QRectF:
    """Where a page goes on the sheet: as large as fits, centred (A4 on A4 fills it)."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = min(paper.width() / width_pt, paper.height() / height_pt)
    width, height = width_pt * scale, height_pt * scale
    return QRectF(
        paper.x() + (paper.width() - width) / 2,
        paper.y() + (paper.height() - height) / 2,
        width,
        height,
    )


def paint_pages(
    painter: QPainter,
    printer: QPrinter,
    pages: Iterable[tuple[QImage, float, float]],
    stop: threading.Event | None = None,
    one_orientation: bool = False,
) -> int:
    """Paint (picture, width pt, height pt) pages one a sheet; returns how many were painted.

    Each sheet takes its page's orientation; with `one_orientation` (the preview, which
    shows every sheet at the first one's size) the sheets keep the first page's and a page
    the other way round is turned a quarter, as it lands on the paper. The painter is
    begun here, once the first sheet is set up; the caller ends it. Returns -1 when the
    printer could not be started.
    """
    painted = 0
    for image, width_pt, height_pt in pages:
        if stop is not None and stop.is_set():
            break
        if painted == 0 or not one_orientation:
            printer.setPageOrientation(_orientation(width_pt, height_pt))
        if painted == 0:
            if not painter.begin(printer):
                return -1
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        else:
            printer.newPage()
        if printer.pageLayout().orientation() == _orientation(width_pt, height_pt):
            painter.drawImage(_page_rect(printer, width_pt, height_pt), image)
        else:
            turned = _page_rect(printer, height_pt, width_pt)
            painter.save()
            painter.translate(turned.center())
            painter.rotate(-90)  # the page's top along the sheet's left edge
            size = turned.size().transposed()
            painter.drawImage(QRectF(-size.width() / 2, -size.height() / 2, *size.toTuple()), image)
            painter.restore()
        painted += 1
    return painted


class PrintJob(QObject):
    """One PDF going to a printer or a file, in the background.

    `finished(pages)` or `failed(message)` comes once, on the UI thread; a cancelled job
    fails with an empty message. `done`, `pages_printed` and `error` tell the same later.
    """

    finished = Signal(int)
    failed = Signal(str)
    _painted = Signal(int)
    _paint_failed = Signal(str)

    def __init__(
        self, service: DeskService, parent: QObject | None, pdf_path: Path, target: PrintTarget
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.pdf_path = Path(pdf_path)
        self.target = target
        self.done = False
        self.pages_printed = 0
        self.error: str | None = None
        self._stop = threading.Event()
        self._painted.connect(self._on_painted)
        self._paint_failed.connect(self._on_failed)

    def start(self) -> PrintJob:
        self.service.call(
            lambda _desk: _render_file(self.pdf_path, PRINT_DPI),
            self._rendered,
            self._on_failed,
            label=self.tr("Preparing the pages to print"),
        )
        return self

    def cancel(self) -> None:
        """Stop before the next page; what was sent to the printer is cancelled too."""
        self._stop.set()

    def _rendered(self, pages: list[RenderedPage]) -> None:
        if self._stop.is_set():
            self._on_failed("")
            return
        messages = {
            "no_printer": self.tr(
                "No printer is installed on this computer. Print to a PDF file and print "
                "that file from another computer."
            ),
            "unknown_printer": self.tr("There is no printer named %1 on this computer."),
            "not_started": self.tr(
                "The printer %1 did not accept the job. Check that it is switched on, "
                "connected and has paper, then print again."
            ),
            "not_written": self.tr(
                "%1 could not be written. Check that the folder exists and the disk or USB "
                "stick is not full or write-protected."
            ),
            "bug": self.tr("Printing stopped because of an unexpected error; see the log file."),
        }
        QThreadPool.globalInstance().start(lambda: self._paint(pages, messages))

    def _paint(self, pages: list[RenderedPage], messages: dict[str, str]) -> None:
        """On a pool thread: make the printer, paint every chosen page, close the job."""
        target = self.target
        try:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if target.output_file is not None:
                printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
                printer.setOutputFileName(str(target.output_file))
                where = str(target.output_file)
            else:
                if not QPrinterInfo.availablePrinters():
                    self._paint_failed.emit(messages["no_printer"])
                    return
                if target.printer_name:
                    printer.setPrinterName(target.printer_name)
                    if not printer.isValid() or printer.printerName() != target.printer_name:
                        self._paint_failed.emit(
                            messages["unknown_printer"].replace("%1", target.printer_name)
                        )
                        return
                where = printer.printerName()
            _setup_printer(printer)
            printer.setDocName(target.document_name)
            printer.setColorMode(
                QPrinter.ColorMode.GrayScale if target.grayscale else QPrinter.ColorMode.Color
            )
            printer.setDuplex(target.duplex)
            chosen = [pages[i] for i in target.chosen(len(pages))]
            if target.output_file is None and target.copies > 1:
                if printer.supportsMultipleCopies():
                    printer.setCopyCount(target.copies)
                    printer.setCollateCopies(target.collate)
                else:  # the driver cannot: the pages go as many times
                    chosen = _repeat(chosen, target.copies, target.collate)
            painter = QPainter()
            count = paint_pages(painter, printer, _decoded(chosen), self._stop)
            if count < 0:
                key = "not_written" if target.output_file is not None else "not_started"
                self._paint_failed.emit(messages[key].replace("%1", where))
                return
            if self._stop.is_set():
                printer.abort()
                painter.end()
                self._discard_output()
                self._paint_failed.emit("")
                return
            if not painter.end():
                key = "not_written" if target.output_file is not None else "not_started"
                self._paint_failed.emit(messages[key].replace("%1", where))
                return
            self._painted.emit(count)
        except Exception:  # a bug: the clerk gets one line, the log gets the traceback
            log.error("printing %s failed:\n%s", self.pdf_path, traceback.format_exc())
            self._discard_output()
            self._paint_failed.emit(messages["bug"])

    def _discard_output(self) -> None:
        if self.target.output_file is not None:
            self.target.output_file.unlink(missing_ok=True)

    @Slot(int)
    def _on_painted(self, count: int) -> None:
        self.done = True
        self.pages_printed = count
        self.finished.emit(count)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.done = True
        self.error = message
        self.failed.emit(message)


def _decoded(pages: Sequence[RenderedPage]) -> Iterator[tuple[QImage, float, float]]:
    """The pictures one at a time: a long copy never holds all of them decoded."""
    for page in pages:
        yield QImage.fromData(page.png, "PNG"), page.width_pt, page.height_pt


def _repeat(pages: list[RenderedPage], copies: int, collate: bool) -> list[RenderedPage]:
    if collate:
        return pages * copies
    return [page for page in pages for _ in range(copies)]


def print_pdf(
    service: DeskService,
    parent: QObject | None,
    pdf_path: Path,
    printer_name: str | None = None,
    to_file: Path | None = None,
    copies: int = 1,
) -> PrintJob:
    """Print `pdf_path` in the background: to `printer_name` (None: the default printer),
    or with `to_file` into that PDF file ("print to PDF"). Watch the returned job."""
    target = PrintTarget(
        printer_name=printer_name,
        output_file=Path(to_file) if to_file is not None else None,
        copies=copies,
        document_name=Path(pdf_path).name,
    )
    return PrintJob(service, parent, pdf_path, target).start()


class PrintPreview(QObject):
    """A print preview of a PDF, opened (not modal) once its pages are rendered.

    `ready` comes when `dialog` is open; `failed(message)` if the file cannot be shown.
    Printing from the dialog starts a PrintJob, announced by `printing(job)` and kept in
    `jobs`.
    """

    ready = Signal()
    failed = Signal(str)
    printing = Signal(object)

    def __init__(
        self,
        service: DeskService,
        parent: QWidget,
        pdf_path: Path,
        copies: int = 1,
        title: str = "",
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.parent_widget = parent
        self.pdf_path = Path(pdf_path)
        self.copies = copies
        self.title = title or self.pdf_path.name
        self.dialog: QPrintPreviewDialog | None = None
        self.jobs: list[PrintJob] = []
        self._pages: list[tuple[QImage, float, float]] = []

    def start(self) -> PrintPreview:
        path = self.pdf_path

        def job(desk: Desk) -> list[RenderedPage]:
            from counterdesk.documents.render import render_pages

            data = path.read_bytes()
            first = render_pages(data, PREVIEW_DPI)
            if len(first) <= PREVIEW_FULL_PAGES:
                return first
            dpi = max(30, int(PREVIEW_DPI * (PREVIEW_FULL_PAGES / len(first)) ** 0.5))
            return render_pages(data, dpi)

        self.service.call(
            job, self._rendered, self._failed, label=self.tr("Preparing the print preview")
        )
        return self

    def _failed(self, message: str) -> None:
        self.failed.emit(message)

    def _rendered(self, pages: list[RenderedPage]) -> None:
        self._pages = [(QImage.fromData(p.png, "PNG"), p.width_pt, p.height_pt) for p in pages]
        dialog = QPrintPreviewDialog(self.parent_widget)
        dialog.setObjectName("printPreview")
        dialog.setWindowTitle(self.tr("Print preview — %1").replace("%1", self.title))
        printer = dialog.printer()
        _setup_printer(printer)
        printer.setDocName(self.pdf_path.name)
        printer.setCopyCount(self.copies)
        printer.setCollateCopies(True)
        printer.setFromTo(0, 0)
        dialog.paintRequested.connect(self._paint_requested)
        dialog.resize(900, 1000)
        self.dialog = dialog
        dialog.open()
        self.ready.emit()

    @Slot(QPrinter)
    def _paint_requested(self, printer: QPrinter) -> None:
        engine = printer.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.Type.Picture:
            painter = QPainter()
            paint_pages(painter, printer, self._pages, one_orientation=True)
            painter.end()
            return
        # Printing for real: the dialog's choices go to a background job at print quality.
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and not (
            printer.outputFileName()
        ):
            return  # no file was chosen to print into
        target = replace(PrintTarget.from_printer(printer), document_name=self.pdf_path.name)
        job = PrintJob(self.service, self.parent_widget, self.pdf_path, target).start()
        self.jobs.append(job)
        self.printing.emit(job)


def print_preview(
    service: DeskService, parent: QWidget, pdf_path: Path, copies: int = 1, title: str = ""
) -> PrintPreview:
    """Open a print preview of `pdf_path` (not modal); printing from it runs in the background."""
    return PrintPreview(service, parent, pdf_path, copies, title).start()
