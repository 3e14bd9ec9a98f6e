"""The short form of a report that people act on, written once for every format.

A reviewer reads the verdict per subject first, then each finding in at most three
lines: what (severity, outcome, rule, citation), the numbers that decide it (share and
threshold, break-even price, list and score), and who must act and what to do. Full
evidence stays in `--details`, the HTML's expandable rows and the JSON.
"""

from __future__ import annotations

from collections import Counter

from compliance.model.finding import Finding
from compliance.model.report import Report
from compliance.model.subjects import VERDICTS, SubjectVerdict
from compliance.report.describe import citation_text

#: one line every human-facing format carries
NOT_LEGAL_ADVICE = "Not legal advice: a screening aid; have an export-control adviser confirm decisions."

#: bands, obligations first; information never shares a band with a licence requirement
BANDS = ("obligation", "check", "information")
BAND_TITLES = {
    "obligation": "Obligations — stop or licence required",
    "check": "Checks — red flags to resolve before shipping",
    "information": "Information only — no licence or stop follows from these lists alone",
}

_PLURAL = {"part": "parts", "party": "parties"}

#: outcome counts in the verdict table, short
COUNT_LABELS = {"prohibited": "stop", "license-required": "licence", "red-flag": "red flag", "info": "info",
                "waived": "waived", "baseline": "baseline"}

VERDICT_LABELS = {
    "prohibited": "PROHIBITED",
    "licence-required": "LICENCE REQUIRED",
    "check": "CHECK",
    "clear": "clear",
}


def band(finding: Finding) -> str:
    return finding.outcome.band


def by_band(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """(band, findings) for each band that has findings, obligations first."""
    return [(b, [f for f in findings if band(f) == b]) for b in BANDS if any(band(f) == b for f in findings)]


def verify_text(finding: Finding) -> str | None:
    """Why a finding says VERIFY: the status after the rule's verify date is unconfirmed
    (with the rule's note or political signal), and that it was checked as written."""
    if not finding.verify:
        return None
    reason = str(finding.evidence.get("rule_status") or "")
    start = reason.find("status after")
    detail = reason[start:] if start >= 0 else "status after the rule's verify date not confirmed by any source"
    return f"{detail} — checked as written"


def headline(finding: Finding, verify_mark: str = " · VERIFY") -> str:
    """Line 1: severity, outcome, rule, status (and VERIFY), then the citation."""
    text = f"{finding.severity.value} · {finding.outcome.value} · {finding.rule_id}"
    if finding.status.value != "open":
        text += f" · {finding.status.value}" + (f" ({finding.waiver})" if finding.waiver else "")
    if finding.verify:
        text += verify_mark
    return f"{text} · {citation_text(finding.citation)}"


def _share_facts(e: dict) -> str:
    threshold = str(e.get("threshold", "")).replace(" of the item's value", "")
    if "share_if_unknown_were_cn" in e:
        facts = [f"share if the unknown origin were CN {e['share_if_unknown_were_cn']} (threshold {threshold})"]
        if e.get("break_even_price_per_kg_if_unknown_were_cn"):
            facts.append(f"break-even {e['break_even_price_per_kg_if_unknown_were_cn']}/kg")
        return " · ".join(facts)
    facts = [f"share {e.get('arithmetic') or e.get('share')} (threshold {threshold})"]
    if e.get("break_even_price_per_kg"):
        facts.append(f"break-even {e['break_even_price_per_kg']}/kg")
    return " · ".join(facts)


def facts(finding: Finding) -> str:
    """Line 2: the numbers and names that decide the finding."""
    e = finding.evidence
    m = finding.match
    if m is not None:
        text = f"{m.list} · score {m.score:g} · {m.name!r}"
        if _norm(m.matched_name) != _norm(m.name):
            text += f" (matched {m.matched_name!r})"
        if e.get("entry_citation"):
            text += f" · listed {e['entry_citation']}"
        if finding.alternatives:
            others = "; ".join(f"{a.name} ({a.score:g})" for a in finding.alternatives[:3])
            more = len(finding.alternatives) - 3
            text += f" · also: {others}" + (f" and {more} more" if more > 0 else "")
        return text
    if "threshold" in e and ("share" in e or "arithmetic" in e):
        return _share_facts(e)
    return finding.message.split(": ", 1)[0] if ": " in finding.message else finding.message


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def one_line(finding: Finding) -> str:
    """An information-band finding in one line: what, where listed, who (no action follows)."""
    m = finding.match
    where = f" · {m.list} score {m.score:g}" if m else ""
    return f"{finding.severity.value} · {finding.rule_id}{where} {next_step_text(finding)}"


def next_step_text(finding: Finding) -> str:
    """Line 3: who must act and what to do."""
    step = finding.next_step
    return f"→ {step.who}: {step.action}" if step else "→ see the rule's citation"


def flagged_subjects(report: Report) -> list[SubjectVerdict]:
    """Subjects whose verdict is not clear or that have any finding, strongest first."""
    return [s for s in report.subjects if s.verdict != "clear" or s.finding or any(s.counts.values())]


def clear_count_line(report: Report) -> str:
    """The one line that stands for every clear subject."""
    clear = [s for s in report.subjects if s.verdict == "clear" and not any(s.counts.values())]
    info = [s for s in report.subjects if s.verdict == "clear" and any(s.counts.values())]
    kinds = Counter(s.kind for s in clear)
    what = ", ".join(f"{n} {_PLURAL[k] if n != 1 else k}" for k, n in sorted(kinds.items()))
    line = f"clear: {what} screened with no finding" if what else "clear: none"
    if info:
        line += f"; {len(info)} more clear with information only"
    return line


def verdict_counts(report: Report) -> str:
    """"4 licence-required, 1 check, 6 clear" over every subject."""
    counts = Counter(s.verdict for s in report.subjects)
    return ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v]) or "no subjects"


def verdict_action(subject: SubjectVerdict) -> str:
    """What the verdict asks for, in one phrase: who must act and what to do."""
    if subject.who and subject.action:
        return f"{subject.who}: {subject.action}"
    return ""
