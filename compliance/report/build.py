"""Assemble a Report from a screening result."""

from __future__ import annotations

import datetime as dt
import os

from compliance import __version__
from compliance.model.finding import Finding
from compliance.model.report import Provenance, Report, Tool, summarize
from compliance.model.subjects import subject_verdicts
from compliance.model.result import ScreenResult
from compliance.support.util import utc_today


def _finding_order(f: Finding) -> tuple:
    return (-f.severity.rank, f.subject.file, f.subject.row or 0, f.rule_id, f.fingerprint)


def now() -> dt.datetime:
    """The report's time stamp: now, or SOURCE_DATE_EPOCH when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def build_report(result: ScreenResult, *, fail_on: str, generated_at: dt.datetime | None = None) -> Report:
    """A Report whose content depends only on the result (plus `generated_at`)."""
    stamp = (generated_at or now()).replace(microsecond=0)
    provenance = Provenance(
        rule_packs=result.rule_packs,
        lists=result.lists,
        inputs=result.inputs,
        settings=result.settings,
        files=list(result.files),
    )
    findings = sorted(result.findings, key=_finding_order)
    return Report(
        tool=Tool(version=__version__),
        generated_at=stamp.isoformat().replace("+00:00", "Z"),
        as_of=(result.as_of or utc_today()).isoformat(),
        scenario=result.scenario,
        fail_on=fail_on,
        provenance=provenance,
        summary=summarize(findings, result.inputs),
        subjects=subject_verdicts(findings, result.inputs),
        findings=findings,
        rejected=result.rejected,
        coverage=result.coverage,
        notices=result.notices,
    )
