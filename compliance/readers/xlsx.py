"""Rows out of an XLSX workbook (first sheet, or the one named), with sheet and row.

openpyxl in read-only mode streams rows, so a 100,000-line ERP export does not load
the whole workbook into memory. Cells become text the way a user sees them: whole
numbers without ".0", dates as ISO dates.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Iterator

from compliance.errors import InputError
from compliance.readers.tabular import SourceRow, normalize_header


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_xlsx_rows(path: str | Path, file: str, sheet: str | None = None) -> tuple[list[str], Iterator[SourceRow], str]:
    """Normalised headers (first non-empty row), row iterator, and the sheet name used."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - declared dependency
        raise InputError("reading XLSX needs openpyxl (pip install openpyxl)", file=file) from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})", file=file) from None
    if sheet is None:
        worksheet = workbook.worksheets[0]
    elif sheet in workbook.sheetnames:
        worksheet = workbook[sheet]
    else:
        raise InputError(f"no sheet named {sheet!r} (sheets: {', '.join(workbook.sheetnames)})", file=file, field="--sheet")
    name = worksheet.title
    where = f"{file}!{name}"
    rows_iter = worksheet.iter_rows(values_only=True)
    header_row = 0
    raw_header: list[str] = []
    for number, values in enumerate(rows_iter, start=1):
        cells = [_text(v) for v in values]
        if any(cells):
            header_row, raw_header = number, cells
            break
    if not raw_header:
        raise InputError("sheet is empty", file=where)
    while raw_header and not raw_header[-1]:
        raw_header.pop()
    headers = [normalize_header(h) for h in raw_header]
    seen: set[str] = set()
    for index, header in enumerate(headers):
        if not header:
            raise InputError(f"column {index + 1} has an empty header", file=where, line=header_row)
        if header in seen:
            raise InputError(f"duplicate column '{raw_header[index]}'", file=where, line=header_row)
        seen.add(header)

    def rows() -> Iterator[SourceRow]:
        try:
            for number, values in enumerate(rows_iter, start=header_row + 1):
                cells = [_text(v) for v in values]
                if not any(cells):
                    continue
                extra = cells[len(headers):]
                yield SourceRow(
                    line=number,
                    cells=dict(zip(headers, cells)),
                    extra=[c for c in extra if c],
                    missing=max(0, len(headers) - len(cells)),
                    sheet=name,
                )
        finally:
            workbook.close()

    return headers, rows(), name
