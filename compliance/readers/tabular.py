"""Rows out of tabular files (CSV, XLSX, JSON), with line numbers.

ERP exports arrive in many encodings and delimiters. We detect the encoding from
the byte-order mark, else try UTF-8, else GB18030 (Chinese ERP exports), and sniff
the delimiter from the header line. Every row keeps the line it started on, so
findings and rejections point at what a user sees in an editor.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from compliance.errors import InputError

_DELIMITERS = [",", ";", "\t", "|"]


@dataclass(frozen=True)
class SourceRow:
    """One data row: its 1-based line number and its cells keyed by normalised header."""

    line: int
    cells: dict[str, str]
    extra: list[str]  # cells beyond the header (a ragged row)
    missing: int  # how many header columns the row lacks
    sheet: str | None = None  # XLSX: the worksheet the row came from


def normalize_header(name: str) -> str:
    """`Part No.` → `part no`; headers compare case- and punctuation-insensitively."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.strip().casefold())
    return " ".join(cleaned.split())


def decode_bytes(raw: bytes, file: str) -> str:
    """Decode file content: BOM first, then UTF-8, then GB18030."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} byte sequence at byte {exc.start}", file=file) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise InputError(
                "cannot decode text (tried UTF-8, UTF-16 with BOM and GB18030); save the file as UTF-8",
                file=file,
                line=line,
            ) from None


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def read_csv_rows(path: str | Path, display_name: str | None = None) -> tuple[list[str], Iterator[SourceRow]]:
    """Return the normalised headers and an iterator of rows of a CSV file."""
    path = Path(path)
    file = display_name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=file) from None
    text = decode_bytes(raw, file)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("file contains NUL bytes (binary file or wrong encoding?)", file=file, line=line)
    if not text.strip():
        raise InputError("file is empty", file=file)
    first_line = text.splitlines()[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(f"malformed CSV header: {exc}", file=file, line=1) from None
    headers = [normalize_header(h) for h in header]
    seen: dict[str, int] = {}
    for index, name in enumerate(headers):
        if not name:
            raise InputError(f"column {index + 1} has an empty header", file=file, line=1)
        if name in seen:
            raise InputError(f"duplicate column '{header[index].strip()}'", file=file, line=1)
        seen[name] = index

    def rows() -> Iterator[SourceRow]:
        line = reader.line_num + 1
        while True:
            start = line
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(f"malformed CSV: {exc}", file=file, line=start) from None
            line = reader.line_num + 1
            if not cells or all(not c.strip() for c in cells):
                continue
            values = dict(zip(headers, (c.strip() for c in cells)))
            yield SourceRow(
                line=start,
                cells=values,
                extra=cells[len(headers):],
                missing=max(0, len(headers) - len(cells)),
            )

    return headers, rows()


#: file suffix → reader kind for `read_rows`.
TABLE_KINDS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json"}


def read_rows(
    path: str | Path, display_name: str | None = None, sheet: str | None = None
) -> tuple[list[str], Iterator[SourceRow], str]:
    """Headers, rows and the display location of any supported table (by file suffix).

    The location is the display name, plus `!Sheet` for a workbook, so a finding on an
    XLSX row reads `bom.xlsx!BOM:12`.
    """
    file = display_name or str(path)
    kind = TABLE_KINDS.get(Path(path).suffix.casefold(), "csv")
    if sheet is not None and kind != "xlsx":
        raise InputError("--sheet applies to XLSX workbooks only", file=file)
    if kind == "xlsx":
        from compliance.readers.xlsx import read_xlsx_rows

        headers, rows, sheet_name = read_xlsx_rows(path, file, sheet)
        return headers, rows, f"{file}!{sheet_name}"
    if kind == "json":
        from compliance.readers.jsonrows import read_json_rows

        headers, rows = read_json_rows(path, file)
        return headers, rows, file
    headers, rows = read_csv_rows(path, file)
    return headers, rows, file
