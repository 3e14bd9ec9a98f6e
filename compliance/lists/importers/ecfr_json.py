"""eCFR-derived JSON snapshots (the nsfreg shape) → ListedParty.

Six files share one shape: `{list_id, source_file, extracted, count, entities[]}`
with `name, aliases, country, address, effective_date, federal_register, notes`.
Each source list has its own quirks (see the data README); a per-list table says
where the listing date and licence text live, and the repairs in
`compliance.lists.cleaning` fix the parse defects. Every repair is counted in the
batch notes so a manifest says what was changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compliance.model.errors import InputError
from compliance.lists import cleaning
from compliance.lists.countries import is_hong_kong_address, iso2
from compliance.lists.ids import assign_ids, identity_key
from compliance.lists.importers.interface import ImportedList, ListImporter, read_json_file
from compliance.lists.model import ListedParty


@dataclass(frozen=True)
class SourceSpec:
    list_id: str
    title: str
    per_address: bool = False  # one record per address (DPL): the address is part of the id
    licence_in_notes: bool = False  # Entity List: `notes` holds the licence-requirement column


SOURCES: dict[str, SourceSpec] = {
    "bis-entity-list": SourceSpec("entity-list", "BIS Entity List (15 CFR Part 744, Supplement No. 4)", licence_in_notes=True),
    "bis-meu": SourceSpec("meu", "BIS Military End-User List (15 CFR Part 744, Supplement No. 7)"),
    "bis-dpl": SourceSpec("dpl", "BIS Denied Persons List", per_address=True),
    "dow-1260h": SourceSpec("dow-1260h", "DoW Section 1260H Chinese Military Companies List"),
    "ofac-nscmic": SourceSpec("ofac-ns-cmic", "OFAC Non-SDN Chinese Military-Industrial Complex Companies List"),
    "dhs-uflpa": SourceSpec("dhs-uflpa", "DHS UFLPA Entity List"),
}

_ADDRESS_ONLY = re.compile(r"^Address\s+\d{1,3}$")
_SUBORDINATE = re.compile(r"^(?P<parent>.+?)\s+subordinate institution:\s*(?P<unit>.*)$", re.IGNORECASE)
_ADDRESS_SPLIT = re.compile(r";\s+and\s+|\s+Alt\.?\s+Address:\s*", re.IGNORECASE)
_DATED_FILE = re.compile(r"(\d{2})(\d{2})(\d{4})")


class EcfrJsonImporter(ListImporter):
    format = "ecfr-json"
    version = "1"
    description = "eCFR-derived JSON snapshots (Entity List, MEU, DPL, 1260H, NS-CMIC, UFLPA)"

    def read(self, files: list[Path], snapshot_date: dt.date | None = None) -> list[ImportedList]:
        catalogue = _catalogue(files)
        batches = []
        for path in files:
            if path.name == "lists.json":
                continue
            batches.append(read_file(path, snapshot_date, catalogue))
        if not batches:
            raise InputError("no list file given (lists.json only holds metadata)", file=str(files[0]) if files else None)
        return batches


def _catalogue(files: list[Path]) -> dict[str, dict[str, Any]]:
    """Official names and URLs from a `lists.json` given alongside (or next to) the files."""
    candidates = [p for p in files if p.name == "lists.json"] + [p.parent / "lists.json" for p in files]
    for candidate in candidates:
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
                return {entry["id"]: entry for entry in data.get("lists", []) if "id" in entry}
            except (ValueError, KeyError, TypeError, AttributeError):
                return {}
    return {}


def _load(path: Path) -> dict[str, Any]:
    data = read_json_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise InputError("expected an object with an 'entities' array", file=str(path), field="entities")
    if data.get("list_id") not in SOURCES:
        known = ", ".join(SOURCES)
        raise InputError(f"unknown list_id {data.get('list_id')!r} (known: {known})", file=str(path), field="list_id")
    return data


def snapshot_date_of(data: dict[str, Any]) -> dt.date:
    """The date of the official publication read: a date in the source file name
    (BIS exports are named `dpl_MMDDYYYY.csv`), else the extraction date."""
    match = _DATED_FILE.search(str(data.get("source_file") or ""))
    if match:
        try:
            return dt.date(int(match[3]), int(match[1]), int(match[2]))
        except ValueError:
            pass
    return dt.date.fromisoformat(str(data["extracted"]))


def read_file(path: Path, snapshot_date: dt.date | None = None, catalogue: dict[str, dict[str, Any]] | None = None) -> ImportedList:
    data = _load(path)
    spec = SOURCES[data["list_id"]]
    repairs: Counter[str] = Counter()
    parties = []
    for index, raw in enumerate(data["entities"]):
        if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
            raise InputError("entity without a name", file=str(path), field=f"entities[{index}].name")
        parties.append(map_entity(raw, spec, repairs))
    drop_linked_entity_aliases(parties, repairs)
    assign_ids(parties, per_address=spec.per_address)
    meta = (catalogue or {}).get(data["list_id"], {})
    try:
        date = snapshot_date or snapshot_date_of(data)
    except (KeyError, ValueError):
        raise InputError("no usable 'extracted' date; pass --snapshot-date", file=str(path), field="extracted") from None
    notes = [f"source file {data.get('source_file')}, extracted {data.get('extracted')}"]
    if meta.get("snapshot"):
        notes.append(f"publication: {meta['snapshot']}")
    notes += [f"repair: {what} ({count})" for what, count in sorted(repairs.items())]
    if spec.list_id == "entity-list":
        notes.append("the source snapshot has no licence review policy column: review_policy is empty")
    return ImportedList(
        list_id=spec.list_id,
        title=spec.title,
        source=str(meta.get("official_name") or spec.title) + f" — {meta.get('snapshot') or data.get('source_file')}",
        source_url=meta.get("official_url"),
        snapshot_date=date,
        parties=parties,
        notes=notes,
    )


def map_entity(raw: dict[str, Any], spec: SourceSpec, repairs: Counter[str]) -> ListedParty:
    """One source entity → ListedParty, applying every repair that fits."""
    extras: dict[str, Any] = {}
    name = cleaning.fix_typography(str(raw["name"]))
    if name != " ".join(str(raw["name"]).split()):
        repairs["typography normalised in a name"] += 1
    aliases_raw = [cleaning.fix_typography(str(a)) for a in raw.get("aliases") or [] if str(a).strip()]
    address = " ".join(str(raw.get("address") or "").split()) or None
    notes = " ".join(str(raw.get("notes") or "").split()) or None

    if _ADDRESS_ONLY.match(name) and address:
        # 15 CFR 744.16: an address of high diversion risk listed without an entity name.
        repairs["'Address NN' pseudo-name turned into an address-only entry"] += 1
        extras.update(address_only=True, address_label=name)
        name = address
    subordinate = _SUBORDINATE.match(name)
    if subordinate:
        repairs["'... subordinate institution:' heading moved to extras.parent"] += 1
        extras["parent"] = subordinate.group("parent")
        name = subordinate.group("unit").strip()
        if not name and aliases_raw:
            name = aliases_raw.pop(0)
            extras["name_from_alias"] = True
        name = name or subordinate.group("parent")
    if name.count("(") > name.count(")") and address:
        tail, rest = cleaning.recover_cut_alias(address)
        if tail is not None:
            repairs["name cut at '(' completed from the address field"] += 1
            name, address = f"{name} {tail})", rest or None
    primary, name_aliases, _cut = cleaning.split_aka_name(name)
    if name_aliases or primary != name:
        repairs["a.k.a. text split out of a primary name"] += 1
    name_aliases = [cleaning.restore_lost_initial(a, primary) for a in name_aliases]
    if primary.endswith(" and subsidiaries"):
        primary = primary[: -len(" and subsidiaries")].strip()
        extras["includes_subsidiaries"] = True
        repairs["'and subsidiaries' moved from the name to extras"] += 1

    aliases: list[str] = []
    addresses = _split_addresses(address)
    for alias in name_aliases + aliases_raw:
        head, spilled = cleaning.split_alias_address(alias)
        if spilled:
            repairs["address text moved out of an alias"] += 1
            addresses.extend(_split_addresses(spilled))
        pieces = cleaning.split_alias_text(head)
        if pieces != [head]:
            repairs["alias list glue (';', 'a.k.a.', headings) split"] += 1
        aliases.extend(cleaning.fix_typography(p) for p in pieces)
    names = _unique([primary] + aliases)

    country_name = raw.get("country")
    country = iso2(country_name)
    if country_name and (country is None or "region" in country_name.casefold()):
        extras["country_as_listed"] = country_name
    if country == "CN" and is_hong_kong_address(address):
        country = "HK"
        extras["country_as_listed"] = country_name
        repairs["Hong Kong address listed under China -> HK"] += 1

    licence = None
    footnotes: list[str] = []
    if spec.licence_in_notes:
        licence, footnotes = cleaning.extract_footnotes(notes)
        if footnotes:
            repairs["footnote markers taken out of the licence text"] += 1
    elif notes:
        extras.update(_parse_notes(notes, spec.list_id))
    citation = cleaning.normalize_citation(raw.get("federal_register"))
    listed_on = _listed_on(raw, spec, citation, extras)
    programs = [extras.pop("program")] if "program" in extras else []
    return ListedParty(
        id="",
        list=spec.list_id,
        names=names,
        addresses=addresses,
        country=country,
        license_requirement=licence,
        review_policy=None,
        review_policy_kind=None,
        citation=citation,
        listed_on=listed_on,
        footnotes=footnotes,
        programs=programs,
        extras=extras,
    )


def _split_addresses(address: str | None) -> list[str]:
    if not address:
        return []
    parts = [re.sub(r"^(Address(es)?( for [^:]+)?:)\s*", "", p).strip(" ;") for p in _ADDRESS_SPLIT.split(address)]
    return [p for p in parts if p]


def _unique(names: list[str]) -> list[str]:
    seen, kept = set(), []
    for name in names:
        key = identity_key(name)
        if name and key and key not in seen:
            seen.add(key)
            kept.append(name)
    return kept


def _parse_notes(notes: str, list_id: str) -> dict[str, Any]:
    """List-specific facts packed into `notes`."""
    if list_id == "ofac-ns-cmic":
        fields = dict(
            (k.strip(), v.strip()) for k, _, v in (part.partition(":") for part in notes.split(";")) if v
        )
        out: dict[str, Any] = {}
        if "Target Type" in fields:
            out["target_type"] = fields["Target Type"]
        if "USCC" in fields:
            out["uscc"] = re.sub(r"\s*\(.*\)$", "", fields["USCC"])
        if "Listing Date (CMIC)" in fields:
            out["listing_date_cmic"] = fields["Listing Date (CMIC)"]
        if "Program" in fields:
            out["program"] = fields["Program"]
        if "Linked To" in fields:
            out["linked_to"] = fields["Linked To"]
        return out
    if list_id == "dpl":
        out = {}
        for part in notes.split(";"):
            key, _, value = part.partition(":")
            if key.strip() == "Type of denial":
                out["denial_type"] = value.strip()
            elif key.strip() == "Expires":
                out["expires"] = value.strip()
        return out
    if list_id in {"dow-1260h", "dhs-uflpa"}:
        return {"basis": notes, **({"basis_truncated": True} if notes.endswith("...") else {})}
    return {"notes": notes}


def _listed_on(raw: dict[str, Any], spec: SourceSpec, citation: str | None, extras: dict[str, Any]) -> dt.date | None:
    if spec.list_id == "ofac-ns-cmic" and extras.get("listing_date_cmic"):
        return cleaning.parse_loose_date(extras["listing_date_cmic"])
    if raw.get("effective_date"):
        return cleaning.parse_loose_date(str(raw["effective_date"]))
    dates = cleaning.citation_dates(citation)
    return min(dates) if dates else None


def drop_linked_entity_aliases(parties: list[ListedParty], repairs: Counter[str]) -> None:
    """Drop an alias that is the primary name of a record linked to this one.

    NS-CMIC gives "Huawei Technologies Co., Ltd." the alias "HUAWEI INVESTMENT &
    HOLDING CO LTD", a separate listed record "Linked To" it. Keeping the alias
    would merge two entries in matching; the other record still matches the name.
    """
    by_primary = {identity_key(p.names[0]): p for p in parties}

    def linked(a: ListedParty, b: ListedParty) -> bool:
        return identity_key(a.extras.get("linked_to")) == identity_key(b.names[0]) or identity_key(
            b.extras.get("linked_to")
        ) == identity_key(a.names[0])

    for party in parties:
        kept, dropped = [party.names[0]], []
        for alias in party.names[1:]:
            other = by_primary.get(identity_key(alias))
            (dropped if other is not None and other is not party and linked(party, other) else kept).append(alias)
        if dropped:
            repairs["alias naming a linked, separately listed entity dropped"] += len(dropped)
            party.extras["dropped_aliases"] = dropped
            party.names = kept
