"""Batches of alike records written from one template, byte for byte as orjson writes them.

A 100,000-line BOM's report lists a subject and a record reference per line; most
subjects are clear and differ only in part number and row. orjson reads a dataclass
field by field (about three times the time of a dict), so such a batch is written from
a template instead: the first item serialized by orjson itself with placeholders for the
fields that vary, the varying values (strings by orjson, integers as digits) put in by
one C-level `bytes %` per item. A batch that does not fit (another class, a constant
field that is not the very same object, a value of another type) returns None and is
serialized item by item as before.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from itertools import repeat
from operator import attrgetter, is_, itemgetter
from typing import Any

import orjson

from compliance.model.report import RecordRef
from compliance.model.subjects import SubjectVerdict

#: class → its fields that vary from item to item, with their one accepted type
VARYING: dict[type, dict[str, type]] = {
    SubjectVerdict: {"subject": str, "kind": str, "file": str, "row": int},
    RecordRef: {"row": int, "id": str},
}

_templates: dict[tuple[type, int], tuple[tuple, bytes]] = {}  # (class, depth) → (constants, template)


def render_alike(batch: list, level: int) -> bytes | None:
    """The items of `batch` (a list at indent `level`) as orjson writes them inside that
    list, joined by its item separator; None when the batch is not alike."""
    cls = type(batch[0])
    varying = VARYING.get(cls)
    if varying is None or not all(map(is_, map(type, batch), repeat(cls))):
        return None
    constants = list(map(_constants(cls), batch))
    first = constants[0]
    if constants.count(first) != len(batch):
        return None
    for i, value in enumerate(first):  # equal is not enough where equal values write differently (0 == False)
        if not (value is None or type(value) is str or (type(value) in (list, dict, tuple) and not value)):
            if not all(map(is_, map(itemgetter(i), constants), repeat(value))):
                return None
    columns = []
    for name, kind in varying.items():
        values = list(map(attrgetter(name), batch))
        if not all(map(is_, map(type, values), repeat(kind))):
            return None
        column = _strings(values) if kind is str else list(map(b"%d".__mod__, values))
        if column is None:
            return None
        columns.append(column)
    template = _template(batch[0], level, varying, first)
    if template is None:
        return None
    return (b",\n" + b"  " * (level + 1)).join(map(template.__mod__, zip(*columns)))


def _strings(values: list[str]) -> list[bytes] | None:
    """Each string as orjson writes it (without its quotes), from one orjson call for them
    all (a call per string costs more than the string); None when the output holds an
    escape: without one, every quote in it opens or closes a string, and `","` separates two."""
    try:
        dumped = orjson.dumps(values)  # b'["a","b",...]'
    except orjson.JSONEncodeError:
        return None  # a lone surrogate: the exact path decides
    if b"\\" in dumped:
        return None  # an escape (a quote, a backslash, a control character) could hide a `","` inside a string
    if dumped.count(b'","') != len(values) - 1:
        return None
    return dumped[2:-2].split(b'","')  # the template holds their quotes


@lru_cache(maxsize=None)
def _constants(cls: type):
    """A function: item → the values of its class's fields that do not vary (a tuple)."""
    names = [f.name for f in dataclasses.fields(cls) if f.name not in VARYING[cls]]
    getter = attrgetter(*names)
    return getter if len(names) > 1 else (lambda item: (getter(item),))


def _template(item: Any, level: int, varying: dict[str, type], constants: tuple) -> bytes | None:
    """orjson's bytes of `item` at its depth with `%b` where each varying field goes."""
    cls = type(item)
    known = _templates.get((cls, level))
    if known is not None and len(known[0]) == len(constants) and all(map(is_, known[0], constants)):
        return known[1]
    marks = {name: f"\u2063alike-{i}\u2063" for i, name in enumerate(varying)}
    nested: Any = dataclasses.replace(item, **marks)
    for _ in range(level + 1):
        nested = [nested]
    dumped = orjson.dumps(nested, option=orjson.OPT_INDENT_2)
    start, end = dumped.index(b"{"), dumped.rindex(b"}") + 1
    text = dumped[start:end].replace(b"%", b"%%")
    for name, mark in marks.items():
        placeholder = orjson.dumps(mark)
        if text.count(placeholder) != 1:
            return None
        text = text.replace(placeholder, b'"%b"' if varying[name] is str else b"%b")
    _templates[(cls, level)] = (constants, text)  # the constants kept alive beside the template
    return text
