"""`compliance screen ...`: screen BOM and counterparty files, write reports, gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from compliance.cli.common import (
    AS_OF_HELP,
    RULES_HELP,
    SCENARIO_HELP,
    BaselineOption,
    DetailsOption,
    FailOnOption,
    FormatsOption,
    MaxRejectedOption,
    MinSeverityOption,
    QuietOption,
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

SITUATION_HELP = (
    "Your own situation where rules depend on it, comma-separated: us-person, defence-contractor, imports-into-us "
    "(none = none of them; default: setting 'situation', else the strictest reading)."
)
OWNERSHIP_HELP = (
    "Ownership table (CSV: owner, owned, percent [0-100, empty = unknown], optional owner_country, owned_country, "
    "source, as_of): reports parties caught by 50 % ownership under the Affiliates Rule, OFAC's 50 % rule and No. 61 Art. 2."
)


LISTS_OPTION_HELP = "Lists to screen against, comma-separated ids (default: all bundled and imported)."
THRESHOLD_OPTION_HELP = "Match score (0-100) at or above which a name is a hit (default: setting 'threshold', else 85)."

# One declaration per flag shared by `screen bom`, `screen parties` and `screen party`.
ListsOption = Annotated[Optional[str], typer.Option("--lists", help=LISTS_OPTION_HELP)]
ThresholdOption = Annotated[Optional[float], typer.Option("--threshold", help=THRESHOLD_OPTION_HELP)]
DataDirOption = Annotated[Optional[Path], typer.Option("--data-dir", help="Folder of imported list snapshots.")]
MaxListAgeOption = Annotated[Optional[int], typer.Option("--max-list-age", help="Exit 2 when a list snapshot is older than DAYS days.")]
SituationOption = Annotated[Optional[str], typer.Option("--situation", help=SITUATION_HELP)]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help=AS_OF_HELP)]
ScenarioOption = Annotated[Optional[str], typer.Option("--scenario", help=SCENARIO_HELP)]
RulesOption = Annotated[list[Path], typer.Option("--rules", help=RULES_HELP)]
EngineOption = Annotated[Optional[str], typer.Option(
    "--engine", help="local (default: this process) or dask (a Dask cluster; needs the extra compliance[dask]). "
    "Same findings either way.")]
SchedulerOption = Annotated[Optional[str], typer.Option(
    "--scheduler", help="Address of a running Dask scheduler (tcp://host:8786) for --engine dask "
    "(default: a local cluster sized to this machine).")]


@app.command("bom")
def bom(
    files: list[Path] = typer.Argument(..., help="BOM file(s): CSV, XLSX or JSON (columns documented in the README); several files are a portfolio, one report."),
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
    situation: SituationOption = None,
    as_of: AsOfOption = None,
    scenario: ScenarioOption = None,
    formats: FormatsOption = [],
    fail_on: FailOnOption = None,
    rules: RulesOption = [],
    max_rejected_rows: MaxRejectedOption = None,
    min_severity: MinSeverityOption = None,
    strict: StrictOption = None,
    waivers: WaiversOption = None,
    baseline: BaselineOption = None,
    quiet: QuietOption = False,
    details: DetailsOption = False,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Screen a bill of materials (or a portfolio of them) against the rule packs.

    Examples: compliance screen bom examples/ev-traction-motor.csv ·
    compliance screen bom bom.csv --as-of 2026-11-28 --scenario suspensions-extended -f table -f json=report.json ·
    compliance screen bom products/*.csv --engine dask -f json=portfolio.json
    """
    config = settings().with_flags(situation=situation)
    for file in files:
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
        situation=config.value("situation"),
    )
    from compliance.engines import open_engine
    from compliance.engines.portfolio import screen_portfolio

    label = files[0] if len(files) == 1 else f"{len(files)} BOM files"
    with open_engine(engine, scheduler) as runner, working(f"screening {label}", quiet=quiet):
        result = screen_portfolio(runner, files, parties=parties_file, ownership=ownership, options=options)
    raise typer.Exit(finish(result, targets, gate, quiet=quiet, details=details))


PARTY_FILE_HELP = (
    "Counterparty file: CSV, XLSX or JSON with name (required), country, address, id, role, aliases, identifiers; "
    "'-' reads CSV, a JSON array, JSON lines (one object per line) or an XLSX workbook from stdin."
)


@app.command("parties")
def parties(
    file: str = typer.Argument(..., help=PARTY_FILE_HELP),
    lists: ListsOption = None,
    threshold: ThresholdOption = None,
    data_dir: DataDirOption = None,
    max_list_age: MaxListAgeOption = None,
    ownership: Optional[Path] = typer.Option(None, "--ownership", help=OWNERSHIP_HELP),
    situation: SituationOption = None,
    as_of: AsOfOption = None,
    scenario: ScenarioOption = None,
    formats: FormatsOption = [],
    fail_on: FailOnOption = None,
    rules: RulesOption = [],
    max_rejected_rows: MaxRejectedOption = None,
    min_severity: MinSeverityOption = None,
    strict: StrictOption = None,
    waivers: WaiversOption = None,
    baseline: BaselineOption = None,
    quiet: QuietOption = False,
    details: DetailsOption = False,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Screen counterparties against the restricted-party lists.

    Examples: compliance screen parties suppliers.csv ·
    compliance screen parties customers.xlsx --lists entity-list,meu --threshold 90 -f table -f json=parties.json ·
    erp-export | compliance screen parties - -f json ·
    compliance screen parties customers.csv --engine dask --scheduler tcp://host:8786 -f json=parties.json
    """
    flags = dict(
        lists=lists, threshold=threshold, data_dir=data_dir, max_list_age=max_list_age, ownership=ownership, as_of=as_of,
        scenario=scenario, formats=formats, fail_on=fail_on, rules=rules, max_rejected_rows=max_rejected_rows,
        min_severity=min_severity, strict=strict, waivers=waivers, baseline=baseline, quiet=quiet, details=details,
        situation=situation, engine=engine, scheduler=scheduler,
    )
    if file == "-":
        from compliance.cli.stdin import stdin_table

        with stdin_table() as path:
            raise typer.Exit(_screen_parties(path, STDIN_NAME, **flags))
    require_file(Path(file), "FILE")
    raise typer.Exit(_screen_parties(Path(file), None, **flags))


@app.command("party")
def party(
    name: str = typer.Argument(..., help="The party's name, in any script (e.g. \"Huawei Technologies Co., Ltd.\")."),
    country: Optional[str] = typer.Option(None, "--country", help="The party's country (ISO-2 or name): agreement corroborates a match, disagreement weakens it."),
    role: Optional[str] = typer.Option(None, "--role", help="The party's role in your trade (customer, supplier, consignee, end-user, ...)."),
    party_id: Optional[str] = typer.Option(None, "--id", help="Your own reference for the party (reported, and usable in waivers)."),
    aliases: list[str] = typer.Option([], "--alias", help="Another name of the party (repeatable)."),
    situation: SituationOption = None,
    lists: ListsOption = None,
    threshold: ThresholdOption = None,
    data_dir: DataDirOption = None,
    max_list_age: MaxListAgeOption = None,
    as_of: AsOfOption = None,
    scenario: ScenarioOption = None,
    formats: FormatsOption = [],
    fail_on: FailOnOption = None,
    rules: RulesOption = [],
    min_severity: MinSeverityOption = None,
    strict: StrictOption = None,
    waivers: WaiversOption = None,
    baseline: BaselineOption = None,
    quiet: QuietOption = False,
    details: DetailsOption = False,
) -> None:
    """Screen one party (e.g. a supplier at onboarding) without writing a file.

    Exit codes as for every screen command: 0 nothing at or above --fail-on, 1 a finding
    that fails, 2 bad input or usage.

    Examples: compliance screen party "Huawei Technologies Co., Ltd." --country CN --role customer ·
    compliance screen party "Siemens AG" --country DE -f json
    """
    from compliance.model.records import Party
    from compliance.readers.parties import country_code
    from compliance.readers.values import FieldError

    if not name.strip():
        raise UsageError("empty name", field="NAME")
    try:
        code = country_code(country) if country else None
    except FieldError as exc:
        raise UsageError(str(exc), field="--country") from None
    record = Party(
        file=COMMAND_LINE_NAME, row=1, name=name.strip(), id=party_id or None, country=code,
        role=(role or "").strip() or None, aliases=tuple(a.strip() for a in aliases if a.strip()),
    )
    raise typer.Exit(_screen_parties(
        [record], COMMAND_LINE_NAME, lists=lists, threshold=threshold, data_dir=data_dir, max_list_age=max_list_age,
        ownership=None, as_of=as_of, scenario=scenario, formats=formats, fail_on=fail_on, rules=rules,
        max_rejected_rows=None, min_severity=min_severity, strict=strict, waivers=waivers, baseline=baseline,
        quiet=quiet, details=details, situation=situation,
    ))


#: where parties come from when they are not in a file (shown as the subject's file)
STDIN_NAME = "<stdin>"
COMMAND_LINE_NAME = "<command line>"


def _screen_parties(source, display_name, *, lists, threshold, data_dir, max_list_age, ownership, as_of, scenario,
                    formats, fail_on, rules, max_rejected_rows, min_severity, strict, waivers, baseline, quiet, details,
                    situation, engine=None, scheduler=None) -> int:
    """`screen parties` and `screen party`: flags → options → pipeline → formats → exit code."""
    config = settings().with_flags(situation=situation)
    gate = gate_from(
        config, fail_on=fail_on, min_severity=min_severity, strict=strict,
        waivers=waivers, baseline=baseline, max_rejected_rows=max_rejected_rows,
    )
    targets = output_targets(formats)
    if ownership is not None:
        require_file(ownership, "--ownership")
    options = screen_options(
        config, as_of=as_of, scenario=scenario, rules=rules, lists=lists, data_dir=data_dir,
        max_list_age=max_list_age, threshold=threshold, situation=config.value("situation"),
    )
    from compliance.engines import open_engine
    from compliance.engines.parties import screen_parties_on

    label = display_name if isinstance(source, list) else (display_name or str(source))
    with open_engine(engine, scheduler) as runner, working(f"screening {label}", quiet=quiet):
        result = screen_parties_on(runner, source, ownership=ownership, display_name=display_name, options=options)
    return finish(result, targets, gate, quiet=quiet, details=details)
