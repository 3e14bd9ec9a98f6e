"""Findings: what screening concludes about one subject under one rule.

A finding's fingerprint is stable across runs: it is built from the rule, the
identity of the subject (part number, party name or id) and the list entry — never
from row numbers or file paths — so waivers and baselines survive reordering and
renamed files.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from typing import Any

from compliance.model.base import field, model
from compliance.model.terms import Citation, NextStep, Outcome, RuleKind, Severity


class FindingStatus(str, Enum):
    OPEN = "open"
    WAIVED = "waived"
    BASELINE = "baseline"


@model()
class Subject:
    """What the finding is about: the record and the field that triggered it."""

    file: str
    row: int | None = None
    field: str | None = None
    value: str | None = None
    part_number: str | None = None
    party_id: str | None = None
    party_name: str | None = None


@model()
class Match:
    """The list entry a name matched, with the score and why."""

    list: str
    entry_id: str
    name: str
    matched_name: str
    score: float
    explanation: str


@model()
class Alternative:
    """Another hit grouped into a finding: an alias path or a sister entry of the same
    listing (same list, citation and address). Its own fingerprint is kept, so waivers
    and baselines written before grouping still match."""

    fingerprint: str
    entry_id: str
    name: str
    matched_name: str
    score: float
    field: str | None = None
    country: str | None = None
    address: str | None = None


@model()
class Finding:
    """One rule triggered by one subject; `status` and `waiver` are set by policy."""

    fingerprint: str
    rule_id: str
    kind: RuleKind
    severity: Severity
    outcome: Outcome
    status: FindingStatus = FindingStatus.OPEN
    verify: bool = False
    rule_status: str = "in-force"
    message: str
    subject: Subject
    match: Match | None = None
    evidence: dict[str, Any] = field(factory=dict)
    citation: Citation
    waiver: str | None = None
    #: who must act and what to do (from the rule pack)
    next_step: NextStep | None = None
    #: hits grouped into this finding (other entries of the same listing, other name fields)
    alternatives: list[Alternative] = field(factory=list)

    @property
    def fingerprints(self) -> tuple[str, ...]:
        """This finding's fingerprint and those of the hits grouped into it."""
        return (self.fingerprint, *(a.fingerprint for a in self.alternatives))

    @property
    def entry_ids(self) -> tuple[str, ...]:
        """The list entries this finding rests on (its match and its alternatives)."""
        own = (self.match.entry_id,) if self.match else ()
        return own + tuple(a.entry_id for a in self.alternatives if a.entry_id not in own)


_new_finding = Finding.__new__


def made_finding(fingerprint: str, rule_id: str, kind: RuleKind, severity: Severity, outcome: Outcome, verify: bool,
                 rule_status: str, message: str, subject: Subject, match: Match | None, evidence: dict[str, Any],
                 citation: Citation, next_step: NextStep | None) -> Finding:
    """An open `Finding(...)` of these fields (status, waiver and alternatives at their
    defaults) without the keyword call: a big BOM makes 10,000s (tests/test_datamodel.py
    holds it to the class's own constructor)."""
    made = _new_finding(Finding)
    made.fingerprint, made.rule_id, made.kind, made.severity, made.outcome = fingerprint, rule_id, kind, severity, outcome
    made.status, made.verify, made.rule_status, made.message, made.subject = FindingStatus.OPEN, verify, rule_status, message, subject
    made.match, made.evidence, made.citation, made.waiver, made.next_step = match, evidence, citation, None, next_step
    made.alternatives = []
    return made


def fingerprint(rule_id: str, subject_identity: str, entry_id: str | None = None, detail: str | None = None) -> str:
    """Stable id of a finding: rule + subject identity (+ list entry, + detail)."""
    parts = [rule_id, subject_identity.strip().casefold(), entry_id or "", detail or ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
