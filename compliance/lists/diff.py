"""Differences between two snapshots of a list: entries added, removed and changed.

The publishers offer no deltas (formats/csl.md §1), so a reviewer needs this to see
what an update brought. Entries are matched by their stable id; "changed" lists
the fields whose values differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.lists.model import ListedParty

COMPARED = ("names", "addresses", "country", "license_requirement", "review_policy", "citation", "listed_on", "footnotes", "programs")


@dataclass
class Change:
    id: str
    name: str
    fields: dict[str, tuple[Any, Any]]


@dataclass
class SnapshotDiff:
    added: list[ListedParty] = field(default_factory=list)
    removed: list[ListedParty] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_parties(old: list[ListedParty], new: list[ListedParty]) -> SnapshotDiff:
    before = {p.id: p for p in old}
    after = {p.id: p for p in new}
    result = SnapshotDiff(
        added=[after[i] for i in sorted(after.keys() - before.keys())],
        removed=[before[i] for i in sorted(before.keys() - after.keys())],
    )
    for party_id in sorted(before.keys() & after.keys()):
        a, b = before[party_id], after[party_id]
        fields = {f: (getattr(a, f), getattr(b, f)) for f in COMPARED if getattr(a, f) != getattr(b, f)}
        if fields:
            result.changed.append(Change(party_id, b.primary_name, fields))
        else:
            result.unchanged += 1
    return result


def diff_as_dict(diff: SnapshotDiff) -> dict[str, Any]:
    def brief(p: ListedParty) -> dict[str, Any]:
        return {"id": p.id, "name": p.primary_name, "country": p.country}

    def jsonable(value: Any) -> Any:
        return value.isoformat() if hasattr(value, "isoformat") else value

    return {
        "summary": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed), "unchanged": diff.unchanged},
        "added": [brief(p) for p in diff.added],
        "removed": [brief(p) for p in diff.removed],
        "changed": [
            {"id": c.id, "name": c.name, "fields": {k: {"old": jsonable(v[0]), "new": jsonable(v[1])} for k, v in c.fields.items()}}
            for c in diff.changed
        ],
    }
