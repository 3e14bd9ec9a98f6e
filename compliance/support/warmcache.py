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

A big byte string an entry holds (a snapshot's records, the index's pre-normalised names) can be
kept beside its pickle as a `Blob`: the pickle carries a tag for each BLOB_CHUNK of it, and a run
reads and checks only the chunks it uses (`SealedBlob`), so a 10-row screening neither reads nor
hashes the ~11 MB of records it never looks at. A blob a run reads whole (an array of the name
index) is checked against one more tag, over all of it: one pass of the hash, not a loop over
chunks. A chunk or blob that fails its check (the file changed after the pickle was checked)
removes the entry and ends the run with a `WarmCacheError`: run again.
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

from compliance.model.errors import ComplianceError
from compliance.support.util import gc_paused

T = TypeVar("T")

#: entries not read for this long are deleted when another entry of their kind is written
PRUNE_AFTER_DAYS = 30


#: the head of every entry; a new layout changes it
ENTRY_FORMAT = b"compliance warm cache 2\n"
#: the head of an entry with blobs beside its pickle
BLOB_FORMAT = b"compliance warm cache 3 blobs\n"
#: bytes of a blob read and checked at a time
BLOB_CHUNK = 4096
#: a SealedBlob keeps the chunks of a span read up to this many (a longer one is read whole and not kept)
KEPT_SPAN = 16
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
        handle = open(path, "rb")
    except OSError:
        return None
    try:
        start = handle.read(len(BLOB_FORMAT))
        if start == BLOB_FORMAT:  # blobs beside the pickle: the file stays open for their chunks
            signing = signing_key()
            if signing is None:
                handle.close()
                return None
            handle.seek(0)
            value = _load_blobs(path, handle, signing)
            if value is None:
                handle.close()
                return None
        else:
            data = start + handle.read()
            handle.close()
            payload = unseal(path.name, data, path)
            if payload is None:
                return None
            with gc_paused(long_lived=True):  # unpickling builds no cycles; gc passes cost ~25 %
                value = pickle.loads(payload)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError):
        handle.close()
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
        signing = signing_key()
        if signing is None:
            return
        blobs: list[bytes] = []
        body = _dumps(value, name, signing, blobs)
        if blobs:
            sealed = BLOB_FORMAT + _tag(signing, name, body) + len(body).to_bytes(8, "big") + body + b"".join(blobs)
        else:
            sealed = seal(name, body)
        write_atomically(folder, name, sealed)
        prune(kind, folder)
    except (OSError, pickle.PicklingError, RecursionError):
        pass


class Blob:
    """A byte string to keep beside the entry's pickle (see the module docstring): an object's
    `__getstate__` wraps it so; a loaded entry gives it back as a `SealedBlob`."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = bytes(data)

    def __reduce__(self):  # pickled anywhere but in an entry (save's pickler keeps it beside): its bytes
        return bytes, (self.data,)


def _dumps(value: Any, name: str, signing: bytes, blobs: list[bytes]) -> bytes:
    """The pickle of `value`; each Blob in it goes to `blobs`, the pickle keeping its place and chunk tags."""
    import io

    at = 0

    class _Pickler(pickle.Pickler):
        def persistent_id(self, obj: Any) -> Any:
            nonlocal at
            if type(obj) is SealedBlob:  # a loaded entry stored again
                obj = Blob(obj[:])
            elif type(obj) is not Blob:
                return None
            data = obj.data
            tags = b"".join(_tag(signing, _chunk_context(name, at + start), data[start : start + BLOB_CHUNK])
                            for start in range(0, len(data), BLOB_CHUNK))
            ref = ("blob", at, len(data), tags, _tag(signing, _whole_context(name, at, len(data)), data))
            blobs.append(data)
            at += len(data)
            return ref

    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


def _chunk_context(name: str, offset: int) -> str:
    return f"{name}\0blob chunk at {offset}"


def _whole_context(name: str, offset: int, length: int) -> str:
    return f"{name}\0blob at {offset}, {length} bytes"


class WarmCacheError(ComplianceError):
    """A warm cache entry changed after it was checked (see SealedBlob)."""


class SealedBlob:
    """A blob of a loaded entry: `[start:end]` reads the chunks it spans from the entry's file
    (kept open, so a newer entry written over it is not mixed in), checks each against its tag
    the first time, and keeps the checked ones. Read whole (`[:]`, `read_into`), it is checked
    against one tag for all of it, at the speed of the hash rather than of a loop over chunks."""

    def __init__(self, handle: Any, path: Path, base: int, offset: int, length: int, tags: bytes, signing: bytes,
                 whole: bytes) -> None:
        self.handle, self.path, self.base, self.offset, self.length = handle, path, base, offset, length
        self.tags, self.signing, self.whole = tags, signing, whole
        self.chunks: dict[int, bytes] = {}
        self._fd, self._name = handle.fileno(), path.name

    def read_into(self, buffer: Any) -> None:
        """Fill `buffer` (writable, exactly `len(self)` bytes: an array's memory) with the blob, checked whole
        once it is there: what is checked is what the caller keeps."""
        view = memoryview(buffer).cast("B")
        try:
            try:
                done = os.preadv(self._fd, [view], self.base + self.offset) if len(view) else 0
            except OSError:
                done = -1
            self._check_whole(view, done)
        finally:
            view.release()

    def _whole(self) -> bytes:
        try:
            data = os.pread(self._fd, self.length, self.base + self.offset)
        except OSError:
            data = b""
        self._check_whole(data, len(data))
        return data

    def _check_whole(self, data: Any, done: int) -> None:
        tag = _tag(self.signing, _whole_context(self.path.name, self.offset, self.length), data)
        if len(data) != self.length or done != self.length or not hmac.compare_digest(tag, self.whole):
            _discard(self.path)
            raise WarmCacheError("a warm cache entry changed after it was checked; it was removed, run again", file=self.path)

    def __len__(self) -> int:
        return self.length

    def __reduce__(self):  # pickled elsewhere (to a worker): its bytes, every chunk checked
        return bytes, (self[:],)

    def __getitem__(self, span: slice) -> bytes:
        start, stop, _ = span.indices(self.length)
        if stop <= start:
            return b""
        if stop - start == self.length and not self.chunks:
            return self._whole()
        first, last = start // BLOB_CHUNK, (stop - 1) // BLOB_CHUNK
        data = self._chunk(first) if first == last else self._chunks(first, last)
        if stop - start == self.length:  # read whole by a caller that keeps it: the chunks kept are a copy
            self.chunks.clear()
        return data[start - first * BLOB_CHUNK : stop - first * BLOB_CHUNK]

    def _chunk(self, number: int) -> bytes:
        found = self.chunks.get(number)
        if found is None:
            start = number * BLOB_CHUNK
            size = min(BLOB_CHUNK, self.length - start)
            try:
                found = os.pread(self._fd, size, self.base + self.offset + start)
            except OSError:
                found = b""
            self._check(number, found, size)
            self.chunks[number] = found
        return found

    def _chunks(self, first: int, last: int) -> bytes:
        """Chunks `first`..`last` joined: those not yet read are read in one call and checked one by one.
        A span of more than KEPT_SPAN chunks is not kept chunk by chunk."""
        chunks = self.chunks
        if all(n in chunks for n in range(first, last + 1)):
            return b"".join([chunks[n] for n in range(first, last + 1)])
        start = first * BLOB_CHUNK
        size = min((last + 1) * BLOB_CHUNK, self.length) - start
        try:
            data = os.pread(self._fd, size, self.base + self.offset + start)
        except OSError:
            data = b""
        keep = last - first < KEPT_SPAN
        for number in range(first, last + 1):
            at = (number - first) * BLOB_CHUNK
            chunk = data[at : at + BLOB_CHUNK]
            self._check(number, chunk, min(BLOB_CHUNK, size - at) if len(data) == size else -1)
            if keep:
                chunks[number] = chunk
        return data

    def _check(self, number: int, chunk: bytes, size: int) -> None:
        """Raise WarmCacheError (the entry removed) unless `chunk` is chunk `number` as stored, `size` bytes long."""
        offset = self.offset + number * BLOB_CHUNK
        # the tag _tag(signing, _chunk_context(name, offset), chunk) makes, in one call
        tag = hmac.digest(self.signing, b"%s%s\0blob chunk at %d\0%s" % (ENTRY_FORMAT, self._name.encode("utf-8"), offset, chunk),
                          "sha256")
        if len(chunk) != size or not hmac.compare_digest(self.tags[number * TAG_BYTES : (number + 1) * TAG_BYTES], tag):
            _discard(self.path)
            raise WarmCacheError("a warm cache entry changed after it was checked; it was removed, run again", file=self.path)


def _discard(path: Path) -> None:
    _note_rejected(path)
    try:
        path.unlink()
    except OSError:
        pass


def _load_blobs(path: Path, handle: Any, signing: bytes) -> Any:
    """The value of an entry with blobs (BLOB_FORMAT), its blobs as SealedBlobs; None when its pickle fails its check."""
    head = len(BLOB_FORMAT)
    front = handle.read(head + TAG_BYTES + 8)
    if len(front) != head + TAG_BYTES + 8 or front[:head] != BLOB_FORMAT:
        return None
    size = int.from_bytes(front[head + TAG_BYTES :], "big")
    body = handle.read(size)
    if len(body) != size or not hmac.compare_digest(front[head : head + TAG_BYTES], _tag(signing, path.name, body)):
        _note_rejected(path)
        return None
    base = len(front) + size

    class _Unpickler(pickle.Unpickler):
        def persistent_load(self, ref: Any) -> Any:
            if not (isinstance(ref, tuple) and len(ref) == 5 and ref[0] == "blob"):
                raise pickle.UnpicklingError("unknown reference")
            _, offset, length, tags, whole = ref
            return SealedBlob(handle, path, base, offset, length, tags, signing, whole)

    import io

    with gc_paused(long_lived=True):
        return _Unpickler(io.BytesIO(body)).load()


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
