"""Assemble a Report from a screening result and the settings that produced it."""

from __future__ import annotations

import datetime as dt

from compliance import __version__
from compliance.model.finding import Finding
from compliance.model.report import (
    ListProvenance,
    Provenance,
    Report,
    RulePackProvenance,
    Tool,
    summarize,
)
from compliance.rulepacks.loader import RuleSet
from compliance.model.result import ScreenResult


def _finding_order(f: Finding) -> tuple:
    return (-f.severity.rank, f.subject.file, f.subject.row or 0, f.rule_id, f.fingerprint)


def build_report(
    result: ScreenResult,
    rules: RuleSet,
    *,
    as_of: dt.date,
    scenario: str,
    fail_on: str,
    lists: list[ListProvenance] | None = None,
    settings: dict | None = None,
    generated_at: dt.datetime | None = None,
) -> Report:
    """A Report whose content depends only on the inputs (plus `generated_at`)."""
    stamp = (generated_at or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    provenance = Provenance(
        rule_packs=[
            RulePackProvenance(
                id=p.pack.id,
                version=p.pack.version,
                reviewed=p.pack.reviewed.isoformat(),
                sha256=p.sha256,
                path=f"rules/{p.path.parent.name}/{p.path.name}" if p.bundled else str(p.path),
            )
            for p in rules.packs
        ],
        lists=lists or [],
        inputs=result.inputs,
        settings=settings or {},
    )
    findings = sorted(result.findings, key=_finding_order)
    return Report(
        tool=Tool(version=__version__),
        generated_at=stamp.isoformat().replace("+00:00", "Z"),
        as_of=as_of.isoformat(),
        scenario=scenario,
        fail_on=fail_on,
        provenance=provenance,
        summary=summarize(findings, result.inputs),
        findings=findings,
        rejected=result.rejected,
    )
