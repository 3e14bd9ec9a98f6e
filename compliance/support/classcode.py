"""The methods of the project's dataclasses, compiled once per machine instead of every run.

Python's dataclasses write each class's `__init__`, `__repr__`, `__eq__`, ... as source text
and compile it when the class is made: ~300 compiles when a 10-row screening imports its
modules, about a tenth of its start-up. The code compiled from a text depends on that text
and the Python build alone, so it is kept in the warm cache (support/warmcache.py: sealed,
checked before a byte is read back) and a warm run executes it as compiled.

Only classes of this package's modules go through it (the module namespace dataclasses passes
names the module); everything else compiles as before. Where the cache is unavailable, or
dataclasses stops compiling text through `exec` (a later Python), nothing changes but speed.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import sys
from types import CodeType
from typing import Any

#: compiled texts a cache entry keeps at most (the package has a few hundred)
MAX_TEXTS = 5000

_codes: dict[str, CodeType] | None = None  # text → code; None until the first of the package's classes
_new = False  # compiled this run and not yet stored
_loading = False


def install() -> None:
    """Have dataclasses compile the package's methods through `_exec` (idempotent)."""
    if getattr(dataclasses, "exec", None) is not _exec and hasattr(dataclasses, "_create_fn"):
        dataclasses.exec = _exec  # type: ignore[attr-defined]  # the name _create_fn calls


def _exec(source: Any, globals: dict | None = None, locals: dict | None = None) -> None:
    if isinstance(source, str) and globals is not None and str(globals.get("__name__", "")).startswith("compliance."):
        source = _compiled(source)
    builtins.exec(source, globals, locals)


def _compiled(text: str) -> CodeType | str:
    global _codes, _new, _loading
    if _codes is None:
        if _loading:  # a class made while the entry loads: compiled as usual
            return text
        _loading = True
        try:
            _codes = _load()
        finally:
            _loading = False
    code = _codes.get(text)
    if code is None:
        code = compile(text, "<string>", "exec")
        if len(_codes) < MAX_TEXTS:
            if not _new:
                import atexit

                atexit.register(_store)
            _codes[text], _new = code, True
    return code


def _key() -> str:
    from compliance.support import warmcache

    return warmcache.key_of("dataclass methods", sys.version, sys.implementation.cache_tag or "")


def _load() -> dict[str, CodeType]:
    from compliance.support import warmcache

    stored = warmcache.load("class-code", _key(), dict)
    codes: dict[str, CodeType] = {}
    for text, raw in (stored or {}).items():
        try:
            code = marshal.loads(raw)
        except (EOFError, ValueError, TypeError):
            continue
        if isinstance(text, str) and isinstance(code, CodeType):
            codes[text] = code
    return codes


def _store() -> None:
    """Keep this run's compiled texts with the stored ones (at exit: classes are made while importing)."""
    global _new
    if not _new or _codes is None:
        return
    from compliance.support import warmcache

    warmcache.save("class-code", _key(), {text: marshal.dumps(code) for text, code in _codes.items()})
    _new = False
