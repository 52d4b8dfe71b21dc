"""The seven one-stop forms (Circular 03/2025/TT-VPCP, Annex I) as A4 PDFs.

The wording lives in resources/legal/forms.toml, versioned by effective date; this module
only lays it out. Each builder is pure: records in, PDF bytes out.
"""

import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any

import pymupdf

from counterdesk.documents.fonts import font
from counterdesk.documents.layout import A4, MARGIN, Align, PageWriter
from counterdesk.domain.records import Office, Signer
from counterdesk.domain.versions import in_force
from counterdesk.domain.vietnamese import document_date

LANDSCAPE = pymupdf.Rect(0, 0, A4.height, A4.width)
# Where national_header() centres its two blocks; the issuer and the place-date line follow them.
ISSUER_CENTRE = MARGIN + 105
NATIONAL_CENTRE = A4.width - MARGIN - 135
ISSUER_WIDTH = 200  # keeps a long office name clear of the national name
BODY_SIZE = 12
LEADING = 17
PARAGRAPH_GAP = 3
TABLE_SIZE = 9
CELL_LEADING = 11
CELL_PAD = 4
SIGNATURE_HEIGHT = 110
CONTROL_WIDTHS = {
    "number": 24,
    "step": 100,
    "handler": 84,
    "handed_at": 88,
    "due_at": 88,
    "outcome": 70,
    "sign": 56,
}
BOOK_WIDTHS = {
    "number": 22,
    "code": 88,
    "procedure": 150,
    "citizen": 90,
    "address": 100,
    "received": 56,
    "due": 56,
    "finished": 56,
    "returned": 56,
    "sign": 40,
    "note": 43,
}
SIGN_ROW_HEIGHT = 44  # room for two initials in the control sheet's signature cell


@dataclass(frozen=True)
class FormDossier:
    code: str
    citizen_name: str
    citizen_id: str
    citizen_address: str | None
    procedure_name: str
    received_at: datetime  # office-local
    due_at: datetime  # office-local
    documents: tuple[str, ...]
    receiver_name: str


@dataclass(frozen=True)
class SupplementRequest:
    items: tuple[str, ...]
    reason: str
    issued_at: datetime  # office-local


@dataclass(frozen=True)
class Refusal:
    legal_basis: str  # e.g. "khoản 2 Điều 22 Nghị định số 23/2015/NĐ-CP"
    reason: str
    issued_at: datetime  # office-local


@dataclass(frozen=True)
class Extension:
    reason: str
    new_due_at: datetime  # office-local
    issued_at: datetime  # office-local
    signer: Signer


@dataclass(frozen=True)
class StopNotice:
    reason: str
    issued_at: datetime  # office-local
    signer: Signer


@dataclass(frozen=True)
class ControlStep:
    step: str
    handler: str
    handed_at: datetime  # office-local
    due_at: datetime  # office-local
    outcome: str  # "Trước hạn", "Đúng hạn", "Quá hạn", or "" while the step is open


@dataclass(frozen=True)
class BookEntry:
    code: str
    citizen_name: str
    citizen_address: str | None
    procedure_name: str
    received_at: datetime  # office-local
    due_at: datetime  # office-local
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class _Wording:
    effective_from: date
    text: Mapping[str, Any]


@cache
def _wordings() -> tuple[_Wording, ...]:
    raw = (files("counterdesk.resources") / "legal" / "forms.toml").read_text(encoding="utf-8")
    return tuple(_Wording(v["effective_from"], v) for v in tomllib.loads(raw)["version"])


def _wording_on(day: date) -> Mapping[str, Any]:
    return in_force(_wordings(), day).text


def _moment(wording: Mapping[str, Any], at: datetime) -> str:
    """Hour and day, as an appointment must state them (Circular 01/2020/TT-BTP Art. 2(1))."""
    return wording["moment"].format(hour=at.hour, minute=at.minute, date=document_date(at.date()))


def _moment_short(wording: Mapping[str, Any], at: datetime | None) -> str:
    if at is None:
        return ""
    return wording["moment_short"].format(
        hour=at.hour, minute=at.minute, day=at.day, month=at.month, year=at.year
    )


def _fill(template: str, values: Mapping[str, str | None]) -> str | None:
    """The template with its values, or None when one is missing so the line is left out.

    An unknown placeholder raises KeyError: that is a typo in forms.toml, not missing data.
    """
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    if any(values[name] is None for name in names):
        return None
    return template.format_map(values)


def _width(text: str, size: float, bold: bool = False) -> float:
    return font(bold).text_length(text, fontsize=size)


def _wrap(text: str, size: float, width: float, bold: bool = False) -> list[tuple[str, float]]:
    """Greedy word wrap into (line, size) pairs.

    A single word wider than the line (a long code, an address without spaces) is shrunk to
    fit instead of being cut or running off the page.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return [(line, min(size, size * width / _width(line, size, bold))) for line in lines]


@dataclass
class _Flow:
    """Writes downwards over as many pages as the content needs; `y` is the top of free space.

    A page's text is written out before the next page is added: adding a page makes PyMuPDF
    drop the Page objects it handed out earlier.
    """

    doc: pymupdf.Document
    paper: pymupdf.Rect
    y: float = 0
    _writer: PageWriter | None = None

    def __enter__(self) -> "_Flow":
        return self

    def __exit__(self, *exc: object) -> None:
        self._close_page()

    @property
    def writer(self) -> PageWriter:
        if self._writer is None:
            raise RuntimeError("no page started")
        return self._writer

    @property
    def right(self) -> float:
        return self.paper.width - MARGIN

    @property
    def bottom(self) -> float:
        # Leaves a band under the text for the page number.
        return self.paper.height - MARGIN - 14

    def _close_page(self) -> None:
        if self._writer is not None:
            self._writer.__exit__()  # PageWriter writes its text on exit
            self._writer = None

    def new_page(self) -> None:
        self._close_page()
        page = self.doc.new_page(width=self.paper.width, height=self.paper.height)
        self._writer = PageWriter(page)
        self.y = MARGIN

    def need(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def paragraph(
        self, text: str, size: float = BODY_SIZE, bold: bool = False, indent: float = 0
    ) -> None:
        for line, line_size in _wrap(text, size, self.right - MARGIN - indent, bold):
            self.need(LEADING)
            self.writer.line(line, MARGIN + indent, self.y + LEADING - 4, line_size, bold)
            self.y += LEADING

    def centred(self, text: str, size: float, bold: bool = False) -> None:
        centre = self.paper.width / 2
        for line, line_size in _wrap(text, size, self.right - MARGIN, bold):
            self.need(LEADING)
            self.writer.line(line, centre, self.y + LEADING - 4, line_size, bold, Align.CENTER)
            self.y += LEADING


def _number_pages(doc: pymupdf.Document, template: str) -> None:
    """'Trang 2/5' at the foot of every page, once the page count is known."""
    if doc.page_count < 2:
        return
    for index in range(doc.page_count):
        page = doc[index]
        with PageWriter(page) as writer:
            text = template.format(page=index + 1, pages=doc.page_count)
            writer.line(text, page.rect.width / 2, page.rect.height - 24, 10, align=Align.CENTER)


def _issuer(writer: PageWriter, office: Office, y: float) -> float:
    """The issuing body above the national header's left side; returns the y below it.

    Drawn here rather than by national_header() because a long office name wraps, and every
    line of the issuing body is bold (Decree 30/2020/NĐ-CP, Annex I), not only the last.
    """
    parent = office.province.upper() if office.province else ""
    lines = [(p, size, False) for p, size in _wrap(parent, 11, ISSUER_WIDTH)]
    lines += [(n, size, True) for n, size in _wrap(office.name.upper(), 11, ISSUER_WIDTH, True)]
    for i, (text, size, bold) in enumerate(lines):
        writer.line(text, ISSUER_CENTRE, y + 14 * i, size, bold, Align.CENTER)
    last, size, bold = lines[-1]
    half = _width(last, size, bold) / 2
    writer.rule(ISSUER_CENTRE - half / 2, ISSUER_CENTRE + half / 2, y + 14 * len(lines) - 9)
    return y + 14 * len(lines) + 6


def _start(flow: _Flow, wording: Mapping[str, Any], office: Office, day: date | None) -> None:
    """First page with the two-sided header and, when dated, the place and date under it."""
    flow.new_page()
    top = MARGIN + 14
    bottom = max(_issuer(flow.writer, office, top), flow.writer.national_header([], top))
    if day is not None:
        place = wording["place_date"].format(place=office.place, date=document_date(day))
        size = flow.writer.fit_size(place, 12, 2 * (A4.width - MARGIN - NATIONAL_CENTRE))
        flow.writer.line(place, NATIONAL_CENTRE, top + 42, size, align=Align.CENTER)
        bottom = max(bottom, top + 52)
    flow.y = bottom + 14


def _dossier_values(
    wording: Mapping[str, Any], office: Office, dossier: FormDossier
) -> dict[str, str | None]:
    return {
        "office_name": office.name,
        "code": dossier.code,
        "citizen_name": dossier.citizen_name,
        "citizen_id": dossier.citizen_id,
        "citizen_address": dossier.citizen_address,
        "procedure_name": dossier.procedure_name,
        "receiver_name": dossier.receiver_name,
        "received_at": _moment(wording, dossier.received_at),
        "received_date": document_date(dossier.received_at.date()),
        "due_at": _moment(wording, dossier.due_at),
    }


def _paragraphs(flow: _Flow, templates: Sequence[str], values: Mapping[str, str | None]) -> None:
    for template in templates:
        text = _fill(template, values)
        if text is not None:
            flow.paragraph(text)
            flow.y += PARAGRAPH_GAP


def _signatures(
    flow: _Flow, blocks: Sequence[Mapping[str, str]], values: Mapping[str, str | None]
) -> None:
    """Caption, hint and the signer's printed name, side by side; one block sits on the right."""
    flow.y += 10
    flow.need(SIGNATURE_HEIGHT)
    centres = [flow.right - 120] if len(blocks) == 1 else [MARGIN + 120, flow.right - 120]
    column = 230
    for centre, block in zip(centres, blocks, strict=True):
        caption = (_fill(block["caption"], values) or "").upper()
        rows = [(caption, 12, True, 12), (block["hint"], 11, False, 27)]
        name = _fill(block["name"], values) or ""
        # A long name wraps upwards from the foot of the block, leaving the space to sign.
        name_lines = _wrap(name, 12, column, bold=True)
        for i, (line, size) in enumerate(name_lines):
            dy = SIGNATURE_HEIGHT - 8 - LEADING * (len(name_lines) - 1 - i)
            rows.append((line, size, True, dy))
        for text, size, bold, dy in rows:
            fitted = flow.writer.fit_size(text, size, column, bold)
            flow.writer.line(text, centre, flow.y + dy, fitted, bold, Align.CENTER)
    flow.y += SIGNATURE_HEIGHT


def _finish(doc: pymupdf.Document, title: str, subject: str, office: Office, form_no: str) -> bytes:
    doc.set_metadata(
        {
            "title": title,
            "subject": subject,
            "author": office.name,
            "keywords": f"{form_no}; {office.code}",
            "creator": "CounterDesk",
            "producer": "CounterDesk",
        }
    )
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True)


def _letter(
    section: str,
    office: Office,
    dossier: FormDossier,
    issued_at: datetime,
    extra: Mapping[str, str],
    items: Sequence[str] = (),
) -> bytes:
    """The layout shared by forms 01-05: header, title, code, paragraphs, a list, signatures."""
    wording = _wording_on(issued_at.date())
    text = wording[section]
    values = {**_dossier_values(wording, office, dossier), **extra}
    doc = pymupdf.open()
    with _Flow(doc, A4) as flow:
        _start(flow, wording, office, issued_at.date())
        flow.centred(text["title"], 13, bold=True)
        flow.centred(wording["code_line"].format(code=dossier.code), BODY_SIZE)
        flow.y += 12
        _paragraphs(flow, text["before"], values)
        if "list_heading" in text:
            flow.paragraph(text["list_heading"])
            for number, item in enumerate(items, start=1):
                flow.paragraph(wording["list_item"].format(number=number, text=item), indent=18)
        _paragraphs(flow, text.get("after", ()), values)
        _signatures(flow, text["signatures"], values)
    _number_pages(doc, wording["page_number"])
    return _finish(doc, text["title"], dossier.code, office, text["form_no"])


def receipt_and_appointment(office: Office, dossier: FormDossier) -> bytes:
    """Mẫu số 01: the receipt with the return time as hour and day."""
    return _letter("receipt", office, dossier, dossier.received_at, {}, dossier.documents)


def supplement_request(office: Office, dossier: FormDossier, request: SupplementRequest) -> bytes:
    """Mẫu số 02: what the citizen must add or complete, and why."""
    extra = {"reason": request.reason}
    return _letter("supplement", office, dossier, request.issued_at, extra, request.items)


def refusal(office: Office, dossier: FormDossier, decision: Refusal) -> bytes:
    """Mẫu số 03: refusal to receive the dossier, with its legal basis."""
    extra = {"reason": decision.reason, "legal_basis": decision.legal_basis}
    return _letter("refusal", office, dossier, decision.issued_at, extra)


def apology_and_extension(office: Office, dossier: FormDossier, extension: Extension) -> bytes:
    """Mẫu số 04: apology for the delay and the new return time."""
    wording = _wording_on(extension.issued_at.date())
    extra = {
        "reason": extension.reason,
        "new_due_at": _moment(wording, extension.new_due_at),
        "signer_title": extension.signer.title,
        "signer_name": extension.signer.name,
    }
    return _letter("apology", office, dossier, extension.issued_at, extra)


def stop_notice(office: Office, dossier: FormDossier, notice: StopNotice) -> bytes:
    """Mẫu số 05: the office stops handling the dossier."""
    extra = {
        "reason": notice.reason,
        "signer_title": notice.signer.title,
        "signer_name": notice.signer.name,
    }
    return _letter("stop", office, dossier, notice.issued_at, extra)


def _table(
    flow: _Flow,
    labels: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[str]],
    min_height: float = 0,
) -> None:
    """A ruled table whose header row repeats at the top of every page it runs onto."""

    def wrapped(cells: Sequence[str], bold: bool) -> list[list[tuple[str, float]]]:
        return [
            _wrap(cell, TABLE_SIZE, width - 2 * CELL_PAD, bold)
            for cell, width in zip(cells, widths, strict=True)
        ]

    def height(cells: list[list[tuple[str, float]]]) -> float:
        return max(len(lines) for lines in cells) * CELL_LEADING + 2 * CELL_PAD + 2

    def draw(cells: list[list[tuple[str, float]]], row_height: float, bold: bool) -> None:
        x = MARGIN
        for lines, width in zip(cells, widths, strict=True):
            flow.writer.page.draw_rect(
                pymupdf.Rect(x, flow.y, x + width, flow.y + row_height), color=(0, 0, 0), width=0.6
            )
            for i, (text, size) in enumerate(lines):
                baseline = flow.y + CELL_PAD + TABLE_SIZE + i * CELL_LEADING
                if bold:
                    flow.writer.line(text, x + width / 2, baseline, size, True, Align.CENTER)
                else:
                    flow.writer.line(text, x + CELL_PAD, baseline, size)
            x += width
        flow.y += row_height

    header = wrapped(labels, bold=True)
    header_height = height(header)
    # A header alone at the foot of a page is useless: keep room for one row under it.
    flow.need(header_height + max(min_height, CELL_LEADING + 2 * CELL_PAD))
    draw(header, header_height, bold=True)
    for row in rows:
        cells = wrapped(row, bold=False)
        row_height = max(height(cells), min_height)
        if flow.y + row_height > flow.bottom:
            flow.new_page()
            draw(header, header_height, bold=True)
        draw(cells, row_height, bold=False)


def control_sheet(office: Office, dossier: FormDossier, steps: Sequence[ControlStep]) -> bytes:
    """Mẫu số 06: who held the dossier, from when, until when, and with what result."""
    wording = _wording_on(dossier.received_at.date())
    text = wording["control"]
    labels = [text["columns"][key] for key in CONTROL_WIDTHS]
    rows = [
        [
            str(number),
            step.step,
            step.handler,
            _moment_short(wording, step.handed_at),
            _moment_short(wording, step.due_at),
            step.outcome,
            "",
        ]
        for number, step in enumerate(steps, start=1)
    ]
    doc = pymupdf.open()
    with _Flow(doc, A4) as flow:
        _start(flow, wording, office, dossier.received_at.date())
        flow.centred(text["title"], 13, bold=True)
        flow.centred(wording["code_line"].format(code=dossier.code), BODY_SIZE)
        flow.y += 12
        _paragraphs(flow, text["before"], _dossier_values(wording, office, dossier))
        flow.y += 8
        _table(flow, labels, list(CONTROL_WIDTHS.values()), rows, SIGN_ROW_HEIGHT)
    _number_pages(doc, wording["page_number"])
    return _finish(doc, text["title"], dossier.code, office, text["form_no"])


def tracking_book(office: Office, start: date, end: date, entries: Sequence[BookEntry]) -> bytes:
    """Mẫu số 07: the dossiers received in a period, on landscape pages with numbers."""
    wording = _wording_on(end)
    text = wording["book"]
    labels = [text["columns"][key] for key in BOOK_WIDTHS]
    rows = [
        [
            str(number),
            entry.code,
            entry.procedure_name,
            entry.citizen_name,
            entry.citizen_address or "",
            _moment_short(wording, entry.received_at),
            _moment_short(wording, entry.due_at),
            _moment_short(wording, entry.finished_at),
            _moment_short(wording, entry.returned_at),
            "",
            entry.note,
        ]
        for number, entry in enumerate(entries, start=1)
    ]
    period = text["period"].format(start=document_date(start), end=document_date(end))
    doc = pymupdf.open()
    with _Flow(doc, LANDSCAPE) as flow:
        _start(flow, wording, office, None)
        flow.centred(text["title"], 13, bold=True)
        flow.centred(period, BODY_SIZE)
        flow.y += 8
        _table(flow, labels, list(BOOK_WIDTHS.values()), rows)
    _number_pages(doc, wording["page_number"])
    return _finish(doc, f"{text['title']} {period}", period, office, text["form_no"])
