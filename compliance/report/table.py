"""The terminal report: a summary panel, then findings grouped by subject.

Readable at 80 columns and without colour (NO_COLOR is honoured by the caller's
RenderOptions). Everything shown here is also in the JSON report. Text from the report
is shown literally: no rich markup is read in it, and escape sequences and control
characters are removed (compliance.support.terminal).
"""

from __future__ import annotations

import io
from itertools import groupby

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from compliance.model.finding import Finding
from compliance.report.describe import evidence_pairs, match_text
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report, coverage_lines
from compliance.support.terminal import literal, printable

#: findings printed in full at the terminal; the rest are counted (every other format has all)
MAX_TERMINAL_FINDINGS = 300

_SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}


def _subject_key(f: Finding) -> tuple:
    s = f.subject
    return (s.file, s.row or 0, s.part_number or s.party_name or s.party_id or "")


def _subject_title(f: Finding) -> str:
    s = f.subject
    who = s.part_number or s.party_name or s.party_id or s.value or ""
    row = f" row {s.row}" if s.row else ""
    return printable(f"{who}  ({s.file}{row})")


def _evidence_lines(f: Finding) -> list[str]:
    lines = [f"match: {match_text(f)}"] if f.match else []
    return lines + [f"{key}: {value}" for key, value in evidence_pairs(f)]


class TableFormat(ReportFormat):
    name = "table"
    for_terminal = True

    def render(self, report: Report, options: RenderOptions) -> str:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=options.width or 100,
            no_color=not options.color,
            color_system="standard" if options.color else None,
            force_terminal=options.color,
            highlight=False,
            emoji=False,
            markup=False,
        )
        console.print(self._summary(report))
        if not report.findings:
            console.print(Text("No findings.", style="green"))
        # Most severe first; a terminal is no place for thousands.
        shown = sorted(report.findings, key=lambda f: -f.severity.rank)[:MAX_TERMINAL_FINDINGS]
        for _, group in groupby(sorted(shown, key=_subject_key), key=_subject_key):
            items = list(group)
            console.print(self._subject_table(items))
        if len(report.findings) > len(shown):
            console.print(
                Text(
                    f"{len(report.findings) - len(shown)} more finding(s), less or equally severe, not shown here; "
                    "write them all with -f html=report.html, -f csv=findings.csv or -f json=report.json",
                    style="bold",
                )
            )
        if report.rejected:
            rejected = Table(title="Rejected rows (not screened)", show_lines=False, expand=True)
            rejected.add_column("file:row", no_wrap=True)
            rejected.add_column("field")
            rejected.add_column("reason", ratio=1)
            for r in report.rejected:
                rejected.add_row(literal(f"{r.file}:{r.row or '-'}"), literal(r.field or ""), literal(r.reason))
            console.print(rejected)
        return buffer.getvalue()

    def _summary(self, report: Report) -> Panel:
        s = report.summary
        sev = "  ".join(f"{k} {v}" for k, v in s.by_severity.items() if v)
        out = "  ".join(f"{k} {v}" for k, v in s.by_outcome.items() if v)
        lines = [
            f"as of {report.as_of}   scenario {report.scenario}   fail-on {report.fail_on}",
            f"findings {s.total} (open {s.open})   " + (sev or "none"),
        ]
        if out:
            lines.append(f"outcomes: {out}")
        if s.hidden:
            lines.append(f"{s.hidden} finding(s) below --min-severity not shown (the gate still counts them)")
        if s.unverified:
            lines.append(f"unverified: {s.unverified} finding(s) rest on a rule whose status after its verify date is unknown — verify")
        lines.append(f"rows read {s.rows_read}, screened {s.rows_screened}, rejected {s.rows_rejected}")
        packs = report.provenance.rule_packs
        if packs:
            lines.append(f"rule packs ({len(packs)}): " + ", ".join(p.id for p in packs))
        lists = ", ".join(f"{l.id} ({l.snapshot_date})" for l in report.provenance.lists)
        if lists:
            lines.append(f"lists: {lists}")
        for warning in report.warnings:
            lines.append(f"warning: {warning}")
        for line in coverage_lines(report.coverage):
            lines.append(f"NOT COVERED: {line}")
        for notice in report.notices:
            lines.append(f"notice: {notice}")
        failing = report.failing_findings()
        verdict = f"FAIL: {len(failing)} open finding(s) at or above {report.fail_on}" if failing else f"PASS: no open finding at or above {report.fail_on}"
        if report.coverage:
            verdict += f" — but {len(report.coverage)} gap(s) in coverage: what this run could not look at is listed below"
        lines.insert(0, verdict)
        return Panel(
            Text("\n".join(printable(line) for line in lines)), title=literal(f"compliance {report.tool.version}"), expand=True
        )

    def _subject_table(self, findings: list[Finding]) -> Table:
        table = Table(title=literal(_subject_title(findings[0])), title_justify="left", expand=True, show_lines=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("rule / outcome", no_wrap=False, max_width=28)
        table.add_column("finding", ratio=1)
        for f in findings:
            sev = Text(f.severity.value, style=_SEVERITY_STYLE.get(f.severity.value, ""))
            if f.status.value != "open":
                sev.append(f"\n{f.status.value}", style="dim")
                if f.waiver:
                    sev.append(f"\n{printable(f.waiver)}", style="dim")
            rule = Text(f"{printable(f.rule_id)}\n{f.outcome.value}" + ("\nVERIFY" if f.verify else ""))
            body = [literal(f.message, newlines=True)]
            for line in _evidence_lines(f):
                body.append(literal(line, style="dim"))
            cite = f.citation.document + (f", {f.citation.article}" if f.citation.article else "")
            body.append(literal(f"cite: {cite} <{f.citation.url}>", style="italic"))
            table.add_row(sev, rule, Group(*body))
        return table
