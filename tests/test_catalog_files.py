import unicodedata
from dataclasses import replace
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path

import openpyxl
import pytest

from counterdesk.catalog_files import default_catalog, read_procedures
from counterdesk.domain.catalog import Procedure, diff_catalog, parse_time_limit
from counterdesk.errors import BadInputError

VI_HEADER = [
    "STT",
    "Mã thủ tục",
    "Tên thủ tục",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Căn cứ pháp lý",
    "Ngày hiệu lực",
    "Lĩnh vực",
]
COPY_ROW = [
    "1",
    "2.000815.000.00.00.H55",
    "Chứng thực bản sao từ bản chính",
    "same_day_cutoff 15:00 +2",
    "2.000 đ/trang (từ trang 3: 1.000 đ/trang), tối đa 200.000 đ/bản",
    "Nghị định 23/2015/NĐ-CP; Thông tư 226/2016/TT-BTC",
    "09/01/2025",
    "Chứng thực",
]
SIGNATURE_ROW = [
    "2",
    "2.000884.000.00.00.H55",
    "Chứng thực chữ ký",
    "same_day_cutoff 15:00",
    "10.000 đ/trường hợp",
    "Nghị định 23/2015/NĐ-CP",
    "01/07/2025",
    "",
]
COPY = Procedure(
    code="2.000815.000.00.00.H55",
    name="Chứng thực bản sao từ bản chính",
    time_limit="same_day_cutoff 15:00 +2",
    fee="2.000 đ/trang (từ trang 3: 1.000 đ/trang), tối đa 200.000 đ/bản",
    legal_basis="Nghị định 23/2015/NĐ-CP; Thông tư 226/2016/TT-BTC",
    effective_from=date(2025, 1, 9),
    field="Chứng thực",
)
SIGNATURE = Procedure(
    code="2.000884.000.00.00.H55",
    name="Chứng thực chữ ký",
    time_limit="same_day_cutoff 15:00",
    fee="10.000 đ/trường hợp",
    legal_basis="Nghị định 23/2015/NĐ-CP",
    effective_from=date(2025, 7, 1),
    field=None,
)


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    def quoted(cell: str) -> str:
        if delimiter in cell or '"' in cell or "\n" in cell:
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "\r\n".join(delimiter.join(quoted(cell) for cell in row) for row in rows) + "\r\n"


def write_csv(
    path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    path.write_bytes(csv_text(rows, delimiter).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def import_error(path: Path) -> str:
    with pytest.raises(BadInputError) as raised:
        read_procedures(path)
    return raised.value.message


# --- CSV ----------------------------------------------------------------------------------


def test_excel_csv_with_bom_semicolons_title_row_and_vietnamese_dates(tmp_path: Path) -> None:
    rows = [["DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC CHỨNG THỰC"], [], VI_HEADER]
    rows += [COPY_ROW, SIGNATURE_ROW, [""] * 8]
    path = write_csv(tmp_path / "danh-muc.csv", rows, delimiter=";", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_procedures(path) == [COPY, SIGNATURE]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_with_english_headers_in_the_first_row_and_iso_dates(
    tmp_path: Path, encoding: str
) -> None:
    rows = [
        ["code", "name", "time_limit", "fee", "legal_basis", "effective_from"],
        [
            SIGNATURE.code,
            SIGNATURE.name,
            SIGNATURE.time_limit,
            SIGNATURE.fee,
            SIGNATURE.legal_basis,
            "2025-07-01",
        ],
    ]
    assert read_procedures(write_csv(tmp_path / "list.csv", rows, encoding=encoding)) == [SIGNATURE]


def test_headers_match_without_accents_or_case_and_columns_in_any_order(tmp_path: Path) -> None:
    header = ["NGAY HIEU LUC", "can cu phap ly", "Phi, le phi:", "THỜI HẠN", "Tên TTHC", "Mã TTHC"]
    row = [
        "1/7/2025",
        SIGNATURE.legal_basis,
        SIGNATURE.fee,
        SIGNATURE.time_limit,
        SIGNATURE.name,
        SIGNATURE.code,
    ]
    assert read_procedures(write_csv(tmp_path / "x.csv", [header, row])) == [SIGNATURE]


def test_text_is_normalised_so_a_rewrapped_or_decomposed_cell_is_no_change(
    tmp_path: Path,
) -> None:
    row = SIGNATURE_ROW[:]
    row[2] = unicodedata.normalize("NFD", "Chứng thực\n  chữ ký ")
    row[3] = "same_day_cutoff   15:00"
    (procedure,) = read_procedures(write_csv(tmp_path / "x.csv", [VI_HEADER, row]))
    assert procedure == SIGNATURE
    assert diff_catalog([SIGNATURE], [procedure]).unchanged == 1


def test_time_limits_are_stored_in_canonical_form(tmp_path: Path) -> None:
    row = SIGNATURE_ROW[:]
    row[3] = "same_day_cutoff 9:00 +2"
    (procedure,) = read_procedures(write_csv(tmp_path / "x.csv", [VI_HEADER, row]))
    assert procedure.time_limit == "same_day_cutoff 09:00 +2"


def test_bad_cells_are_all_reported_with_row_column_and_fix(tmp_path: Path) -> None:
    bad_code = COPY_ROW[:]
    bad_code[1] = "2.000815"
    bad_date = SIGNATURE_ROW[:]
    bad_date[6] = "31/02/2025"
    no_fee = SIGNATURE_ROW[:]
    no_fee[1] = "2.001035.000.00.00.H55"
    no_fee[4] = ""
    free_text_limit = SIGNATURE_ROW[:]
    free_text_limit[1] = "2.000913.000.00.00.H55"
    free_text_limit[3] = "Ngay trong ngày"
    path = write_csv(tmp_path / "bad.csv", [VI_HEADER, bad_code, bad_date, no_fee, free_text_limit])
    message = import_error(path)
    assert str(path) in message
    assert "row 2, column 'Mã thủ tục' (B): '2.000815' is not a procedure code" in message
    assert "row 3, column 'Ngày hiệu lực' (G): '31/02/2025' is not a date" in message
    assert "DD/MM/YYYY" in message
    assert "row 4, column 'Phí, lệ phí' (E): the cell is empty; write 'Không'" in message
    assert "row 5, column 'Thời hạn giải quyết' (D): Time limit 'Ngay trong ngày'" in message


def test_many_problems_are_cut_short(tmp_path: Path) -> None:
    rows = [VI_HEADER]
    for i in range(25):
        row = COPY_ROW[:]
        row[6] = f"day {i}"
        rows.append(row)
    message = import_error(write_csv(tmp_path / "bad.csv", rows))
    assert "row 21," in message
    assert "row 22," not in message
    assert message.endswith("... and 5 more")


def test_duplicate_codes_are_refused_naming_the_code_and_rows(tmp_path: Path) -> None:
    again = COPY_ROW[:]
    again[2] = "Chứng thực bản sao (trùng)"
    rows = [VI_HEADER, COPY_ROW, SIGNATURE_ROW, again]
    message = import_error(write_csv(tmp_path / "dup.csv", rows))
    assert "procedure code 2.000815.000.00.00.H55 is on rows 2, 4" in message


def test_a_missing_column_is_named_with_the_headers_to_use(tmp_path: Path) -> None:
    header = [h for h in VI_HEADER if h != "Căn cứ pháp lý"]
    rows = [header, [c for c, h in zip(COPY_ROW, VI_HEADER, strict=True) if h != "Căn cứ pháp lý"]]
    message = import_error(write_csv(tmp_path / "x.csv", rows))
    assert "missing: Căn cứ pháp lý" in message
    assert "Mã thủ tục (code)" in message


def test_two_columns_for_one_field_are_refused(tmp_path: Path) -> None:
    rows = [[*VI_HEADER, "Lệ phí"], [*COPY_ROW, "2.000 đ"]]
    message = import_error(write_csv(tmp_path / "x.csv", rows))
    assert "columns E and I are both read as Phí, lệ phí (fee)" in message


def test_a_header_without_rows_is_refused(tmp_path: Path) -> None:
    message = import_error(write_csv(tmp_path / "x.csv", [VI_HEADER]))
    assert "no procedure rows" in message


def test_a_legacy_encoded_csv_is_refused_with_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes("Mã TTHC;Tên TTHC\n".encode("cp1252"))  # Excel's plain "CSV" on Windows
    assert "save it as 'CSV UTF-8" in import_error(path)


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert "only .csv and .xlsx" in import_error(path)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    assert "cannot be read" in import_error(tmp_path / "gone.csv")


# --- XLSX ---------------------------------------------------------------------------------


def test_xlsx_with_title_row_date_cells_and_number_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Danh mục thủ tục hành chính"],
        VI_HEADER,
        [1, *COPY_ROW[1:6], datetime(2025, 1, 9), "Chứng thực"],
        [2, *SIGNATURE_ROW[1:4], 10000, SIGNATURE_ROW[5], "01/07/2025", None],
        [None] * 8,
    ]
    path = write_xlsx(tmp_path / "danh-muc.xlsx", rows)
    assert read_procedures(path) == [COPY, replace(SIGNATURE, fee="10000")]


def test_xlsx_errors_use_spreadsheet_row_numbers(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Tiêu đề"],
        VI_HEADER,
        COPY_ROW,
        [2, "2.000884", *SIGNATURE_ROW[2:]],
    ]
    message = import_error(write_xlsx(tmp_path / "bad.xlsx", rows))
    assert "row 4, column 'Mã thủ tục' (B)" in message


def test_a_corrupt_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    assert "cannot be opened as an Excel workbook" in import_error(path)


# --- default catalog ----------------------------------------------------------------------


def test_default_catalog_loads_with_unique_valid_codes() -> None:
    catalog = default_catalog()
    codes = [p.code for p in catalog]
    assert len(codes) == len(set(codes))
    for procedure in catalog:
        parse_time_limit(procedure.time_limit)
        assert procedure.fee and procedure.legal_basis and procedure.field == "Chứng thực"
    assert diff_catalog(catalog, default_catalog()).unchanged == len(catalog)


def test_default_catalog_covers_copies_signatures_and_contracts() -> None:
    by_code = {p.code: p for p in default_catalog()}
    paper = by_code["2.000815.000.00.00.H55"]
    electronic = by_code["2.000815.000.00.00.H55.02"]
    assert paper.time_limit == electronic.time_limit == "same_day_cutoff 15:00 +2"
    assert "tối đa 200.000 đ/bản" in paper.fee
    assert "điện tử" in electronic.name
    assert by_code["2.000884.000.00.00.H55"].fee == "10.000 đ/trường hợp"
    assert by_code["2.001035.000.00.00.H55"].time_limit == "working_days 2"


def test_every_default_code_has_its_source_recorded() -> None:
    sources = files("counterdesk.resources").joinpath("catalog", "SOURCES.md").read_text("utf-8")
    for procedure in default_catalog():
        assert f"| {procedure.code} |" in sources


def test_an_imported_list_diffs_against_the_default_catalog(tmp_path: Path) -> None:
    current = default_catalog()
    rows = [VI_HEADER]
    for i, procedure in enumerate(current[:3], start=1):
        fee = "15.000 đ/trường hợp" if procedure.code.startswith("2.000884") else procedure.fee
        rows.append(
            [
                str(i),
                procedure.code,
                procedure.name,
                procedure.time_limit,
                fee,
                procedure.legal_basis,
                procedure.effective_from.strftime("%d/%m/%Y"),
                procedure.field or "",
            ]
        )
    diff = diff_catalog(current, read_procedures(write_csv(tmp_path / "new.csv", rows)))
    assert [(old.code, names) for old, _, names in diff.changed] == [
        ("2.000884.000.00.00.H55", ("fee",))
    ]
    assert diff.unchanged == 2
    assert len(diff.withdrawn) == len(current) - 3
    assert diff.added == ()
