"""OFAC legacy delimited files (sdn.csv, alt.csv, add.csv, sdn_comments.csv) → ListedParty.

No header rows; `-0-` (often with a trailing space) is null; records end in CRLF
(or LF in re-saved copies) and OFAC's downloads end with a lone Ctrl-Z byte.
Remarks are capped at 1,000 characters, the rest continues mid-word in
sdn_comments.csv and is appended without a separator. Programmes are packed as
"SDGT] [NPWMD". Weak aliases (a.k.a. '...' in Remarks) are kept in extras, apart
from the strong aliases of alt.csv. `ent_num` is OFAC's permanent id, so it is ours.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from compliance.model.errors import InputError
from compliance.lists.countries import iso2
from compliance.lists.ids import source_number_id
from compliance.lists.importers.interface import ImportedList, ListImporter, file_date
from compliance.lists.model import ListedParty

NULL = "-0-"
SUB = "\x1a"
REMARKS_CAP = 1000

# File role → (name patterns, expected column count).
ROLES: dict[str, tuple[tuple[str, ...], int]] = {
    "primary": (("sdn.csv", "cons_prim.csv"), 12),
    "alt": (("alt.csv", "cons_alt.csv"), 5),
    "add": (("add.csv", "cons_add.csv"), 6),
    "comments": (("sdn_comments.csv", "cons_comments.csv"), 2),
}
_WEAK_AKA = re.compile(r"a\.k\.a\.\s+'([^']+)'")


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str | None]


def decode(raw: bytes) -> str:
    """OFAC says ASCII; decode UTF-8 and fall back to cp1252 rather than fail."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def cell(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", NULL) else value


def read_rows(path: Path, columns: int, lenient: bool = False) -> list[Row]:
    """Rows of one legacy file, nulls mapped to None, the Ctrl-Z end marker dropped."""
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    text = text.rstrip("\r\n\x1a \t")
    reader = csv.reader(io.StringIO(text, newline=""), strict=not lenient)
    rows: list[Row] = []
    line = 1
    while True:
        start = line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(f"malformed CSV: {exc}", file=str(path), line=start) from None
        line = reader.line_num + 1
        if not cells or all(c.strip() in ("", SUB) for c in cells):
            continue
        if len(cells) < columns and not lenient:
            raise InputError(f"expected {columns} fields, found {len(cells)}", file=str(path), line=start)
        if lenient and len(cells) > columns:
            cells = cells[: columns - 1] + [",".join(cells[columns - 1:])]
        rows.append(Row(start, [cell(c) for c in cells] + [None] * (columns - len(cells))))
    return rows


def role_of(path: Path) -> str | None:
    name = path.name.casefold()
    for role, (patterns, _) in ROLES.items():
        if any(name == p or name.endswith("_" + p) or name.endswith("-" + p) for p in patterns):
            return role
    return None


def split_programs(value: str | None) -> list[str]:
    """"SDGT] [NPWMD" → ["SDGT", "NPWMD"]."""
    if not value:
        return []
    return [p.strip(" []") for p in value.split("] [") if p.strip(" []")]


class OfacSdnImporter(ListImporter):
    format = "ofac-sdn"
    version = "1"
    description = "OFAC legacy CSV set: sdn.csv with alt.csv, add.csv, sdn_comments.csv"

    def read(self, files: list[Path], snapshot_date: dt.date | None = None) -> list[ImportedList]:
        by_role: dict[str, Path] = {}
        for path in files:
            role = role_of(path)
            if role is None:
                raise InputError("not an OFAC legacy file (expected sdn.csv, alt.csv, add.csv or sdn_comments.csv)", file=str(path))
            by_role[role] = path
        if "primary" not in by_role:
            raise InputError("sdn.csv is required (alt.csv, add.csv and sdn_comments.csv are optional)", file=str(files[0]) if files else None)
        primary = by_role["primary"]
        parties, notes = build_parties(
            read_rows(primary, 12),
            read_rows(by_role["alt"], 5) if "alt" in by_role else [],
            read_rows(by_role["add"], 6) if "add" in by_role else [],
            read_rows(by_role["comments"], 2, lenient=True) if "comments" in by_role else [],
            primary,
        )
        if snapshot_date is None:
            notes.append("the files carry no publication date: snapshot date is sdn.csv's modification date")
        notes.append("files read: " + ", ".join(sorted(p.name for p in by_role.values())))
        return [
            ImportedList(
                list_id="sdn",
                title="OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
                source="OFAC SDN legacy CSV files (sdn.csv, alt.csv, add.csv, sdn_comments.csv)",
                source_url="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/sdn.csv",
                snapshot_date=snapshot_date or file_date(primary),
                parties=parties,
                notes=notes,
            )
        ]


def build_parties(primary: list[Row], alts: list[Row], adds: list[Row], comments: list[Row], file: Path) -> tuple[list[ListedParty], list[str]]:
    """Join the four files on ent_num (as a string) and map each SDN."""
    aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in alts:
        if row.cells[0] and row.cells[3]:
            aliases[row.cells[0]].append((row.cells[2] or "aka", row.cells[3]))
    addresses: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    for row in adds:
        if row.cells[0]:
            text = ", ".join(c for c in (row.cells[2], row.cells[3], row.cells[4]) if c)
            addresses[row.cells[0]].append((text or None, row.cells[4]))
    overflow: dict[str, str] = defaultdict(str)
    for row in comments:
        if row.cells[0]:
            overflow[row.cells[0]] += row.cells[1] or ""
    parties: list[ListedParty] = []
    seen: set[str] = set()
    for row in primary:
        ent_num, name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, flag, owner, remarks = row.cells
        if not ent_num or not name:
            raise InputError("a record needs ent_num and SDN_Name", file=str(file), line=row.line)
        if ent_num in seen:
            raise InputError(f"duplicate ent_num {ent_num}", file=str(file), line=row.line, field="ent_num")
        seen.add(ent_num)
        if ent_num in overflow:
            remarks = (remarks or "") + overflow[ent_num]
        countries = [c for c in dict.fromkeys(iso2(country) for _, country in addresses.get(ent_num, [])) if c]
        extras = {
            "ent_num": ent_num,
            "type": sdn_type or "entity",
            "title": title,
            "remarks": remarks,
            "call_sign": call_sign,
            "vessel_type": vess_type,
            "tonnage": tonnage,
            "grt": grt,
            "vessel_flag": flag,
            "vessel_owner": owner,
            "weak_aliases": _WEAK_AKA.findall(remarks or "") or None,
            "alias_types": {a: kind for kind, a in aliases.get(ent_num, []) if kind != "aka"} or None,
            "countries": countries if len(countries) > 1 else None,
        }
        names = [name] + [a for _, a in aliases.get(ent_num, []) if a != name]
        parties.append(
            ListedParty(
                id=source_number_id("sdn", "ofac", ent_num),
                list="sdn",
                names=list(dict.fromkeys(names)),
                addresses=[a for a, _ in addresses.get(ent_num, []) if a],
                country=countries[0] if countries else None,
                license_requirement=None,
                review_policy=None,
                review_policy_kind=None,
                citation=None,
                listed_on=None,
                footnotes=[],
                programs=split_programs(program),
                extras={k: v for k, v in extras.items() if v is not None},
            )
        )
    notes = []
    truncated = sum(1 for r in primary if r.cells[11] and len(r.cells[11]) >= REMARKS_CAP)
    joined = sum(1 for k in overflow if k in seen)
    notes.append(f"remarks at the {REMARKS_CAP}-character cap: {truncated}; continued from sdn_comments.csv: {joined}")
    for label, keys in (("alt.csv", aliases), ("add.csv", addresses), ("sdn_comments.csv", overflow)):
        orphans = sorted(set(keys) - seen, key=lambda k: (len(k), k))
        if orphans:
            notes.append(f"{label}: {len(orphans)} ent_num(s) not in sdn.csv ignored ({', '.join(orphans[:5])}{', ...' if len(orphans) > 5 else ''})")
    return parties, notes
