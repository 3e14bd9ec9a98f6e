"""Restricted-party snapshots on disk: bundled ones and the user's imported ones.

A snapshot is a folder `<list-id>/` with `manifest.yaml` (provenance, counts,
sha256 of the data) and `parties.jsonl` (one ListedParty per line). Bundled
snapshots ship with the package (support.resources.bundled_path); a user data
directory (`--data-dir`, setting `data_dir`, else `$XDG_DATA_HOME/compliance/lists`)
holds imported snapshots, which override bundled ones list by list.

Callers rely on: `load_snapshots()` verifies every sha256 (a mismatch is a
ListDataError), `Snapshot.provenance()` is what a report records, and writing a
snapshot never leaves a half-written folder behind.

The warm cache keeps a snapshot's records compactly (`StoredParties`: one small pickle
of plain values per record, all in one byte string), and a run builds only the records it reads: a 10-row
screening reads a few hundred of the SDN's 18,000 entries, not all of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import shutil
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from compliance.support import warmcache
from compliance.model.base import DataError, jsonable, validate, validate_json
from compliance.model.errors import ListDataError, UsageError
from compliance.lists.integrity import count_problems, validate_parties
from compliance.lists.model import ListedParty, Manifest
from compliance.model.report import DownloadProvenance, ListProvenance
from compliance.support.resources import bundled_path

MANIFEST = "manifest.yaml"
PARTIES = "parties.jsonl"
STALE_AFTER_DAYS = 30
OPTIONAL_MANIFEST_KEYS = ("downloads", "date_basis", "date_source", "warnings", "vintages")  # left out when empty


#: the fields of a record, in the order StoredParties keeps their values
RECORD_FIELDS = tuple(f.name for f in fields(ListedParty))
#: an extras key whose records the screening also reads under another name (lists.screening_fields)
WEAK_ALIASES = "weak_aliases"


class StoredParties(Sequence):
    """A snapshot's records as the warm cache keeps them, each built when first read.

    Unpickling 18,000 validated records costs ~150 ms a run (their dataclass state is
    restored in Python, field by field). Stored, each record is a small pickle of its plain
    values, all of them in one byte string with an array of offsets (loading that builds no
    per-record object), and a record is built from its own (~10 µs) when the run reads it.
    `weak` lists the records with weak aliases, so the screening can add their entries
    without building every record."""

    __slots__ = ("data", "ends", "weak", "built", "fallback")  # fallback: the records validated afresh (read_snapshot)

    def __init__(self, parties: Sequence[ListedParty]) -> None:
        data, ends = bytearray(), array("Q")
        for p in parties:
            data += pickle.dumps(tuple(getattr(p, name) for name in RECORD_FIELDS), protocol=pickle.HIGHEST_PROTOCOL)
            ends.append(len(data))
        self.data, self.ends = bytes(data), ends
        self.weak = tuple(i for i, p in enumerate(parties) if p.extras.get(WEAK_ALIASES))
        self.built: list[ListedParty | None] = list(parties)
        self.fallback = None

    def __getstate__(self):  # the records beside the pickle: a run reads and checks only those it builds
        return (RECORD_FIELDS, warmcache.Blob(self.data), self.ends, self.weak)

    def __setstate__(self, state) -> None:
        names, self.data, self.ends, self.weak = state
        if names != RECORD_FIELDS:  # written by another model: the cache key should have prevented it
            raise ValueError("stored records have other fields")
        self.built = [None] * len(self.ends)
        self.fallback = None

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self.ends)))]
        party = self.built[position]
        if party is None:
            at = position % len(self.ends)
            party = object.__new__(ListedParty)
            try:
                values = pickle.loads(self.data[self.ends[at - 1] if at else 0 : self.ends[at]])
            except warmcache.WarmCacheError:
                if self.fallback is None:
                    raise
                self.built = list(self.fallback())  # the entry changed on disk while in use: validated afresh
                return self.built[position]
            for name, value in zip(RECORD_FIELDS, values):
                object.__setattr__(party, name, value)
            self.built[position] = party
        return party

    def all(self) -> list[ListedParty]:
        return [self[i] for i in range(len(self.ends))]


@dataclass
class Snapshot:
    manifest: Manifest
    records: list[ListedParty] | StoredParties  # see `parties` and `lazy_parties`
    path: Path
    bundled: bool
    overrides_bundled: bool = field(default=False)

    @property
    def parties(self) -> list[ListedParty]:
        """Every record of the snapshot (built from the warm cache's compact form on first use)."""
        if not isinstance(self.records, list):
            self.records = self.records.all()
        return self.records

    def lazy_parties(self) -> Sequence[ListedParty]:
        """The records, each built only when read (a screening reads those it matches)."""
        return self.records

    @property
    def list_id(self) -> str:
        return self.manifest.list_id

    def provenance(self) -> ListProvenance:
        """What a report records about the list it screened against."""
        m = self.manifest
        return ListProvenance(
            id=m.list_id, snapshot_date=m.snapshot_date.isoformat(), sha256=m.sha256, records=m.records, source=m.source,
            downloads=list(m.downloads or []),
            date_basis=m.date_basis, warnings=list(m.warnings),
        )

    def age_days(self, today: dt.date | None = None) -> int:
        return ((today or dt.date.today()) - self.manifest.snapshot_date).days


# --- where snapshots live -----------------------------------------------------------


def bundled_dir() -> Path:
    return bundled_path("entity_lists")


def default_data_dir(environ: dict[str, str] | None = None) -> Path:
    """`$XDG_DATA_HOME/compliance/lists`, else `~/.local/share/compliance/lists`."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "compliance" / "lists"


def _snapshot_dirs(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).is_file()}


def available(data_dir: Path | None = None) -> dict[str, tuple[Path, bool]]:
    """list id → (folder, bundled?) after user snapshots override bundled ones."""
    found = {list_id: (path, True) for list_id, path in _snapshot_dirs(bundled_dir()).items()}
    user_root = data_dir if data_dir is not None else default_data_dir()
    found.update({list_id: (path, False) for list_id, path in _snapshot_dirs(user_root).items()})
    return dict(sorted(found.items()))


def known_list_ids(data_dir: Path | None = None) -> list[str]:
    return list(available(data_dir))


# --- reading ----------------------------------------------------------------------


def load_snapshots(list_ids: Iterable[str] | None = None, data_dir: Path | None = None) -> list[Snapshot]:
    """Load (and verify) the chosen snapshots; all available ones when `list_ids` is None.

    An unknown id is a UsageError that names the known ids.
    """
    found = available(data_dir)
    wanted = list(found) if list_ids is None else list(dict.fromkeys(list_ids))
    unknown = [i for i in wanted if i not in found]
    if unknown:
        known = ", ".join(found) or "(none)"
        raise UsageError(f"unknown list id(s): {', '.join(unknown)} (known: {known})", field="--lists")
    bundled_ids = set(_snapshot_dirs(bundled_dir()))
    snapshots = []
    for list_id in wanted:
        path, bundled = found[list_id]
        snapshot = read_snapshot(path, bundled)
        snapshot.overrides_bundled = not bundled and list_id in bundled_ids
        snapshots.append(snapshot)
    return snapshots


def read_manifest(folder: Path, text: str | None = None) -> Manifest:
    path = folder / MANIFEST
    import yaml

    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise ListDataError(f"cannot read manifest: {exc.strerror}", file=path) from None
    except yaml.YAMLError as exc:
        raise ListDataError(f"invalid YAML: {exc}", file=path) from None
    try:
        return validate(Manifest, data)
    except DataError as exc:
        first = exc.errors[0] if exc.errors else {}
        raise ListDataError(
            f"invalid manifest: {first.get('msg', exc)}", file=path, field=".".join(str(p) for p in first.get("loc", ())) or None
        ) from None


def read_snapshot(folder: Path, bundled: bool) -> Snapshot:
    """Read one snapshot folder, checking the data against the manifest's sha256 and counts.

    A snapshot read before (same manifest and data bytes, same model code) comes
    validated from the warm cache.
    """
    manifest_path, data_path = folder / MANIFEST, folder / PARTIES
    try:
        manifest_raw = manifest_path.read_bytes()
    except OSError as exc:
        raise ListDataError(f"cannot read manifest: {exc.strerror}", file=manifest_path) from None
    raw, digest = _data_digest(data_path)
    code = warmcache.code_fingerprint("compliance.model.base", "compliance.lists.model", __name__)
    key = warmcache.key_of(code, hashlib.sha256(manifest_raw).hexdigest(), digest)
    cached = warmcache.load("snapshot", key, tuple)
    if cached is not None and len(cached) == 2 and isinstance(cached[1], StoredParties):
        manifest, records = cached
        records.fallback = lambda: _revalidated(folder, manifest_raw, raw, digest, key)
    else:
        manifest, records = _validated(folder, manifest_raw, raw if raw is not None else _read_data(data_path), digest)
        warmcache.save("snapshot", key, (manifest, StoredParties(records)))
    return Snapshot(manifest=manifest, records=records, path=folder, bundled=bundled)


def _revalidated(folder: Path, manifest_raw: bytes, raw: bytes | None, digest: str, key: str) -> list[ListedParty]:
    """The records validated from the snapshot's files, stored in the warm cache again."""
    manifest, records = _validated(folder, manifest_raw, raw if raw is not None else _read_data(folder / PARTIES), digest)
    warmcache.save("snapshot", key, (manifest, StoredParties(records)))
    return records


def _read_data(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ListDataError(f"cannot read snapshot data: {exc.strerror}", file=path) from None


def _data_digest(path: Path) -> tuple[bytes | None, str]:
    """(the data's bytes when they had to be read, their sha256).

    Hashing the SDN's 7 MB on every run costs a 10-row screening ~10 ms, so the digest is
    remembered in the warm cache under the file's identity and change stamps, as git's index
    does: path, inode, size, modification time and the inode's change time. The change time is
    set by the kernel on every write and cannot be set back from user space (`touch -d` sets
    only the modification time), so an edited file never passes for the one that was hashed.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise ListDataError(f"cannot read snapshot data: {exc.strerror}", file=path) from None
    stamp = f"{os.path.abspath(path)}:{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"
    key = warmcache.key_of("sha256 of", stamp)
    digest = warmcache.load("file-sha256", key, str)
    if digest is not None and len(digest) == 64:
        return None, digest
    raw = _read_data(path)
    digest = hashlib.sha256(raw).hexdigest()
    warmcache.save("file-sha256", key, digest)  # a write after the stat gave the file a new stamp: never found again
    return raw, digest


def _validated(folder: Path, manifest_raw: bytes, raw: bytes, digest: str) -> tuple[Manifest, list[ListedParty]]:
    """The manifest and records of a snapshot, validated and checked against each other."""
    data_path = folder / PARTIES
    try:
        text = manifest_raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ListDataError("manifest is not UTF-8 text", file=folder / MANIFEST) from None
    manifest = read_manifest(folder, text)
    if digest != manifest.sha256:
        raise ListDataError(
            f"sha256 {digest[:12]}… does not match the manifest ({manifest.sha256[:12]}…): the snapshot was changed or damaged; re-import it",
            file=data_path,
        )
    parties = parse_parties(raw, data_path)
    if len(parties) != manifest.records:
        raise ListDataError(f"{len(parties)} records, manifest says {manifest.records}", file=data_path)
    return manifest, parties


def parse_parties(raw: bytes, source: Path) -> list[ListedParty]:
    """All lines validated in one pydantic-core call (faster than building records in Python)."""
    lines = [line for line in raw.splitlines() if line.strip()]
    try:
        return validate_json(list[ListedParty], b"[" + b",".join(lines) + b"]")
    except DataError as exc:
        first = exc.errors[0]
        loc = first.get("loc", ())
        line = (int(loc[0]) + 1) if loc and isinstance(loc[0], int) else None
        field = ".".join(str(p) for p in loc[1:]) or None
        raise ListDataError(f"invalid record: {first.get('msg')}", file=source, line=line, field=field) from None


# --- writing ----------------------------------------------------------------------


def serialize_parties(parties: list[ListedParty]) -> bytes:
    """Deterministic JSON lines, sorted by id: same content, same bytes, same sha256."""
    lines = [
        json.dumps(jsonable(p, exclude_defaults=True), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        for p in sorted(parties, key=lambda p: p.id)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def manifest_yaml(manifest: Manifest) -> str:
    """The manifest as YAML, multi-line text (the notes) as a readable `|` block."""
    import yaml  # only writers need it; a warm read never parses YAML

    class ManifestDumper(yaml.SafeDumper):
        pass

    ManifestDumper.add_representer(
        str,
        lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None),
    )
    # A local import has no downloads; older snapshots lack the date basis: keep manifests minimal.
    data = {k: v for k, v in jsonable(manifest).items() if k not in OPTIONAL_MANIFEST_KEYS or v not in (None, [], {})}
    return yaml.dump(data, Dumper=ManifestDumper, sort_keys=False, allow_unicode=True, width=120)


@dataclass
class WriteResult:
    snapshot: Snapshot
    previous_records: int | None
    forced_past: list[str]


def write_snapshot(
    root: Path,
    list_id: str,
    title: str,
    source: str,
    snapshot_date: dt.date,
    parties: list[ListedParty],
    importer: str,
    source_url: str | None = None,
    notes: list[str] | None = None,
    force: bool = False,
    previous_records: int | None = None,
    downloads: list[DownloadProvenance] | None = None,
    date_basis: str | None = None,
    date_source: str | None = None,
    warnings: list[str] | None = None,
    vintages: dict[str, str] | None = None,
) -> WriteResult:
    """Validate, check counts against floors and the replaced snapshot, then write atomically.

    The new snapshot is written to a temporary folder beside the target and renamed
    into place; on any failure the previous snapshot is left exactly as it was.
    """
    checked = validate_parties(list_id, parties, source)
    problems = count_problems(list_id, len(checked), previous_records)
    if problems and not force:
        raise ListDataError("; ".join(problems) + " — nothing was written (use --force to accept)")
    data = serialize_parties(checked)
    manifest = Manifest(
        list_id=list_id,
        title=title,
        source=source,
        source_url=source_url,
        snapshot_date=snapshot_date,
        records=len(checked),
        names=sum(len(p.names) for p in checked),
        sha256=hashlib.sha256(data).hexdigest(),
        importer=importer,
        notes="\n".join(notes) if notes else None,
        downloads=downloads or None,
        date_basis=date_basis,
        date_source=date_source,
        warnings=list(warnings or []),
        vintages=vintages or None,
    )
    root.mkdir(parents=True, exist_ok=True)
    target = root / list_id
    staging = root / f".{list_id}.tmp-{os.getpid()}"
    retired = root / f".{list_id}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        (staging / PARTIES).write_bytes(data)
        (staging / MANIFEST).write_text(manifest_yaml(manifest), encoding="utf-8")
        if target.exists():
            os.replace(target, retired)
        try:
            os.replace(staging, target)
        except OSError:
            if retired.exists():
                os.replace(retired, target)
            raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ListDataError(f"cannot write snapshot: {exc.strerror}", file=target) from None
    shutil.rmtree(retired, ignore_errors=True)
    snapshot = Snapshot(manifest=manifest, records=checked, path=target, bundled=False)
    return WriteResult(snapshot=snapshot, previous_records=previous_records, forced_past=problems)


# --- freshness --------------------------------------------------------------------


def stale(snapshots: Iterable[Snapshot], older_than_days: int = STALE_AFTER_DAYS, today: dt.date | None = None) -> list[Snapshot]:
    return [s for s in snapshots if s.age_days(today) > older_than_days]


def enforce_max_age(snapshots: Iterable[Snapshot], max_age_days: int, today: dt.date | None = None) -> None:
    """ListDataError (exit 2) when any snapshot is older than `max_age_days`."""
    from compliance.lists.update_paths import stale_advice  # imports the CSL importer: only when needed

    too_old = stale(snapshots, max_age_days, today)
    if too_old:
        detail = ", ".join(f"{s.list_id} ({s.manifest.snapshot_date}, {s.age_days(today)} days)" for s in too_old)
        raise ListDataError(
            f"list snapshot(s) older than --max-list-age {max_age_days} days: {detail}; {stale_advice(s.list_id for s in too_old)}",
            field="--max-list-age",
        )
