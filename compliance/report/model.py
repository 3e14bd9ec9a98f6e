"""The Report: everything a run concluded and everything it was based on.

The JSON rendering of this model is a public, versioned contract
(`schemas/report.schema.json`). A report can be saved and re-rendered in any format
later, so it carries all an auditor needs to re-check a verdict: tool version, as-of
date, scenario, the sha256 of every rule pack, list snapshot and input file, and
row counts that prove no input row was lost.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from compliance.findings import Finding, FindingStatus
from compliance.records import Rejected
from compliance.rulepacks.schema import Severity

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tool(_Model):
    name: str = "compliance"
    version: str


class RulePackProvenance(_Model):
    id: str
    version: str
    reviewed: str
    sha256: str
    path: str


class ListProvenance(_Model):
    id: str
    snapshot_date: str
    sha256: str
    records: int
    source: str


class InputProvenance(_Model):
    path: str
    kind: str
    sha256: str
    rows_read: int
    rows_screened: int
    rows_rejected: int


class Provenance(_Model):
    rule_packs: list[RulePackProvenance] = []
    lists: list[ListProvenance] = []
    inputs: list[InputProvenance] = []
    waivers: list[dict[str, Any]] = []
    baseline: str | None = None
    settings: dict[str, Any] = {}


class Summary(_Model):
    total: int
    open: int
    by_severity: dict[str, int]
    by_outcome: dict[str, int]
    by_status: dict[str, int]
    unverified: int
    rows_read: int
    rows_screened: int
    rows_rejected: int


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: Tool
    generated_at: str
    as_of: str
    scenario: str
    fail_on: str = "high"
    provenance: Provenance
    summary: Summary
    findings: list[Finding]
    rejected: list[Rejected] = []
    notices: list[str] = Field(default_factory=list)

    def open_findings_at_or_above(self, threshold: Severity | None) -> list[Finding]:
        """Open findings whose severity is at or above `threshold` (None: never)."""
        if threshold is None:
            return []
        return [
            f for f in self.findings if f.status is FindingStatus.OPEN and f.severity.rank >= threshold.rank
        ]


def summarize(findings: list[Finding], inputs: list[InputProvenance]) -> Summary:
    """Counts for the summary panel and the JSON `summary` key."""
    severities = Counter(f.severity.value for f in findings)
    outcomes = Counter(f.outcome.value for f in findings)
    statuses = Counter(f.status.value for f in findings)
    return Summary(
        total=len(findings),
        open=statuses.get(FindingStatus.OPEN.value, 0),
        by_severity={s.value: severities.get(s.value, 0) for s in Severity},
        by_outcome=dict(sorted(outcomes.items())),
        by_status=dict(sorted(statuses.items())),
        unverified=sum(1 for f in findings if f.verify),
        rows_read=sum(i.rows_read for i in inputs),
        rows_screened=sum(i.rows_screened for i in inputs),
        rows_rejected=sum(i.rows_rejected for i in inputs),
    )
