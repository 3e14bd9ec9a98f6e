"""The core: records + rule packs (+ restricted-party index) → findings.

Pure: it reads no files and prints nothing. Each rule kind has one function that
turns a record and a rule in force into findings; rules that are not in force on
the as-of date produce nothing, so re-running "as of" another date or under another
scenario is the way to answer "and if the truce ends?".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from compliance.findings import Finding, Subject, fingerprint
from compliance.readers.bom import read_bom
from compliance.records import BomLine, Material, Rejected
from compliance.report.model import InputProvenance, RecordRef
from compliance.rulepacks.loader import RuleSet
from compliance.rulepacks.schema import Outcome, Rule, RuleKind, Severity
from compliance.rulepacks.timeline import RuleStatus, Scenario, Status, status
from compliance.util import file_sha256


@dataclass
class ScreenResult:
    """What one screening produced: findings, rejected rows and input provenance."""

    findings: list[Finding] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    inputs: list[InputProvenance] = field(default_factory=list)


def _controlled_elements(rule: Rule) -> set[str]:
    return {element for item in rule.conditions.items for element in item.elements}


def _item_for(rule: Rule, element: str):
    return next((item for item in rule.conditions.items if element in item.elements), None)


def _origin_of(material: Material, line: BomLine) -> str | None:
    return material.origin or line.origin_country


def controlled_item_findings(line: BomLine, rule: Rule, rule_status: RuleStatus) -> list[Finding]:
    """Supply risk: a controlled material of (possibly) Chinese origin in this part.

    A material of unknown origin is never assumed safe: it yields a red flag naming
    the missing origin instead of a licence finding.
    """
    elements = _controlled_elements(rule)
    origins = set(rule.conditions.origin)
    findings = []
    for index, material in enumerate(line.materials):
        if material.element not in elements:
            continue
        origin = _origin_of(material, line)
        item = _item_for(rule, material.element)
        code = (item.code + (" (code inferred)" if item.inferred else "")) if item and item.code else None
        evidence = {
            "material": material.substance,
            "element": material.element,
            "origin": origin or "unknown",
            "origin_basis": "material declaration" if material.origin else ("part origin" if origin else "none"),
            "rule_status": rule_status.reason,
        }
        if code:
            evidence["control_code"] = code
        subject = Subject(
            file=line.file,
            row=line.row,
            field=f"materials[{index}]",
            value=material.substance,
            part_number=line.part_number,
        )
        if origins and origin is None:
            findings.append(
                Finding(
                    fingerprint=fingerprint(rule.id, line.part_number, detail=f"{material.element}:unknown-origin"),
                    rule_id=rule.id,
                    kind=rule.kind,
                    severity=Severity.MEDIUM,
                    outcome=Outcome.RED_FLAG,
                    verify=rule_status.unverified,
                    rule_status=rule_status.status.value,
                    message=(
                        f"{material.element} in {line.part_number} has unknown origin: cannot rule out "
                        f"{rule.title}; record the origin of the {material.element} content (or the part)"
                    ),
                    subject=subject,
                    evidence=evidence | {"missing": "origin_country of the part or @ORIGIN of the material"},
                    citation=rule.citation,
                )
            )
            continue
        if origins and origin not in origins:
            continue
        findings.append(
            Finding(
                fingerprint=fingerprint(rule.id, line.part_number, detail=material.element),
                rule_id=rule.id,
                kind=rule.kind,
                severity=rule.severity,
                outcome=rule.outcome,
                verify=rule_status.unverified,
                rule_status=rule_status.status.value,
                message=rule.message or f"{line.part_number}: {material.element} of origin {origin} — {rule.title}",
                subject=subject,
                evidence=evidence,
                citation=rule.citation,
            )
        )
    return findings


#: rule kind → function(line, rule, status) for BOM screening.
BOM_CHECKS = {
    RuleKind.CONTROLLED_ITEM: controlled_item_findings,
}


def screen_bom_lines(
    lines: list[BomLine], rules: RuleSet, as_of: dt.date, scenario: Scenario = Scenario.AS_WRITTEN
) -> list[Finding]:
    """Findings for BOM lines under every rule in force on `as_of`."""
    active = []
    for rule in rules.rules:
        check = BOM_CHECKS.get(rule.kind)
        if check is None:
            continue
        rule_status = status(rule, as_of, scenario)
        if rule_status.status is Status.IN_FORCE:
            active.append((rule, rule_status, check))
    findings = []
    for line in lines:
        for rule, rule_status, check in active:
            findings.extend(check(line, rule, rule_status))
    return findings


def screen_bom(
    path: str | Path,
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario = Scenario.AS_WRITTEN,
    display_name: str | None = None,
) -> ScreenResult:
    """Read and screen one BOM file."""
    name = display_name or str(path)
    lines, rejected, read = read_bom(path, name)
    findings = screen_bom_lines(lines, rules, as_of, scenario)
    inputs = [
        InputProvenance(
            path=name,
            kind="bom",
            sha256=file_sha256(path),
            rows_read=read,
            rows_screened=len(lines),
            rows_rejected=len(rejected),
            records=[RecordRef(row=line.row, id=line.part_number) for line in lines],
        )
    ]
    return ScreenResult(findings=findings, rejected=rejected, inputs=inputs)
