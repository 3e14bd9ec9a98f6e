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
import time
import traceback
from pathlib import Path

import typer

from compliance import __version__
from compliance.model.errors import ComplianceError
from compliance.support.terminal import printable

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


#: crash logs kept (newest first) and the age at which any is deleted
CRASH_LOGS_KEPT = 10
CRASH_LOG_MAX_DAYS = 30


def crash_log_dir(environ: dict[str, str] | None = None) -> Path:
    """`$XDG_STATE_HOME/compliance/crash-logs` (default `~/.local/state/...`): the user's
    own folder, not a shared temp directory."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "compliance" / "crash-logs"


def command_shape(argv: list[str]) -> list[str]:
    """argv with every value replaced: command words and option names are kept, paths,
    URLs, names and option values (which may hold tokens) are not."""
    shape: list[str] = []
    words: list[str] = []  # the command words seen so far
    for arg in argv:
        if arg.startswith("-"):
            name, has_value, _ = arg.partition("=")
            shape.append(name + ("=<value>" if has_value else ""))
            continue
        group = len(words) == 1 and COMMANDS[words[0]][2]
        if (not words and arg in COMMANDS) or (group and arg.replace("-", "").isalpha() and arg.islower()):
            words.append(arg)  # `screen parties`, `lists update`
            shape.append(arg)
        else:
            words.append("")  # a value: later words are values too
            shape.append("<value>")
    return shape


def _prune_crash_logs(folder: Path) -> None:
    cutoff = time.time() - CRASH_LOG_MAX_DAYS * 86400
    logs = sorted(folder.glob("compliance-crash-*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    for index, path in enumerate(logs):
        try:
            if index >= CRASH_LOGS_KEPT or path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def _log_crash(argv: list[str]) -> str:
    """Write the traceback of an unexpected error to a log file (older ones pruned); return its path."""
    import tempfile  # only a crash needs it

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = crash_log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _prune_crash_logs(folder)
    except OSError:
        folder = Path(tempfile.gettempdir())
    fd, path = tempfile.mkstemp(prefix=f"compliance-crash-{stamp}-", suffix=".log", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"compliance {__version__}\ncommand: {' '.join(['compliance', *command_shape(argv)])}\n\n")
        handle.write(traceback.format_exc())
    return path


TRUST_FLAG = "--trust-repo-config"


def trust_flag(argv: list[str]) -> list[str]:
    """`--trust-repo-config`, accepted anywhere on the command line, for every command:
    the repository's config file may then loosen the gate (see compliance.trust)."""
    if TRUST_FLAG not in argv:
        return list(argv)
    from compliance.trust import TRUST_ENV

    os.environ[TRUST_ENV] = "1"
    return [arg for arg in argv if arg != TRUST_FLAG]


def _report_cache_rejections() -> None:
    """One warning line for every warm cache entry this run rebuilt because it failed its
    integrity check (none when the run never opened the cache)."""
    cache = sys.modules.get("compliance.support.warmcache")
    if cache is not None:
        cache.report_rejected()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app and maps every outcome to an exit code."""
    from compliance.support.util import freeze_long_lived_data

    if argv is None:  # the process's own command line: one run, whose lists and index live until it exits
        freeze_long_lived_data()
        try:
            _run(argv)
        finally:
            leave_to_the_os()
    else:
        _run(argv)


def leave_to_the_os() -> None:
    """At the end of the process's own run, move everything still alive out of the cyclic collector's
    sight (gc.freeze), so the interpreter's last collection does not walk and free it all (~25 ms of
    a 10-row screening: the lists, the index and the garbage cycles the matcher leaves) only for the
    OS to take the memory back a moment later. Nothing a run writes waits for it: reports are written
    and closed (write_atomic) before the command returns, stdout and stderr are flushed by the
    interpreter as always, atexit handlers (the warm cache's) still run, and objects not in a cycle
    are still freed as usual; only finalizers of objects in a garbage cycle are skipped."""
    import gc

    gc.freeze()


def _run(argv: list[str] | None) -> None:
    try:
        # Non-standalone mode returns the code of a `typer.Exit` instead of exiting.
        args = trust_flag(sys.argv[1:] if argv is None else argv)
        try:
            code = build_app(commands_for(args))(args=args, prog_name="compliance", standalone_mode=False)
        finally:
            _report_cache_rejections()
    except ComplianceError as exc:
        typer.echo(f"compliance: error: {printable(exc)}", err=True)
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
        log = _log_crash(sys.argv[1:] if argv is None else argv)
        typer.echo(f"compliance: internal error: {type(exc).__name__}: {printable(exc)} (traceback in {log})", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
