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
    working,
)
from compliance.errors import UsageError
from compliance.report.build import build_report
from compliance.prices import load_prices
from compliance.readers.bom import BomOptions
from compliance.screening import screen_bom

app = typer.Typer(help="Screen bills of materials and counterparties.", no_args_is_help=True)


@app.command("bom")
def bom(
    file: Path = typer.Argument(..., help="BOM file: CSV, XLSX or JSON (columns documented in the README)."),
    materials: Optional[Path] = typer.Option(None, "--materials", help="Material declarations joined by part number: CSV/XLSX/JSON (part_number, substance, cas, mass_g or mass_pct, origin_country) or IPC-1752A .xml."),
    prices: Optional[Path] = typer.Option(None, "--prices", help="Reference price table (YAML, format of rules/cn/reference-prices.yaml) for the No. 61 0.1 % test."),
    mapping: Optional[Path] = typer.Option(None, "--mapping", help="Column mapping file (YAML: columns: {part_number: 'Your header', ...}) for ERP exports."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX worksheet to read (default: the first)."),
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
    for option, path in (("--materials", materials), ("--prices", prices), ("--mapping", mapping)):
        if path is not None and not path.is_file():
            raise UsageError(f"no such file: {path}", field=option)
    price_table = load_prices(prices) if prices else None
    options = BomOptions(materials=materials, mapping=mapping, sheet=sheet)
    with working(f"screening {file}"):
        result = screen_bom(file, rule_set, date, scen, options=options, prices=price_table)
    report = build_report(result, rule_set, as_of=date, scenario=scen.value, fail_on=gate.fail_on_label)
    raise typer.Exit(conclude(report, targets, gate))


@app.command("parties")
def parties(
    file: Path = typer.Argument(..., help="Counterparty file: CSV, XLSX or JSON with name (required), country, address, id, role, aliases, identifiers."),
    lists: Optional[str] = typer.Option(None, "--lists", help="Lists to screen against, comma-separated ids (default: all bundled and imported)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Match score (0-100) at or above which a name is a hit (default: setting 'threshold', else 85)."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Folder of imported list snapshots."),
    max_list_age: Optional[int] = typer.Option(None, "--max-list-age", help="Exit 2 when a list snapshot is older than DAYS days."),
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
    """Screen counterparties against the restricted-party lists.

    Examples: compliance screen parties suppliers.csv ·
    compliance screen parties customers.xlsx --lists entity-list,meu --threshold 90 -f table -f json=parties.json
    """
    from compliance.cli.common import load_list_snapshots
    from compliance.matching import DEFAULT_THRESHOLD
    from compliance.party_screening import index_for, screen_parties

    config = settings()
    if not file.is_file():
        raise UsageError(f"no such file: {file}", field="FILE")
    date, scen = as_of_date(as_of), scenario_of(scenario)
    gate = gate_from(
        config, fail_on=fail_on, min_severity=min_severity, strict=strict,
        waivers=waivers, baseline=baseline, max_rejected_rows=max_rejected_rows,
    )
    limit = threshold if threshold is not None else float(config.get("threshold", DEFAULT_THRESHOLD))
    if not 0 < limit <= 100:
        raise UsageError("must be above 0 and at most 100", field="--threshold")
    targets = output_targets(formats)
    rule_set = load_rule_set(rules, config)
    snapshots = load_list_snapshots(lists, data_dir, max_list_age, config)
    with working(f"screening {file}"):
        index = index_for(snapshots)
        result = screen_parties(file, index, rule_set, date, scen, threshold=limit)
    report = build_report(
        result, rule_set, as_of=date, scenario=scen.value, fail_on=gate.fail_on_label,
        lists=[s.provenance() for s in snapshots], settings={"threshold": limit},
    )
    raise typer.Exit(conclude(report, targets, gate))
