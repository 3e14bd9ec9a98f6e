"""How the project declares its data: plain dataclasses, validated by pydantic at the edges.

Rules, findings, reports and list entries are stdlib dataclasses (keyword-only,
slotted). Pydantic validates them wherever data comes from outside — a rule pack, a
list snapshot, a saved report — through a TypeAdapter built on first use, with the
same strictness as before (`extra="forbid"`, constraints and aliases in field
metadata). Code that only builds and prints them, such as a screening run whose
packs and snapshots come from the warm cache, never imports pydantic's internals,
which alone cost more than half the start-up budget of a CI gate.

`jsonable()` is the JSON rendering pydantic's `model_dump(mode="json")` gave:
aliases for field names, enum values, ISO dates, Decimals as strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal
from functools import lru_cache
from pathlib import PurePath
from typing import Any, Callable, TypeVar

T = TypeVar("T")

#: pydantic config of every model (a plain dict: pydantic's ConfigDict is a TypedDict)
STRICT: dict[str, Any] = {"extra": "forbid"}


def model(*, frozen: bool = False, **config: Any) -> Callable[[type[T]], type[T]]:
    """Make a class a keyword-only, slotted dataclass that pydantic validates strictly.

    Field constraints go in `dataclasses.field(metadata=...)` under pydantic's own
    argument names (`alias`, `min_length`, `gt`, `le`, `pattern`, ...).
    """

    def wrap(cls: type[T]) -> type[T]:
        made = dataclasses.dataclass(frozen=frozen, kw_only=True, slots=True)(cls)
        made.__pydantic_config__ = {**STRICT, **config}  # type: ignore[attr-defined]
        return made

    return wrap


def field(default: Any = dataclasses.MISSING, *, factory: Any = dataclasses.MISSING, **metadata: Any) -> Any:
    """A dataclass field with pydantic constraints in its metadata (e.g. `field(alias="from")`)."""
    return dataclasses.field(default=default, default_factory=factory, metadata=metadata)


class DataError(ValueError):
    """Data failed validation: pydantic's error list, without importing pydantic to catch it."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        first = errors[0] if errors else {}
        super().__init__(f"{'.'.join(str(p) for p in first.get('loc', ()))}: {first.get('msg', 'invalid')}")


@lru_cache(maxsize=None)
def adapter(tp: Any) -> Any:
    """The pydantic TypeAdapter of `tp`, built once per process (building one costs milliseconds)."""
    from pydantic import TypeAdapter

    return TypeAdapter(tp)


def validate(tp: type[T] | Any, data: Any) -> T:
    """`data` (plain Python values) validated as `tp`; DataError on failure."""
    from pydantic import ValidationError

    try:
        return adapter(tp).validate_python(data)
    except ValidationError as exc:
        raise DataError(exc.errors(include_url=False)) from None


def validate_json(tp: type[T] | Any, raw: bytes | str) -> T:
    """JSON text validated as `tp` in one pydantic-core call; DataError on failure."""
    from pydantic import ValidationError

    try:
        return adapter(tp).validate_json(raw)
    except ValidationError as exc:
        raise DataError(exc.errors(include_url=False)) from None


def json_schema(tp: Any, mode: str = "validation") -> dict[str, Any]:
    """The JSON Schema pydantic derives for `tp` (field aliases used)."""
    return adapter(tp).json_schema(mode=mode, by_alias=True)


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """(attribute, JSON key, default or MISSING) per field of a dataclass."""
    out = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = dataclasses.MISSING
        out.append((f.name, f.metadata.get("alias", f.name), default))
    return tuple(out)


def jsonable(value: Any, *, exclude_none: bool = False, exclude_defaults: bool = False) -> Any:
    """`value` as plain JSON types: dataclasses become dicts keyed by alias, enums their
    values, dates ISO strings, Decimals strings (as pydantic's JSON mode gives them)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value.value if isinstance(value, enum.Enum) else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for name, key, default in _fields(type(value)):
            item = getattr(value, name)
            if exclude_none and item is None:
                continue
            if exclude_defaults and default is not dataclasses.MISSING and item == default:
                continue
            out[key] = jsonable(item, exclude_none=exclude_none, exclude_defaults=exclude_defaults)
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(jsonable(k)): jsonable(v, exclude_none=exclude_none, exclude_defaults=exclude_defaults) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v, exclude_none=exclude_none, exclude_defaults=exclude_defaults) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"cannot render {type(value).__name__} as JSON")
