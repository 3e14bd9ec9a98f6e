"""`compliance rules ...`: list, show, validate and diff the loaded rule packs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from compliance.model.base import jsonable
from compliance.cli.common import (
    AS_OF_HELP,
    RULES_HELP,
    SCENARIO_HELP,
    as_of_date,
    color_enabled,
    load_rule_set,
    scenario_of,
    settings,
)
from compliance.model.errors import UsageError
from compliance.rulepacks.loader import load_pack, load_rules, pack_files
from compliance.rulepacks.timeline import diff, status
from compliance.support.terminal import printable

app = typer.Typer(help="Inspect the rule packs: what each rule says and its status on a date.", no_args_is_help=True)


def _console() -> Console:
    return Console(no_color=not color_enabled(), highlight=False, markup=False, width=None if sys.stdout.isatty() else 160)


def _cite(rule) -> str:
    c = rule.citation
    return c.document + (f", {c.article}" if c.article else "")


def _signal_json(rule) -> dict | None:
    """The rule's political signal (an announced, unenacted extension), for JSON output."""
    signal = rule.validity.signal
    return None if signal is None else jsonable(signal, exclude_none=True) | {"legal_text_seen": False}


def _signal_cell(rule) -> str:
    signal = rule.validity.signal
    if signal is None:
        return ""
    return f"said {signal.stated}: extended to {signal.extends_to}; no legal text"


@app.command("list")
def list_rules(
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    scenario: Optional[str] = typer.Option(None, "--scenario", help=SCENARIO_HELP),
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", help="Only rules of this jurisdiction (CN, US, ...)."),
    fmt: str = typer.Option("table", "-f", "--format", help="table or json."),
    rules: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """List every rule with its status on a date.

    Examples: compliance rules list --as-of 2026-01-01 ·
    compliance rules list --scenario suspensions-extended --jurisdiction CN -f json
    """
    date, scen = as_of_date(as_of), scenario_of(scenario)
    rule_set = load_rule_set(rules, settings())
    rows = []
    for loaded in rule_set.packs:
        if jurisdiction and loaded.pack.jurisdiction.upper() != jurisdiction.upper():
            continue
        for rule in loaded.pack.rules:
            st = status(rule, date, scen)
            rows.append((loaded.pack, rule, st))
    if fmt == "json":
        data = {
            "as_of": date.isoformat(),
            "scenario": scen.value,
            "rules": [
                {
                    "id": rule.id,
                    "pack": pack.id,
                    "jurisdiction": pack.jurisdiction,
                    "title": rule.title,
                    "kind": rule.kind.value,
                    "outcome": rule.outcome.value,
                    "severity": rule.severity.value,
                    "status": st.status.value,
                    "unverified": st.unverified,
                    "reason": st.reason,
                    "citation": jsonable(rule.citation, exclude_none=True),
                }
                | ({"signal": _signal_json(rule)} if rule.validity.signal else {})
                for pack, rule, st in rows
            ],
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if fmt != "table":
        raise UsageError(f"unknown format {fmt!r} for rules list (table, json)", field="--format")
    table = Table(title=f"Rules as of {date} ({scen.value})", expand=False)
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("status", no_wrap=True)
    table.add_column("citation")
    signalled = any(rule.validity.signal for _, rule, _ in rows)
    if signalled:
        table.add_column("political signal")
    for _, rule, st in rows:
        style = {"in-force": "bold", "suspended": "yellow", "not-yet-effective": "dim", "expired": "dim"}[st.status.value]
        cells = [printable(rule.id), printable(rule.title), Text(st.label, style=style), printable(_cite(rule))]
        table.add_row(*cells, *([printable(_signal_cell(rule))] if signalled else []))
    _console().print(table)


@app.command("show")
def show_rule(
    rule_id: str = typer.Argument(..., help="Rule id, e.g. CN-MOFCOM-2025-61-ART1-1."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    scenario: Optional[str] = typer.Option(None, "--scenario", help=SCENARIO_HELP),
    fmt: str = typer.Option("yaml", "-f", "--format", help="yaml or json."),
    rules: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """Show one rule in full: conditions, validity, suspensions, political signal, citation.

    Example: compliance rules show CN-MOFCOM-2025-18-DY · compliance rules show CN-UEL-2025-07 -f json
    """
    if fmt not in ("yaml", "json"):
        raise UsageError(f"unknown format {fmt!r} for rules show (yaml, json)", field="--format")
    rule_set = load_rule_set(rules, settings())
    rule = rule_set.get(rule_id)
    if rule is None:
        raise UsageError(f"no rule with id {rule_id!r} (see 'compliance rules list')", field="RULE_ID")
    pack = rule_set.pack_of(rule_id)
    st = status(rule, as_of_date(as_of), scenario_of(scenario))
    data = jsonable(rule, exclude_defaults=True)
    data["status"] = {"as_of": as_of_date(as_of).isoformat(), "status": st.status.value, "unverified": st.unverified, "reason": st.reason}
    if rule.validity.signal:
        data["signal"] = _signal_json(rule)
    data["pack"] = {"id": pack.pack.id, "title": pack.pack.title, "version": pack.pack.version, "reviewed": pack.pack.reviewed.isoformat()}
    if fmt == "json":
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    import yaml

    typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


@app.command("validate")
def validate(
    paths: list[Path] = typer.Argument(None, help="Pack files or directories (default: the bundled packs)."),
) -> None:
    """Check rule packs for schema errors: prints every error as file:line: field: message, exits 2 if any.

    A pack with the id of a bundled pack replaces it for the id check, so the bundled folder
    itself (rules/ in a checkout) and edited copies of bundled packs validate.

    Example: compliance rules validate my-rules/ · compliance rules validate rules/
    """
    from compliance.rulepacks.loader import bundled_pack_files, duplicate_id_errors, pack_errors

    if not paths:
        rule_set = load_rules()
        typer.echo(f"ok: {len(rule_set.packs)} bundled pack(s), {len(rule_set.rules)} rule(s)")
        return
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(pack_files(path))
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"no such file or directory: {path}", field="PATH")
    errors, given = [], []
    for file in files:
        pack, problems = pack_errors(file)
        errors += problems
        if pack is not None:
            given.append(pack)
    # Ids must also be unique against the bundled packs, which are always loaded with them.
    ids = {p.pack.id for p in given}
    bundled = [load_pack(path, display_name=name, bundled=True) for path, name in bundled_pack_files()]
    others = [b for b in bundled if b.pack.id not in ids]
    errors += [e for e in duplicate_id_errors(others + given) if e.file in {str(p.path) for p in given}]
    for error in errors:
        typer.echo(f"compliance: error: {error}", err=True)
    if len(errors) > 1:
        typer.echo(f"{len(errors)} error(s) in {len(files)} pack file(s)", err=True)
    if errors:
        raise typer.Exit(2)
    rules = sum(len(p.pack.rules) for p in given)
    typer.echo(f"ok: {len(files)} pack(s), {rules} rule(s); {rules + sum(len(b.pack.rules) for b in others)} with bundled packs")


@app.command("diff")
def diff_rules(
    start: str = typer.Option(..., "--from", help="Earlier date (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Later date (YYYY-MM-DD)."),
    scenario: Optional[str] = typer.Option(None, "--scenario", help=SCENARIO_HELP),
    fmt: str = typer.Option("table", "-f", "--format", help="table or json."),
    rules: list[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    """List every rule whose status differs between two dates.

    Example: compliance rules diff --from 2026-11-09 --to 2026-11-11
    """
    from compliance.support.util import parse_iso_date

    d1, d2 = parse_iso_date(start, "--from"), parse_iso_date(end, "--to")
    scen = scenario_of(scenario)
    changes = diff(load_rule_set(rules, settings()).rules, d1, d2, scen)
    if fmt == "json":
        typer.echo(
            json.dumps(
                {
                    "from": d1.isoformat(),
                    "to": d2.isoformat(),
                    "scenario": scen.value,
                    "changes": [
                        {"id": c.rule.id, "title": c.rule.title, "before": c.before.label, "after": c.after.label, "reason": c.after.reason}
                        for c in changes
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not changes:
        typer.echo(f"No rule changes status between {d1} and {d2} ({scen.value}).")
        return
    table = Table(title=f"Status changes {d1} → {d2} ({scen.value})")
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column(str(d1), no_wrap=True)
    table.add_column(str(d2), no_wrap=True)
    table.add_column("why")
    for c in changes:
        table.add_row(*(printable(v) for v in (c.rule.id, c.rule.title, c.before.label, c.after.label, c.after.reason)))
    _console().print(table)
