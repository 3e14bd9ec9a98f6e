"""Markdown: the GitHub job summary (and a pull-request comment, a wiki page).

A summary line, counts, the findings table (most severe first), notices and
warnings, and provenance folded in a <details> block. Cells are escaped so that a
party name containing `|` or markup cannot break the table or inject HTML.
"""

from __future__ import annotations

import html

from compliance.model.finding import Finding
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
    if f.verify:
        message += " **(verify: rule status unverified)**"
    status = f.status.value + (f" ({cell(f.waiver)})" if f.waiver else "")
    return (
        f"| {_ICON[f.severity.value]} {f.severity.value} | {status} | `{cell(f.rule_id)}` | "
        f"{cell(subject_label(f))} | {cell(location(f))} | {message} | {cite} |"
    )


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
        for label, items in (("Warnings", report.warnings), ("Notices", report.notices)):
            if items:
                out += [f"**{label}**", ""] + [f"- {cell(i)}" for i in items] + [""]
        if report.coverage:
            out += [f"**Not covered** — {len(report.coverage)} thing(s) this run could not look at", "",
                    "| gap | subject | why |", "|---|---|---|",
                    *(f"| {cell(g.kind)} | {cell(g.subject)} | {cell(g.reason)} |" for g in report.coverage), ""]
        if report.findings:
            listed = sorted(report.findings, key=lambda f: -f.severity.rank)[:MAX_MARKDOWN_FINDINGS]
            out += [
                "| severity | status | rule | subject | location | finding | source |",
                "|---|---|---|---|---|---|---|",
                *(_finding_row(f) for f in listed),
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
        if report.rejected:
            out += ["**Rejected rows (not screened)**", "", "| location | field | reason |", "|---|---|---|"]
            out += [f"| {cell(r.file)}:{r.row or '-'} | {cell(r.field or '')} | {cell(r.reason)} |" for r in report.rejected]
            out += [""]
        p = report.provenance
        out += ["<details><summary>Provenance</summary>", ""]
        out += [f"- rule pack `{cell(r.id)}` {cell(r.version)} sha256 `{r.sha256[:12]}…`" for r in p.rule_packs]
        out += [f"- list `{cell(l.id)}` snapshot {l.snapshot_date}, {l.records} records, sha256 `{l.sha256[:12]}…`" for l in p.lists]
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
        out += ["", "</details>", ""]
        return "\n".join(out)

