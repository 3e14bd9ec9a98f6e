"""The terminal report: a summary panel, the verdict table, then findings by band and subject.

Readable at 80 columns and without colour (NO_COLOR is honoured by the caller's
RenderOptions). Everything shown here is also in the JSON report. Text from the report
is shown literally: no rich markup is read in it, and escape sequences and control
characters are removed (compliance.support.terminal).
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from compliance.report import digest, table_view
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report, coverage_lines
from compliance.support.terminal import literal, printable

#: findings printed in full at the terminal; the rest are counted (every other format has all)
MAX_TERMINAL_FINDINGS = 300


class TableFormat(ReportFormat):
    name = "table"
    for_terminal = True

    def render(self, report: Report, options: RenderOptions) -> str:
        buffer = io.StringIO()
        width = options.width or 100
        console = Console(
            file=buffer,
            width=width,
            no_color=not options.color,
            color_system="standard" if options.color else None,
            force_terminal=options.color,
            highlight=False,
            emoji=False,
            markup=False,
        )
        console.print(self._summary(report, options.details))
        if report.subjects:
            console.print(table_view.verdict_table(report, width))
        if not report.findings:
            console.print(Text("No findings.", style="green"))
        # Most severe first; a terminal is no place for thousands.
        shown = sorted(report.findings, key=lambda f: -f.severity.rank)[:MAX_TERMINAL_FINDINGS]
        for part in table_view.finding_sections(report, shown, details=options.details, width=width):
            console.print(part)
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
        if not options.details and report.findings:
            console.print(table_view.line("Full evidence: --details, or -f html=report.html", width, style="dim"))
        console.print(table_view.line(digest.NOT_LEGAL_ADVICE, width, style="italic"))
        return buffer.getvalue()

    def _summary(self, report: Report, details: bool = False) -> Panel:
        """Verdict, coverage and warnings first; what the run rested on in a line or two."""
        s = report.summary
        sev = "  ".join(f"{k} {v}" for k, v in s.by_severity.items() if v)
        lines = []
        for line in coverage_lines(report.coverage):
            lines.append(f"NOT COVERED: {line}")
        for warning in report.warnings:
            lines.append(f"warning: {warning}")
        lines.append(
            f"as of {report.as_of} · scenario {report.scenario} · fail-on {report.fail_on} · "
            f"rows read {s.rows_read}, screened {s.rows_screened}, rejected {s.rows_rejected}"
        )
        lines.append(f"findings {s.total} (open {s.open})   " + (sev or "none"))
        if s.hidden:
            lines.append(f"{s.hidden} finding(s) below --min-severity not shown (the gate still counts them)")
        if s.unverified:
            lines.append(f"VERIFY: {s.unverified} finding(s) rest on a rule whose status after its verify date is unconfirmed (see [n] below)")
        packs = report.provenance.rule_packs
        snapshots = report.provenance.lists
        if details:
            if packs:
                lines.append(f"rule packs ({len(packs)}): " + ", ".join(p.id for p in packs))
            if snapshots:
                lines.append("lists: " + ", ".join(f"{l.id} ({l.snapshot_date})" for l in snapshots))
        elif packs or snapshots:
            oldest = min(snapshots, key=lambda l: l.snapshot_date) if snapshots else None
            text = f"{len(packs)} rule pack(s), {len(snapshots)} list snapshot(s)"
            if oldest is not None:
                text += f", oldest {oldest.id} {oldest.snapshot_date}"
            lines.append(text + " (names with --details)")
        lines += [f"list {l.id}: warning: {w}" for l in snapshots for w in l.warnings]
        for notice in report.notices:
            lines.append(f"notice: {notice}")
        failing = report.failing_findings()
        verdict = f"FAIL: {len(failing)} open finding(s) at or above {report.fail_on}" if failing else f"PASS: no open finding at or above {report.fail_on}"
        if report.coverage:
            verdict += f" — but {len(report.coverage)} gap(s) in coverage (NOT COVERED below)"
        lines.insert(0, verdict)
        return Panel(
            Text("\n".join(printable(line) for line in lines)), title=literal(f"compliance {report.tool.version}"), expand=True
        )
