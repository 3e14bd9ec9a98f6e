"""The Report: everything a run concluded and everything it was based on.

The JSON rendering of this model is a public, versioned contract
(`schemas/report.schema.json`). A report can be saved and re-rendered in any format
later, so it carries all an auditor needs to re-check a verdict: tool version, as-of
date, scenario, the sha256 of every rule pack, list snapshot and input file, and
row counts that prove no input row was lost.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from compliance.model.base import field, model
from compliance.model.finding import Finding, FindingStatus
from compliance.model.records import Rejected
from compliance.model.subjects import SubjectVerdict, subject_verdicts
from compliance.model.terms import Severity

#: 1.1: `subjects`, findings' `next_step` and `alternatives`, records' `role` (all optional on read)
SCHEMA_VERSION = "1.1"


@model()
class Tool:
    name: str = "compliance"
    version: str


@model()
class RulePackProvenance:
    id: str
    version: str
    reviewed: str
    sha256: str
    path: str


@model()
class DownloadProvenance:
    """One file `lists update` downloaded: where the bytes actually came from and their sha256."""

    url: str  # after redirects
    sha256: str
    bytes: int
    insecure: bool = False  # plain http, allowed by --allow-insecure-url (a local mirror)


@model()
class ListProvenance:
    id: str
    snapshot_date: str
    sha256: str
    records: int
    source: str
    #: the files the snapshot was made from, when `lists update` downloaded them
    downloads: list[DownloadProvenance] = field(factory=list)
    date_basis: str | None = None  # "content" (a date in the list files) or "flag" (given on import)
    warnings: list[str] = field(factory=list)  # what screening against this snapshot misses


@model()
class RecordRef:
    """One screened record: its source row and identity (part number, party name).

    Kept so a saved report can still list every screened record (JUnit has one
    testcase per record) without the input file at hand.
    """

    row: int | None
    id: str
    #: a party's role (customer, supplier, ...) when the input gives one
    role: str | None = None


_new_record = RecordRef.__new__


def record_ref(row: int | None, id: str, role: str | None = None) -> RecordRef:
    """`RecordRef(row=row, id=id, role=role)` without the keyword call: a BOM run makes one
    per line (tests/test_provenance_inputs.py holds it to the class's own constructor)."""
    made = _new_record(RecordRef)
    made.row, made.id, made.role = row, id, role
    return made


@model()
class InputProvenance:
    path: str
    kind: str
    sha256: str
    rows_read: int
    rows_screened: int
    rows_rejected: int
    records: list[RecordRef] = field(factory=list)


@model()
class WaiverProvenance:
    """A waiver from the waiver file and what it did in this run."""

    id: str
    rule: str
    file: str
    line: int | None
    approved_by: str
    approved_on: str
    expires: str
    justification: str
    #: active (waived something), expiring (active, ends within the notice window),
    #: expired (its findings were reopened), unused (matched nothing).
    state: str
    matched: list[str] = field(factory=list)

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def unused_warning(self) -> str:
        """The warning for a waiver that matched nothing (one wording, so merges can retract it)."""
        return f"waiver {self.id} ({self.where()}) matched no finding; remove it or fix its selectors"


@model()
class BaselineProvenance:
    """The earlier report findings were compared against (by fingerprint)."""

    path: str
    sha256: str
    fingerprints: int
    matched: int


@model()
class FileProvenance:
    """A file that changed the result without being screened: price table, column mapping,
    waiver file, config file. `path` as given (bundled files: `bundled:` and their place)."""

    role: str
    path: str
    sha256: str


@model()
class Provenance:
    rule_packs: list[RulePackProvenance] = field(factory=list)
    lists: list[ListProvenance] = field(factory=list)
    inputs: list[InputProvenance] = field(factory=list)
    waivers: list[WaiverProvenance] = field(factory=list)
    waiver_file: str | None = None
    baseline: BaselineProvenance | None = None
    settings: dict[str, Any] = field(factory=dict)
    #: every other file the result depends on (price table, mapping, waivers, config), hashed
    files: list[FileProvenance] = field(factory=list)


@model()
class Summary:
    total: int
    open: int
    by_severity: dict[str, int]
    by_outcome: dict[str, int]
    by_status: dict[str, int]
    unverified: int
    rows_read: int
    rows_screened: int
    rows_rejected: int
    #: findings left out of this rendering by --min-severity (still counted by the gate)
    hidden: int = 0


@model()
class CoverageGap:
    """Something the run could not look at: a rule loaded but not evaluated, a list a rule
    needs that is not loaded, a stale list. Shown by every format; `--strict` fails on any."""

    kind: str  # rule-not-evaluated, list-not-loaded, list-stale
    subject: str  # the rule id or list id
    reason: str  # why, and what would close the gap

    def message(self) -> str:
        return f"{self.kind}: {self.subject}: {self.reason}"


#: How each kind of gap is summed up in one line.
_GAP_HEADINGS = {
    "rule-not-evaluated": "rule(s) in force not evaluated",
    "list-not-loaded": "list(s) a rule needs are not loaded",
    "list-stale": "stale list snapshot(s)",
}


def coverage_lines(gaps: list[CoverageGap]) -> list[str]:
    """One line per kind of gap ("9 rule(s) in force not evaluated: A, B, ..."), for the
    first screen of a terminal and for stderr; every report format lists the gaps in full."""
    by_kind: dict[str, list[str]] = {}
    for gap in gaps:
        by_kind.setdefault(gap.kind, []).append(gap.subject)
    return [f"{len(subjects)} {_GAP_HEADINGS.get(kind, kind)}: {', '.join(subjects)}" for kind, subjects in by_kind.items()]


@model()
class Report:
    schema_version: str = SCHEMA_VERSION
    tool: Tool
    generated_at: str
    as_of: str
    scenario: str
    fail_on: str = "high"
    provenance: Provenance
    summary: Summary
    #: a verdict per screened part and party, clear ones included (model/subjects.py)
    subjects: list[SubjectVerdict] = field(factory=list)
    findings: list[Finding]
    rejected: list[Rejected] = field(factory=list)
    #: things a reader should know (waivers expiring soon, reopened findings)
    notices: list[str] = field(factory=list)
    #: problems with the setup (expired or unused waivers); `--strict` fails on them
    warnings: list[str] = field(factory=list)
    #: what the run could not look at (rules not evaluated, lists missing or stale); `--strict` fails on them
    coverage: list[CoverageGap] = field(factory=list)

    @property
    def fail_threshold(self) -> Severity | None:
        """The report's `fail_on` as a severity (None for "none": nothing fails)."""
        return None if self.fail_on == "none" else Severity(self.fail_on)

    def failing_findings(self) -> list[Finding]:
        """Open findings at or above the report's own `fail_on`."""
        return self.open_findings_at_or_above(self.fail_threshold)

    def open_findings_at_or_above(self, threshold: Severity | None) -> list[Finding]:
        """Open findings whose severity is at or above `threshold` (None: never)."""
        if threshold is None:
            return []
        return [
            f for f in self.findings if f.status is FindingStatus.OPEN and f.severity.rank >= threshold.rank
        ]


def with_subjects(report: "Report") -> "Report":
    """The report with `subjects` recomputed from its findings and inputs (after waivers
    and baseline changed statuses, after a merge, or for a report saved before 1.1)."""
    return replace(report, subjects=subject_verdicts(report.findings, report.provenance.inputs))


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
