"""`compliance report render`: re-render saved JSON reports in any format."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer

from compliance.cli.common import (
    FailOnOption,
    FormatsOption,
    MaxRejectedOption,
    MinSeverityOption,
    StrictOption,
    emit,
    output_targets,
    say,
    settings,
)
from compliance.config import SPECS
from compliance.gate import exit_code, fail_on_severity, shown_report
from compliance.model.errors import UsageError
from compliance.report.load import load_report
from compliance.report.merge import merge_reports
from compliance.rulepacks.schema import Severity

app = typer.Typer(help="Work with saved reports.", no_args_is_help=True)


@app.command("render")
def render(
    reports: list[Path] = typer.Argument(..., help="JSON report(s) written with -f json=PATH; several are combined into one."),
    formats: FormatsOption = [],
    fail_on: FailOnOption = None,
    min_severity: MinSeverityOption = None,
    gate: bool = typer.Option(False, "--gate", help="Exit like a screen run: 1 for open findings at or above fail-on, 2 for rejected rows (or, with --strict, warnings)."),
    strict: StrictOption = None,
    max_rejected_rows: MaxRejectedOption = None,
) -> None:
    """Re-render saved JSON reports (several are combined) in any format; exits 0 once written, or with --gate as the gate would.

    Examples: compliance report render report.json -f html=report.html ·
    compliance report render bom-*.json parties.json --gate -f sarif=compliance.sarif -f markdown
    """
    targets = output_targets(formats)
    loaded = [load_report(path) for path in reports]
    report = merge_reports(loaded, [str(p) for p in reports])
    if fail_on is not None:
        fail_on_severity(fail_on)  # validates
        report = replace(report, fail_on=fail_on)
    threshold = SPECS["min_severity"].default
    if min_severity is not None:
        try:
            threshold = SPECS["min_severity"].parse(min_severity)
        except ValueError as exc:
            raise UsageError(f"{exc} (got {min_severity!r})", field="--min-severity") from None
    emit(shown_report(report, Severity(threshold)), targets, reports)
    if gate:
        config = settings().with_flags(strict=strict, max_rejected_rows=max_rejected_rows)
        code, error = exit_code(report, report.fail_threshold, config.value("max_rejected_rows"), config.value("strict"))
        say([f"warning: {w}" for w in report.warnings] + ([f"error: {error}"] if error else []))
        raise typer.Exit(code)
