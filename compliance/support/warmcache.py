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

Whoever can write the cache folder (a CI cache is restored from storage that other jobs
write) must neither run code in the gate nor change its answer. So every entry carries
an HMAC-SHA256 tag over its name and bytes, made with a key the cache folder does not
hold: `COMPLIANCE_CACHE_SECRET` (set by the pipeline owner, e.g. from a CI secret), else a
random per-machine key in `$XDG_CONFIG_HOME/compliance/warm-cache.key` (created 0600 on
first use). The tag is checked before a byte is unpickled; an entry that fails the check
is rebuilt, never loaded, and the run ends with one warning line saying how many were
(a new key fails every entry at once: one line, not one per entry).
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import os
import pickle
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from compliance.support.util import gc_paused

T = TypeVar("T")

#: entries not read for this long are deleted when another entry of their kind is written
PRUNE_AFTER_DAYS = 30


#: the head of every entry; a new layout changes it
ENTRY_FORMAT = b"compliance warm cache 2\n"
TAG_BYTES = 32
SECRET_ENV = "COMPLIANCE_CACHE_SECRET"


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("COMPLIANCE_CACHE_DIR"):
        return Path(env["COMPLIANCE_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "compliance"


def key_file(environ: dict[str, str] | None = None) -> Path:
    """Where the per-machine signing key lives: the config folder, never the cache folder."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "compliance" / "warm-cache.key"


def signing_key(environ: dict[str, str] | None = None) -> bytes | None:
    """The key entries are tagged with, or None (no caching) when there is none to trust."""
    env = os.environ if environ is None else environ
    if env.get(SECRET_ENV):
        return hashlib.sha256(b"compliance warm cache\0" + env[SECRET_ENV].encode("utf-8")).digest()
    return _key_outside(key_file(env), cache_dir(env))


@lru_cache(maxsize=8)
def _key_outside(path: Path, cache: Path) -> bytes | None:
    """The key in `path`, unless it lies inside the cache folder (resolving both paths costs
    ~0.3 ms, and a run loads a dozen entries: once per process and folder)."""
    try:
        if path.resolve().is_relative_to(cache.resolve()):
            return None  # a key kept beside the entries vouches for nothing
        return _read_or_create_key(path)
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=8)
def _read_or_create_key(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another run created it first
            return _read_or_create_key.__wrapped__(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(TAG_BYTES))
        key = path.read_bytes()
    return key if len(key) == TAG_BYTES else None


def _tag(key: bytes, context: str, payload: bytes | memoryview) -> bytes:
    mac = hmac.new(key, ENTRY_FORMAT + context.encode("utf-8") + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def seal(context: str, payload: bytes) -> bytes | None:
    """`payload` with the format head and its tag in front; None when there is no key.

    `context` is the entry's name, so an entry cannot be passed off as another one (an
    old snapshot's entry renamed to a new snapshot's key).
    """
    key = signing_key()
    if key is None:
        return None
    return ENTRY_FORMAT + _tag(key, context, payload) + payload


def unseal(context: str, data: bytes, where: Path | str) -> memoryview | None:
    """The payload of a sealed entry whose tag checks out, else None (with a warning when
    the entry was tampered with or written under another key)."""
    key = signing_key()
    if key is None:
        return None
    head = len(ENTRY_FORMAT)
    view = memoryview(data)
    payload = view[head + TAG_BYTES :]
    if data[:head] == ENTRY_FORMAT and hmac.compare_digest(view[head : head + TAG_BYTES], _tag(key, context, payload)):
        return payload
    _note_rejected(Path(where))
    return None


#: entries that failed their integrity check in this process, not yet reported
_rejected: list[Path] = []


def _note_rejected(path: Path) -> None:
    if not _rejected:
        atexit.register(report_rejected)  # a library caller gets the line at exit; the CLI reports it itself
    _rejected.append(path)


def report_rejected() -> str | None:
    """Print (once) how many entries failed their integrity check since the last report, and why."""
    if not _rejected:
        return None
    count, folders = len(_rejected), sorted({str(p.parent) for p in _rejected})
    _rejected.clear()
    line = (
        f"compliance: warning: {count} warm cache {'entry' if count == 1 else 'entries'} in {', '.join(folders)} "
        f"failed {'its' if count == 1 else 'their'} integrity check (changed, or written under another key: "
        f"a new per-machine key or {SECRET_ENV} fails every entry); rebuilt, not loaded"
    )
    print(line, file=sys.stderr)
    return line


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
        data = path.read_bytes()
    except OSError:
        return None
    payload = unseal(path.name, data, path)
    if payload is None:
        return None
    try:
        with gc_paused(long_lived=True):  # unpickling builds no cycles; gc passes cost ~25 %
            value = pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError):
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
    name = f"{kind}-{key}.pickle"
    try:
        sealed = seal(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        if sealed is None:
            return
        write_atomically(folder, name, sealed)
        prune(kind, folder)
    except (OSError, pickle.PicklingError, RecursionError):
        pass


def write_atomically(folder: Path, name: str, data: bytes) -> None:
    """Write `folder/name` so that a reader never sees half of it."""
    import tempfile  # a warm run writes nothing

    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
