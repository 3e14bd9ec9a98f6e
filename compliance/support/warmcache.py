"""Derived data kept between runs: validated rule packs and list snapshots, the name index.

Validating 23 rule packs and 10 list snapshots with pydantic costs more than a CI gate
should spend starting up, and gives the same answer every time the files are the same.
So the validated objects are pickled under a key made of the sha256 of everything they
were derived from: the source files' bytes and the source code of the modules that
read them. A changed pack, snapshot, model or reader gives a new key, so nothing stale
is ever used.

The cache lives under `$XDG_CACHE_HOME/compliance/` (default `~/.cache/compliance/`),
never in the repository; `COMPLIANCE_CACHE_DIR` overrides it. A cache entry that cannot
be read or written is rebuilt or skipped silently: the cache only saves time. Entries
unused for PRUNE_AFTER_DAYS are removed when a new entry of their kind is written, so
the folder does not grow with every snapshot update.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from compliance.support.util import gc_paused

T = TypeVar("T")

#: entries not read for this long are deleted when another entry of their kind is written
PRUNE_AFTER_DAYS = 30


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("COMPLIANCE_CACHE_DIR"):
        return Path(env["COMPLIANCE_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "compliance"


@lru_cache(maxsize=None)
def code_fingerprint(*modules: str) -> str:
    """sha256 of the named modules' source files and the Python version: a change to
    the code that derives cached data invalidates it."""
    from compliance import __version__

    digest = hashlib.sha256(f"python {sys.version_info[:2]} compliance {__version__}".encode())
    for name in modules:
        module = sys.modules.get(name) or __import__(name, fromlist=["_"])
        digest.update(name.encode())
        try:
            digest.update(Path(module.__file__).read_bytes())
        except (OSError, TypeError):  # no source beside the code (a frozen app): the version decides
            digest.update(b"no source")
    return digest.hexdigest()


def key_of(*parts: str) -> str:
    """A cache key from text parts (file hashes, fingerprints, names)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def load(kind: str, key: str, expected: type | tuple[type, ...], directory: Path | None = None) -> Any | None:
    """The cached `kind` entry under `key`, or None when absent, unreadable or not `expected`."""
    path = (directory or cache_dir()) / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as handle, gc_paused():  # unpickling builds no cycles; gc passes cost ~25 %
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError):
        return None
    if not isinstance(value, expected):
        return None
    try:
        os.utime(path)  # in use: keep it from being pruned
    except OSError:
        pass
    return value


def save(kind: str, key: str, value: Any, directory: Path | None = None) -> None:
    """Store `value` atomically (a reader never sees half an entry); failures are ignored."""
    folder = directory or cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{kind}-{key}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        prune(kind, folder)
    except (OSError, pickle.PicklingError, RecursionError):
        pass


def prune(kind: str, directory: Path | None = None, max_age_days: float = PRUNE_AFTER_DAYS) -> None:
    """Delete `kind` entries not used for `max_age_days` (stale keys are never read again)."""
    cutoff = time.time() - max_age_days * 86400
    for path in (directory or cache_dir()).glob(f"{kind}-*.pickle"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def cached(kind: str, key: str, expected: type | tuple[type, ...], build: Callable[[], T]) -> T:
    """The cached value under `key`, else `build()` (stored for next time)."""
    value = load(kind, key, expected)
    if value is None:
        value = build()
        save(kind, key, value)
    return value
