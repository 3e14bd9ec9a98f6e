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
from compliance.model.errors import UsageError

# The screening code is imported inside each command: `screen parties` should not pay
# for importing the BOM machinery, nor `screen bom` for the matcher it may not need.

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
    from compliance.bom.prices import load_prices
    from compliance.readers.bom import BomOptions
    from compliance.report.build import build_report
    from compliance.pipeline import screen_bom

    price_table = load_prices(prices) if prices else None
    from compliance.readers.values import DECIMAL_SEPARATORS

    separator = (decimal_separator or config.get("decimal_separator", "auto")).strip().lower()
    if separator not in DECIMAL_SEPARATORS:
        raise UsageError(f"must be auto, point or comma, not {decimal_separator!r}", field="--decimal-separator")
    options = BomOptions(materials=materials, mapping=mapping, sheet=sheet, decimal_separator=separator)
    with working(f"screening {file}"):
        result = screen_bom(file, rule_set, date, scen, options=options, prices=price_table)
    list_provenance = None
    bom_lines = _bom_party_lines(file, options, rule_set)
    snapshots = None
    if bom_lines:
        # Suppliers and manufacturers are counterparties: screened against the lists like `screen parties`.
        from compliance.matching import DEFAULT_THRESHOLD
        from compliance.parties.screening import index_for, screen_bom_parties

        snapshots = _ownership_lists(config)
        list_provenance = [s.provenance() for s in snapshots]
        limit = float(config.get("threshold", DEFAULT_THRESHOLD))
        result.findings += screen_bom_parties(bom_lines, index_for(snapshots), rule_set, date, scen, threshold=limit)
    if ownership is not None:
        from compliance.parties.affiliates import bom_parties
        from compliance.readers.bom import read_bom
        from compliance.readers.parties import read_parties

        if parties_file is not None and not parties_file.is_file():
            raise UsageError(f"no such file: {parties_file}", field="--parties")
        named, fields = bom_parties(read_bom(file, str(file), options).lines)
        if parties_file is not None:
            from compliance.model.report import InputProvenance
            from compliance.support.util import file_sha256

            listed, rejected, read = read_parties(parties_file, str(parties_file))
            named = listed + named
            result.rejected += rejected
            result.inputs.append(InputProvenance(  # every row of every input is accounted for in the report
                path=str(parties_file), kind="parties", sha256=file_sha256(parties_file),
                rows_read=read, rows_screened=len(listed), rows_rejected=len(rejected),
            ))
        snapshots = snapshots or _ownership_lists(config)
        list_provenance = [s.provenance() for s in snapshots]
        _add_ownership(result, ownership, named, snapshots, config, rule_set, date, scen, fields)
    elif parties_file is not None:
        raise UsageError("--parties on `screen bom` names the parties of an --ownership table; give --ownership too", field="--parties")
    report = build_report(result, rule_set, as_of=date, scenario=scen.value, fail_on=gate.fail_on_label, lists=list_provenance)
    raise typer.Exit(conclude(report, targets, gate))


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
    from compliance.cli.common import load_list_snapshots
    from compliance.matching import DEFAULT_THRESHOLD
    from compliance.parties.screening import index_for, screen_parties
    from compliance.report.build import build_report

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
    snapshots = load_list_snapshots(lists, data_dir, max_list_age, config)
    rule_set = load_rule_set(rules, config, snapshots)
    with working(f"screening {file}"):
        index = index_for(snapshots)
        result = screen_parties(file, index, rule_set, date, scen, threshold=limit)
    if ownership is not None:
        from compliance.readers.parties import read_parties

        _add_ownership(result, ownership, read_parties(file, str(file))[0], snapshots, config, rule_set, date, scen,
                       threshold=limit, index=index)
    report = build_report(
        result, rule_set, as_of=date, scenario=scen.value, fail_on=gate.fail_on_label,
        lists=[s.provenance() for s in snapshots], settings={"threshold": limit},
    )
    raise typer.Exit(conclude(report, targets, gate))


def _bom_party_lines(file, options, rule_set):
    """BOM lines naming a supplier or manufacturer, when any listed-party rule is loaded (else [])."""
    from compliance.rulepacks.schema import RuleKind

    if not any(rule.kind is RuleKind.LISTED_PARTY for rule in rule_set.rules):
        return []
    from compliance.readers.bom import read_bom

    return [line for line in read_bom(file, str(file), options).lines if line.supplier or line.manufacturer]


def _ownership_lists(config):
    from compliance.cli.common import load_list_snapshots

    return load_list_snapshots(None, None, None, config)


def _add_ownership(result, ownership, parties, snapshots, config, rule_set, date, scen, fields=None, *, threshold=None, index=None):
    """Screen the ownership table and add its findings, rejected rows and provenance to `result`."""
    from compliance.parties.affiliates import lookup_from
    from compliance.matching import DEFAULT_THRESHOLD
    from compliance.parties.screening import best_hits, index_for
    from compliance.pipeline import screen_ownership

    if not ownership.is_file():
        raise UsageError(f"no such file: {ownership}", field="--ownership")
    index = index or index_for(snapshots)
    limit = threshold if threshold is not None else float(config.get("threshold", DEFAULT_THRESHOLD))
    lookup = lookup_from(lambda name, country: best_hits(index, [name], country=country, lists=None, threshold=limit))
    owned = screen_ownership(ownership, rule_set, date, scen, parties=parties, lookup=lookup,
                             display_name=str(ownership), subject_fields=fields)
    result.findings += owned.findings
    result.rejected += owned.rejected
    result.inputs += owned.inputs
