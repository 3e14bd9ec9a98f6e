"""One place turns a rule and its status on the as-of date into a Finding.

Every check (BOM items, content thresholds, listed parties, affiliates) builds its
findings here, so id, kind, citation and the verify flag always come from the rule.
"""

from __future__ import annotations

from typing import Any

from compliance.model.finding import Finding, Match, Subject, fingerprint, made_finding
from compliance.model.terms import NextStep, Outcome, Severity
from compliance.rulepacks.schema import Rule
from compliance.rulepacks.timeline import RuleStatus


def rule_finding(
    rule: Rule,
    rule_status: RuleStatus,
    *,
    identity: str,
    message: str,
    subject: Subject,
    evidence: dict[str, Any],
    entry_id: str | None = None,
    detail: str | None = None,
    severity: Severity | None = None,
    outcome: Outcome | None = None,
    match: Match | None = None,
) -> Finding:
    """A finding under `rule` as it stands on the as-of date: id, kind, citation and the
    verify flag come from the rule and its status; severity and outcome too unless the
    check lowers them (e.g. a red flag for data that cannot rule a licence out)."""
    outcome = outcome or rule.outcome
    return made_finding(
        fingerprint(rule.id, identity, entry_id=entry_id, detail=detail), rule.id, rule.kind, severity or rule.severity,
        outcome, rule_status.unverified, rule_status.status.value, message, subject, match, evidence, rule.citation,
        next_step(rule, outcome),
    )


#: what to do when a pack gives no next step for an outcome (user packs, new rules)
DEFAULT_NEXT_STEPS = {
    Outcome.PROHIBITED: NextStep(who="you (the transaction owner)", action="stop the transaction and escalate to your export-control officer"),
    Outcome.LICENSE_REQUIRED: NextStep(who="you as exporter", action="obtain the licence the cited rule requires before shipping"),
    Outcome.RED_FLAG: NextStep(who="your compliance reviewer", action="resolve the red flag (check the data and the end use) before shipping"),
    Outcome.INFO: NextStep(who="your compliance reviewer", action="note it; no licence or stop follows from this list alone"),
}


def next_step(rule: Rule, outcome: Outcome) -> NextStep:
    """The rule's next step for `outcome`, else the generic one for that outcome."""
    return rule.next_step.get(outcome) or DEFAULT_NEXT_STEPS[outcome]
