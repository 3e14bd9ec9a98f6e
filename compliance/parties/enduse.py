"""End-use rules a parties file or BOM can decide: the end user's country and the end use.

Rules such as MOFCOM No. 1 of 2026 (no dual-use item to Japanese military users or for
military uses) and No. 46 of 2024 Art. 1 (the same for the US) name destinations and
military end users or uses. A parties file or BOM with an `end_user_country` column (and,
better, `end_use`) lets the run evaluate them: a party (or BOM line) whose goods end up in
a named destination for a military end use gets the rule's own outcome; one with no end use
recorded gets a red flag to record it (the announcement cannot be ruled out). Rules that
also name items (No. 46 Art. 2) or name no destination (No. 62 Art. 7) need more than a
parties file and stay "not evaluated" in the report's coverage.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from compliance.model.finding import Finding, Subject
from compliance.model.records import BomLine, Party
from compliance.model.terms import Outcome, RuleKind, Severity
from compliance.rulepacks.finding import rule_finding
from compliance.rulepacks.loader import RuleSet
from compliance.rulepacks.schema import Rule
from compliance.rulepacks.timeline import Scenario, Status, status

#: Words of an end use (or end user) that make it military, in the languages of the files we read.
MILITARY = re.compile(r"milit|defen[cs]e|armed forces|army|navy|air force|weapon|munition|missile|军|軍|防衛|国防|國防", re.IGNORECASE)


def decidable(rule: Rule) -> bool:
    """An end-use rule a parties file can decide: it names destinations and no items."""
    return rule.kind is RuleKind.END_USE and bool(rule.conditions.destinations) and not rule.conditions.items


def _label(record: Party | BomLine) -> str:
    return record.name if isinstance(record, Party) else record.part_number


def _subject(record: Party | BomLine) -> Subject:
    if isinstance(record, Party):
        return Subject(file=record.file, row=record.row, field="end_use", value=record.end_use, party_id=record.id, party_name=record.name)
    return Subject(file=record.file, row=record.row, field="end_use", value=record.end_use, part_number=record.part_number)


def end_use_findings(parties: Sequence[Party | BomLine], rules: RuleSet, as_of: dt.date, scenario: Scenario) -> tuple[list[Finding], set[str]]:
    """(findings, ids of the rules evaluated) for parties or BOM lines. Nothing is evaluated
    when no record names an end-user country."""
    if not any(p.end_user_country for p in parties):
        return [], set()
    findings: list[Finding] = []
    evaluated: set[str] = set()
    for rule in rules.rules:
        if not decidable(rule):
            continue
        rule_status = status(rule, as_of, scenario)
        if rule_status.status is not Status.IN_FORCE:
            continue
        evaluated.add(rule.id)
        destinations = set(rule.conditions.destinations)
        for party in parties:
            if party.end_user_country not in destinations:
                continue
            subject = _subject(party)
            name = _label(party)
            identity = (party.id or party.name) if isinstance(party, Party) else party.part_number
            role = party.role if isinstance(party, Party) else None
            evidence = {"end_user_country": party.end_user_country, "end_use": party.end_use or "not recorded",
                        "rule_status": rule_status.reason}
            military = MILITARY.search(" ".join(filter(None, (party.end_use, role))))
            if military:
                findings.append(rule_finding(
                    rule, rule_status, identity=identity, detail="military", evidence=evidence, subject=subject,
                    message=f"{name}: end user in {party.end_user_country}, end use '{party.end_use or role}' "
                            f"is military; if the goods include dual-use items exported from China: {rule.title} "
                            f"({rule.citation.document})",
                ))
            elif not party.end_use:
                findings.append(rule_finding(
                    rule, rule_status, identity=identity, detail="end-use-unknown", evidence=evidence,
                    subject=subject, severity=Severity.MEDIUM, outcome=Outcome.RED_FLAG,
                    message=f"{name}: end user in {party.end_user_country} and no end use recorded, so "
                            f"{rule.citation.document} cannot be ruled out ({rule.title}); record end_use",
                ))
    return findings, evaluated
