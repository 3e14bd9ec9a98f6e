"""Rows out of a JSON file holding a list of objects, with the line each object starts on.

The array is decoded one element at a time (`raw_decode`), so every record keeps the
line number a user sees in an editor. Keys are matched like CSV headers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from compliance.model.errors import InputError
from compliance.readers.rows import SourceRow, normalize_header
from compliance.readers.tabular import decode_bytes


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value).strip()
    return json.dumps(value, ensure_ascii=False)


def read_json_rows(path: str | Path, file: str) -> tuple[list[str], Iterator[SourceRow]]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=file) from None
    text = decode_bytes(raw, file)
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if not text[pos:pos + 1] == "[":
        raise InputError("expected a JSON array of objects ([{...}, ...])", file=file, line=text.count("\n", 0, pos) + 1)
    pos += 1
    records: list[tuple[int, dict]] = []
    line, counted = 1, 0  # newlines are counted once, from the last record on (linear, not quadratic)
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            raise InputError("unterminated JSON array", file=file, line=text.count("\n") + 1)
        if text[pos] == "]":
            break
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno) from None
        except RecursionError:
            raise InputError("invalid JSON: nested too deeply", file=file, line=line) from None
        if not isinstance(value, dict):
            raise InputError(f"expected an object, got {type(value).__name__}", file=file, line=line)
        records.append((line, value))
    headers: list[str] = []
    for _, record in records:
        for key in record:
            name = normalize_header(str(key))
            if name and name not in headers:
                headers.append(name)

    def rows() -> Iterator[SourceRow]:
        for line, record in records:
            cells = {normalize_header(str(k)): _cell(v) for k, v in record.items()}
            yield SourceRow(line=line, cells=cells, extra=[], missing=0)

    return headers, rows()
