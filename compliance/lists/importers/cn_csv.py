"""China's party lists (china-parties.csv) → ListedParty, Chinese and English names.

Columns: list, name_en, name_zh, country, date_added, announcement, source_url.
One file holds four lists: MOFCOM's Export Control Control List (出口管制管控名单),
Watch List (关注名单), the Unreliable Entity List (不可靠实体清单) and
Anti-Foreign Sanctions Law countermeasures. Countries are written as prose
("United States (branch)", "EU (member state not given in source)"): the code is
taken only when the text starts with a country name; the prose is kept in extras.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from compliance.model.errors import InputError
from compliance.lists.countries import iso2
from compliance.lists.ids import assign_ids
from compliance.lists.importers.interface import ImportedList, ListImporter, given_snapshot_date
from compliance.lists.model import ListedParty
from compliance.readers.tabular import read_csv_rows

# Leading words of the `list` column → (list id, title).
LISTS: tuple[tuple[str, str, str], ...] = (
    ("MOFCOM Export Control Control List", "cn-control-list", "MOFCOM Export Control Control List (出口管制管控名单)"),
    ("MOFCOM Watch List", "cn-watch-list", "MOFCOM Watch List (关注名单)"),
    ("Unreliable Entity List", "cn-uel", "Unreliable Entity List (不可靠实体清单)"),
    ("Anti-Foreign Sanctions Law countermeasure", "cn-countermeasures", "Anti-Foreign Sanctions Law countermeasures (MOFCOM Orders)"),
)
REQUIRED = ("list", "name en", "country", "date added", "announcement")


def list_of(label: str) -> tuple[str, str] | None:
    for prefix, list_id, title in LISTS:
        if label.strip().startswith(prefix):
            return list_id, title
    return None


def country_of(text: str) -> str | None:
    """ISO-2 when the cell starts with a plain country name ("Japan (branch)" → JP)."""
    head = re.split(r"\s*\(", text.strip(), maxsplit=1)[0]
    return iso2(head)


class CnCsvImporter(ListImporter):
    format = "cn-csv"
    version = "1"
    description = "China's party lists in the china-parties.csv layout (UEL, control list, watch list, countermeasures)"

    def read(self, files: list[Path], snapshot_date: dt.date | None = None) -> list[ImportedList]:
        date = given_snapshot_date(snapshot_date, files, "a china-parties.csv file")
        grouped: dict[str, list[ListedParty]] = defaultdict(list)
        titles: dict[str, str] = {}
        latest: dt.date | None = None
        for path in files:
            headers, rows = read_csv_rows(path)
            missing = [c for c in REQUIRED if c not in headers]
            if missing:
                raise InputError(f"missing column(s): {', '.join(missing)}", file=str(path), line=1)
            for row in rows:
                party, title = _party(row.cells, str(path), row.line)
                grouped[party.list].append(party)
                titles[party.list] = title
                if party.listed_on and (latest is None or party.listed_on > latest):
                    latest = party.listed_on
        batches = []
        for list_id, parties in grouped.items():
            assign_ids(parties)
            batches.append(
                ImportedList(
                    list_id=list_id,
                    title=titles[list_id],
                    source=f"{titles[list_id]}, compiled from MOFCOM announcements (china-parties.csv)",
                    snapshot_date=date,
                    parties=parties,
                    notes=[
                        f"latest listing date in the file: {latest}",
                        "Chinese names: MOFCOM texts as transcribed or a third-party dataset; see each entry's source_url",
                    ],
                )
            )
        return sorted(batches, key=lambda b: b.list_id)


def _party(cells: dict[str, str], file: str, line: int) -> tuple[ListedParty, str]:
    found = list_of(cells.get("list", ""))
    if found is None:
        known = ", ".join(prefix for prefix, _, _ in LISTS)
        raise InputError(f"unknown list {cells.get('list')!r} (known: {known})", file=file, line=line, field="list")
    list_id, title = found
    name_en, name_zh = cells.get("name en", "").strip(), cells.get("name zh", "").strip()
    if not name_en and not name_zh:
        raise InputError("a row needs name_en or name_zh", file=file, line=line, field="name_en")
    try:
        listed_on = dt.date.fromisoformat(cells["date added"]) if cells.get("date added") else None
    except ValueError:
        raise InputError(f"invalid date {cells['date added']!r} (expected YYYY-MM-DD)", file=file, line=line, field="date_added") from None
    country_text = cells.get("country", "").strip()
    extras: dict[str, object] = {"source_url": cells.get("source url") or None}
    code = country_of(country_text)
    if country_text and (code is None or "(" in country_text):
        extras["country_as_listed"] = country_text
    if name_zh:
        extras["name_zh"] = name_zh
    names = [n for n in (name_en, name_zh) if n]
    party = ListedParty(
        id="",
        list=list_id,
        names=names,
        addresses=[],
        country=code,
        license_requirement=None,
        review_policy=None,
        review_policy_kind=None,
        citation=cells.get("announcement") or None,
        listed_on=listed_on,
        footnotes=[],
        programs=[],
        extras={k: v for k, v in extras.items() if v is not None},
    )
    return party, title
