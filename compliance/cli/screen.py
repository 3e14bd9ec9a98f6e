"""`compliance screen ...`: screen BOM and counterparty files, write reports, gate."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from compliance.cli.common import (
    AS_OF_HELP,
    FAIL_ON_HELP,
    FORMAT_HELP,
    RULES_HELP,
    SCENARIO_HELP,
    as_of_date,
    emit,
    fail_on_severity,
    gate_exit_code,
    load_rule_set,
    output_targets,
    scenario_of,
    settings,
)
from compliance.errors import UsageError
from compliance.report.build import build_report
from compliance.screening import screen_bom

app = typer.Typer(help="Screen bills of materials and counterparties.", no_args_is_help=True)


@app.command("bom")
def bom(
    file: Path = typer.Argument(..., help="BOM file (CSV; columns documented in the README)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    scenario: Optional[str] = typer.Option(None, "--scenario", help=SCENARIO_HELP),
    formats: list[str] = typer.Option([], "-f", "--format", help=FORMAT_HELP),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help=FAIL_ON_HELP),
    rules: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
    max_rejected_rows: Optional[int] = typer.Option(None, "--max-rejected-rows", help="Rows that may be rejected before the run exits 2 (default 0)."),
) -> None:
    """Screen a bill of materials against the rule packs.

    Examples: compliance screen bom examples/ev-traction-motor.csv ·
    compliance screen bom bom.csv --as-of 2026-11-28 --scenario suspensions-extended -f table -f json=report.json
    """
    config = settings()
    if not file.is_file():
        raise UsageError(f"no such file: {file}", field="FILE")
    date, scen = as_of_date(as_of), scenario_of(scenario)
    fail_label = fail_on or config.get("fail_on", "high")
    threshold = fail_on_severity(fail_label)
    targets = output_targets(formats)
    rule_set = load_rule_set(rules, config)
    result = screen_bom(file, rule_set, date, scen)
    report = build_report(result, rule_set, as_of=date, scenario=scen.value, fail_on=fail_label)
    emit(report, targets)
    allowed = max_rejected_rows if max_rejected_rows is not None else int(config.get("max_rejected_rows", 0))
    raise typer.Exit(gate_exit_code(report, threshold, allowed))
