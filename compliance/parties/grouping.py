"""One finding per listed party, not one per name it was found under.

A subject can hit the same listed party several ways: its supplier and manufacturer
columns name the same company, or a list carries one listing as sister entries (same
list, same Federal Register / announcement citation, same address, one entry per name).
Reviewers act on the listing, so those hits become one finding — the best-scoring hit —
with the others kept as `alternatives`. Each alternative keeps its own fingerprint, so a
waiver or baseline written before grouping still matches (gate.py looks at all of them).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from compliance.model.finding import Alternative, Finding
from compliance.model.terms import RuleKind

_NOT_WORD = re.compile(r"[\W_]+")


def _norm(text: str | None) -> str:
    return _NOT_WORD.sub(" ", (text or "").casefold()).strip()


def _subject_key(f: Finding) -> tuple:
    s = f.subject
    return (f.rule_id, s.file, s.row, s.part_number, s.party_id, s.party_name)


def _listing_keys(f: Finding) -> set[tuple]:
    """Keys that put two hits in one group: the same entry, or a sister entry (same list,
    citation and a shared address)."""
    assert f.match is not None
    keys: set[tuple] = {("entry", f.match.entry_id)}
    citation = _norm(f.evidence.get("entry_citation"))
    if citation:
        for address in f.evidence.get("entry_addresses") or ():
            if _norm(address):
                keys.add(("listing", f.match.list, citation, _norm(address)))
    return keys


def _rank(f: Finding) -> tuple:
    """The representative of a group: best score, then the named field order, then entry id."""
    field_order = {"name": 0, "supplier": 1, "manufacturer": 2}
    assert f.match is not None
    return (-f.match.score, field_order.get(f.subject.field or "", 3), f.match.entry_id, f.fingerprint)


def _alternative(f: Finding) -> Alternative:
    assert f.match is not None
    addresses = f.evidence.get("entry_addresses") or [None]
    return Alternative(
        fingerprint=f.fingerprint,
        entry_id=f.match.entry_id,
        name=f.match.name,
        matched_name=f.match.matched_name,
        score=f.match.score,
        field=f.subject.field,
        country=f.evidence.get("entry_country"),
        address=addresses[0],
    )


def _clusters(findings: list[Finding]) -> list[list[Finding]]:
    """Connected groups of findings that share a listing key (union-find, order kept)."""
    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}
    for i, f in enumerate(findings):
        for key in _listing_keys(f):
            j = owner.setdefault(key, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[Finding]] = {}
    for i, f in enumerate(findings):
        groups.setdefault(root(i), []).append(f)
    return list(groups.values())


def group_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Listed-party findings of one subject under one rule merged per listing; others unchanged."""
    out: list[Finding] = []
    by_subject: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.kind is RuleKind.LISTED_PARTY and f.match is not None:
            by_subject.setdefault(_subject_key(f), []).append(f)
        else:
            out.append(f)
    for members in by_subject.values():
        for cluster in _clusters(members):
            best, *rest = sorted(cluster, key=_rank)
            if rest:
                best = replace(best, alternatives=[*best.alternatives, *(_alternative(f) for f in rest)])
            out.append(best)
    return out
