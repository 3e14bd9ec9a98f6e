"""ITA Consolidated Screening List, bulk JSON (`consolidated.json`) → ListedParty.

Envelope: `results[]` is required; `sources_used[]` ({source, source_last_updated})
and `search_performed_at` are optional (formats/csl.md §3.1) and give each list's
snapshot date when present. Multi-valued fields are real arrays here, so the JSON
is preferred over the CSV.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from compliance.model.errors import InputError
from compliance.lists.importers.csl_common import group_batches, list_id_of, map_record
from compliance.lists.importers.interface import ImportedList, ListImporter, file_date, read_json_file


def _iso_day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class CslJsonImporter(ListImporter):
    format = "csl-json"
    version = "1"
    description = "ITA Consolidated Screening List bulk JSON (consolidated.json)"

    def read(self, files: list[Path], snapshot_date: dt.date | None = None) -> list[ImportedList]:
        batches: list[ImportedList] = []
        for path in files:
            batches.extend(self.read_one(path, snapshot_date))
        return batches

    def read_one(self, path: Path, snapshot_date: dt.date | None) -> list[ImportedList]:
        data = read_json_file(path)
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list):
            raise InputError("expected an object with a 'results' array", file=str(path), field="results")
        parties = []
        for index, record in enumerate(results):
            if not isinstance(record, dict):
                raise InputError("a result must be an object", file=str(path), field=f"results[{index}]")
            if not str(record.get("name") or "").strip():
                raise InputError("result without a name", file=str(path), field=f"results[{index}].name")
            if not str(record.get("source") or "").strip():
                raise InputError("result without a source", file=str(path), field=f"results[{index}].source")
            for key in ("alt_names", "addresses", "programs", "ids"):
                if record.get(key) is not None and not isinstance(record[key], list):
                    raise InputError("must be an array", file=str(path), field=f"results[{index}].{key}")
            parties.append(map_record(record))
        file_level = snapshot_date or _iso_day(data.get("search_performed_at")) or file_date(path)
        per_source = {
            list_id_of(str(s.get("source"))): _iso_day(s.get("source_last_updated"))
            for s in data.get("sources_used") or []
            if isinstance(s, dict)
        }
        batches = group_batches(parties, file_level, "JSON", [f"file {path.name}"])
        for batch in batches:
            if snapshot_date is None and per_source.get(batch.list_id):
                batch.snapshot_date = per_source[batch.list_id]  # type: ignore[assignment]
        return batches
