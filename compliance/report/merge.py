"""Combine saved reports into one (e.g. one run per BOM file, one SARIF upload).

Reports can only be combined when they answer the same question: same as-of date and
scenario. Everything else is joined: findings, inputs, rule packs and lists (once
each), waivers, notices and warnings; the summary is recomputed.
"""

from __future__ import annotations

from compliance.errors import UsageError
from compliance.report.model import Report, summarize


def _unique(items: list, key) -> list:
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def merge_reports(reports: list[Report], names: list[str]) -> Report:
    """One report holding all of `reports` (`names` say where each came from, for errors)."""
    first = reports[0]
    if len(reports) == 1:
        return first
    for report, name in zip(reports[1:], names[1:]):
        for attr in ("as_of", "scenario"):
            if getattr(report, attr) != getattr(first, attr):
                raise UsageError(
                    f"cannot combine reports with different {attr.replace('_', '-')}: "
                    f"{names[0]} has {getattr(first, attr)}, {name} has {getattr(report, attr)}",
                    field="REPORT",
                )
    p = [r.provenance for r in reports]
    findings = [f for r in reports for f in r.findings]
    inputs = [i for x in p for i in x.inputs]
    provenance = first.provenance.model_copy(
        update={
            "rule_packs": _unique([rp for x in p for rp in x.rule_packs], lambda rp: (rp.id, rp.sha256)),
            "lists": _unique([l for x in p for l in x.lists], lambda l: (l.id, l.sha256)),
            "inputs": inputs,
            "waivers": _unique([w for x in p for w in x.waivers], lambda w: (w.file, w.id, tuple(w.matched))),
        }
    )
    return first.model_copy(
        update={
            "generated_at": max(r.generated_at for r in reports),
            "provenance": provenance,
            "findings": findings,
            "summary": summarize(findings, inputs),
            "rejected": [x for r in reports for x in r.rejected],
            "notices": _unique([n for r in reports for n in r.notices], lambda n: n),
            "warnings": _unique([w for r in reports for w in r.warnings], lambda w: w),
        }
    )
