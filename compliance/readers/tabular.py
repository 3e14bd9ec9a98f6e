"""Rows out of CSV files, with line numbers.

ERP exports arrive in many encodings and delimiters. We detect the encoding from
the byte-order mark, else try UTF-8, else Windows-1252 when the text reads as Latin
words, else the East Asian legacy encoding whose reading is most coherent text
(GB18030, Big5, Shift_JIS or EUC-KR, judged by charset-normalizer: each of them
"decodes" the others' bytes, into garbage); a file mixing encodings is refused. The
file is decoded as it streams, so memory does not grow with its size. We sniff the
delimiter from the header line. Every row keeps the line it started on, so
findings and rejections point at what a user sees in an editor.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from pathlib import Path
from typing import Iterator

from compliance.model.errors import InputError
from compliance.readers.rows import CellRow, SourceRow, normalize_header

_DELIMITERS = [",", ";", "\t", "|"]


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


def looks_like_latin1(head: bytes) -> bool:
    """True when the non-ASCII bytes read as Windows-1252 letters inside Latin words
    (`Müller`, `Société`, `Größe`) rather than as Chinese.

    GB18030 accepts almost any byte pair, so a Latin-1 file also "decodes" as GB18030, but
    each accented letter then pairs a high byte with the ASCII letter after it; Chinese text
    has long runs of high bytes or four-byte sequences. Only when every run of high bytes is
    one accented letter, or two (`öß`), and most runs touch an ASCII letter do we read the
    file as Windows-1252.
    """
    try:
        text = head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    runs = inside_word = 0
    for match in _HIGH_RUN.finditer(head):
        start, end = match.span()
        if end - start > 2 or (end - start == 2 and not text[start:end].isalpha()):
            return False  # a run of high bytes: Chinese (or UTF-8, already ruled out)
        before = head[start - 1] if start else 0x20
        after = head[end] if end < len(head) else 0x20
        runs += 1
        if chr(before).isalpha() or chr(after).isalpha():
            inside_word += 1
    return runs > 0 and inside_word * 2 > runs


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _refuse_mixed(head: bytes, complete: bool, file: str) -> None:
    """A file whose non-ASCII lines are partly UTF-8 and partly not was pasted together from
    two encodings; any single reading garbles some names, so it is refused, naming a line."""
    lines = head.split(b"\n")
    if not complete:
        lines = lines[:-1]
    utf8 = other = 0
    first_other = 0
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            other += 1
            first_other = first_other or number
    if utf8 and other and utf8 * 5 >= utf8 + other:
        raise InputError(
            f"mixed encodings: {utf8} line(s) are UTF-8 and {other} are not, the first being this one; "
            "save the file in one encoding (UTF-8)",
            file=file, line=first_other,
        )
    if utf8 and other and looks_like_latin1(b"\n".join(l for l in lines if not l.isascii() and not _is_utf8(l))):
        # A few UTF-8 lines pasted into a Windows-1252 file: no single reading keeps every name.
        first_utf8 = next(n for n, l in enumerate(lines, start=1) if not l.isascii() and _is_utf8(l))
        raise InputError(
            f"mixed encodings: this line is UTF-8 but {other} other line(s) are Windows-1252; "
            "save the file in one encoding (UTF-8)",
            file=file, line=first_utf8,
        )


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def detect_encoding(head: bytes, complete: bool, file: str) -> str:
    """Encoding of a file from its head: BOM, else UTF-8, else GB18030 when it reads as
    Chinese, else Windows-1252 (Latin-1) when it reads as that; else a clear error."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if _valid_utf8_prefix(head, complete):
        return "utf-8"
    _refuse_mixed(head, complete, file)
    if looks_like_latin1(head):
        return "cp1252"
    east_asian = east_asian_encoding(head, complete)
    if east_asian is not None:
        return east_asian
    try:
        head.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(head) - 3:
            return "gb18030"  # a character cut at the end of the head
        raise InputError(
            "cannot decode text (tried UTF-8, UTF-16/32 with BOM, GB18030, Big5, Shift_JIS, EUC-KR and Windows-1252); "
            "save the file as UTF-8",
            file=file, line=head[: exc.start].count(b"\n") + 1,
        ) from None


#: The legacy East Asian encodings a CSV export may use → the Windows superset we decode with.
EAST_ASIAN = {"gb18030": "gb18030", "shift_jis": "cp932", "cp932": "cp932", "big5": "cp950", "cp950": "cp950",
              "euc_kr": "cp949", "cp949": "cp949"}


def east_asian_encoding(head: bytes, complete: bool) -> str | None:
    """GB18030, Shift_JIS (cp932), Big5 (cp950) or EUC-KR (cp949): of those that read `head`,
    the one whose reading is made of the most ordinary characters of its character set
    (cjk_tiers), then the least chaotic text; None when none reads it.

    Short texts often read cleanly in two of them (a few Chinese characters are valid
    EUC-KR Hangul or half-width katakana), and the chaos measure alone took "钕铁硼磁铁"
    for Korean; a full tie goes to the encoding listed first in EAST_ASIAN, GB18030 first.
    """
    from charset_normalizer import from_bytes

    from compliance.readers.cjk_tiers import unusualness

    sample = head if complete else head[: head.rfind(b"\n") + 1] or head
    order = list(dict.fromkeys(EAST_ASIAN.values()))
    matches = [(unusualness(str(m), EAST_ASIAN[m.encoding]), round(m.chaos, 2), order.index(EAST_ASIAN[m.encoding]),
                EAST_ASIAN[m.encoding])
               for m in from_bytes(sample, cp_isolation=list(EAST_ASIAN), preemptive_behaviour=False)
               if m.encoding in EAST_ASIAN]
    return min(matches)[3] if matches else None


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


#: Bytes read and decoded at a time while streaming.
CHUNK_BYTES = 1 << 20


def _decoded_chunks(binary, encoding: str, file: str) -> Iterator[str]:
    """Text of a byte stream, a megabyte at a time; an undecodable byte names its line."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    newlines = 0  # in the text decoded so far
    while True:
        data = binary.read(CHUNK_BYTES)
        state = decoder.getstate()
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            probe = codecs.getincrementaldecoder(encoding)("replace")
            probe.setstate(state)
            good = probe.decode(data[: max(0, exc.start - len(state[0]))])
            raise InputError(f"invalid {encoding} byte sequence (mixed encodings or a damaged file)",
                             file=file, line=newlines + good.count("\n") + 1) from None
        if not data:
            if text:
                yield text
            return
        newlines += text.count("\n")
        yield text


def _line_batches(chunks: Iterator[str], file: str, cr_only: bool) -> Iterator[list[str]]:
    """Physical lines of decoded text, a megabyte at a time (the per-line work stays in C),
    checked as they pass: NUL bytes and over-long lines become an InputError naming the
    line. Only `\n` ends a line (U+2028 and friends are data)."""
    carry = ""
    done = 0  # complete lines handed out so far
    for chunk in itertools.chain(chunks, [""]):
        if cr_only:
            chunk = chunk.replace("\r", "\n")
        text = carry + chunk
        if "\x00" in chunk:
            raise InputError("file contains NUL bytes (binary file or wrong encoding?)",
                             file=file, line=done + text[: text.index("\x00")].count("\n") + 1)
        if not chunk:
            if text:
                _check_length([text], done, file)
                yield [text]
            return
        lines = text.split("\n")
        carry = lines.pop()
        if lines:
            lines = [line + "\n" for line in lines]
            _check_length(lines, done, file)
            done += len(lines)
            yield lines
        if len(carry) > MAX_LINE_CHARS:
            _check_length([carry], done, file)


def _check_length(lines: list[str], done: int, file: str) -> None:
    if max(map(len, lines)) > MAX_LINE_CHARS:
        first = next(i for i, line in enumerate(lines) if len(line) > MAX_LINE_CHARS)
        raise InputError(f"line longer than {MAX_LINE_CHARS:,} characters (binary file or a runaway quote?)",
                         file=file, line=done + first + 1)


def read_csv_rows(path: str | Path, display_name: str | None = None) -> tuple[list[str], Iterator[SourceRow]]:
    """Return the normalised headers and an iterator of rows of a CSV file.

    The file is decoded as it streams (memory does not grow with its size); the encoding
    is chosen from its first megabyte, and a later byte that does not fit names its line.
    """
    return _read_csv(path, display_name, positional=False)


def read_csv_cells(path: str | Path, display_name: str | None = None) -> tuple[list[str], Iterator[CellRow]]:
    """`read_csv_rows` for readers of million-row files: a full-width row comes as its
    stripped cells in header order (no dict per row); any other row as its SourceRow."""
    return _read_csv(path, display_name, positional=True)


def _read_csv(path: str | Path, display_name: str | None, positional: bool):
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
    stream = binary
    batches = _line_batches(_decoded_chunks(binary, encoding, file), file, cr_only=b"\r" in head and b"\n" not in head)
    skipped = 0  # blank lines above the header
    try:
        for batch in batches:
            blank = next((i for i, line in enumerate(batch) if line.strip()), None)
            if blank is not None:
                skipped += blank
                first = batch[blank:]
                break
            skipped += len(batch)
        else:
            raise InputError("file is empty", file=file)
    except InputError:
        stream.close()
        raise
    delimiter = sniff_delimiter(first[0])
    header_line = skipped + 1
    reader = csv.reader(itertools.chain(first, itertools.chain.from_iterable(batches)), delimiter=delimiter, strict=True)
    _set_field_limit()
    try:
        header = next(reader)
    except csv.Error as exc:
        stream.close()
        raise InputError(f"malformed CSV header: {_csv_message(exc)}", file=file, line=header_line) from None
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

    def cells_rows() -> Iterator[CellRow]:
        # The hot loop of every reader (a million-row ownership table passes through it):
        # local names, one C-level strip per cell, no work for the common full-width row.
        width = len(headers)
        strip = str.strip
        line_offset = skipped + 1
        try:
            while True:
                start = reader.line_num + line_offset
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise InputError(f"malformed CSV: {_csv_message(exc)}", file=file, line=start) from None
                stripped = list(map(strip, cells))
                if not any(stripped):
                    continue
                count = len(cells)
                if count == width:
                    yield start, stripped, None
                    continue
                if count == 1 and width > 2:
                    _refuse_other_delimiter(cells[0], delimiter, width, file, start)
                yield start, None, SourceRow(start, dict(zip(headers, stripped)), cells[width:], max(0, width - count))
        finally:
            stream.close()

    def rows() -> Iterator[SourceRow]:
        make_row, pairs, no_extra = SourceRow, zip, []
        for start, stripped, ragged in cells_rows():
            yield ragged or make_row(start, dict(pairs(headers, stripped)), no_extra, 0)

    return headers, (cells_rows() if positional else rows())


def _refuse_other_delimiter(cell: str, delimiter: str, width: int, file: str, line: int) -> None:
    """A whole row in one cell, split by another delimiter: the file mixes delimiters, and
    reading on would turn a row into a part number like `A-1,Motor,,1`."""
    for other in _DELIMITERS:
        if other != delimiter and cell.count(other) >= width - 1:
            raise InputError(
                f"this row is separated by {other!r} but the header by {delimiter!r}; save the file with one delimiter",
                file=file, line=line,
            )


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
