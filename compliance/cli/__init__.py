"""The `compliance` command line: parses flags, calls the API, picks formats, sets the exit code.

Exit codes mean the same in every command: 0 no open finding at or above
`--fail-on`; 1 there is one; 2 the tool could not reach a verdict (usage, config,
bad input, rule pack or list problems, unexpected errors); 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import tempfile
import traceback

import typer

from compliance import __version__
from compliance.model.errors import ComplianceError

#: command → (module, attribute, is a group of subcommands). Only the group a command
#: line names is imported, so `compliance screen parties` does not pay for importing
#: the lists importers or the report renderer (start-up time matters in CI gates).
COMMANDS = {
    "rules": ("compliance.cli.rules", "app", True),
    "screen": ("compliance.cli.screen", "app", True),
    "search": ("compliance.cli.search", "search", False),
    "report": ("compliance.cli.report", "app", True),
    "config": ("compliance.cli.config", "app", True),
    "lists": ("compliance.cli.lists", "app", True),
}


def build_app(commands: list[str] | None = None) -> typer.Typer:
    """The typer app with the given commands registered (default: all, for help)."""
    root = typer.Typer(
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
    root.callback()(_root)
    for name in commands if commands is not None else COMMANDS:
        module, attribute, is_group = COMMANDS[name]
        target = getattr(importlib.import_module(module), attribute)
        if is_group:
            root.add_typer(target, name=name)
        else:
            root.command(name)(target)
    return root


def _version(value: bool) -> None:
    if value:
        typer.echo(f"compliance {__version__}")
        raise typer.Exit(0)


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Export-control compliance checker."""


def commands_for(argv: list[str]) -> list[str] | None:
    """The one command group `argv` names, or None (all) for help and unknown words."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    if first in COMMANDS:
        return [first]
    if first is None and "--version" in argv:
        return []
    return None


def __getattr__(name: str):
    if name == "app":  # the full app, for documentation tools and tests
        return build_app()
    raise AttributeError(name)


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
        args = sys.argv[1:] if argv is None else argv
        code = build_app(commands_for(args))(args=args, prog_name="compliance", standalone_mode=False)
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
