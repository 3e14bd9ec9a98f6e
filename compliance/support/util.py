"""Small helpers with no better home: file hashing, ISO dates."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from contextlib import contextmanager
from pathlib import Path

from compliance.model.errors import UsageError


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def utc_today() -> dt.date:
    """Today's date in UTC: the default as-of date, the same on every CI runner whatever its zone."""
    return dt.datetime.now(dt.timezone.utc).date()


def parse_iso_date(text: str, option: str) -> dt.date:
    """An ISO date from the command line, or a UsageError naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"invalid date {text!r} (expected YYYY-MM-DD)", field=option) from None


#: set by a short-lived process (the command line): data loaded for the run lives until it exits
_freeze_long_lived = False


def freeze_long_lived_data() -> None:
    """Declare this process short-lived: what `gc_paused(long_lived=True)` loads is then
    moved out of the collector's sight (gc.freeze) instead of being scanned again and again."""
    global _freeze_long_lived
    _freeze_long_lived = True


@contextmanager
def gc_paused(long_lived: bool = False):
    """Pause the cyclic garbage collector around a large, cycle-free batch job.

    Reading and screening a 100,000-line BOM allocates millions of small objects that
    live until the report is built; collections in between find nothing to free and
    cost 4-7 % of the run (measured). Reference counting still frees everything as usual.

    `long_lived`: the block loads data kept for the rest of the process (the warm cache's
    lists and name index, ~1 million objects). Re-enabling the collector would have its
    next passes walk all of it (40-100 ms of a 10-row run) to find nothing; in a
    short-lived process (`freeze_long_lived_data`) it is frozen instead. A library caller
    keeps the ordinary collector: frozen objects are never collected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if long_lived and _freeze_long_lived:
            gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def gc_frozen():
    """Keep the cyclic garbage collector running, but out of everything alive on entry.

    A screening's result (a million-line BOM's records, findings and subjects) lives until
    its report is written; every full collection while the report is built would walk all
    of it and free nothing. Frozen, those objects are skipped, and the garbage the report
    code makes is still collected (pausing the collector instead lets the cyclic garbage
    of the name matcher pile up: +50 % memory on 5,000 party names, measured).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
