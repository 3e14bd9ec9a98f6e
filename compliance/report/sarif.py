"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

One run; `tool.driver.rules` holds each rule that produced a finding; each result
points at the input file and the record's line, carries the finding's fingerprint in
`partialFingerprints` (so alerts survive reordered rows) and the rule carries
`security-severity`, which GitHub uses to rank alerts. Waived findings are written with
a SARIF suppression; findings already in the baseline with baselineState "unchanged".
"""

from __future__ import annotations

import json
from urllib.parse import quote

from compliance.model.finding import Finding, FindingStatus
from compliance.report.describe import SEVERITY_ORDER, citation_text, evidence_pairs, match_text, safe_url, subject_label
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: GitHub rejects an upload with more results than this in a run (and shows the top 5,000)
MAX_RESULTS = 25_000
FINGERPRINT_KEY = "complianceFinding/v1"

#: our severity → SARIF level
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
#: our severity → GitHub security-severity (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9)
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def artifact_uri(path: str) -> str:
    """A relative URI reference for an input path (GitHub resolves it against the checkout)."""
    path = path.replace("\\", "/")
    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path.removeprefix("./"))


def _rule(rule_id: str, findings: list[Finding]) -> dict:
    worst = min(findings, key=lambda f: SEVERITY_ORDER.index(f.severity.value))
    cite = worst.citation
    url = safe_url(cite.url)  # only http(s) becomes a link or a helpUri
    help_md = f"**{citation_text(cite)}** — [{url}]({url})" if url else f"**{citation_text(cite)}**"
    if cite.note:
        help_md += f"\n\n{cite.note}"
    properties: dict = {
        "tags": sorted({"compliance", "export-control", worst.kind.value, worst.outcome.value}),
        "precision": "high" if worst.match is None else "medium",
    }
    if worst.severity.value in SECURITY_SEVERITY:
        properties["security-severity"] = SECURITY_SEVERITY[worst.severity.value]
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": f"{rule_id}: {worst.outcome.value} ({citation_text(cite)})"},
        "fullDescription": {"text": worst.message},
        **({"helpUri": url} if url else {}),
        "help": {"text": f"{citation_text(cite)} <{cite.url}>", "markdown": help_md},
        "defaultConfiguration": {"level": LEVEL[worst.severity.value]},
        "properties": properties,
    }


def _message(f: Finding) -> str:
    parts = [f"{subject_label(f)}: {f.message}"]
    if f.match:
        parts.append(match_text(f))
    parts.extend(f"{k}: {v}" for k, v in evidence_pairs(f))
    if f.verify:
        parts.append("VERIFY: the rule's status on the as-of date is unverified")
    parts.append(f"Source: {citation_text(f.citation)} <{f.citation.url}>")
    return "\n".join(parts)


def _result(f: Finding, rule_index: int) -> dict:
    region = {"startLine": f.subject.row} if f.subject.row else {}
    location = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(f.subject.file)}}}
    if region:
        location["physicalLocation"]["region"] = region
    result = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity.value],
        "message": {"text": _message(f)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "baselineState": "unchanged" if f.status is FindingStatus.BASELINE else "new",
        "properties": {
            "severity": f.severity.value,
            "outcome": f.outcome.value,
            "status": f.status.value,
            "verify": f.verify,
            "subject": subject_label(f),
            "band": f.outcome.band,
            **({"nextStep": f"{f.next_step.who}: {f.next_step.action}"} if f.next_step else {}),
            **({"alternatives": [a.entry_id for a in f.alternatives]} if f.alternatives else {}),
        },
    }
    if f.status is FindingStatus.WAIVED:
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f"waiver {f.waiver}"}]
    return result


class SarifFormat(ReportFormat):
    name = "sarif"

    def render(self, report: Report, options: RenderOptions) -> str:
        findings = report.findings
        if len(findings) > MAX_RESULTS:  # keep the most severe; say how many were left out
            findings = sorted(findings, key=lambda f: -f.severity.rank)[:MAX_RESULTS]
        by_rule: dict[str, list[Finding]] = {}
        for f in findings:
            by_rule.setdefault(f.rule_id, []).append(f)
        rule_ids = sorted(by_rule)
        index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
        run = {
            "tool": {
                "driver": {
                    "name": report.tool.name,
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "rules": [_rule(r, by_rule[r]) for r in rule_ids],
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": True,
                # What the run could not look at (rules not evaluated, lists missing or stale).
                "toolExecutionNotifications": [
                    {"level": "warning", "descriptor": {"id": g.kind}, "message": {"text": g.message()}} for g in report.coverage
                ],
            }],
            "results": [_result(f, index[f.rule_id]) for f in findings],
            "properties": {
                "as_of": report.as_of,
                "scenario": report.scenario,
                "fail_on": report.fail_on,
                "rule_packs": [f"{p.id}@{p.version}" for p in report.provenance.rule_packs],
                "lists": [f"{l.id}@{l.snapshot_date}" for l in report.provenance.lists],
                "omitted_results": len(report.findings) - len(findings),
            },
        }
        doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
