"""`compliance lists ...`: show, import, update and compare restricted-party snapshots."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from compliance.cli.common import (
    DATA_DIR_HELP,
    LISTS_HELP,
    MAX_LIST_AGE_HELP,
    color_enabled,
    data_dir_option,
    load_list_snapshots,
    settings,
)
from compliance.model.errors import UsageError
from compliance.lists.diff import diff_as_dict, diff_parties
from compliance.lists.importers import IMPORTERS
from compliance.lists.importing import ImportOutcome, import_files
from compliance.lists.store import Snapshot, available, bundled_dir, default_data_dir, read_manifest, read_snapshot
from compliance.support.util import parse_iso_date
from compliance.support.terminal import printable

app = typer.Typer(help="Restricted-party list snapshots: show, import, update, compare.", no_args_is_help=True)
FORMATS = ("table", "json")


def _format(value: str) -> str:
    if value not in FORMATS:
        raise UsageError(f"unknown format {value!r} (known: {', '.join(FORMATS)})", field="--format")
    return value


def _console() -> Console:
    return Console(file=sys.stdout, no_color=not color_enabled(), markup=False, width=None if sys.stdout.isatty() else 160)


def snapshot_info(snapshot: Snapshot, today: dt.date) -> dict[str, Any]:
    m = snapshot.manifest
    return {
        "list": m.list_id,
        "title": m.title,
        "records": m.records,
        "names": m.names,
        "snapshot_date": m.snapshot_date.isoformat(),
        "age_days": snapshot.age_days(today),
        "origin": "bundled" if snapshot.bundled else "imported",
        "source": m.source,
        "source_url": m.source_url,
        "sha256": m.sha256,
        "importer": m.importer,
        "path": str(snapshot.path),
    }


@app.command("info")
def info(
    fmt: str = typer.Option("table", "-f", "--format", help="table or json."),
    lists: Optional[str] = typer.Option(None, "--lists", help=LISTS_HELP),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    max_list_age: Optional[int] = typer.Option(None, "--max-list-age", metavar="DAYS", help=MAX_LIST_AGE_HELP),
) -> None:
    """Show each list in use: records, names incl. aliases, snapshot date, age, source.

    Examples: compliance lists info · compliance lists info -f json --lists entity-list,meu
    """
    _format(fmt)
    config = settings()
    snapshots = load_list_snapshots(lists, data_dir, max_list_age, config)
    today = dt.date.today()
    rows = [snapshot_info(s, today) for s in snapshots]
    if fmt == "json":
        sys.stdout.write(json.dumps({"lists": rows}, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title="Restricted-party list snapshots", show_lines=False)
    for column, justify in (("list", "left"), ("records", "right"), ("names", "right"), ("snapshot", "left"), ("age (days)", "right"), ("origin", "left"), ("source", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(printable(row["list"]), f"{row['records']:,}", f"{row['names']:,}", row["snapshot_date"], str(row["age_days"]), row["origin"], printable(row["source"]))
    _console().print(table)


@app.command("import")
def import_(
    fmt: str = typer.Argument(..., metavar="FORMAT", help=f"Source format: {', '.join(IMPORTERS)}."),
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Source file(s)."),
    as_list: Optional[str] = typer.Option(None, "--as", metavar="LIST_ID", help="Store under this list id (sources holding one list)."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    force: bool = typer.Option(False, "--force", help="Accept a list below its floor or >10 % smaller than the one it replaces."),
    snapshot_date: Optional[str] = typer.Option(None, "--snapshot-date", help="Publication date (YYYY-MM-DD, or 'today'), required for sources whose content carries none."),
    rule_outcome: str = typer.Option("prohibited", "--rule-outcome", help="user lists: outcome of the default rule (prohibited, license-required, red-flag, info)."),
    rule_severity: str = typer.Option("high", "--rule-severity", help="user lists: severity of the default rule (critical, high, medium, low, info)."),
    rule_url: Optional[str] = typer.Option(None, "--rule-url", help="user lists: http(s) page of your policy, cited by the default rule."),
) -> None:
    """Import official list files into your data directory (they override bundled snapshots).

    Examples: compliance lists import ofac-sdn sdn.csv alt.csv add.csv sdn_comments.csv ·
    compliance lists import csl-json consolidated.json ·
    compliance lists import user blocked.yaml --as internal-block --snapshot-date 2026-11-28
    """
    config = settings()
    root = data_dir_option(data_dir, config) or default_data_dir()
    if as_list is not None and not _valid_list_id(as_list):
        raise UsageError(f"invalid list id {as_list!r} (use lower-case letters, digits and '-')", field="--as")
    date = dt.date.today() if snapshot_date == "today" else parse_iso_date(snapshot_date, "--snapshot-date") if snapshot_date else None
    rule = _user_rule_choice(rule_outcome, rule_severity) if fmt == "user" else None
    if rule_url is not None and not re.fullmatch(r"https?://\S+", rule_url):
        raise UsageError(f"not an http(s) URL: {rule_url!r}", field="--rule-url")
    outcomes = import_files(fmt, files, root, as_list=as_list, force=force, snapshot_date=date, data_dir=root)
    if rule is not None:
        from compliance.lists.userrule import write_default_rule

        for o in outcomes:
            path = write_default_rule(o.path, o.list_id, "User block list", files, o.snapshot_date, *rule, url=rule_url)
            typer.echo(f"{o.list_id}: default rule {rule[0].value}/{rule[1].value} written to {path} (edit it to change)", err=True)
    _report_outcomes(outcomes)


def _user_rule_choice(outcome: str, severity: str):
    """(Outcome, Severity) of a user list's default rule, from the two options."""
    from compliance.rulepacks.schema import Outcome, Severity

    try:
        chosen_outcome = Outcome(outcome)
    except ValueError:
        raise UsageError(f"unknown outcome {outcome!r} (known: {', '.join(o.value for o in Outcome)})", field="--rule-outcome") from None
    try:
        chosen_severity = Severity(severity)
    except ValueError:
        raise UsageError(f"unknown severity {severity!r} (known: {', '.join(s.value for s in Severity)})", field="--rule-severity") from None
    return chosen_outcome, chosen_severity


@app.command("update")
def update(
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    source: list[str] = typer.Option(["csl"], "--source", help="csl (Consolidated Screening List JSON) and/or ofac (SDN CSV set). Repeatable."),
    csl_url: Optional[str] = typer.Option(None, "--csl-url", help="Override the CSL JSON URL (also COMPLIANCE_CSL_URL)."),
    ofac_url: Optional[str] = typer.Option(None, "--ofac-url", help="Override the OFAC export folder URL (also COMPLIANCE_OFAC_URL)."),
    force: bool = typer.Option(False, "--force", help="Accept lists that fail the integrity floors."),
    timeout: float = typer.Option(300.0, "--timeout", help="Seconds for all downloads together."),
    allow_insecure_url: bool = typer.Option(False, "--allow-insecure-url", help="Allow plain http URLs (a local mirror); recorded in the manifest."),
) -> None:
    """Download the current official files and import them through the same checks.

    Examples: compliance lists update · compliance lists update --source csl --source ofac
    """
    from compliance.lists.update import update_lists

    unknown = [s for s in source if s not in ("csl", "ofac")]
    if unknown:
        raise UsageError(f"unknown source(s) {', '.join(unknown)} (known: csl, ofac)", field="--source")
    config = settings()
    root = data_dir_option(data_dir, config) or default_data_dir()
    outcomes = update_lists(root, tuple(source), csl_url, ofac_url, force=force, timeout=timeout, allow_insecure=allow_insecure_url)
    _report_outcomes(outcomes)
    _report_downloads(outcomes)


@app.command("diff")
def diff(
    old: str = typer.Argument(..., help="Older snapshot: a folder (manifest.yaml + parties.jsonl), a list id (the one in use) or bundled:LIST_ID."),
    new: str = typer.Argument(..., help="Newer snapshot, same forms."),
    fmt: str = typer.Option("table", "-f", "--format", help="table or json."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
) -> None:
    """Entries added, removed and changed between two snapshots of a list.

    Examples: compliance lists diff bundled:entity-list entity-list (bundled vs your import) ·
    compliance lists diff old/entity-list new/entity-list -f json
    """
    _format(fmt)
    root = data_dir_option(data_dir, settings())
    before, after = _snapshot_at(old, "OLD", root), _snapshot_at(new, "NEW", root)
    result = diff_parties(before.parties, after.parties)
    if fmt == "json":
        payload = {"old": _brief(before), "new": _brief(after), **diff_as_dict(result)}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    console = _console()
    console.print(f"{before.list_id} {before.manifest.snapshot_date} → {after.list_id} {after.manifest.snapshot_date}: "
                  f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} changed, {result.unchanged} unchanged")
    for label, parties in (("+", result.added), ("-", result.removed)):
        for party in parties:
            console.print(printable(f"{label} {party.id}  {party.primary_name}  [{party.country or '?'}]"), markup=False, highlight=False)
    for change in result.changed:
        console.print(printable(f"~ {change.id}  {change.name}: {', '.join(change.fields)}"), markup=False, highlight=False)


def _brief(snapshot: Snapshot) -> dict[str, Any]:
    m = snapshot.manifest
    return {"list": m.list_id, "snapshot_date": m.snapshot_date.isoformat(), "sha256": m.sha256, "records": m.records}


def _snapshot_at(spec: str, label: str, data_dir: Path | None) -> Snapshot:
    """A snapshot folder, `bundled:LIST_ID`, or a list id (the snapshot in use)."""
    path = Path(spec)
    if path.exists():
        folder = path.parent if path.is_file() else path
        if not (folder / "manifest.yaml").is_file():
            raise UsageError(f"not a snapshot folder (no manifest.yaml): {spec}", field=label)
        return read_snapshot(folder, bundled=False)
    if spec.startswith("bundled:"):
        folder = bundled_dir() / spec.removeprefix("bundled:")
        if not (folder / "manifest.yaml").is_file():
            raise UsageError(f"no bundled snapshot {spec.removeprefix('bundled:')!r}", field=label)
        return read_snapshot(folder, bundled=True)
    found = available(data_dir).get(spec)
    if found is None:
        raise UsageError(f"{spec!r} is neither a snapshot folder nor a known list id", field=label)
    return read_snapshot(found[0], bundled=found[1])


def _valid_list_id(value: str) -> bool:
    return bool(value) and all(ch.islower() or ch.isdigit() or ch == "-" for ch in value) and not value.startswith("-")


def _report_downloads(outcomes: list[ImportOutcome]) -> None:
    """What was fetched, once per file: the URL actually used, its size and sha256 (also in each manifest)."""
    seen: dict[str, object] = {}
    for o in outcomes:
        for d in read_manifest(o.path).downloads or []:
            seen.setdefault(d.url, d)
    for d in seen.values():
        plain = " (plain http, --allow-insecure-url)" if d.insecure else ""
        typer.echo(printable(f"downloaded {d.url}: {d.bytes:,} bytes, sha256 {d.sha256}{plain}"))


def _report_outcomes(outcomes: list[ImportOutcome]) -> None:
    for o in outcomes:
        change = "" if o.previous_records is None else f" (was {o.previous_records})"
        typer.echo(f"{o.list_id}: {o.records} records, {o.names} names{change}, snapshot {o.snapshot_date} -> {o.path}")
        for problem in o.forced_past:
            typer.echo(f"compliance: warning: accepted with --force: {problem}", err=True)
