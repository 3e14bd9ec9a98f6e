"""`compliance screen ...`: screen BOM and counterparty files, write reports, gate."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from compliance.cli.common import (
    AS_OF_HELP,
    RULES_HELP,
    SCENARIO_HELP,
    BaselineOption,
    FailOnOption,
    FormatsOption,
    MaxRejectedOption,
    MinSeverityOption,
    StrictOption,
    WaiversOption,
    as_of_date,
    conclude,
    gate_from,
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
    formats: FormatsOption = [],
    fail_on: FailOnOption = None,
    rules: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
    max_rejected_rows: MaxRejectedOption = None,
    min_severity: MinSeverityOption = None,
    strict: StrictOption = None,
    waivers: WaiversOption = None,
    baseline: BaselineOption = None,
) -> None:
    """Screen a bill of materials against the rule packs.

    Examples: compliance screen bom examples/ev-traction-motor.csv ·
    compliance screen bom bom.csv --as-of 2026-11-28 --scenario suspensions-extended -f table -f json=report.json
    """
    config = settings()
    if not file.is_file():
        raise UsageError(f"no such file: {file}", field="FILE")
    date, scen = as_of_date(as_of), scenario_of(scenario)
    gate = gate_from(
        config, fail_on=fail_on, min_severity=min_severity, strict=strict,
        waivers=waivers, baseline=baseline, max_rejected_rows=max_rejected_rows,
    )
    targets = output_targets(formats)
    rule_set = load_rule_set(rules, config)
    result = screen_bom(file, rule_set, date, scen)
    report = build_report(result, rule_set, as_of=date, scenario=scen.value, fail_on=gate.fail_on_label)
    raise typer.Exit(conclude(report, targets, gate))
