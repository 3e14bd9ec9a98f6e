"""Write a report as `json.dumps(jsonable(report), indent=2, ensure_ascii=False)` would,
without ever holding the whole document in memory.

A 100,000-line BOM's report lists 100,000 subjects and 100,000 records; turning it into
one dict tree and one string cost seconds per 100,000 lines and several times the
report's size in memory. Here the containers that hold large lists (the report, its
provenance, an input with its records) are walked field by field, and each large list
goes out in batches that orjson serializes straight from the dataclasses. Every batch
is indented to its depth, so the bytes are the same as the one-shot rendering.

Where orjson would write a value differently from `json` — a float below 1e-4 (orjson
writes 0.00001 or 1e-7, `json` 1e-05 or 1e-07), an integer beyond 64 bits, a lone surrogate,
a dict key that is not a string — that batch
is rendered the slow, exact way instead. (Both would differ on NaN: no report holds one;
scores run from 0 to 100.)
"""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from pathlib import PurePath
from typing import Any, BinaryIO

import orjson

from compliance.model.base import _fields, jsonable
from compliance.report.jsonalike import render_alike

#: items serialized per orjson call in a large list: large enough that the per-call cost
#: vanishes, small enough that a batch's bytes are a few hundred kilobytes at most
BATCH = 512

#: no OPT_NON_STR_KEYS: orjson writes a None or True key as "null" / "true", `jsonable` as
#: "None" / "True"; a dict with a key that is not a string takes the exact path instead
_OPTIONS = orjson.OPT_INDENT_2

#: how orjson writes a float below 1e-4, where `json` writes 1e-05 and 1e-07: 0.00001 or 1e-7
_EXPONENT = re.compile(rb"e-[0-9]")  # after a digit
_SMALL = re.compile(rb"0\.0000[0-9]*")


def _small_float(out: bytes) -> bool:
    """Whether orjson's output holds a float below 1e-4 (then `json` would write it otherwise).

    A number token stands after ": " or a line's indent and ends the line (or before a
    comma); inside a string the same characters have other neighbours ("= 0.0000 %").
    Both patterns start with a literal, so a 100 MB report is scanned in a few hundredths of a second.
    """
    for match in _EXPONENT.finditer(out):
        if match.start() and out[match.start() - 1] in b"0123456789":
            return True
    for match in _SMALL.finditer(out):
        before, after = match.start() - 1, match.end()
        if before >= 0 and out[before] == 0x2D:  # a minus sign
            before -= 1
        if (before < 0 or out[before] in b" \n") and (after == len(out) or out[after] in b",\n"):
            return True
    return False


def write_report(value: Any, out: BinaryIO) -> None:
    """Write `value` (a Report, or any value `jsonable` takes) to `out` as indented JSON, newline-terminated."""
    _write(value, 0, out)
    out.write(b"\n")


def _default(value: Any) -> Any:
    """What orjson cannot serialize itself, as `jsonable` renders it."""
    if isinstance(value, (Decimal, PurePath)):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return list(value)
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


def _exact(value: Any) -> bytes:
    return json.dumps(jsonable(value), indent=2, ensure_ascii=False).encode("utf-8")


def dump(value: Any) -> bytes:
    """`value` as indented JSON at depth 0, byte for byte as `json.dumps(..., indent=2)` writes it."""
    try:
        out = orjson.dumps(value, default=_default, option=_OPTIONS)
    except (orjson.JSONEncodeError, TypeError):
        return _exact(value)
    return _exact(value) if _small_float(out) else out


def _large(value: Any) -> bool:
    """Whether `value` is or holds a list longer than one batch (then it is written in pieces)."""
    if isinstance(value, list):
        return len(value) > BATCH or any(_large(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_large(getattr(value, name)) for name, _, _ in _fields(type(value)))
    return False


def _pad(level: int) -> bytes:
    return b"  " * level


def _write(value: Any, level: int, out: BinaryIO) -> None:
    if not _large(value):
        out.write(dump(value).replace(b"\n", b"\n" + _pad(level)))
    elif isinstance(value, list):
        _write_list(value, level, out)
    else:
        _write_fields(value, level, out)


def _write_fields(value: Any, level: int, out: BinaryIO) -> None:
    fields = _fields(type(value))
    out.write(b"{")
    for i, (name, key, _) in enumerate(fields):
        out.write(b"\n" + _pad(level + 1) + orjson.dumps(key) + b": ")
        _write(getattr(value, name), level + 1, out)
        if i < len(fields) - 1:
            out.write(b",")
    out.write(b"\n" + _pad(level) + b"}" if fields else b"}")


def _write_list(items: list, level: int, out: BinaryIO) -> None:
    out.write(b"[\n")
    inner = _pad(level + 1)
    if len(items) <= BATCH:  # a short list of large items (an input with its records)
        for i, item in enumerate(items):
            out.write((b",\n" if i else b"") + inner)
            _write(item, level + 1, out)
    else:
        for start in range(0, len(items), BATCH):
            _write_batch(items[start:start + BATCH], level, start > 0, out)
    out.write(b"\n" + _pad(level) + b"]")


def _write_batch(batch: list, level: int, more: bool, out: BinaryIO) -> None:
    """The items of one batch at their indent, after a comma when items went before.

    A batch of alike records (jsonalike.py) is written from a template. Any other is
    dumped inside `level` one-item lists, so the serializer itself indents its items to
    the list's depth (no second pass over the bytes to indent them); the items are
    written through a view of the output, between the wrappers' brackets."""
    alike = render_alike(batch, level)
    if alike is not None:
        out.write((b",\n" if more else b"") + _pad(level + 1) + alike)
        return
    nested: Any = batch
    for _ in range(level):
        nested = [nested]
    dumped = memoryview(dump(nested))
    opened = sum(2 + 2 * (depth + 1) for depth in range(level))  # b"[\n" + indent, per wrapper
    closed = sum(2 + 2 * depth for depth in range(level))  # b"\n" + indent + b"]", per wrapper
    # the batch as the one-shot rendering would indent it: b"[\n" + indent + items + b"\n" + indent + b"]"
    inner = dumped[opened:len(dumped) - closed]
    if more:
        out.write(b",")
    out.write(inner[1 if more else 2:-(2 * level + 2)])  # b"\n" + indent + items, or (first) indent + items
