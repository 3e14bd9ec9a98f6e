"""Counterparty screening: party records + listed-party rules + the name index → findings.

A name that matches an entry on list L becomes one finding per in-force rule of kind
`listed-party` whose `conditions.lists` names L (severity, outcome and citation from
the rule; the match, score and explanation in `Finding.match`; the entry's licence
requirement, review policy and footnotes in the evidence). An entry added to its list
after the as-of date does not count on that date. BOM suppliers and manufacturers are
screened by the same code. Hits on one listing through several names or sister
entries become one finding (grouping.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Iterable, Sequence

from compliance.model.finding import Finding, Match, Subject
from compliance.parties.grouping import group_findings
from compliance.rulepacks.finding import rule_finding
from compliance.lists.screening_fields import (
    ENTRIES_VERSION, WEAK_GUIDANCE, WEAK_WEIGHT, LazyScreeningEntries, entry_evidence, is_weak, weighted_score,
)
from compliance.matching import DEFAULT_THRESHOLD
from compliance.matching.index import Hit, NameIndex
from compliance.model.records import BomLine, Party
from compliance.rulepacks.loader import RuleSet
from compliance.rulepacks.schema import Outcome, Rule, RuleKind, Severity, Situation
from compliance.rulepacks.timeline import RuleStatus, Scenario, Status, status
from compliance.parties.direction import reading, role_of
from compliance.support.util import gc_paused

RulesByList = dict[str, list[tuple[Rule, RuleStatus]]]


def listed_party_rules(rules: RuleSet, as_of: dt.date, scenario: Scenario = Scenario.AS_WRITTEN) -> RulesByList:
    """list id → the listed-party rules in force on `as_of` that name it."""
    by_list: RulesByList = {}
    for rule in rules.rules:
        if rule.kind is not RuleKind.LISTED_PARTY:
            continue
        rule_status = status(rule, as_of, scenario)
        if rule_status.status is not Status.IN_FORCE:
            continue
        for list_id in rule.conditions.lists:
            by_list.setdefault(list_id, []).append((rule, rule_status))
    return by_list


def _applies(rule: Rule, hit: Hit, as_of: dt.date) -> bool:
    entry = hit.party
    if entry.listed_on is not None and entry.listed_on > as_of:
        return False
    # Batch-specific rules (a stopped or suspended listing announcement, § 744.8 programmes)
    # cover only the entries their conditions name.
    return rule.conditions.covers_entry(entry.list, entry.citation, entry.programs)


def _evidence(hit: Hit, rule_status: RuleStatus) -> dict:
    entry = hit.party
    evidence = {
        "list": entry.list,
        "entry_id": entry.id,
        "entry_name": entry.primary_name,
        "matched_name": hit.name,
        "score": hit.score,
        "name_score": hit.name_score,
        "entry_country": entry.country,
        "license_requirement": entry.license_requirement,
        "review_policy": entry.review_policy,
        "footnotes": entry.footnotes,
        "entry_citation": entry.citation,
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else None,
        "programs": entry.programs,
        "entry_addresses": entry.addresses[:3],
        "rule_status": rule_status.reason,
    }
    evidence.update(entry_evidence(entry))  # weak-alias label, both sources of a merged entry
    return {k: v for k, v in evidence.items() if v not in (None, [], "")}


def findings_for_hits(
    subject: Subject,
    identity: str,
    hits: Sequence[Hit],
    rules_by_list: RulesByList,
    as_of: dt.date,
    role: str | None = None,
    situation: frozenset[Situation] | None = None,
) -> list[Finding]:
    """One finding per (hit, rule naming the hit's list); outcome, severity and message follow
    the party's role and the user's situation where the rule states a direction."""
    findings = []
    for hit in hits:
        weak = is_weak(hit.party)  # a weak-alias hit alone is a red flag, never a prohibition (OFAC FAQ 124)
        for rule, rule_status in rules_by_list.get(hit.party.list, ()):
            if not _applies(rule, hit, as_of):
                continue
            read = reading(rule, role, situation)
            findings.append(
                rule_finding(
                    rule, rule_status, identity=identity, entry_id=hit.party.id,
                    # the same name as supplier and as customer: two findings, two readings; an
                    # unknown role keeps the fingerprint it had before roles were read (baselines hold)
                    detail=read.evidence["role"] if rule.directions and role_of(role) else None,
                    outcome=Outcome.RED_FLAG if weak and read.outcome in (Outcome.PROHIBITED, Outcome.LICENSE_REQUIRED) else read.outcome,
                    severity=Severity.MEDIUM if weak and read.severity.rank > Severity.MEDIUM.rank else read.severity,
                    message=(
                        f"{subject.value} matches {'weak alias ' if weak else ''}'{hit.name}' on {hit.party.list} (score {hit.score:g}): "
                        + (f"{WEAK_GUIDANCE}. Rule if confirmed by other identifiers: " if weak else "")
                        + read.message
                    ),
                    subject=subject,
                    match=Match(
                        list=hit.party.list,
                        entry_id=hit.party.id,
                        name=hit.party.primary_name,
                        matched_name=hit.name,
                        score=hit.score,
                        explanation=(f"weak alias (score x{WEAK_WEIGHT:g}); " if weak else "") + hit.explanation,
                    ),
                    evidence=_evidence(hit, rule_status) | read.evidence,
                )
            )
    return findings


def _rank(hit: Hit, threshold: float) -> tuple[bool, float, float]:
    return (hit.score >= threshold and not is_weak(hit.party), hit.score, hit.name_score)


def best_hits(index: NameIndex | SearchOnce, names: Iterable[str], *, country: str | None, lists: Iterable[str] | None, threshold: float) -> list[Hit]:
    """Hits for a party known under several names: the best hit per listed entry."""
    best: dict[str, Hit] = {}
    for name in names:
        for hit in index.search(name, country=country, lists=lists, threshold=threshold):
            if is_weak(hit.party):
                hit = replace(hit, score=weighted_score(hit.party, hit.score), name_score=weighted_score(hit.party, hit.name_score))
            current = best.get(hit.party.id)
            # A strong name above the threshold beats any weak alias of the same entry.
            if current is None or _rank(hit, threshold) > _rank(current, threshold):
                best[hit.party.id] = hit
            # country disagreement can pull a name match below the threshold: it weakens, never creates
    return sorted((h for h in best.values() if h.score >= threshold), key=lambda h: (-h.score, h.party.id))


class SearchOnce:
    """`NameIndex.search` that searches each distinct (name, country) once per run.

    Party files repeat names (one customer on many orders, a supplier under each of its
    sites); a repeat gets the very hits of the first search, so its findings and their
    fingerprints are those the search would have given again. The answers are kept for
    the run only (one entry per distinct name)."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self.found: dict[tuple, tuple[Hit, ...]] = {}

    def search(self, name: str, *, country: str | None = None, lists: Iterable[str] | None = None,
               threshold: float = 0.0) -> tuple[Hit, ...]:
        wanted = tuple(lists) if lists is not None else None
        key = (name, country, wanted, threshold)
        hits = self.found.get(key)
        if hits is None:
            hits = self.found[key] = tuple(self.index.search(name, country=country, lists=wanted, threshold=threshold))
        return hits


def screen_party_records(
    parties: Sequence[Party],
    index: NameIndex,
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario = Scenario.AS_WRITTEN,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    lists: Iterable[str] | None = None,
    situation: frozenset[Situation] | None = None,
) -> list[Finding]:
    rules_by_list = listed_party_rules(rules, as_of, scenario)
    wanted = list(lists) if lists else None
    searches = SearchOnce(index)
    findings: list[Finding] = []
    with gc_paused():  # thousands of short-lived, cycle-free hits and findings: collections find nothing to free
        for party in parties:
            hits = best_hits(searches, (party.name, *party.aliases), country=party.country, lists=wanted, threshold=threshold)
            subject = Subject(file=party.file, row=party.row, field="name", value=party.name, party_id=party.id, party_name=party.name)
            findings.extend(findings_for_hits(subject, party.id or party.name, hits, rules_by_list, as_of, party.role, situation))
        return group_findings(findings)


def screen_bom_parties(
    lines: Sequence[BomLine],
    index: NameIndex,
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario = Scenario.AS_WRITTEN,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    lists: Iterable[str] | None = None,
    situation: frozenset[Situation] | None = None,
) -> list[Finding]:
    """Screen the `supplier` and `manufacturer` of every BOM line (each distinct name once);
    the column is the party's role."""
    rules_by_list = listed_party_rules(rules, as_of, scenario)
    cache: dict[str, list[Hit]] = {}
    findings: list[Finding] = []
    for line in lines:
        for field in ("supplier", "manufacturer"):
            name = getattr(line, field)
            if not name:
                continue
            if name not in cache:
                cache[name] = best_hits(index, [name], country=None, lists=lists, threshold=threshold)
            if not cache[name]:
                continue  # no hit, no finding (most lines of a big BOM)
            subject = Subject(file=line.file, row=line.row, field=field, value=name, part_number=line.part_number, party_name=name)
            findings.extend(findings_for_hits(subject, f"{line.part_number}:{field}:{name}", cache[name], rules_by_list, as_of, field, situation))
    return group_findings(findings)


def index_for(snapshots) -> NameIndex:
    """The name index over these snapshots (`lists.store.Snapshot`), from the disk cache when unchanged."""
    from compliance.matching.cache import load_or_build

    with gc_paused(long_lived=True):  # tens of thousands of cycle-free entries, kept for the run
        parties = LazyScreeningEntries([snapshot.lazy_parties() for snapshot in snapshots])
        hashes = [(s.list_id, s.manifest.sha256) for s in snapshots] + [("entries", ENTRIES_VERSION)]
        return load_or_build(parties, hashes)
