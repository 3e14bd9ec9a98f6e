"""Affiliate rules → findings: who is caught by ownership, through which chain, under which rule.

For every `affiliate` rule the listed parties it names are the seeds of an ownership
fixpoint (compliance.parties.ownership). Each entity the fixpoint restricts becomes a finding
with its ownership paths, the sums that decided every step, and the most restrictive
licence requirement and review policy of its listed owners (us.md §2.4). Rules that
ask other ownership questions report unknown stakes (Red Flag 29) and minority stakes.

A rule that is suspended on the as-of date still reports the same affiliates, as red
flags: the report says the rule is suspended and since when, so the user sees what
the rule would catch when it returns (us.md §1.8: BIS still expects diligence on
diversion to a listed owner). Pure: listings are looked up by the caller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, Sequence

from compliance.model.finding import Finding, Match, Subject
from compliance.rulepacks.finding import rule_finding
from compliance.model.records import Party
from compliance.lists.model import ListedParty, ReviewPolicy
from compliance.parties.ownership import (
    Explanation,
    entity_key,
    OwnershipGraph,
    Propagation,
    format_percent,
    explain,
    format_path,
    inherited_max,
    propagate,
    restricted_stakes,
    unknown_stakes_from_restricted,
)
from compliance.rulepacks.loader import RuleSet
from compliance.rulepacks.schema import Outcome, OwnershipTest, Rule, RuleKind, Severity
from compliance.rulepacks.timeline import RuleStatus, Scenario, Status, status


@dataclass(frozen=True)
class ListingHit:
    """A list entry an entity's name matched, with the matcher's score and reason."""

    entry: ListedParty
    matched_name: str
    score: float = 100.0
    explanation: str = "exact"


#: review policy → strictness; with several owners the strictest applies (us.md §2.4).
REVIEW_POLICY_STRICTNESS: dict[ReviewPolicy | None, int] = {
    ReviewPolicy.POLICY_OF_DENIAL: 5,
    ReviewPolicy.PRESUMPTION_OF_DENIAL: 4,
    ReviewPolicy.MIXED: 3,
    ReviewPolicy.CASE_BY_CASE: 2,
    ReviewPolicy.CROSS_REFERENCE: 1,
    ReviewPolicy.OTHER: 1,
    None: 0,
}

#: What a listing implies when the entry itself does not say (us.md §2.3, §3.1).
DEFAULT_LICENSE_REQUIREMENT = {
    "meu": "For any item subject to the EAR listed in Supplement No. 2 to Part 744",
    "sdn": "For all items subject to the EAR (§ 744.8)",
}
DEFAULT_REVIEW_POLICY = {"sdn": (ReviewPolicy.PRESUMPTION_OF_DENIAL, "Presumption of denial (§ 744.8)")}


def license_scope(text: str | None) -> int:
    """2 = all items subject to the EAR (incl. EAR99), 1 = a narrower list, 0 = unstated."""
    if not text:
        return 0
    return 2 if "all items subject to the ear" in " ".join(text.split()).casefold() else 1


def _license_requirement(entry: ListedParty) -> str | None:
    return entry.license_requirement or DEFAULT_LICENSE_REQUIREMENT.get(entry.list)


def _review_policy(entry: ListedParty) -> tuple[ReviewPolicy | None, str | None]:
    if entry.review_policy_kind or entry.review_policy:
        return entry.review_policy_kind, entry.review_policy
    return DEFAULT_REVIEW_POLICY.get(entry.list, (None, None))


def _scope_rank(entry: ListedParty) -> tuple[int, str]:
    return (license_scope(_license_requirement(entry)), entry.id)


def _policy_rank(entry: ListedParty) -> tuple[int, str]:
    return (REVIEW_POLICY_STRICTNESS[_review_policy(entry)[0]], entry.id)


def _terms(by_scope: ListedParty, by_policy: ListedParty) -> dict[str, str | None]:
    """The terms and whose they are; a term no owner states is left out, not guessed."""
    policy_kind, policy_text = _review_policy(by_policy)
    terms: dict[str, str | None] = {}
    requirement = _license_requirement(by_scope)
    if requirement:
        terms["license_requirement"] = requirement
        terms["license_requirement_from"] = f"{by_scope.primary_name} ({by_scope.list})"
    policy = policy_text or (policy_kind.value if policy_kind else None)
    if policy:
        terms["review_policy"] = policy
        terms["review_policy_from"] = f"{by_policy.primary_name} ({by_policy.list})"
    return terms


def most_restrictive(entries: Sequence[ListedParty]) -> dict[str, str | None]:
    """The broadest licence requirement and strictest review policy among listed owners, and whose they are."""
    if not entries:
        return {}
    return _terms(max(entries, key=_scope_rank), max(entries, key=_policy_rank))


@dataclass
class OwnerTerms:
    """Most restrictive owner terms for every restricted entity, inherited down restricted chains."""

    scope: dict[int, tuple[int, str]]
    policy: dict[int, tuple[int, str]]
    entries: dict[str, ListedParty]

    @classmethod
    def of(cls, graph: OwnershipGraph, prop: Propagation, seeds: Mapping[int, Sequence[ListingHit]]) -> "OwnerTerms":
        entries = {h.entry.id: h.entry for hits in seeds.values() for h in hits}
        own_scope = {s: max(_scope_rank(h.entry) for h in hits) for s, hits in seeds.items()}
        own_policy = {s: max(_policy_rank(h.entry) for h in hits) for s, hits in seeds.items()}
        return cls(inherited_max(graph, prop, own_scope), inherited_max(graph, prop, own_policy), entries)

    def for_holders(self, holders: Sequence[int]) -> dict[str, str | None]:
        """Terms that flow to an entity from these restricted holders."""
        scopes = [self.scope[h] for h in holders if h in self.scope]
        policies = [self.policy[h] for h in holders if h in self.policy]
        if not scopes or not policies:
            return {}
        return _terms(self.entries[max(scopes)[1]], self.entries[max(policies)[1]])


def _listed_on_or_before(entry: ListedParty, as_of: dt.date) -> bool:
    return entry.listed_on is None or entry.listed_on <= as_of


def _listing_live(entry: ListedParty, party_rules: Sequence[tuple[Rule, RuleStatus]]) -> bool:
    """A listing counts unless every listed-party rule covering it is off on the as-of date
    (e.g. a control-list batch whose measures were stopped)."""
    covering = [st for rule, st in party_rules if rule.conditions.covers_entry(entry.list, entry.citation, entry.programs)]
    return not covering or any(st.status is Status.IN_FORCE for st in covering)


def seeds_for(
    rule: Rule,
    listings: Mapping[int, Sequence[ListingHit]],
    as_of: dt.date,
    party_rules: Sequence[tuple[Rule, RuleStatus]] = (),
) -> dict[int, list[ListingHit]]:
    """Entities whose listings this rule counts as restricted owners on `as_of`."""
    seeds: dict[int, list[ListingHit]] = {}
    for entity, hits in listings.items():
        counted = [
            h
            for h in hits
            if rule.conditions.covers_entry(h.entry.list, h.entry.citation, h.entry.programs)
            and _listed_on_or_before(h.entry, as_of)
            and _listing_live(h.entry, party_rules)
        ]
        if counted:
            seeds[entity] = counted
    return seeds


def exempt_flags(graph: OwnershipGraph, rule: Rule) -> list[bool] | None:
    """Entities the rule does not reach (e.g. US entities under the Affiliates Rule)."""
    outside = {c.upper() for c in rule.conditions.owned_outside}
    if not outside:
        return None
    return [(country or "").upper() in outside for country in graph.countries]


@dataclass(frozen=True)
class Subjects:
    """Where an entity came from, so a finding points at a row a user can open."""

    by_entity: Mapping[int, Subject]
    ownership_file: str

    def of(self, graph: OwnershipGraph, i: int) -> Subject:
        if i in self.by_entity:
            return self.by_entity[i]
        rows = [graph.row[e] for e in graph.in_edges[i]] or [graph.row[e] for e in graph.out_edges[i]]
        return Subject(file=self.ownership_file, row=min(rows), field="owned", value=graph.names[i], party_name=graph.names[i])


def affiliate_findings(
    graph: OwnershipGraph,
    listings: Mapping[int, Sequence[ListingHit]],
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario = Scenario.AS_WRITTEN,
    subjects: Subjects | None = None,
    only: set[int] | None = None,
) -> list[Finding]:
    """Findings for entities caught (or flagged) by ownership under each affiliate rule.

    `only` limits findings to these entities (the parties being screened); the fixpoint
    still runs over the whole table, and other entities appear in the paths.
    """
    subjects = subjects or Subjects({}, graph.file)
    party_rules = [(r, status(r, as_of, scenario)) for r in rules.rules if r.kind is RuleKind.LISTED_PARTY]
    cache: dict[tuple, tuple[Propagation, OwnerTerms]] = {}
    findings: list[Finding] = []
    for rule in rules.rules:
        if rule.kind is not RuleKind.AFFILIATE:
            continue
        rule_status = status(rule, as_of, scenario)
        if rule_status.status not in (Status.IN_FORCE, Status.SUSPENDED):
            continue
        seeds = seeds_for(rule, listings, as_of, party_rules)
        if not seeds:
            continue
        threshold = Decimal(str(rule.conditions.ownership_share or 50))
        exempt = exempt_flags(graph, rule)
        key = (frozenset(seeds), threshold, tuple(sorted(rule.conditions.owned_outside)))
        if key not in cache:
            prop = propagate(graph, seeds, threshold, exempt)
            cache[key] = (prop, OwnerTerms.of(graph, prop, seeds))
        prop, terms = cache[key]
        for i in _caught(graph, prop, rule.conditions.ownership_test, exempt, only):
            findings.append(_finding(graph, prop, terms, i, rule, rule_status, seeds, subjects))
    return findings


def _caught(
    graph: OwnershipGraph, prop: Propagation, test: OwnershipTest, exempt: list[bool] | None, only: set[int] | None
) -> list[int]:
    candidates = sorted(only) if only is not None else range(len(graph))
    if test is OwnershipTest.AGGREGATE:
        return [i for i in candidates if prop.restricted[i] and i not in prop.seeds]
    caught = []
    for i in candidates:
        if prop.restricted[i] or (exempt is not None and exempt[i]):
            continue
        if test is OwnershipTest.UNKNOWN_SHARE and unknown_stakes_from_restricted(graph, prop, i):
            caught.append(i)
        elif test is OwnershipTest.MINORITY and prop.held[i] > 0:
            caught.append(i)
    return caught


def _finding(
    graph: OwnershipGraph,
    prop: Propagation,
    terms: OwnerTerms,
    i: int,
    rule: Rule,
    rule_status: RuleStatus,
    seeds: Mapping[int, Sequence[ListingHit]],
    subjects: Subjects,
) -> Finding:
    why = explain(graph, prop, i)
    test = rule.conditions.ownership_test
    unknown = unknown_stakes_from_restricted(graph, prop, i) if test is OwnershipTest.UNKNOWN_SHARE else []
    if prop.restricted[i]:
        strictest = terms.for_holders([i])
    else:  # flagged, not caught: the terms its restricted holders would pass on
        strictest = terms.for_holders([graph.owner[e] for e in graph.in_edges[i] if prop.restricted[graph.owner[e]]])
    owners = sorted(set(why.listed_owners) | {graph.owner[e] for e in unknown if graph.owner[e] in seeds})
    evidence = _evidence(graph, prop, i, why, rule, rule_status, seeds, owners, unknown) | {
        k: v for k, v in strictest.items() if v
    }
    suspended = rule_status.status is Status.SUSPENDED
    outcome, severity = (Outcome.RED_FLAG, Severity.MEDIUM) if suspended else (rule.outcome, rule.severity)
    # Never escalate a rule's own red flag/info to medium when suspended; keep the milder.
    if suspended and rule.severity.rank < Severity.MEDIUM.rank:
        severity = rule.severity
    message = _message(graph, i, rule, rule_status, evidence, suspended)
    match = _match(seeds, owners)
    return rule_finding(
        rule, rule_status, identity=graph.names[i], detail="ownership", severity=severity, outcome=outcome,
        message=message, subject=subjects.of(graph, i), match=match, evidence=evidence,
    )


def _evidence(graph, prop, i, why: Explanation, rule, rule_status, seeds, owners, unknown) -> dict:
    stakes = restricted_stakes(graph, prop, i)
    country = graph.countries[i]
    evidence: dict = {
        "ownership_test": rule.conditions.ownership_test.value,
        "threshold_percent": format_percent(prop.threshold),
        "restricted_stake_percent": format_percent(prop.held[i]),
        "restricted_holders": [
            {
                "owner": graph.names[graph.owner[e]],
                "percent": format_percent(graph.percent[e]),
                "row": graph.row[e],
                "restricted_as": "listed" if graph.owner[e] in prop.seeds else "owned >= threshold by restricted parties",
            }
            for e in sorted(stakes, key=lambda e: graph.row[e])
        ],
        "paths": [format_path(graph, p, i) for p in why.paths],
        "decided": {
            graph.names[node]: " + ".join(f"{graph.names[graph.owner[e]]} {format_percent(graph.percent[e])} %" for e in edges)
            + f" = {format_percent(prop.held[node])} % (>= {format_percent(prop.threshold)} %)"
            for node, edges in why.decided.items()
            if node != i and edges
        },
        "listed_owners": [
            {
                "name": graph.names[o],
                "list": h.entry.list,
                "entry_id": h.entry.id,
                "listed_name": h.entry.primary_name,
                "score": h.score,
            }
            for o in owners
            for h in seeds.get(o, ())
        ],
        "country": country or "unknown (treated as foreign)",
        "rule_status": rule_status.reason,
        "ownership_file": graph.file,
    }
    if not evidence["decided"]:
        del evidence["decided"]
    footnotes = sorted({n for o in owners for h in seeds.get(o, ()) for n in h.entry.footnotes})
    if footnotes:  # FDP footnote designations reach affiliates too (us.md §1.6)
        evidence["owner_footnotes"] = footnotes
    if why.paths_truncated:
        evidence["paths_truncated"] = True
    if unknown:
        evidence["unknown_stakes"] = [
            {"owner": graph.names[graph.owner[e]], "row": graph.row[e]} for e in sorted(unknown, key=lambda e: graph.row[e])
        ]
    if rule_status.window is not None:
        evidence["suspended_by"] = rule_status.window.citation.document
    return evidence


_TEST_PHRASE = {
    OwnershipTest.AGGREGATE: "restricted parties hold {held} % (>= {threshold} %)",
    OwnershipTest.UNKNOWN_SHARE: "a restricted party holds a stake of unknown size",
    OwnershipTest.MINORITY: "restricted parties hold a minority stake of {held} % (< {threshold} %)",
}


def _message(graph, i, rule: Rule, rule_status: RuleStatus, evidence: dict, suspended: bool) -> str:
    phrase = _TEST_PHRASE[rule.conditions.ownership_test].format(
        held=evidence["restricted_stake_percent"], threshold=evidence["threshold_percent"]
    )
    head = f"{graph.names[i]}: {phrase}"
    if evidence["paths"]:
        head += f" — via {evidence['paths'][0]}"
    text = f"{head}. {(rule.message or rule.title).strip()}"
    if suspended:
        text = (
            f"{head}. RED FLAG, not a licence requirement on this date: {rule.id} is {rule_status.reason}; "
            f"when it applies: {(rule.message or rule.title).strip()}"
        )
    if evidence.get("license_requirement"):
        text += f" Most restrictive owner terms: {evidence['license_requirement']}"
        if evidence.get("review_policy"):
            text += f"; review policy: {evidence['review_policy']}"
        text += "."
    return text


def _match(seeds, owners: list[int]) -> Match | None:
    hits = [h for o in owners for h in seeds.get(o, ())]
    if not hits:
        return None
    hit = hits[0]
    return Match(
        list=hit.entry.list,
        entry_id=hit.entry.id,
        name=hit.entry.primary_name,
        matched_name=hit.matched_name,
        score=hit.score,
        explanation=f"listed owner ({hit.explanation}); {len(hits)} listed owner entr{'y' if len(hits) == 1 else 'ies'} in total",
    )


@dataclass(frozen=True)
class PartyIndex:
    """Ownership cells → parties: a cell names a party by its `id` or by its name (or alias)."""

    by_id: Mapping[str, Party]
    by_name: Mapping[str, Party]
    fields: Mapping[tuple[str, int, str], str]  # (file, row, name) → the column naming the party, when not `name`

    @classmethod
    def of(cls, parties: Sequence[Party], fields: Mapping[tuple[str, int, str], str] | None = None) -> PartyIndex:
        by_id = {p.id.strip().casefold(): p for p in parties if p.id}
        by_name: dict[str, Party] = {}
        for p in parties:
            for name in (p.name, *p.aliases):
                by_name.setdefault(entity_key(name), p)
        return cls(by_id, by_name, fields or {})

    def party(self, reference: str) -> Party | None:
        return self.by_id.get(reference.strip().casefold()) or self.by_name.get(entity_key(reference))

    @staticmethod
    def key(party: Party) -> str:
        return f"party:{party.file}:{party.row}:{entity_key(party.name)}"

    def identify(self, reference: str) -> tuple[str, str]:
        """(entity key, display name) for an owner/owned cell."""
        display = " ".join(reference.split())
        key = display.casefold()  # = entity_key(reference), without splitting twice
        party = self.by_id.get(reference.strip().casefold()) if self.by_id else None
        if party is None and self.by_name:
            party = self.by_name.get(key)
        if party is not None:
            return self.key(party), party.name
        return key, display

    def countries(self) -> dict[str, str]:
        return {self.key(p): p.country for p in {id(p): p for p in (*self.by_id.values(), *self.by_name.values())}.values() if p.country}

    def subjects(self, graph: OwnershipGraph) -> dict[int, Subject]:
        found = {}
        for p in (*self.by_id.values(), *self.by_name.values()):
            i = graph.index.get(self.key(p))
            if i is not None:
                field = self.fields.get((p.file, p.row, p.name), "name")
                found[i] = Subject(file=p.file, row=p.row, field=field, value=p.name, party_id=p.id, party_name=p.name)
        return found


def lookup_from(search: Callable[[str, str | None], Iterable[Any]]) -> Callable[[str, str | None], list[ListingHit]]:
    """Adapt a name matcher (hits with `.party`, `.name`, `.score`, `.explanation`) to the ownership lookup."""

    def lookup(name: str, country: str | None) -> list[ListingHit]:
        return [ListingHit(hit.party, hit.name, hit.score, hit.explanation) for hit in search(name, country)]

    return lookup


def bom_parties(lines: Iterable[Any]) -> tuple[list[Party], dict[tuple[str, int, str], str]]:
    """Each distinct supplier and manufacturer of a BOM as a party at its first BOM row, and the column it is in."""
    seen: dict[str, Party] = {}
    fields: dict[tuple[str, int, str], str] = {}
    for line in lines:
        for role in ("supplier", "manufacturer"):
            name = getattr(line, role)
            if name and entity_key(name) not in seen:
                seen[entity_key(name)] = Party(file=line.file, row=line.row, name=name, role=role)
                fields[(line.file, line.row, name)] = role
    return list(seen.values()), fields
