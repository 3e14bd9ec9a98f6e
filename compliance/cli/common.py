"""Options and output handling shared by every command (one flag vocabulary)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import typer

from compliance.config import Settings, load_settings
from compliance.errors import UsageError
from compliance.report.interface import RenderOptions
from compliance.report.model import Report
from compliance.report.registry import get_format
from compliance.rulepacks.loader import RuleSet, load_rules
from compliance.rulepacks.schema import Severity
from compliance.rulepacks.timeline import Scenario
from compliance.util import parse_iso_date

AS_OF_HELP = "Evaluate rules as of this date (YYYY-MM-DD; default: today)."
SCENARIO_HELP = "as-written (suspensions end on their written date) or suspensions-extended (every suspension runs on)."
FORMAT_HELP = "Output format, optionally with a path: -f table, -f json=report.json. Repeatable."
FAIL_ON_HELP = "Exit 1 when an open finding has this severity or higher: critical, high, medium, low, info, none."
RULES_HELP = "Extra rule-pack file or directory (repeatable); added to the bundled packs."


def as_of_date(value: str | None) -> dt.date:
    return parse_iso_date(value, "--as-of") if value else dt.date.today()


def scenario_of(value: str | None) -> Scenario:
    try:
        return Scenario(value or Scenario.AS_WRITTEN.value)
    except ValueError:
        known = ", ".join(s.value for s in Scenario)
        raise UsageError(f"unknown scenario {value!r} (known: {known})", field="--scenario") from None


def fail_on_severity(value: str) -> Severity | None:
    if value == "none":
        return None
    try:
        return Severity(value)
    except ValueError:
        raise UsageError(
            f"unknown severity {value!r} (known: critical, high, medium, low, info, none)", field="--fail-on"
        ) from None


def settings() -> Settings:
    return load_settings()


def load_rule_set(extra: list[Path] | None, config: Settings) -> RuleSet:
    paths = list(config.get("rules", []) or []) + [str(p) for p in (extra or [])]
    return load_rules(paths)


@dataclass(frozen=True)
class OutputTarget:
    format: str
    path: Path | None


def output_targets(specs: list[str] | None, default: str = "table") -> list[OutputTarget]:
    """Parse `-f FMT[=PATH]` values; at most one may go to stdout."""
    targets = []
    for spec in specs or [default]:
        name, _, path = spec.partition("=")
        get_format(name.strip())  # validates the name
        targets.append(OutputTarget(name.strip(), Path(path) if path else None))
    if sum(1 for t in targets if t.path is None) > 1:
        raise UsageError("only one format can go to stdout; give the others a path (-f json=report.json)", field="--format")
    return targets


def color_enabled() -> bool:
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report."""
    if not path.parent.exists():
        raise UsageError(f"output directory does not exist: {path.parent}", field="--format")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror}", field="--format") from None


def emit(report: Report, targets: list[OutputTarget]) -> None:
    """Render the report in every requested format."""
    for target in targets:
        fmt = get_format(target.format)
        if target.path is None:
            options = RenderOptions(color=color_enabled() and fmt.for_terminal, width=_width())
            sys.stdout.write(fmt.render(report, options))
            sys.stdout.flush()
        else:
            write_atomic(target.path, fmt.render(report, RenderOptions(color=False, width=100)))


def _width() -> int | None:
    try:
        return max(80, os.get_terminal_size().columns) if sys.stdout.isatty() else 100
    except OSError:
        return 100


def gate_exit_code(report: Report, fail_on: Severity | None, max_rejected_rows: int) -> int:
    """2 when rows were rejected beyond the allowance, else 1 for a failing finding, else 0."""
    if report.summary.rows_rejected > max_rejected_rows:
        typer.echo(
            f"compliance: error: {report.summary.rows_rejected} input row(s) rejected "
            f"(allowed: {max_rejected_rows}); see 'rejected' in the report or use --max-rejected-rows",
            err=True,
        )
        return 2
    return 1 if report.open_findings_at_or_above(fail_on) else 0
