"""`compliance config show`: the effective settings and where each came from."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from compliance.cli.common import color_enabled, settings
from compliance.config import SPECS
from compliance.model.errors import UsageError
from compliance.support.terminal import printable

app = typer.Typer(help="Inspect settings.", no_args_is_help=True)


@app.command("show")
def show(fmt: str = typer.Option("table", "-f", "--format", help="table or json.")) -> None:
    """Print every setting: its effective value and its source (default, file, environment).

    Precedence, lowest first: default, compliance.yaml or pyproject.toml [tool.compliance],
    environment COMPLIANCE_<KEY>, command-line flag. Example: COMPLIANCE_FAIL_ON=medium compliance config show
    """
    rows = settings().effective()
    if fmt == "json":
        data = {key: {"value": value, "source": source} for key, value, source in rows}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if fmt != "table":
        raise UsageError(f"unknown format {fmt!r} for config show (table, json)", field="--format")
    table = Table(title="Effective settings (flags, when given, override these)")
    table.add_column("setting", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_column("source", overflow="fold")
    table.add_column("meaning", ratio=1)
    for key, value, source in rows:
        shown = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        table.add_row(key, printable(shown), printable(source), SPECS[key].help)
    Console(no_color=not color_enabled(), highlight=False, markup=False).print(table)
