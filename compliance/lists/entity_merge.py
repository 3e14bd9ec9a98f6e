"""Entity List entries from its two sources, merged: the eCFR text and the CSL.

The eCFR-derived snapshot carries the footnote designations (FDP rules) and the
Federal Register citations with dates, but no licence review policy; the
Consolidated Screening List carries the review policy but no footnotes
(formats/csl.md §3.4, formats/ecfr-entity-list.md §4). When a list is imported
from one source while a snapshot from the other is at hand (imported, or
bundled), each new entry is joined to its counterpart by a stable key — the
normalised primary name and country, else a unique shared name in the same
country — and gets both sources' licence requirement, review policy, footnotes
and citations. Where the sources disagree, the entry records the conflict; the
finding shows it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from compliance.model.errors import ListDataError
from compliance.lists import store
from compliance.lists.cleaning import normalize_citation
from compliance.lists.ids import identity_key
from compliance.lists.importers.interface import ImportedList
from compliance.lists.model import ListedParty, Manifest

MERGED_LISTS = frozenset({"entity-list"})
ECFR, CSL = "ecfr", "csl"
_FR = re.compile(r"(\d+)\s*F\.?\s?R\.?\s*(\d+)")


def origin(text: str) -> str | None:
    """Which source a snapshot came from, by its importer label or source text."""
    folded = text.casefold()
    if "csl" in folded or "consolidated screening list" in folded:
        return CSL
    if "ecfr" in folded:
        return ECFR
    return None


def _origin_of(manifest: Manifest) -> str | None:
    return origin(manifest.importer) or origin(manifest.source)


def counterpart(list_id: str, wanted: str, data_dir: Path | None, target_root: Path) -> list[ListedParty] | None:
    """Records of the snapshot from the other source: the one being replaced, the one in
    effect, or the bundled one — the first whose origin is `wanted`."""
    folders = [target_root / list_id]
    found = store.available(data_dir).get(list_id)
    if found:
        folders.append(found[0])
    folders.append(store.bundled_dir() / list_id)
    for folder in folders:
        if not (folder / store.MANIFEST).is_file():
            continue
        try:
            snapshot = store.read_snapshot(folder, bundled=folder.parent == store.bundled_dir())
        except ListDataError:
            continue
        if _origin_of(snapshot.manifest) == wanted:
            return snapshot.parties
        carried = [p for p in snapshot.parties if (p.extras.get("merged") or {}).get(wanted)]
        if carried:  # a merged snapshot keeps the other source's fields
            return [_unmerged(p, wanted) for p in carried]
    return None


def _unmerged(party: ListedParty, side: str) -> ListedParty:
    fields = party.extras["merged"][side]
    return replace(
        party,
        id=fields.get("id", party.id),
        license_requirement=fields.get("license_requirement"),
        review_policy=fields.get("review_policy"),
        footnotes=list(fields.get("footnotes") or []),
        citation=fields.get("citation"),
        extras={},
    )


def key_of(name: str, country: str | None) -> tuple[str, str | None]:
    return identity_key(name), country


def join(new: list[ListedParty], other: list[ListedParty]) -> dict[int, ListedParty]:
    """Position in `new` → its counterpart in `other` (primary name + country, else one shared name)."""
    by_primary: dict[tuple[str, str | None], list[ListedParty]] = {}
    by_any: dict[tuple[str, str | None], list[ListedParty]] = {}
    for party in other:
        by_primary.setdefault(key_of(party.primary_name, party.country), []).append(party)
        for name in dict.fromkeys(party.names):
            by_any.setdefault(key_of(name, party.country), []).append(party)
    pairs: dict[int, ListedParty] = {}
    taken: set[str] = set()
    for position, party in enumerate(new):
        candidates = by_primary.get(key_of(party.primary_name, party.country), [])
        if len(candidates) != 1:
            ids = {c.id: c for name in party.names for c in by_any.get(key_of(name, party.country), [])}
            candidates = list(ids.values())
        if len(candidates) == 1 and candidates[0].id not in taken:
            pairs[position] = candidates[0]
            taken.add(candidates[0].id)
    return pairs


def _fr_refs(citation: str | None) -> set[str]:
    return {f"{vol} FR {page}" for vol, page in _FR.findall(citation or "")}


def _same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").casefold().replace("§ ", "§").split()).rstrip(".") == " ".join(
        (b or "").casefold().replace("§ ", "§").split()
    ).rstrip(".")


def conflicts(ecfr: ListedParty, csl: ListedParty) -> list[str]:
    found = []
    if ecfr.license_requirement and csl.license_requirement and not _same_text(ecfr.license_requirement, csl.license_requirement):
        found.append(f"licence requirement differs: eCFR {ecfr.license_requirement!r}; CSL {csl.license_requirement!r}")
    only_ecfr, only_csl = _fr_refs(ecfr.citation) - _fr_refs(csl.citation), _fr_refs(csl.citation) - _fr_refs(ecfr.citation)
    if only_ecfr or only_csl:
        found.append(
            "FR citations differ: "
            + "; ".join(part for part in (
                f"only in eCFR {', '.join(sorted(only_ecfr))}" if only_ecfr else "",
                f"only in CSL {', '.join(sorted(only_csl))}" if only_csl else "",
            ) if part)
        )
    return found


def _side(party: ListedParty) -> dict:
    fields = {
        "id": party.id,
        "license_requirement": party.license_requirement,
        "review_policy": party.review_policy,
        "footnotes": party.footnotes or None,
        "citation": party.citation,
    }
    return {k: v for k, v in fields.items() if v}


def merge_pair(new: ListedParty, other: ListedParty, new_origin: str) -> ListedParty:
    """`new` with the fields only `other` has, both sources' values and the conflicts kept."""
    ecfr, csl = (new, other) if new_origin == ECFR else (other, new)
    citations = [c for c in (normalize_citation(ecfr.citation), normalize_citation(csl.citation)) if c]
    merged_citation = "; ".join(dict.fromkeys(p for c in citations for p in c.split("; ")))
    found = conflicts(ecfr, csl)
    extras = dict(new.extras)
    extras["merged"] = {"ecfr": _side(ecfr), "csl": _side(csl), **({"conflicts": found} if found else {})}
    return replace(
        new,
        id=ecfr.id,  # the eCFR id is what the bundled snapshot, and waivers made against it, use
        license_requirement=new.license_requirement or other.license_requirement,
        review_policy=csl.review_policy or ecfr.review_policy,
        review_policy_kind=csl.review_policy_kind or ecfr.review_policy_kind,
        footnotes=list(ecfr.footnotes or csl.footnotes),
        citation=merged_citation or None,
        listed_on=new.listed_on or other.listed_on,
        extras=extras,
    )


def merge_with_snapshot_in_effect(batch: ImportedList, data_dir: Path | None, target_root: Path) -> ImportedList:
    """The batch with each entry merged with its counterpart from the other source, if any."""
    if batch.list_id not in MERGED_LISTS:
        return batch
    new_origin = origin(batch.source)
    if new_origin is None:
        return batch
    other = counterpart(batch.list_id, CSL if new_origin == ECFR else ECFR, data_dir, target_root)
    if not other:
        return batch
    pairs = join(batch.parties, other)
    ids = {p.id for p in batch.parties}
    parties = []
    for position, party in enumerate(batch.parties):
        match = pairs.get(position)
        if match is not None and (match.id == party.id or match.id not in ids):
            parties.append(merge_pair(party, match, new_origin))
        else:
            parties.append(party)
    merged = sum(1 for p in parties if "merged" in p.extras)
    disagreeing = sum(1 for p in parties if p.extras.get("merged", {}).get("conflicts"))
    other_name = "CSL" if new_origin == ECFR else "eCFR"
    note = (
        f"merged with the {other_name} snapshot at hand: {merged} of {len(parties)} entries joined "
        f"(name + country), {disagreeing} with conflicting fields (see extras.merged.conflicts)"
    )
    return replace(batch, parties=parties, notes=[*batch.notes, note])
