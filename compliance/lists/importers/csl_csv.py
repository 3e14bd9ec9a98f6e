"""ITA Consolidated Screening List, bulk CSV (`consolidated.csv`) → ListedParty.

Columns are read by header name (the 2019 file had 28 columns without `_id`, the
current one 29). Multi-valued cells are joined with "; " and never escaped
(formats/csl.md §2.3), so splitting is approximate: a fragment that starts with
"and " is the tail of a list ("...; and Shijiazhuang ...") and loses the "and".
Addresses stay whole strings; the country is their last comma-separated part.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from compliance.model.errors import InputError
from compliance.lists.importers.csl_common import group_batches, map_record
from compliance.lists.importers.interface import ImportedList, ListImporter, file_date
from compliance.readers.tabular import read_csv_rows

REQUIRED = ("source", "name")
LIST_COLUMNS = ("alt names", "programs", "addresses", "citizenships", "nationalities", "dates of birth")


def split_multi(value: str | None) -> list[str]:
    """"A; B; and C" → ["A", "B", "C"] (the CSL joins arrays with "; ")."""
    if not value:
        return []
    parts = [re.sub(r"^and\s+", "", p.strip()) for p in value.split("; ")]
    return [p for p in parts if p]


class CslCsvImporter(ListImporter):
    format = "csl-csv"
    version = "1"
    description = "ITA Consolidated Screening List bulk CSV (consolidated.csv)"

    def read(self, files: list[Path], snapshot_date: dt.date | None = None) -> list[ImportedList]:
        parties = []
        for path in files:
            headers, rows = read_csv_rows(path)
            missing = [c for c in REQUIRED if c not in headers]
            if missing:
                raise InputError(f"missing column(s): {', '.join(missing)}", file=str(path), line=1)
            for row in rows:
                cells = row.cells
                if row.extra and any(c.strip() for c in row.extra):
                    raise InputError(f"{len(row.extra)} more field(s) than the header", file=str(path), line=row.line)
                if not cells.get("name"):
                    raise InputError("row without a name", file=str(path), line=row.line, field="name")
                if not cells.get("source"):
                    raise InputError("row without a source", file=str(path), line=row.line, field="source")
                record = {
                    "id": cells.get("id"),
                    "source": cells.get("source"),
                    "entity_number": cells.get("entity number"),
                    "type": cells.get("type"),
                    "name": cells.get("name"),
                    "title": cells.get("title"),
                    "federal_register_notice": cells.get("federal register notice"),
                    "start_date": cells.get("start date"),
                    "end_date": cells.get("end date"),
                    "standard_order": cells.get("standard order"),
                    "license_requirement": cells.get("license requirement"),
                    "license_policy": cells.get("license policy"),
                    "remarks": cells.get("remarks"),
                    "source_list_url": cells.get("source list url"),
                    "ids": split_multi(cells.get("ids")),
                    "alt_names": split_multi(cells.get("alt names")),
                    "programs": split_multi(cells.get("programs")),
                    "addresses": split_multi(cells.get("addresses")),
                    "citizenships": split_multi(cells.get("citizenships")),
                    "nationalities": split_multi(cells.get("nationalities")),
                    "dates_of_birth": split_multi(cells.get("dates of birth")),
                }
                parties.append(map_record(record))
        date = snapshot_date or file_date(files[0])
        notes = [f"file {', '.join(p.name for p in files)}; multi-valued cells split on '; ' (approximate)"]
        if snapshot_date is None:
            notes.append("the CSV carries no date: snapshot date is the file's modification date")
        return group_batches(parties, date, "CSV", notes)
