"""What the CSL JSON and CSV importers share: source → list id, record → ListedParty.

The Consolidated Screening List names its source lists in full ("Entity List (EL) -
Bureau of Industry and Security"); the parenthesised code is the stable part, so we
match on it (formats/csl.md §4) and report strings we do not know instead of
dropping their rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from compliance.lists.cleaning import clean_names, extract_footnotes
from compliance.lists.countries import iso2
from compliance.lists.csl_sources import OFAC_CODES, SOURCES
from compliance.lists.dating import SnapshotDate, newest
from compliance.lists.ids import assign_ids, source_number_id
from compliance.lists.importers.interface import ImportedList
from compliance.lists.model import ListedParty
from compliance.lists.review_policy import classify_review_policy

PER_ADDRESS = {"dpl"}
_CODE = re.compile(r"\(([^()]+)\)")


def code_of(source: str) -> str | None:
    """"Entity List (EL) - Bureau of Industry and Security" → "EL"."""
    for match in _CODE.finditer(source or ""):
        code = match.group(1).strip().upper()
        if code in SOURCES:
            return code
    return None


def list_id_of(source: str) -> str:
    """Known code → our list id; an unknown source gets a slug so its rows are kept."""
    code = code_of(source)
    if code:
        return SOURCES[code][0]
    slug = re.sub(r"[^a-z0-9]+", "-", (source or "unknown").casefold()).strip("-")
    return "csl-" + (slug[:40] or "unknown")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(value: Any) -> dt.date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def map_record(record: dict[str, Any]) -> ListedParty:
    """One CSL result (JSON object, or a CSV row already split into lists) → ListedParty."""
    source = _text(record.get("source")) or ""
    code = code_of(source)
    list_id = list_id_of(source)
    addresses: list[str] = []
    countries: list[str] = []
    for address in record.get("addresses") or []:
        if isinstance(address, dict):
            country = _text(address.get("country"))
            parts = [_text(address.get(k)) for k in ("address", "city", "state", "state_or_province", "postal_code")]
            text = ", ".join(p for p in parts + [country] if p)
            if country and iso2(country):
                countries.append(iso2(country))  # type: ignore[arg-type]
        else:
            text = _text(address) or ""
            tail = text.rsplit(",", 1)[-1].strip() if text else ""
            if iso2(tail):
                countries.append(iso2(tail))  # type: ignore[arg-type]
        if text:
            addresses.append(text)
    names, name_remarks = clean_names(_text(record.get("name")) or "", [a for a in (_text(x) for x in record.get("alt_names") or []) if a])
    policy = _text(record.get("license_policy"))
    # The CSL copies the eCFR licence text with its footnote markers glued in ("734.9(g),3").
    licence, footnotes = extract_footnotes(_text(record.get("license_requirement")))
    entity_number = _text(record.get("entity_number"))
    unique_countries = list(dict.fromkeys(countries))
    extras = {
        "csl_id": _text(record.get("id") or record.get("_id")),
        "source": source,
        "entity_number": entity_number,
        "type": _text(record.get("type")),
        "title": _text(record.get("title")) if not isinstance(record.get("title"), list) else "; ".join(record["title"]),
        "remarks": _text(record.get("remarks")),
        "name_remarks": name_remarks or None,
        "end_date": _text(record.get("end_date")),
        "standard_order": _text(record.get("standard_order")),
        "source_list_url": _text(record.get("source_list_url")),
        "ids": record.get("ids") or None,
        "nationalities": record.get("nationalities") or None,
        "citizenships": record.get("citizenships") or None,
        "dates_of_birth": record.get("dates_of_birth") or None,
        "countries": unique_countries if len(unique_countries) > 1 else None,
    }
    party_id = source_number_id(list_id, "ofac", entity_number) if (code in OFAC_CODES and entity_number) else ""
    return ListedParty(
        id=party_id,
        list=list_id,
        names=[n for n in names if n],
        addresses=addresses,
        country=unique_countries[0] if unique_countries else None,
        license_requirement=licence,
        review_policy=policy,
        review_policy_kind=classify_review_policy(policy),
        citation=_text(record.get("federal_register_notice")),
        listed_on=_date(record.get("start_date")),
        footnotes=footnotes if code == "EL" else [],
        programs=[p for p in (_text(x) for x in record.get("programs") or []) if p],
        extras={k: v for k, v in extras.items() if v},
    )


def newest_start_date(parties: list[ListedParty]) -> SnapshotDate | None:
    """The newest listing date in the file: a lower bound of its publication date."""
    return newest((p.listed_on for p in parties), "newest start_date in the file")


def group_batches(parties: list[ListedParty], dated: SnapshotDate, source_label: str, notes: list[str]) -> list[ImportedList]:
    """Split mapped records into one batch per list, with ids assigned."""
    by_list: dict[str, list[ListedParty]] = {}
    for party in parties:
        by_list.setdefault(party.list, []).append(party)
    titles = {list_id: title for list_id, title in SOURCES.values()}
    batches = []
    for list_id, members in sorted(by_list.items()):
        assign_ids(members, per_address=list_id in PER_ADDRESS)
        unknown = not any(list_id == known for known, _ in SOURCES.values())
        sources = Counter(p.extras.get("source", "") for p in members)
        batches.append(
            ImportedList(
                list_id=list_id,
                title=titles.get(list_id, sources.most_common(1)[0][0] or list_id),
                source=f"ITA Consolidated Screening List ({source_label}): {sources.most_common(1)[0][0]}",
                source_url="https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json",
                snapshot_date=dated.date,
                date_basis=dated.basis,
                date_source=dated.source,
                parties=members,
                notes=notes + (["unknown CSL source string; list id derived from it"] if unknown else []),
            )
        )
    return batches
