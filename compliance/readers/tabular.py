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
import itertools
from pathlib import Path
from typing import Iterator, NamedTuple

from compliance.errors import InputError

_DELIMITERS = [",", ";", "\t", "|"]


class SourceRow(NamedTuple):
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


#: Bytes of the file's head used to choose its encoding; the rest is decoded as it streams.
SNIFF_BYTES = 1 << 20
#: A physical line longer than this is refused (a runaway quote or a binary file), as is a
#: field longer than the csv module's limit; either would otherwise be held in memory whole.
MAX_LINE_CHARS = 1 << 20
MAX_FIELD_CHARS = 1 << 17
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _valid_utf8_prefix(head: bytes, complete: bool) -> bool:
    """True when `head` is UTF-8 (a sequence cut at the end of a partial head is allowed)."""
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return not complete and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"


def _plausible_gb18030(head: bytes) -> bool:
    """Chinese text in GBK/GB18030 is almost all GB2312 characters; Latin-1 bytes read as
    GB18030 come out as rare characters (a high byte paired with an ASCII letter)."""
    try:
        text = head.decode("gb18030", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("gb18030")
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return False
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.9 * len(wide)


def detect_encoding(head: bytes, complete: bool, file: str) -> str:
    """Encoding of a file from its head: BOM, else UTF-8, else GB18030 when it reads as
    Chinese, else Windows-1252 (Latin-1) when it reads as that; else a clear error."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if _valid_utf8_prefix(head, complete):
        return "utf-8"
    try:
        first_bad = head.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        before = head[: exc.start]
        if any(b > 0x7F for b in before):
            line = before.count(b"\n") + 1
            raise InputError(
                "mixed encodings: this line is not UTF-8 but earlier lines are; save the file in one encoding (UTF-8)",
                file=file, line=line,
            ) from None
    if _plausible_gb18030(head):
        return "gb18030"
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        line = head.count(b"\n", 0) + 1
        raise InputError(
            "cannot decode text (tried UTF-8, UTF-16/32 with BOM, GB18030 and Windows-1252); save the file as UTF-8",
            file=file,
        ) from None


def decode_bytes(raw: bytes, file: str) -> str:
    """Decode a whole (small) file's content with the encoding `detect_encoding` picks."""
    encoding = detect_encoding(raw, True, file)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"invalid {encoding} byte sequence", file=file, line=line) from None


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


class _Lines:
    """Physical lines of a text stream for csv.reader, checked as they pass: NUL bytes,
    undecodable bytes and over-long lines become an InputError naming the line."""

    def __init__(self, stream, file: str, encoding: str):
        self.stream, self.file, self.encoding = stream, file, encoding
        self.number = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        try:
            line = self.stream.readline(MAX_LINE_CHARS + 1)
        except UnicodeDecodeError:
            raise InputError(
                f"invalid {self.encoding} byte sequence (mixed encodings or a damaged file)",
                file=self.file, line=self.number + 1,
            ) from None
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > MAX_LINE_CHARS:
            raise InputError(f"line longer than {MAX_LINE_CHARS:,} characters (binary file or a runaway quote?)",
                             file=self.file, line=self.number)
        if "\x00" in line:
            raise InputError("file contains NUL bytes (binary file or wrong encoding?)", file=self.file, line=self.number)
        return line


def read_csv_rows(path: str | Path, display_name: str | None = None) -> tuple[list[str], Iterator[SourceRow]]:
    """Return the normalised headers and an iterator of rows of a CSV file.

    The file is decoded as it streams (memory does not grow with its size); the encoding
    is chosen from its first megabyte, and a later byte that does not fit names its line.
    """
    path = Path(path)
    file = display_name or str(path)
    try:
        binary = open(path, "rb")
        head = binary.read(SNIFF_BYTES)
        complete = len(head) < SNIFF_BYTES
        binary.seek(0)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=file) from None
    try:
        encoding = detect_encoding(head, complete, file)
    except InputError:
        binary.close()
        raise
    stream = io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")
    lines = _Lines(stream, file, encoding)
    try:
        first_line = next(lines)
        while not first_line.strip() and first_line:
            first_line = next(lines)
    except StopIteration:
        stream.close()
        raise InputError("file is empty", file=file) from None
    except InputError:
        stream.close()
        raise
    delimiter = sniff_delimiter(first_line)
    header_line = lines.number
    reader = csv.reader(itertools.chain([first_line], lines), delimiter=delimiter, strict=True)
    _set_field_limit()
    try:
        header = next(reader)
    except csv.Error as exc:
        stream.close()
        raise InputError(f"malformed CSV header: {exc}", file=file, line=header_line) from None
    headers = [normalize_header(h) for h in header]
    seen: dict[str, int] = {}
    for index, name in enumerate(headers):
        problem = None
        if not name:
            problem = InputError(f"column {index + 1} has an empty header", file=file, line=header_line)
        elif name in seen:
            problem = InputError(f"duplicate column '{header[index].strip()}'", file=file, line=header_line)
        if problem:
            stream.close()
            raise problem
        seen[name] = index

    def rows() -> Iterator[SourceRow]:
        width = len(headers)
        try:
            while True:
                start = lines.number + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise InputError(f"malformed CSV: {_csv_message(exc)}", file=file, line=start) from None
                if not cells or all(not c.strip() for c in cells):
                    continue
                yield SourceRow(
                    line=start,
                    cells=dict(zip(headers, (c.strip() for c in cells))),
                    extra=cells[width:],
                    missing=max(0, width - len(cells)),
                )
        finally:
            stream.close()

    return headers, rows()


def _set_field_limit() -> None:
    if csv.field_size_limit() != MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS)


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field longer than {MAX_FIELD_CHARS:,} characters (a runaway quote?)"
    if "unexpected end of data" in text:
        return "unexpected end of file inside a quoted field (an unbalanced quote starts on this line)"
    return text


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
