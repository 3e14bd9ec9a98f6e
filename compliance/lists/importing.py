"""Import source files into snapshots: read with an importer, check, write.

Shared by `compliance lists import`, `compliance lists update` and the bundled
snapshot build, so every path into a snapshot passes the same validation and
integrity checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from compliance.model.errors import ListDataError, UsageError
from compliance.model.report import DownloadProvenance
from compliance.lists import store
from compliance.lists.integrity import count_problems, validate_parties
from compliance.lists.importers import ImportedList, get_importer


@dataclass
class ImportOutcome:
    list_id: str
    records: int
    names: int
    previous_records: int | None
    snapshot_date: dt.date
    path: Path
    forced_past: list[str]


def rename_list(batch: ImportedList, new_id: str) -> ImportedList:
    """`--as LIST_ID`: file a batch under another list id (ids keep their hash part)."""
    parties = []
    for party in batch.parties:
        suffix = party.id.split(":", 1)[1] if ":" in party.id else party.id
        parties.append(replace(party, list=new_id, id=f"{new_id}:{suffix}"))
    return ImportedList(
        list_id=new_id,
        title=batch.title if new_id == batch.list_id else f"{batch.title} (imported as {new_id})",
        source=batch.source,
        snapshot_date=batch.snapshot_date,
        parties=parties,
        source_url=batch.source_url,
        notes=batch.notes,
    )


def current_records(list_id: str, data_dir: Path | None, target_root: Path) -> int | None:
    """Records of the snapshot an import would replace: the one in `target_root`, else
    the one currently in effect (an imported snapshot overrides the bundled one)."""
    folder = target_root / list_id
    if (folder / store.MANIFEST).is_file():
        return store.read_manifest(folder).records
    found = store.available(data_dir).get(list_id)
    return store.read_manifest(found[0]).records if found else None


def import_files(
    format_name: str,
    files: list[Path],
    target_root: Path,
    as_list: str | None = None,
    force: bool = False,
    snapshot_date: dt.date | None = None,
    data_dir: Path | None = None,
    only: set[str] | None = None,
    downloads: list[DownloadProvenance] | None = None,
) -> list[ImportOutcome]:
    """Read `files` in `format_name` and write one snapshot per list under `target_root`.

    `downloads` (from `lists update`) are recorded in every manifest written, and the
    first one's URL, the one actually used, replaces the importer's official source URL.

    Every batch is checked before any is written, so a failing list stops the whole
    import and nothing changes on disk.
    """
    importer = get_importer(format_name)
    for path in files:
        if not path.is_file():
            raise UsageError(f"no such file: {path}", field="FILE")
    batches = importer.read(files, snapshot_date)
    if only is not None:
        batches = [b for b in batches if b.list_id in only]
    if not batches:  # a download cut after its header, or a file of another list: never "nothing to do"
        names = ", ".join(str(p) for p in files)
        raise ListDataError(f"no list records found in {names} — nothing was written")
    if as_list:
        if len(batches) != 1:
            ids = ", ".join(b.list_id for b in batches)
            raise UsageError(f"--as needs a source with exactly one list; these files hold {len(batches)} ({ids})", field="--as")
        batches = [rename_list(batches[0], as_list)]
    plans, problems = [], []
    for batch in batches:
        previous = current_records(batch.list_id, data_dir, target_root)
        # Check every batch before writing any: one failing list must not leave others replaced.
        validated = validate_parties(batch.list_id, batch.parties, batch.source)
        problems += count_problems(batch.list_id, len(validated), previous)
        plans.append((batch, validated, previous))
    if problems and not force:
        raise ListDataError("; ".join(problems) + " — nothing was written (use --force to accept)")
    outcomes = []
    for batch, validated, previous in plans:
        result = store.write_snapshot(
            target_root,
            batch.list_id,
            batch.title,
            batch.source,
            batch.snapshot_date,
            validated,
            importer.importer_label,
            source_url=downloads[0].url if downloads else batch.source_url,
            notes=batch.notes,
            force=force,
            previous_records=previous,
            downloads=downloads,
        )
        m = result.snapshot.manifest
        outcomes.append(ImportOutcome(m.list_id, m.records, m.names, previous, m.snapshot_date, result.snapshot.path, result.forced_past))
    return outcomes
