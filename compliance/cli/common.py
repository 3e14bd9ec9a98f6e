"""Options and output handling shared by every command (one flag vocabulary)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, BinaryIO, Callable, Optional

import typer

from compliance.config import Settings, load_settings
from compliance.model.errors import UsageError
from compliance.report.interface import RenderOptions
from compliance.gate import Gate, judge, resolve_gate
from compliance.model.report import Report
from compliance.report.registry import get_format
from compliance.rulepacks.loader import RuleSet, load_rules
from compliance.rulepacks.timeline import Scenario
from compliance.support.util import parse_iso_date, utc_today

AS_OF_HELP = "Evaluate rules as of this date (YYYY-MM-DD; default: today's date in UTC)."
SCENARIO_HELP = "as-written (suspensions end on their written date) or suspensions-extended (every suspension runs on)."
FORMAT_HELP = "Output format, optionally with a path: -f table, -f json=report.json. Repeatable."
FAIL_ON_HELP = "Exit 1 when an open finding has this severity or higher: critical, high, medium, low, info, none."
RULES_HELP = "Extra rule-pack file or directory (repeatable); added to the bundled packs."


def as_of_date(value: str | None) -> dt.date:
    return parse_iso_date(value, "--as-of") if value else utc_today()


def scenario_of(value: str | None) -> Scenario:
    """The --scenario flag, else the `scenario` setting (file or COMPLIANCE_SCENARIO), else as-written."""
    field = "--scenario"
    if value is None:
        config = settings()
        value, field = config.value("scenario"), config.source("scenario")
    try:
        return Scenario(value)
    except ValueError:
        known = ", ".join(s.value for s in Scenario)
        raise UsageError(f"unknown scenario {value!r} (known: {known})", field=field) from None


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
    write_atomic_with(path, lambda handle: handle.write(text.encode("utf-8")))


def write_atomic_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write(handle)` into a temporary file next to `path`, then rename it over `path`."""
    if not path.parent.exists():
        raise UsageError(f"output directory does not exist: {path.parent}", field="--format")
    if not path.parent.is_dir():
        raise UsageError(f"output directory is not a directory: {path.parent}", field="--format")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a directory", field="--format")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb", buffering=1 << 20) as handle:
            write(handle)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise UsageError(f"cannot write {path}: {exc.strerror}", field="--format") from None


def refuse_overwriting_inputs(targets: list[OutputTarget], inputs: list[str | Path]) -> None:
    """An output path that names an input file would destroy the input; refuse before writing."""
    existing = []
    for name in inputs:
        path = Path(str(name))
        if not path.exists() and "!" in str(name):  # `book.xlsx!Sheet`
            path = Path(str(name).rsplit("!", 1)[0])
        if path.is_file():
            existing.append(path)
    for target in targets:
        if target.path is None or not target.path.exists():
            continue
        for path in existing:
            try:
                same = os.path.samefile(target.path, path)
            except OSError:
                same = False
            if same:
                raise UsageError(f"output {target.path} is an input file ({path}); choose another path", field="--format")


def read_files(report: Report) -> list[str]:
    """Every file the report says was read: screened inputs, price table, mapping, config,
    waivers, baseline, extra rule packs. No output may be written over any of them."""
    p = report.provenance
    paths = [i.path for i in p.inputs] + [f.path for f in p.files] + [r.path for r in p.rule_packs]
    paths += [p.waiver_file] if p.waiver_file else []
    paths += [p.baseline.path] if p.baseline else []
    return paths


def emit(report: Report, targets: list[OutputTarget], inputs: list[str | Path] | None = None, *, details: bool = False) -> None:
    """Render the report in every requested format (never over one of its input files)."""
    refuse_overwriting_inputs(targets, read_files(report) + list(inputs or []))
    for target in targets:
        fmt = get_format(target.format)
        on_terminal = target.path is None
        options = RenderOptions(color=on_terminal and color_enabled() and fmt.for_terminal,
                                width=_width() if on_terminal else 100, details=details)
        if target.format == "markdown":  # the step summary gets the same text
            text = fmt.render(report, options)
            if target.path is None:
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                write_atomic(target.path, text)
            append_step_summary(text)
        elif target.path is None:
            _to_stdout(fmt, report, options)
        else:
            write_atomic_with(target.path, lambda handle, fmt=fmt: fmt.write(report, options, handle))


def _to_stdout(fmt, report: Report, options: RenderOptions) -> None:
    """A format's output on stdout: a file format through stdout's bytes when it is UTF-8
    (a large JSON report is then never one string), else as text in stdout's encoding."""
    binary = getattr(sys.stdout, "buffer", None)
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    if binary is None or fmt.for_terminal or not utf8:
        sys.stdout.write(fmt.render(report, options))
    else:
        sys.stdout.flush()
        fmt.write(report, options, binary)
        binary.flush()
    sys.stdout.flush()


def append_step_summary(markdown: str) -> None:
    """GitHub Actions shows $GITHUB_STEP_SUMMARY on the run page; append the markdown report there."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown if markdown.endswith("\n") else markdown + "\n")
    except OSError as exc:
        raise UsageError(f"cannot append to $GITHUB_STEP_SUMMARY ({path}): {exc.strerror}", field="--format") from None


#: a step shorter than this shows no progress at all
PROGRESS_AFTER_SECONDS = 2.0


def show_progress(quiet: bool = False) -> bool:
    """Progress goes to stderr only on a terminal, never with --quiet or in CI (`CI` set)."""
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def working(description: str, *, quiet: bool = False):
    """A progress bar with elapsed time on stderr while a step runs longer than ~2 s — only
    on a terminal, so logs and pipes stay clean (machine output goes to stdout or files)."""
    if not show_progress(quiet):
        yield
        return
    import threading

    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    progress = Progress(*columns, console=Console(stderr=True), transient=True)
    progress.add_task(description, total=None)
    timer = threading.Timer(PROGRESS_AFTER_SECONDS, progress.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        progress.stop()


def _width() -> int:
    """The terminal's width; for piped output $COLUMNS when set, else 100."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) >= 40:
        return int(columns)
    try:
        return max(80, os.get_terminal_size().columns) if sys.stdout.isatty() else 100
    except OSError:
        return 100


# --- The gate: one set of options and one call for every screen command ------------------

MIN_SEVERITY_HELP = "Show only findings at or above this severity (critical..info). Never changes the exit code."
STRICT_HELP = "Exit 2 when the run has warnings (expired or unused waivers)."
WAIVERS_HELP = "Waiver file (default: .compliance-waivers.yaml when it exists)."
BASELINE_HELP = "Earlier JSON report: findings already in it (by fingerprint) are marked baseline and do not fail."
MAX_REJECTED_HELP = "Rows that may be rejected before the run exits 2 (default 0)."
QUIET_HELP = "No progress display on stderr (it shows only on a terminal, outside CI, for steps over ~2 s)."
DETAILS_HELP = "Show every finding's full evidence (default: at most 3 lines per finding in the table)."

FormatsOption = Annotated[list[str], typer.Option("-f", "--format", help=FORMAT_HELP)]
FailOnOption = Annotated[Optional[str], typer.Option("--fail-on", help=FAIL_ON_HELP)]
MinSeverityOption = Annotated[Optional[str], typer.Option("--min-severity", help=MIN_SEVERITY_HELP)]
StrictOption = Annotated[Optional[bool], typer.Option("--strict/--no-strict", help=STRICT_HELP, show_default=False)]
WaiversOption = Annotated[Optional[Path], typer.Option("--waivers", help=WAIVERS_HELP)]
BaselineOption = Annotated[Optional[Path], typer.Option("--baseline", help=BASELINE_HELP)]
MaxRejectedOption = Annotated[Optional[int], typer.Option("--max-rejected-rows", help=MAX_REJECTED_HELP)]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)]
DetailsOption = Annotated[bool, typer.Option("--details", help=DETAILS_HELP)]


def gate_from(config: Settings, **flags) -> Gate:
    """The gate from settings and flags (gate.resolve_gate), with the baseline report read.

    Call it before screening, so a bad waiver file or baseline fails fast (exit 2).
    """
    from compliance.report.load import load_baseline

    gate = resolve_gate(config, **flags)
    if gate.baseline_path is None:
        return gate
    return replace(gate, policy=replace(gate.policy, baseline=load_baseline(gate.baseline_path)))


def say(messages) -> None:
    """The gate's stderr lines (`notice: ...`, `warning: ...`, `error: ...`), shown literally
    (they quote waiver ids, part numbers and names from input files)."""
    from compliance.support.terminal import printable

    for message in messages:
        typer.echo(f"compliance: {printable(message)}", err=True)


def conclude(report: Report, targets: list[OutputTarget], gate: Gate, *, quiet: bool = False, details: bool = False,
             subjects_current: bool = False) -> int:
    """Judge the report (gate.judge), write every output, say the gate's lines, return the exit code.

    When every output goes to a file, stderr still gets one verdict line (verdict_line).
    The one call every screen command ends with: `raise typer.Exit(conclude(report, targets, gate))`.
    """
    verdict = judge(report, gate, subjects_current=subjects_current)
    with working("writing reports", quiet=quiet):
        emit(verdict.shown, targets, [gate.policy.waiver_file or "", *gate.inputs], details=details)
    say(verdict.messages)
    if all(t.path is not None for t in targets):
        say([verdict_line(verdict, gate, [t.path for t in targets if t.path is not None])])
    return verdict.exit_code


def verdict_line(verdict, gate: Gate, paths: list[Path]) -> str:
    """One line: verdicts per subject, findings, exit code and why, where the reports are."""
    from collections import Counter

    from compliance.model.subjects import VERDICTS

    report = verdict.report
    counts = Counter(s.verdict for s in report.subjects)
    subjects = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v]) or "none"
    failing = len(report.open_findings_at_or_above(gate.fail_on))
    if verdict.exit_code == 0:
        why = f"nothing open at or above --fail-on {gate.fail_on_label}"
    elif verdict.exit_code == 1:
        why = f"{failing} open finding(s) at or above --fail-on {gate.fail_on_label}"
    else:
        why = "see the error above"
    where = ", ".join(str(p) for p in paths)
    return (
        f"verdict: {len(report.subjects)} subject(s): {subjects}; {report.summary.total} finding(s), "
        f"{report.summary.open} open; exit {verdict.exit_code}: {why}; report(s): {where}"
    )


def require_file(path: Path, field: str) -> None:
    if not path.is_file():
        raise UsageError(f"no such file: {path}", field=field)


def screen_options(
    config: Settings,
    *,
    as_of: str | None,
    scenario: str | None,
    rules: list[Path] | None,
    lists: str | None,
    data_dir: Path | None,
    max_list_age: int | None,
    threshold: float | None,
    **reading,
):
    """Flags and settings → the pipeline's ScreenOptions (each flag's meaning is the same in every command)."""
    from compliance.matching import DEFAULT_THRESHOLD
    from compliance.pipeline import ScreenOptions

    date, scen = as_of_date(as_of), scenario_of(scenario)
    limit = threshold if threshold is not None else float(config.get("threshold", DEFAULT_THRESHOLD))
    if not 0 < limit <= 100:
        raise UsageError("must be above 0 and at most 100", field="--threshold")
    rule_set = load_rule_set(rules, config)
    ids = list_ids_option(lists, config)
    return ScreenOptions(
        as_of=date,
        scenario=scen,
        rules=rule_set,
        lists=tuple(ids) if ids is not None else None,
        data_dir=data_dir_option(data_dir, config),
        max_list_age=max_list_age_option(max_list_age, config),
        threshold=limit,
        **reading,
    )


def finish(result, targets: list[OutputTarget], gate: Gate, *, quiet: bool = False, details: bool = False) -> int:
    """A pipeline result → report → outputs and the gate's exit code."""
    from compliance.report.build import build_report
    from compliance.support.util import gc_frozen, gc_paused

    with gc_frozen():
        # Building the report makes a subject per record and no cyclic garbage; with the
        # collector on, its full passes over those new objects cost ~10 % of a BOM run.
        # The report lives until the command ends: frozen too, once built.
        with gc_paused(long_lived=True):
            report = build_report(result, fail_on=gate.fail_on_label)
        return conclude(report, targets, gate, quiet=quiet, details=details, subjects_current=True)


# --- restricted-party list selection (shared by every command that screens parties) ---

LISTS_HELP = "Lists to screen against, comma-separated ids (default: all bundled and imported). See 'compliance lists info'."
DATA_DIR_HELP = "Folder of imported list snapshots (default: setting data_dir, else $XDG_DATA_HOME/compliance/lists)."
MAX_LIST_AGE_HELP = "Exit 2 when a list snapshot is older than DAYS days (default: only warn after 30 days)."


def list_ids_option(value: str | None, config: Settings) -> list[str] | None:
    """`--lists a,b,c` (or setting `lists`) → list ids; None means every available list."""
    raw = value if value is not None else config.get("lists")
    if raw is None:
        return None
    parts = raw if isinstance(raw, list) else str(raw).split(",")
    ids = [str(p).strip() for p in parts if str(p).strip()]
    if not ids:
        raise UsageError("no list ids given", field="--lists")
    return ids


def data_dir_option(value: Path | None, config: Settings) -> Path | None:
    configured = config.get("data_dir")
    return value if value is not None else (Path(configured).expanduser() if configured else None)


def max_list_age_option(value: int | None, config: Settings) -> int | None:
    raw = value if value is not None else config.get("max_list_age")
    if raw is None:
        return None
    try:
        days = int(raw)
    except (TypeError, ValueError):
        raise UsageError(f"expected a number of days, got {raw!r}", field="--max-list-age") from None
    if days < 0:
        raise UsageError("must be 0 or more days", field="--max-list-age")
    return days


def load_list_snapshots(lists: str | None, data_dir: Path | None, max_list_age: int | None, config: Settings):  # -> list[Snapshot]
    """Load the chosen snapshots; warn on stderr about stale ones, exit 2 past --max-list-age."""
    from compliance.lists.store import STALE_AFTER_DAYS, enforce_max_age, load_snapshots
    from compliance.lists.update_paths import stale_warning

    snapshots = load_snapshots(list_ids_option(lists, config), data_dir_option(data_dir, config))
    limit = max_list_age_option(max_list_age, config)
    if limit is not None:
        enforce_max_age(snapshots, limit)
    warning = stale_warning(snapshots, STALE_AFTER_DAYS)
    if warning:
        say([f"warning: {warning}"])
    return snapshots
