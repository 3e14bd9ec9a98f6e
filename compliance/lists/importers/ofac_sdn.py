"""OFAC legacy delimited files (sdn.csv, alt.csv, add.csv, sdn_comments.csv) → ListedParty.

No header rows; `-0-` (often with a trailing space) is null; records end in CRLF
(or LF in re-saved copies) and OFAC's downloads end with a lone Ctrl-Z byte.
Remarks are capped at 1,000 characters, the rest continues mid-word in
sdn_comments.csv and is appended without a separator. Programmes are packed as
"SDGT] [NPWMD". Weak aliases (a.k.a. '...' in Remarks) are kept in extras, apart
from the strong aliases of alt.csv. `ent_num` is OFAC's permanent id, so it is ours.

The non-SDN consolidated list ships in the same layout (cons_prim.csv, ...). It is a
different list with different legal effects, so it is imported as `ofac-cons`; which
list a set holds is decided by file names and by content (non-SDN programme tags
and SSI directive remarks on most records), never by the command alone. The files
carry no publication date: `--snapshot-date` is required.
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
from compliance.lists import dating
from compliance.lists.cleaning import clean_names
from compliance.lists.importers.interface import ImportedList, ListImporter
from compliance.lists.model import ListedParty

NULL = "-0-"
SUB = "\x1a"
REMARKS_CAP = 1000

# role → (SDN file name, non-SDN consolidated file name, expected column count).
ROLES: dict[str, tuple[str, str, int]] = {
    "primary": ("sdn.csv", "cons_prim.csv", 12),
    "alt": ("alt.csv", "cons_alt.csv", 5),
    "add": ("add.csv", "cons_add.csv", 6),
    "comments": ("sdn_comments.csv", "cons_comments.csv", 2),
}
SDN, CONS = "sdn", "ofac-cons"
LISTS: dict[str, tuple[str, str, str]] = {  # list id → (title, source, official download URL of the primary file)
    SDN: (
        "OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
        "OFAC SDN legacy CSV files (sdn.csv, alt.csv, add.csv, sdn_comments.csv)",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/sdn.csv",
    ),
    CONS: (
        "OFAC Consolidated Sanctions List (non-SDN lists: SSI, NS-MBS, NS-CMIC, NS-PLC, FSE, CAPTA)",
        "OFAC non-SDN consolidated legacy CSV files (cons_prim.csv, cons_alt.csv, cons_add.csv, cons_comments.csv)",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV",
    ),
}
# Programme tags and remarks only the non-SDN lists carry (an SDN entry may carry one too, when it
# is on both, so the decision is by share of records, not by any single record).
_NON_SDN_TAGS = ("NS-PLC", "561-RELATED")
_NON_SDN_PREFIXES = ("CMIC-", "FSE-", "NS-")
_NON_SDN_REMARKS = re.compile(r"\bSSI\b|Directive Determination")
CONS_SHARE = 0.5
MISSING_WARNING = "{what} missing (no {files}): persons will be missed"
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


def role_of(path: Path) -> tuple[str, str] | None:
    """(list family, role) from a file name: "sdn.csv" → (sdn, primary), "CONS_ALT.CSV" → (ofac-cons, alt)."""
    name = path.name.casefold()
    for role, (sdn_name, cons_name, _) in ROLES.items():
        for family, pattern in ((CONS, cons_name), (SDN, sdn_name)):  # cons_alt.csv also ends in "_alt.csv"
            if name == pattern or name.endswith("_" + pattern) or name.endswith("-" + pattern):
                return family, role
    return None


def is_non_sdn_record(row: Row) -> bool:
    tags = [t.upper() for t in split_programs(row.cells[3])]
    return any(t in _NON_SDN_TAGS or t.startswith(_NON_SDN_PREFIXES) for t in tags) or bool(
        _NON_SDN_REMARKS.search(row.cells[11] or "")
    )


def family_from_content(primary: list[Row]) -> str:
    """SDN or the non-SDN consolidated list, from the records themselves: most non-SDN
    records carry a non-SDN programme (NS-PLC, CMIC-EO13959, FSE-*) or SSI directive remarks."""
    if not primary:
        return SDN
    share = sum(1 for row in primary if is_non_sdn_record(row)) / len(primary)
    return CONS if share >= CONS_SHARE else SDN


def split_programs(value: str | None) -> list[str]:
    """"SDGT] [NPWMD" → ["SDGT", "NPWMD"]."""
    if not value:
        return []
    return [p.strip(" []") for p in value.split("] [") if p.strip(" []")]


class OfacSdnImporter(ListImporter):
    format = "ofac-sdn"
    version = "2"
    description = "OFAC legacy CSV sets: sdn.csv/alt.csv/add.csv/sdn_comments.csv (SDN) or cons_*.csv (non-SDN consolidated)"

    def read(self, files: list[Path], snapshot_date: dt.date | None = None) -> list[ImportedList]:
        by_role: dict[str, Path] = {}
        families: set[str] = set()
        for path in files:
            found = role_of(path)
            if found is None:
                raise InputError(
                    "not an OFAC legacy file (expected sdn.csv, alt.csv, add.csv, sdn_comments.csv or their cons_*.csv counterparts)",
                    file=str(path),
                )
            families.add(found[0])
            by_role[found[1]] = path
        if len(families) > 1:
            raise InputError("SDN files and non-SDN consolidated (cons_*) files mixed: import each set on its own", file=str(files[0]))
        if "primary" not in by_role:
            raise InputError(
                "the primary file (sdn.csv or cons_prim.csv) is required (alt, add and comments files are optional)",
                file=str(files[0]) if files else None,
            )
        primary_path = by_role["primary"]
        primary = read_rows(primary_path, 12)
        named, content = families.pop(), family_from_content(primary)
        list_id = CONS if CONS in (named, content) else SDN
        parties, notes = build_parties(
            primary,
            read_rows(by_role["alt"], 5) if "alt" in by_role else [],
            read_rows(by_role["add"], 6) if "add" in by_role else [],
            read_rows(by_role["comments"], 2, lenient=True) if "comments" in by_role else [],
            primary_path,
            list_id,
        )
        if named != content:
            notes.append(f"file names say {named} but the records are {content} (programmes and remarks): imported as {list_id}")
        notes.append("files read: " + ", ".join(sorted(p.name for p in by_role.values())))
        dated = dating.choose(snapshot_date, None, str(primary_path))
        title, source, url = LISTS[list_id]
        return [
            ImportedList(
                list_id=list_id,
                title=title,
                source=source,
                source_url=url,
                snapshot_date=dated.date,
                date_basis=dated.basis,
                date_source=dated.source,
                parties=parties,
                notes=notes,
                warnings=missing_part_warnings(by_role, list_id),
            )
        ]


def missing_part_warnings(by_role: dict[str, Path], list_id: str) -> list[str]:
    """Aliases are how most listed persons are found, addresses how they are told apart."""
    names = {role: ROLES[role][0 if list_id == SDN else 1] for role in ("alt", "add")}
    missing = [role for role in ("alt", "add") if role not in by_role]
    if not missing:
        return []
    what = "/".join({"alt": "aliases", "add": "addresses"}[r] for r in missing)
    return [MISSING_WARNING.format(what=what, files=", ".join(names[r] for r in missing))]


def build_parties(
    primary: list[Row], alts: list[Row], adds: list[Row], comments: list[Row], file: Path, list_id: str = SDN
) -> tuple[list[ListedParty], list[str]]:
    """Join the four files on ent_num (as a string) and map each record.

    Weak aliases (OFAC's a.k.a. 'X' in Remarks, or an alt.csv type that says weak) are
    kept apart from the names, in extras["weak_aliases"]: screening gives them a lower
    weight and never treats a weak-alias hit alone as a match (OFAC FAQ 124)."""
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
        strong = [a for kind, a in aliases.get(ent_num, []) if "weak" not in kind.casefold()]
        names, name_remarks = clean_names(name, strong)
        weak = [a for kind, a in aliases.get(ent_num, []) if "weak" in kind.casefold()] + _WEAK_AKA.findall(remarks or "")
        weak = [w for w in dict.fromkeys(" ".join(w.split()) for w in weak) if w and w not in names]
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
            "weak_aliases": weak or None,
            "name_remarks": name_remarks or None,
            "alias_types": {a: kind for kind, a in aliases.get(ent_num, []) if kind != "aka"} or None,
            "countries": countries if len(countries) > 1 else None,
        }
        parties.append(
            ListedParty(
                id=source_number_id(list_id, "ofac", ent_num),
                list=list_id,
                names=names,
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
    family = 0 if list_id == SDN else 1
    notes = []
    truncated = sum(1 for r in primary if r.cells[11] and len(r.cells[11]) >= REMARKS_CAP)
    joined = sum(1 for k in overflow if k in seen)
    notes.append(f"remarks at the {REMARKS_CAP}-character cap: {truncated}; continued from {ROLES['comments'][family]}: {joined}")
    weak_total = sum(len(p.extras.get("weak_aliases", ())) for p in parties)
    notes.append(f"weak aliases (screened at a lower weight): {weak_total} on {sum(1 for p in parties if p.extras.get('weak_aliases'))} records")
    for role, keys, rows in (("alt", aliases, alts), ("add", addresses, adds), ("comments", overflow, comments)):
        orphans = sorted(set(keys) - seen, key=lambda k: (len(k), k))
        if orphans:
            count = sum(1 for r in rows if r.cells[0] in orphans)
            notes.append(
                f"{ROLES[role][family]}: {count} row(s) of {len(orphans)} ent_num(s) not in {ROLES['primary'][family]} ignored "
                f"({', '.join(orphans[:5])}{', ...' if len(orphans) > 5 else ''})"
            )
    return parties, notes
