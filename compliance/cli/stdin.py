"""`screen parties -`: a table piped in on stdin, read by the same readers as a file.

CSV, a JSON array, JSON lines (one object per line) or an XLSX workbook are accepted. The text goes to a
temporary file named by its format, so line numbers in errors and findings are the
lines of the piped text.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _as_json_array(lines: list[str]) -> str:
    """JSON lines → one JSON array whose n-th object still starts on line n."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    out = list(lines)
    for position, i in enumerate(filled):
        text = out[i].rstrip()
        if position == 0:
            text = "[" + text
        text += "," if position < len(filled) - 1 else "]"
        out[i] = text
    return "\n".join(out) if filled else "[]"


def table_text(raw: bytes) -> tuple[str, bytes]:
    """(suffix, bytes to read) for piped input: an XLSX workbook, a JSON array, JSON lines,
    or else CSV."""
    if raw.startswith(b"PK\x03\x04"):  # a zip container: an XLSX workbook
        return ".xlsx", raw
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"[":
        return ".json", raw
    if head == b"{":
        text = raw.decode("utf-8-sig", errors="strict") if raw else ""
        return ".json", _as_json_array(text.splitlines()).encode("utf-8")
    return ".csv", raw


@contextmanager
def stdin_table() -> Iterator[Path]:
    """The piped table as a temporary file (removed afterwards)."""
    from compliance.model.errors import InputError

    raw = sys.stdin.buffer.read()
    if not raw.strip():
        raise InputError("no rows on stdin (pipe a CSV, a JSON array or JSON lines)", file="<stdin>")
    try:
        suffix, data = table_text(raw)
    except UnicodeDecodeError as exc:
        raise InputError(f"JSON lines must be UTF-8 ({exc.reason} at byte {exc.start})", file="<stdin>") from None
    handle, name = tempfile.mkstemp(prefix="compliance-stdin-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield Path(name)
    finally:
        os.unlink(name)
