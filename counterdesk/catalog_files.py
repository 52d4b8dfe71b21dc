"""Reads procedure lists from CSV and Excel files, and the default catalog shipped in resources/.

Lists come from provincial portals or are typed by the office, so the reader is lenient
where it costs nothing and strict where a mistake would reach a receipt:

- CSV in UTF-8 with or without a byte-order mark (Excel writes one), comma- or
  semicolon-separated (Excel with a Vietnamese locale writes semicolons); XLSX, first sheet.
- The header row may sit below a title: the first 10 rows are searched. Headers are matched
  without regard to case or accents, in Vietnamese or English (see _ALIASES); other columns
  such as "STT" are ignored.
- Dates as YYYY-MM-DD or DD/MM/YYYY; time limits in the grammar of counterdesk.domain.catalog.
- Every problem found is reported at once with its row, column and what to write instead;
  rows are numbered as a spreadsheet shows them (the header row of a plain file is row 1).

A catalog the province publishes through the hub (`procedures_from_data`) is the same list
as JSON, each procedure an object with the fields' own names; its values are read as cells.
"""

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import as_file, files
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from counterdesk.domain.catalog import (
    Procedure,
    duplicate_codes,
    format_time_limit,
    parse_time_limit,
    validate_procedure_code,
)
from counterdesk.domain.vietnamese import fold
from counterdesk.errors import BadInputError

_Table = list[list[str]]

# Vietnamese first: the first name is the one messages show. The field's own name
# ("time_limit", "effective_from"...) is accepted too.
_ALIASES: dict[str, tuple[str, ...]] = {
    "code": (
        "Mã thủ tục",
        "Mã TTHC",
        "Mã số TTHC",
        "Mã số",
        "Mã thủ tục hành chính",
        "Procedure code",
    ),
    "name": ("Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính", "Procedure name"),
    "time_limit": ("Thời hạn giải quyết", "Thời hạn"),
    "fee": ("Phí, lệ phí", "Phí lệ phí", "Lệ phí", "Phí", "Fees"),
    "legal_basis": ("Căn cứ pháp lý",),
    "effective_from": ("Ngày hiệu lực", "Ngày có hiệu lực", "Hiệu lực từ"),
    "field": ("Lĩnh vực",),
}
_REQUIRED = ("code", "name", "time_limit", "fee", "legal_basis", "effective_from")
_HEADER_SEARCH_ROWS = 10
_MAX_PROBLEMS_SHOWN = 20
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)


def _header_key(text: str) -> str:
    """'Phí, lệ phí:' and 'phi, le phi' both give 'phi, le phi'; 'time_limit' gives 'time limit'."""
    return " ".join(fold(text).replace("_", " ").strip(" *:").split())


_FIELD_BY_HEADER = {
    _header_key(alias): field for field in _ALIASES for alias in (*_ALIASES[field], field)
}


@dataclass(frozen=True)
class _Header:
    row: int  # 0-based index in the table
    columns: dict[str, int]  # field -> 0-based column index
    labels: dict[str, str]  # field -> the header as written in the file
    repeated: tuple[tuple[str, int], ...]  # (field, column) of a second column for a field

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(field for field in _REQUIRED if field not in self.columns)

    def place(self, field: str) -> str:
        return f"'{self.labels[field]}' ({_column_letter(self.columns[field])})"


def read_procedures(path: Path) -> list[Procedure]:
    """The procedures listed in a .csv or .xlsx file, in file order."""
    table, header = _read_table(path)
    _check_header(header, path)
    return _procedures(table, header, path)


def procedures_from_data(data: object, what: str) -> list[Procedure]:
    """The procedures of a catalog published through the hub, in its order:

        {"procedures": [{"code": "2.000815.000.00.00.H55", "name": "...",
                         "time_limit": "same_day_cutoff 15:00 +2", "fee": "...",
                         "legal_basis": "...", "effective_from": "2025-01-09",
                         "field": "Chứng thực"}, ...],
         "source": "the decision that published it"}

    "field" and "source" may be left out; values are texts, read and checked as a file's
    cells are. Every problem is reported at once, `what` (e.g. "The hub's catalog") first.
    """
    fields = ", ".join(_PARSERS)
    if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
        raise BadInputError(
            f'{what} cannot be applied: it must be an object with "procedures", a list of '
            f"procedures each with {fields}."
        )
    problems = [
        f"'{key}' is not expected: a catalog has procedures and, optionally, source"
        for key in data
        if key not in ("procedures", "source")
    ]
    procedures: list[Procedure] = []
    numbers: list[int] = []
    for number, entry in enumerate(data["procedures"], 1):
        procedure = _entry_procedure(entry, f"procedure {number}", fields, problems)
        if procedure is not None:
            procedures.append(procedure)
            numbers.append(number)
    problems += _duplicates(procedures, numbers, "listed as procedures", "keep one per code")
    if not problems and not procedures:
        problems.append("it lists no procedures")
    if problems:
        heading = f"{what} cannot be applied; the hub's admin publishes it again corrected:"
        raise BadInputError(_problem_report(heading, problems))
    return procedures


def default_catalog() -> list[Procedure]:
    """The certification procedures shipped with CounterDesk (resources/catalog/)."""
    resource = files("counterdesk.resources") / "catalog" / "procedures.csv"
    with as_file(resource) as path:
        return read_procedures(path)


def _read_table(path: Path) -> tuple[_Table, _Header]:
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise BadInputError(
        f"{path}: only .csv and .xlsx files can be imported. "
        "Open the file in Excel and save it as .xlsx or as CSV UTF-8."
    )


def _read_csv(path: Path) -> tuple[_Table, _Header]:
    text = _decode(path)
    # The delimiter is the one under which the header row is found (comma on a tie):
    # csv.Sniffer guesses wrong on fee texts such as "2.000 đ/trang, tối đa 200.000 đ/bản".
    tables = [_parse_csv(text, delimiter, path) for delimiter in (",", ";")]
    located = [(table, _locate_header(table)) for table in tables]
    return min(located, key=lambda pair: len(pair[1].missing))


def _parse_csv(text: str, delimiter: str, path: Path) -> _Table:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise BadInputError(f"{path} is not a readable CSV file ({error}).") from error


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInputError(f"{path} cannot be read: {error.strerror}.") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInputError(
            f"{path} is not UTF-8 text. In Excel, save it as 'CSV UTF-8 (Comma delimited)' "
            "or as .xlsx."
        ) from error


def _read_xlsx(path: Path) -> tuple[_Table, _Header]:
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError) as error:
        raise BadInputError(
            f"{path} cannot be opened as an Excel workbook ({error}). "
            "Open it in Excel and save it again as .xlsx, without a password."
        ) from error
    sheet = workbook.worksheets[0]
    table = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    return table, _locate_header(table)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _locate_header(table: _Table) -> _Header:
    """The row among the first few that names the most required columns (the first on a tie)."""
    candidates = [_header_at(table, i) for i in range(min(len(table), _HEADER_SEARCH_ROWS))]
    if not candidates:
        return _Header(0, {}, {}, ())
    return max(candidates, key=lambda header: len(_REQUIRED) - len(header.missing))


def _header_at(table: _Table, row: int) -> _Header:
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    repeated: list[tuple[str, int]] = []
    for column, text in enumerate(table[row]):
        field = _FIELD_BY_HEADER.get(_header_key(text))
        if field is None:
            continue
        if field in columns:
            repeated.append((field, column))
        else:
            columns[field] = column
            labels[field] = text.strip()
    return _Header(row, columns, labels, tuple(repeated))


def _check_header(header: _Header, path: Path) -> None:
    if header.missing:
        wanted = "; ".join(f"{_ALIASES[field][0]} ({field})" for field in _REQUIRED)
        missing = ", ".join(_ALIASES[field][0] for field in header.missing)
        raise BadInputError(
            f"{path}: no header row with all the needed columns in the first "
            f"{_HEADER_SEARCH_ROWS} rows; missing: {missing}. "
            f"Name the columns: {wanted}; Lĩnh vực (field) is optional."
        )
    if header.repeated:
        field, column = header.repeated[0]
        raise BadInputError(
            f"{path}: columns {_column_letter(header.columns[field])} and "
            f"{_column_letter(column)} are both read as {_ALIASES[field][0]} ({field}); "
            "rename or delete one of them."
        )


def _procedures(table: _Table, header: _Header, path: Path) -> list[Procedure]:
    problems: list[str] = []
    procedures: list[Procedure] = []
    row_numbers: list[int] = []
    for index in range(header.row + 1, len(table)):
        cells = table[index]
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets often end with blank but formatted rows
        procedure = _procedure(cells, header, index + 1, problems)
        if procedure is not None:
            procedures.append(procedure)
            row_numbers.append(index + 1)
    problems += _duplicates(procedures, row_numbers, "on rows", "keep one row per code")
    if not problems and not procedures:
        problems.append("there are no procedure rows under the header row")
    if problems:
        heading = f"{path} cannot be imported; correct the file and import it again:"
        raise BadInputError(_problem_report(heading, problems))
    return procedures


def _procedure(
    cells: list[str], header: _Header, row: int, problems: list[str]
) -> Procedure | None:
    """The row's procedure, or None after adding what is wrong with it to `problems`."""
    texts = {
        field: cells[column] if column < len(cells) else ""
        for field, column in header.columns.items()
    }
    values = _parsed(texts, lambda field: f"row {row}, column {header.place(field)}", problems)
    return None if values is None else Procedure(**values)


def _entry_procedure(
    entry: object, where: str, fields: str, problems: list[str]
) -> Procedure | None:
    """A published catalog's procedure, or None after adding what is wrong to `problems`."""
    if not isinstance(entry, dict):
        problems.append(f"{where} is not an object with {fields}")
        return None
    found = len(problems)
    texts: dict[str, str] = {}
    for field, value in entry.items():
        if field not in _PARSERS:
            problems.append(f"{where}: '{field}' is not a procedure field; the fields are {fields}")
        elif isinstance(value, str):
            texts[field] = value
        elif value is not None or field in _REQUIRED:
            shown = json.dumps(value, ensure_ascii=False)
            problems.append(f"{where}, {field}: write it as text, not {shown}")
    problems += [f"{where}: {field} is missing" for field in _REQUIRED if field not in entry]
    values = _parsed(texts, lambda field: f"{where}, {field}", problems)
    return None if values is None or len(problems) > found else Procedure(**values)


def _parsed(
    texts: dict[str, str], place: Callable[[str], str], problems: list[str]
) -> dict[str, object] | None:
    """The fields' values read from their texts, or None after adding what is wrong with
    each (at `place(field)`) to `problems`."""
    values: dict[str, object] = {}
    for field, text in texts.items():
        try:
            values[field] = _PARSERS[field](_normalized(text))
        except BadInputError as error:
            problems.append(f"{place(field)}: {error.message}")
    return values if len(values) == len(texts) else None


def _duplicates(procedures: list[Procedure], numbers: list[int], where: str, fix: str) -> list[str]:
    """A problem for each code listed twice, with the numbers of the rows or entries."""
    return [
        f"procedure code {code} is {where} {', '.join(str(numbers[i]) for i in positions)}: {fix}"
        for code, positions in duplicate_codes(procedures).items()
    ]


def _normalized(text: str) -> str:
    # NFC so that text typed with decomposed accents compares equal in a diff; whitespace
    # collapsed so that a cell re-wrapped in Excel does not show as a change.
    return " ".join(unicodedata.normalize("NFC", text).split())


def _required(text: str, hint: str = "") -> str:
    if not text:
        raise BadInputError(f"the cell is empty{hint}")
    return text


def _code(text: str) -> str:
    return validate_procedure_code(_required(text))


def _time_limit(text: str) -> str:
    return format_time_limit(parse_time_limit(_required(text)))


def _fee(text: str) -> str:
    return _required(text, "; write 'Không' when no fee is charged")


def _date(text: str) -> date:
    iso, vn = _ISO_DATE.fullmatch(_required(text)), _VN_DATE.fullmatch(text)
    year_month_day = (iso[1], iso[2], iso[3]) if iso else (vn[3], vn[2], vn[1]) if vn else None
    if year_month_day is not None:
        with suppress(ValueError):  # well-shaped but impossible, such as 31/02/2025
            return date(*map(int, year_month_day))
    raise BadInputError(f"'{text}' is not a date; write it as DD/MM/YYYY (e.g. 09/01/2025)")


def _optional(text: str) -> str | None:
    return text or None


_PARSERS: dict[str, Callable[[str], object]] = {
    "code": _code,
    "name": _required,
    "time_limit": _time_limit,
    "fee": _fee,
    "legal_basis": _required,
    "effective_from": _date,
    "field": _optional,
}


def _problem_report(heading: str, problems: list[str]) -> str:
    shown = problems[:_MAX_PROBLEMS_SHOWN]
    lines = [heading, *shown]
    if len(problems) > len(shown):
        lines.append(f"... and {len(problems) - len(shown)} more")
    return "\n".join(lines)


def _column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA', as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
