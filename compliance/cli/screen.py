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
    finish,
    gate_from,
    output_targets,
    require_file,
    screen_options,
    settings,
    working,
)
from compliance.model.errors import UsageError

# Each command is flags → options → pipeline → formats → exit code. The pipeline is
# imported inside each command, so `--help` and `--version` stay cheap.

app = typer.Typer(help="Screen bills of materials and counterparties.", no_args_is_help=True)

OWNERSHIP_HELP = (
    "Ownership table (CSV: owner, owned, percent [0-100, empty = unknown], optional owner_country, owned_country, "
    "source, as_of): reports parties caught by 50 % ownership under the Affiliates Rule, OFAC's 50 % rule and No. 61 Art. 2."
)


@app.command("bom")
def bom(
    file: Path = typer.Argument(..., help="BOM file: CSV, XLSX or JSON (columns documented in the README)."),
    materials: Optional[Path] = typer.Option(None, "--materials", help="Material declarations joined by part number: CSV/XLSX/JSON (part_number, substance, cas, mass_g or mass_pct, origin_country) or IPC-1752A .xml."),
    prices: Optional[Path] = typer.Option(None, "--prices", help="Reference price table (YAML, format of rules/cn/reference-prices.yaml) for the No. 61 0.1 % test."),
    mapping: Optional[Path] = typer.Option(None, "--mapping", help="Column mapping file (YAML: columns: {part_number: 'Your header', ...}) for ERP exports."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX worksheet to read (default: the first)."),
    decimal_separator: Optional[str] = typer.Option(
        None, "--decimal-separator",
        help="How the BOM and materials files write decimals: point (1,234.5), comma (1.234,5) or auto (default; "
        "refuses 1,234, and 1.000 when the file writes decimal commas elsewhere).",
    ),
    parties_file: Optional[Path] = typer.Option(None, "--parties", help="Counterparty file whose ids/names the --ownership table may use (CSV, XLSX or JSON)."),
    ownership: Optional[Path] = typer.Option(None, "--ownership", help=OWNERSHIP_HELP),
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
    require_file(file, "FILE")
    gate = gate_from(
        config, fail_on=fail_on, min_severity=min_severity, strict=strict,
        waivers=waivers, baseline=baseline, max_rejected_rows=max_rejected_rows,
    )
    targets = output_targets(formats)
    for option, path in (("--materials", materials), ("--prices", prices), ("--mapping", mapping),
                         ("--parties", parties_file), ("--ownership", ownership)):
        if path is not None:
            require_file(path, option)
    from compliance.readers.values import DECIMAL_SEPARATORS

    separator = (decimal_separator or config.get("decimal_separator", "auto")).strip().lower()
    if separator not in DECIMAL_SEPARATORS:
        raise UsageError(f"must be auto, point or comma, not {decimal_separator!r}", field="--decimal-separator")
    options = screen_options(
        config, as_of=as_of, scenario=scenario, rules=rules, lists=None, data_dir=None, max_list_age=None, threshold=None,
        materials=materials, mapping=mapping, sheet=sheet, decimal_separator=separator, prices=prices,
    )
    from compliance.pipeline import screen_bom

    with working(f"screening {file}"):
        result = screen_bom(file, parties=parties_file, ownership=ownership, options=options)
    raise typer.Exit(finish(result, targets, gate))


@app.command("parties")
def parties(
    file: Path = typer.Argument(..., help="Counterparty file: CSV, XLSX or JSON with name (required), country, address, id, role, aliases, identifiers."),
    lists: Optional[str] = typer.Option(None, "--lists", help="Lists to screen against, comma-separated ids (default: all bundled and imported)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Match score (0-100) at or above which a name is a hit (default: setting 'threshold', else 85)."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Folder of imported list snapshots."),
    max_list_age: Optional[int] = typer.Option(None, "--max-list-age", help="Exit 2 when a list snapshot is older than DAYS days."),
    ownership: Optional[Path] = typer.Option(None, "--ownership", help=OWNERSHIP_HELP),
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
    config = settings()
    require_file(file, "FILE")
    gate = gate_from(
        config, fail_on=fail_on, min_severity=min_severity, strict=strict,
        waivers=waivers, baseline=baseline, max_rejected_rows=max_rejected_rows,
    )
    targets = output_targets(formats)
    if ownership is not None:
        require_file(ownership, "--ownership")
    options = screen_options(
        config, as_of=as_of, scenario=scenario, rules=rules, lists=lists, data_dir=data_dir,
        max_list_age=max_list_age, threshold=threshold,
    )
    from compliance.pipeline import screen_parties

    with working(f"screening {file}"):
        result = screen_parties(file, ownership=ownership, options=options)
    raise typer.Exit(finish(result, targets, gate))
