"""Markdown: the GitHub job summary (and a pull-request comment, a wiki page).

A summary line, coverage gaps and warnings, the verdict per subject (who must act, what
to do), the findings by band — obligations, checks, information, never mixed — most
severe first, with the next step and VERIFY explained on the row, then provenance folded
in a <details> block and the not-legal-advice line. Cells are escaped so that a
party name containing `|` or markup cannot break the table or inject HTML.
"""

from __future__ import annotations

import html

from compliance.model.finding import Finding
from compliance.report import digest
from compliance.report.describe import citation_text, location, match_text, safe_url, subject_label
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report

#: findings listed in full; GitHub refuses a job summary over 1 MiB (≈ 600 bytes per row)
MAX_MARKDOWN_FINDINGS = 1000

_ICON = {"critical": "🟥", "high": "🟧", "medium": "🟨", "low": "🟦", "info": "⬜"}


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell: HTML-escaped, pipes escaped, one line."""
    value = html.escape(str(text), quote=False)
    for char in "\\`*_[]|":
        value = value.replace(char, "\\" + char)
    return " ".join(value.split())


def _finding_row(f: Finding) -> str:
    url = safe_url(f.citation.url)  # a javascript: or data: URL is shown as text, never linked
    cite = f"[{cell(citation_text(f.citation))}]({url.replace(')', '%29').replace(' ', '%20')})" if url else cell(citation_text(f.citation))
    message = cell(f.message) + (f"<br>{cell(match_text(f))}" if f.match else "")
    if f.alternatives:
        message += "<br>also: " + cell("; ".join(f"{a.name} [{a.entry_id}] score {a.score:g}" for a in f.alternatives))
    if f.verify:
        message += f"<br>**VERIFY:** {cell(digest.verify_text(f))}"
    status = f.status.value + (f" ({cell(f.waiver)})" if f.waiver else "")
    step = cell(f"{f.next_step.who}: {f.next_step.action}") if f.next_step else ""
    return (
        f"| {_ICON[f.severity.value]} {f.severity.value} | {status} | `{cell(f.rule_id)}` | "
        f"{cell(subject_label(f))} | {cell(location(f))} | {message} | {step} | {cite} |"
    )


def _verdict_rows(report: Report) -> list[str]:
    """The verdict table: one row per subject with a finding, then the clear ones counted."""
    rows = [f"**Verdicts** — {len(report.subjects)} subject(s): {digest.verdict_counts(report)}", ""]
    flagged = digest.flagged_subjects(report)
    if flagged:
        rows += ["| verdict | subject | role | who must act: next step | findings |", "|---|---|---|---|---|"]
        for subject in flagged:
            label = digest.VERDICT_LABELS[subject.verdict] + (" (VERIFY)" if subject.verify else "")
            counts = ", ".join(f"{n} {digest.COUNT_LABELS.get(k, k)}" for k, n in subject.counts.items() if n)
            rows.append(
                f"| {label} | {cell(subject.subject)} | {cell(subject.role or subject.kind)} | "
                f"{cell(digest.verdict_action(subject) or '—')}"
                + (f"<br>`{cell(subject.rule)}` {cell(subject.basis)}" if subject.basis else "") + f" | {counts} |"
            )
        rows.append("")
    return rows + [cell(digest.clear_count_line(report)), ""]


class MarkdownFormat(ReportFormat):
    name = "markdown"

    def render(self, report: Report, options: RenderOptions) -> str:
        s = report.summary
        failing = report.failing_findings()
        verdict = (
            f"❌ **{len(failing)} open finding(s) at or above `{report.fail_on}`**"
            if failing
            else f"✅ **No open finding at or above `{report.fail_on}`**"
        )
        out = [
            "## Export-control compliance report",
            "",
            f"{verdict} — as of {report.as_of}, scenario `{report.scenario}`, compliance {report.tool.version}",
            "",
            *self._top(report),
            *_verdict_rows(report),
            "| severity | " + " | ".join(s.by_severity) + " | total |",
            "|---|" + "---:|" * (len(s.by_severity) + 1),
            "| findings | " + " | ".join(str(v) for v in s.by_severity.values()) + f" | {s.total} |",
            "",
            f"Status: {', '.join(f'{k} {v}' for k, v in s.by_status.items()) or 'none'}. "
            f"Rows read {s.rows_read}, screened {s.rows_screened}, rejected {s.rows_rejected}."
            + (f" {s.unverified} finding(s) rest on a rule whose status is unverified — verify." if s.unverified else "")
            + (f" {s.hidden} finding(s) below --min-severity not shown." if s.hidden else ""),
            "",
        ]
        if report.findings:
            listed = sorted(report.findings, key=lambda f: -f.severity.rank)[:MAX_MARKDOWN_FINDINGS]
            for band, items in digest.by_band(listed):
                out += [
                    f"**{digest.BAND_TITLES[band]}**",
                    "",
                    "| severity | status | rule | subject | location | finding | who must act: next step | source |",
                    "|---|---|---|---|---|---|---|---|",
                    *(_finding_row(f) for f in items),
                    "",
                ]
            if len(report.findings) > len(listed):
                out += [
                    f"{len(report.findings) - len(listed)} more finding(s), less or equally severe, are not listed here "
                    "(GitHub limits a job summary to 1 MiB); all are in the JSON, SARIF and HTML reports.",
                    "",
                ]
        else:
            out += ["No findings.", ""]
        if report.notices:
            out += ["**Notices**", ""] + [f"- {cell(i)}" for i in report.notices] + [""]
        if report.rejected:
            out += ["**Rejected rows (not screened)**", "", "| location | field | reason |", "|---|---|---|"]
            out += [f"| {cell(r.file)}:{r.row or '-'} | {cell(r.field or '')} | {cell(r.reason)} |" for r in report.rejected]
            out += [""]
        p = report.provenance
        out += ["<details><summary>Provenance</summary>", ""]
        out += [f"- rule pack `{cell(r.id)}` {cell(r.version)} sha256 `{r.sha256[:12]}…`" for r in p.rule_packs]
        out += [
            f"- list `{cell(l.id)}` snapshot {l.snapshot_date}, {l.records} records, sha256 `{l.sha256[:12]}…`"
            + "".join(f"; warning: {cell(w)}" for w in l.warnings)
            for l in p.lists
        ]
        out += [
            f"- input `{cell(i.path)}` ({i.kind}) sha256 `{i.sha256[:12]}…`: read {i.rows_read}, screened {i.rows_screened}, rejected {i.rows_rejected}"
            for i in p.inputs
        ]
        out += [
            f"- waiver `{cell(w.id)}` ({w.state}) rule `{cell(w.rule)}`, approved by {cell(w.approved_by)} on {w.approved_on}, expires {w.expires}"
            for w in p.waivers
        ]
        if p.baseline:
            out += [f"- baseline `{cell(p.baseline.path)}`: {p.baseline.fingerprints} fingerprints, {p.baseline.matched} still present"]
        out += ["", "</details>", "", f"_{digest.NOT_LEGAL_ADVICE}_", ""]
        return "\n".join(out)

    @staticmethod
    def _top(report: Report) -> list[str]:
        """Coverage gaps and warnings, before anything else a reader sees."""
        out: list[str] = []
        if report.coverage:
            out += [f"**Not covered** — {len(report.coverage)} thing(s) this run could not look at", "",
                    "| gap | subject | why |", "|---|---|---|",
                    *(f"| {cell(g.kind)} | {cell(g.subject)} | {cell(g.reason)} |" for g in report.coverage), ""]
        if report.warnings:
            out += ["**Warnings**", ""] + [f"- {cell(i)}" for i in report.warnings] + [""]
        return out

