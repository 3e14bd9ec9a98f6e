"""Combine saved reports into one (e.g. one run per BOM file, one SARIF upload).

Reports can only be combined when they answer the same question: same as-of date and
scenario. Everything else is joined: findings, inputs, rule packs and lists (once
each), waivers, notices and warnings; the summary is recomputed.
"""

from __future__ import annotations

from dataclasses import replace

from compliance.model.errors import UsageError
from compliance.model.report import Report, WaiverProvenance, summarize
from compliance.model.subjects import subject_verdicts

#: when runs disagree about a waiver, the state that tells the most
_STATE_ORDER = ("expired", "expiring", "active", "pending", "unused")


def _unique(items: list, key) -> list:
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _merge_waivers(waivers: list[WaiverProvenance]) -> tuple[list[WaiverProvenance], set[str]]:
    """One entry per waiver (file, id): what it matched in any run. Also the unused-waiver
    warnings to retract — a waiver for BOM parts is "unused" in the parties run only."""
    merged: dict[tuple, WaiverProvenance] = {}
    for w in waivers:
        key = (w.file, w.id)
        if key not in merged:
            merged[key] = w
            continue
        seen = merged[key]
        state = min(seen.state, w.state, key=_STATE_ORDER.index)
        merged[key] = replace(seen, state=state, matched=sorted(set(seen.matched) | set(w.matched)))
    retract = {w.unused_warning() for w in merged.values() if w.state != "unused"}
    return list(merged.values()), retract


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
    waivers, retracted = _merge_waivers([w for x in p for w in x.waivers])
    findings = [f for r in reports for f in r.findings]
    inputs = [i for x in p for i in x.inputs]
    provenance = replace(
        first.provenance,
        rule_packs=_unique([rp for x in p for rp in x.rule_packs], lambda rp: (rp.id, rp.sha256)),
        lists=_unique([l for x in p for l in x.lists], lambda l: (l.id, l.sha256)),
        inputs=inputs,
        waivers=waivers,
    )
    return replace(
        first,
        generated_at=max(r.generated_at for r in reports),
        provenance=provenance,
        findings=findings,
        summary=summarize(findings, inputs),
        subjects=subject_verdicts(findings, inputs),
        rejected=[x for r in reports for x in r.rejected],
        notices=_unique([n for r in reports for n in r.notices], lambda n: n),
        warnings=_unique([w for r in reports for w in r.warnings if w not in retracted], lambda w: w),
        coverage=_unique([g for r in reports for g in r.coverage], lambda g: (g.kind, g.subject)),
    )
