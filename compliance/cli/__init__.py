"""The `compliance` command line: parses flags, calls the API, picks formats, sets the exit code.

Exit codes mean the same in every command: 0 no open finding at or above
`--fail-on`; 1 there is one; 2 the tool could not reach a verdict (usage, config,
bad input, rule pack or list problems, unexpected errors); 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback

import typer

from compliance import __version__
from compliance.cli import config as config_cmd
from compliance.cli import lists as lists_cmd
from compliance.cli import report as report_cmd
from compliance.cli import rules as rules_cmd
from compliance.cli import screen as screen_cmd
from compliance.cli.search import search as search_cmd
from compliance.errors import ComplianceError

app = typer.Typer(
    name="compliance",
    help=(
        "Export-control compliance checker: screens bills of materials and counterparties "
        "against China's rare-earth and critical-mineral controls and US restricted-party rules."
    ),
    epilog="Examples:  compliance screen bom examples/ev-traction-motor.csv  ·  compliance rules list --as-of 2026-11-28",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"compliance {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Export-control compliance checker."""


app.add_typer(rules_cmd.app, name="rules")
app.add_typer(screen_cmd.app, name="screen")
app.command("search")(search_cmd)
app.add_typer(report_cmd.app, name="report")
app.add_typer(config_cmd.app, name="config")
app.add_typer(lists_cmd.app, name="lists")


def _log_crash() -> str:
    """Write the traceback of an unexpected error to a log file; return its path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    fd, path = tempfile.mkstemp(prefix=f"compliance-crash-{stamp}-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"compliance {__version__}\nargv: {sys.argv!r}\n\n")
        handle.write(traceback.format_exc())
    return path


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app and maps every outcome to an exit code."""
    try:
        # Non-standalone mode returns the code of a `typer.Exit` instead of exiting.
        code = app(args=argv, prog_name="compliance", standalone_mode=False)
    except ComplianceError as exc:
        typer.echo(f"compliance: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("compliance: interrupted", err=True)
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument
        show = getattr(exc, "show", None)
        if show:
            show()
        else:
            typer.echo(f"compliance: error: {exc.format_message()}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the one place unexpected errors are caught
        log = _log_crash()
        typer.echo(f"compliance: internal error: {type(exc).__name__}: {exc} (traceback in {log})", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
