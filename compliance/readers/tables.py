"""Any supported table file → header and rows, by file suffix (see `interface.TableFormat`)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from compliance.model.errors import InputError
from compliance.readers.interface import TableFormat
from compliance.readers.rows import CellRow, SourceRow


class CsvFormat(TableFormat):
    name, suffixes = "csv", (".csv", ".txt", ".tsv")

    def read(self, path, file, sheet):
        from compliance.readers.tabular import read_csv_rows

        headers, rows = read_csv_rows(path, file)
        return headers, rows, file


class XlsxFormat(TableFormat):
    name, suffixes, has_sheets = "xlsx", (".xlsx", ".xlsm"), True

    def read(self, path, file, sheet):
        from compliance.readers.xlsx import read_xlsx_rows

        headers, rows, sheet_name = read_xlsx_rows(path, file, sheet)
        return headers, rows, f"{file}!{sheet_name}"


class JsonFormat(TableFormat):
    name, suffixes = "json", (".json",)

    def read(self, path, file, sheet):
        from compliance.readers.jsonrows import read_json_rows

        headers, rows = read_json_rows(path, file)
        return headers, rows, file


#: every table format; a file with another suffix is read as CSV (ERP exports name files freely)
FORMATS: tuple[TableFormat, ...] = (CsvFormat(), XlsxFormat(), JsonFormat())
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}


def format_for(path: str | Path) -> TableFormat:
    """The format that reads `path`, by its suffix (CSV when the suffix is unknown)."""
    return _BY_SUFFIX.get(Path(path).suffix.casefold(), FORMATS[0])


def read_rows(
    path: str | Path, display_name: str | None = None, sheet: str | None = None
) -> tuple[list[str], Iterator[SourceRow], str]:
    """Headers, rows and the display location of any supported table (by file suffix).

    The location is the display name, plus `!Sheet` for a workbook, so a finding on an
    XLSX row reads `bom.xlsx!BOM:12`.
    """
    file = display_name or str(path)
    fmt = format_for(path)
    if sheet is not None and not fmt.has_sheets:
        raise InputError("--sheet applies to XLSX workbooks only", file=file)
    return fmt.read(path, file, sheet)


def read_cell_rows(
    path: str | Path, display_name: str | None = None, sheet: str | None = None
) -> tuple[list[str], Iterator[CellRow], str]:
    """`read_rows` for readers of million-row tables: a full-width CSV row comes as its
    cells in header order (rows.CellRow), every other row (XLSX, JSON, ragged) as its
    SourceRow, so a reader keeps one code path for the rows that need a closer look."""
    if format_for(path) is not FORMATS[0] or sheet is not None:
        headers, rows, where = read_rows(path, display_name, sheet)
        return headers, ((row.line, None, row) for row in rows), where
    from compliance.readers.tabular import read_csv_cells

    file = display_name or str(path)
    headers, rows = read_csv_cells(path, file)
    return headers, rows, file
