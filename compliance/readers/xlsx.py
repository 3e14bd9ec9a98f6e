"""Rows out of an XLSX workbook (first sheet, or the one named), with sheet and row.

openpyxl in read-only mode streams rows, so a 100,000-line ERP export does not load
the whole workbook into memory. Cells become text the way a user sees them: whole
numbers without ".0", dates as ISO dates.

A workbook is an untrusted zip: its declared sizes are checked before anything is
inflated (zip bombs), the cells read are counted against a limit, and whatever
openpyxl raises on a malformed part becomes one InputError. A formula whose result
was never saved (files written by scripts) would read as an empty cell, so the
formulas are read alongside the values and such a cell rejects its row.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from pathlib import Path
from typing import Iterator

from compliance.model.errors import InputError
from compliance.readers.rows import SourceRow, normalize_header

#: Limits for untrusted workbooks (a 100,000-line, 12-column BOM is ~1.2 M cells, ~60 MB inflated).
MAX_UNCOMPRESSED_BYTES = 1 << 30  # all parts together, as declared in the zip directory
MAX_COMPRESSION_RATIO = 200  # per part larger than 1 MB; real sheets compress 5-20x
MAX_PARTS = 10_000
MAX_CELLS = 20_000_000  # cells read (padded rows included)
MAX_COLUMNS = 1_000


def check_archive(path: str | Path, file: str) -> None:
    """Refuse zip bombs from the zip directory, before any part is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - zipfile raises NotImplementedError, ValueError, ... on damaged archives
        raise _unreadable(exc, file) from None
    if len(infos) > MAX_PARTS:
        raise InputError(f"workbook has {len(infos)} parts (limit {MAX_PARTS}); refusing a possible zip bomb", file=file)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            f"workbook inflates to {total:,} bytes (limit {MAX_UNCOMPRESSED_BYTES:,}); refusing a possible zip bomb", file=file
        )
    for info in infos:
        if info.file_size > 1 << 20 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise InputError(
                f"part {info.filename} compresses {info.file_size // max(info.compress_size, 1)}:1 "
                f"(limit {MAX_COMPRESSION_RATIO}:1); refusing a possible zip bomb",
                file=file,
            )


def _unreadable(exc: BaseException, file: str, line: int | None = None) -> InputError:
    """openpyxl raises many types on malformed parts (ParseError, KeyError, TypeError...)."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return InputError(f"not a readable XLSX workbook ({type(exc).__name__}: {detail})", file=file, line=line)


def _cell_ref(column: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}" if 1 <= column <= 18278 else f"R{row}C{column}"


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


def _open(path, file: str, data_only: bool):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # noqa: BLE001 - untrusted file, third-party parser: any failure is "unreadable"
        raise _unreadable(exc, file) from None


def _sheet_rows(worksheet, where: str) -> Iterator[tuple]:
    """Rows of values, with openpyxl's failures and the cell limit turned into InputError."""
    worksheet.reset_dimensions()  # a lying <dimension> would pad every row to 16,384 columns
    cells = 0
    number = 0
    iterator = worksheet.iter_rows(values_only=True)
    while True:
        try:
            values = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - see _open
            raise _unreadable(exc, where, number + 1) from None
        number += 1
        cells += len(values)
        if cells > MAX_CELLS:
            raise InputError(f"more than {MAX_CELLS:,} cells; refusing a possible cell bomb", file=where, line=number)
        yield values


def read_xlsx_rows(path: str | Path, file: str, sheet: str | None = None) -> tuple[list[str], Iterator[SourceRow], str]:
    """Normalised headers, row iterator, and the sheet name used."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # pragma: no cover - declared dependency
        raise InputError("reading XLSX needs openpyxl (pip install openpyxl)", file=file) from None
    check_archive(path, file)
    workbook = _open(path, file, data_only=True)
    formulas_book = _open(path, file, data_only=False)
    if not workbook.worksheets:
        raise InputError("workbook has no worksheets", file=file)
    if sheet is None:
        worksheet = workbook.worksheets[0]
    elif sheet in workbook.sheetnames:
        worksheet = workbook[sheet]
    else:
        raise InputError(f"no sheet named {sheet!r} (sheets: {', '.join(workbook.sheetnames)})", file=file, field="--sheet")
    name = worksheet.title
    where = f"{file}!{name}"
    value_rows = _sheet_rows(worksheet, where)
    formula_rows = _sheet_rows(formulas_book[name], where)
    pairs = _checked(zip(value_rows, formula_rows), where)
    header_row, raw_header, pairs = _header(pairs)
    if not raw_header:
        raise InputError("sheet is empty", file=where)
    while raw_header and not raw_header[-1]:
        raw_header.pop()
    if len(raw_header) > MAX_COLUMNS:
        raise InputError(f"header has {len(raw_header)} columns (limit {MAX_COLUMNS})", file=where, line=header_row)
    headers = [normalize_header(h) for h in raw_header]
    seen: set[str] = set()
    for index, header in enumerate(headers):
        if not header:
            raise InputError(
                f"column {index + 1} ({_cell_ref(index + 1, header_row)}) has an empty header (a merged header cell?)",
                file=where, line=header_row,
            )
        if header in seen:
            raise InputError(f"duplicate column '{raw_header[index]}' ({_cell_ref(index + 1, header_row)})", file=where, line=header_row)
        seen.add(header)

    def rows() -> Iterator[SourceRow]:
        try:
            for number, values in pairs:
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
            formulas_book.close()

    return headers, rows(), name


def _checked(pairs, where: str) -> Iterator[tuple[int, tuple]]:
    """(row number, values); a formula without a saved result would silently read as empty."""
    for number, (values, formulas) in enumerate(pairs, start=1):
        for column, (value, formula) in enumerate(zip(values, formulas), start=1):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                raise InputError(
                    f"cell {_cell_ref(column, number)} holds a formula with no saved result ({formula[:60]}); "
                    "open and save the workbook in a spreadsheet program, or paste values",
                    file=where, line=number,
                )
        yield number, values


def _header(pairs: Iterator[tuple[int, tuple]]) -> tuple[int, list[str], Iterator[tuple[int, tuple]]]:
    """The header row and the rows after it: the first non-empty row, unless it is a lone
    title cell (often merged across the table) above a wider row."""
    title: tuple[int, list[str]] | None = None
    for number, values in pairs:
        cells = [_text(v) for v in values]
        filled = sum(1 for c in cells if c)
        if filled == 0:
            continue
        if filled == 1 and title is None:
            title = (number, cells)
            continue
        if title is not None and filled <= 1:
            return title[0], title[1], itertools.chain([(number, values)], pairs)  # a one-column table
        return number, cells, pairs
    return (title[0], title[1], pairs) if title else (0, [], pairs)
