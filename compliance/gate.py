"""Policy: what a reviewer decided about findings — waivers with expiry, and a baseline.

Waivers live in `.compliance-waivers.yaml` (separate from config, so the file can have
its own code owners). Each names a rule (id or glob), what it matches (a finding
fingerprint, or selectors such as list entry id, party name, part number, file glob),
who approved it, when, why, and when it expires. Expiry is judged on the report's
as-of date, so re-running a report as of the same date gives the same verdict.

A baseline is an earlier JSON report: findings whose fingerprint it already holds are
marked `baseline`, so only new findings fail the gate. Fingerprints never contain row
numbers or paths (see findings.fingerprint), so a baseline survives reordered rows and
renamed files.

Files are read at the edge: `load_waivers` here, the baseline by `report.load.load_baseline`
(a baseline is a saved report). `apply_policy` and `judge` are pure: a report in, a
report and an exit code out. The CLI's `screen ...` and `report render --gate` both
end in `judge`, so they can never disagree about an exit code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from compliance.model.base import DataError, field, model, validate
from compliance.config import Settings
from compliance.model.errors import ConfigError, UsageError, format_path
from compliance.model.terms import Severity
from compliance.model.finding import Finding, FindingStatus
from compliance.model.report import BaselineProvenance, FileProvenance, Report, WaiverProvenance, coverage_lines, summarize
from compliance.model.subjects import subject_verdicts
from compliance.support.util import file_sha256

#: The default waiver file, looked up in the working directory.
DEFAULT_WAIVER_FILE = ".compliance-waivers.yaml"
#: Longest a waiver may run (expires − approved_on), unless configured otherwise.
DEFAULT_MAX_WAIVER_DAYS = 365
#: Waivers ending within this many days of the as-of date give a notice.
EXPIRY_NOTICE_DAYS = 30

_FINGERPRINT = re.compile(r"^[0-9a-f]{32}$")


class WaiverFileError(ConfigError):
    """The waiver file is malformed (exit 2, with file:line)."""


#: waivers are strict (unknown keys are errors) and surrounding whitespace is dropped
_waiver_model = model(str_strip_whitespace=True)


@_waiver_model
class WaiverMatch:
    """Selectors; all given ones must match. Text selectors are globs (`*`, `?`, `[..]`)."""

    fingerprint: str | None = field(None, pattern=_FINGERPRINT.pattern)
    entry_id: str | None = None
    party: str | None = None
    part_number: str | None = None
    file: str | None = None

    def __post_init__(self) -> None:
        if not any(getattr(self, f.name) for f in dataclasses.fields(self)):
            raise ValueError("needs at least one selector: fingerprint, entry_id, party, part_number or file")


@_waiver_model
class Waiver:
    id: str = field(min_length=1)
    rule: str = field(min_length=1)
    match: WaiverMatch
    justification: str = field(min_length=1)
    approved_by: str = field(min_length=1)
    approved_on: dt.date
    expires: dt.date
    #: where the waiver is written (filled in by the loader, not by the user)
    file: str = ""
    line: int | None = None

    def covers(self, finding: Finding) -> bool:
        """True when this waiver's rule and selectors all match `finding`."""
        return compiled(self).covers(finding)


def _glob(pattern: str, fold: bool = False):
    """A compiled matcher for one glob (case-insensitive when `fold`)."""
    regex = fnmatch.translate(pattern.casefold() if fold else pattern)
    return re.compile(regex).match


@dataclass(frozen=True)
class CompiledWaiver:
    """A waiver's globs compiled once, so matching thousands of findings stays cheap."""

    waiver: "Waiver"
    rule: Any
    selectors: tuple[tuple[Any, Any, bool, bool], ...]  # (matcher, finding → value(s), casefold, several)

    def covers_rule(self, rule_id: str) -> bool:
        return self.rule(rule_id) is not None

    def covers(self, finding: Finding) -> bool:
        return self.covers_rule(finding.rule_id) and self.covers_selectors(finding)

    def covers_selectors(self, finding: Finding) -> bool:
        """All selectors match (the rule is checked by the caller: covers_rule)."""
        for matcher, value_of, fold, several in self.selectors:
            if several:  # fingerprints and entry ids of a grouped finding: any one will do
                if not any(matcher(v) is not None for v in value_of(finding)):
                    return False
                continue
            value = value_of(finding)
            if value is None or matcher(value.casefold() if fold else value) is None:
                return False
        return True


#: selector → (how to read the value(s) from a finding, compare case-insensitively?, several
#: values?). A grouped finding offers its alternatives' fingerprints and entry ids too, so
#: waivers written before grouping keep matching.
SELECTORS = {
    "fingerprint": (lambda f: f.fingerprints, False, True),
    "entry_id": (lambda f: f.entry_ids, False, True),
    "party": (lambda f: f.subject.party_name or (f.match.name if f.match else None), True, False),
    "part_number": (lambda f: f.subject.part_number, False, False),
    "file": (lambda f: f.subject.file.replace("\\", "/"), False, False),
}


def compiled(waiver: "Waiver") -> CompiledWaiver:
    selectors = []
    for name, (value_of, fold, several) in SELECTORS.items():
        pattern = getattr(waiver.match, name)
        if pattern is not None:
            selectors.append((_glob(pattern, fold), value_of, fold, several))
    return CompiledWaiver(waiver=waiver, rule=_glob(waiver.rule), selectors=tuple(selectors))


@dataclass(frozen=True)
class Baseline:
    path: str
    sha256: str
    fingerprints: frozenset[str]


@dataclass(frozen=True)
class Policy:
    """What to apply to a report: waivers (from one file) and an optional baseline."""

    waivers: tuple[Waiver, ...] = ()
    waiver_file: str | None = None
    baseline: Baseline | None = None
    notice_days: int = EXPIRY_NOTICE_DAYS


def _waiver_message(err: dict) -> str:
    """pydantic's message for one waiver error, in the words of the waiver file."""
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        return "Extra inputs are not permitted"
    if err["type"] == "string_pattern_mismatch" and err["loc"][-1:] == ("fingerprint",):
        return "must be a finding fingerprint (32 lowercase hex digits, from the JSON report)"
    if err["type"] == "string_too_short":
        return "must not be empty"
    return err["msg"].removeprefix("Value error, ")


def load_waivers(
    path: str | Path, *, max_days: int = DEFAULT_MAX_WAIVER_DAYS, allow_blanket: bool = False
) -> tuple[Waiver, ...]:
    """Read and check a waiver file; any problem is a WaiverFileError naming file:line and field.

    A blanket waiver (every selector `*`) is refused unless the pipeline allows them.
    """
    from compliance.support.yamlfile import load_yaml_file

    doc = load_yaml_file(path, WaiverFileError)
    name = str(path)
    data = doc.data
    if data is None:
        return ()
    if not isinstance(data, dict) or set(data) - {"waivers"}:
        raise WaiverFileError("must be a mapping with one key, 'waivers' (a list)", file=name, line=1)
    items = data.get("waivers") or []
    if not isinstance(items, list):
        raise WaiverFileError("must be a list of waivers", file=name, line=doc.line_of(("waivers",)), field="waivers")
    waivers: list[Waiver] = []
    seen: dict[str, int | None] = {}
    for index, item in enumerate(items):
        base = ("waivers", index)
        line = doc.line_of(base)
        if not isinstance(item, dict):
            raise WaiverFileError("must be a mapping", file=name, line=line, field=format_path(base))
        if "file" in item or "line" in item:
            bad = "file" if "file" in item else "line"
            raise WaiverFileError("unknown field", file=name, line=doc.line_of(base + (bad,)), field=format_path(base + (bad,)))
        if isinstance(item.get("id"), str) and item["id"] in seen:
            raise WaiverFileError(
                f"duplicate waiver id (first on line {seen[item['id']]})", file=name, line=doc.line_of(base + ("id",)), field=format_path(base + ("id",))
            )
        if isinstance(item.get("match"), str):  # a bare fingerprint
            item = {**item, "match": {"fingerprint": item["match"]}}
        try:
            waiver = validate(Waiver, {**item, "file": name, "line": line})
        except DataError as exc:
            err = exc.errors[0]
            path_ = base + tuple(err["loc"])
            message = _waiver_message(err)
            raise WaiverFileError(message, file=name, line=doc.line_of(path_), field=format_path(path_)) from None
        seen[waiver.id] = line
        lifetime = (waiver.expires - waiver.approved_on).days
        where = dict(file=name, line=doc.line_of(base + ("expires",)), field=format_path(base + ("expires",)))
        if lifetime < 0:
            raise WaiverFileError("expires before it was approved", **where)
        if lifetime > max_days:
            raise WaiverFileError(
                f"waiver runs {lifetime} days (approved {waiver.approved_on}, expires {waiver.expires}); "
                f"the maximum is {max_days} (setting max_waiver_days)",
                **where,
            )
        if is_blanket_waiver(waiver) and not allow_blanket:
            raise WaiverFileError(
                "a blanket waiver (every selector '*') waives its rule(s) for anything; it needs the pipeline's "
                "allow_blanket_waivers (COMPLIANCE_ALLOW_BLANKET_WAIVERS=1), which repository config cannot set",
                file=name, line=doc.line_of(base + ("match",)), field=format_path(base + ("match",)),
            )
        waivers.append(waiver)
    return tuple(waivers)


def is_blanket_waiver(waiver: Waiver) -> bool:
    from compliance.trust import is_blanket

    return is_blanket(waiver.rule, {name: getattr(waiver.match, name) for name in SELECTORS})


@dataclass
class _Tally:
    waiver: Waiver
    matched: list[str] = dataclasses.field(default_factory=list)


def _state(waiver: Waiver, as_of: dt.date, notice_days: int, used: bool) -> str:
    if as_of < waiver.approved_on:
        return "pending"
    if as_of > waiver.expires:
        return "expired"
    if not used:
        return "unused"
    if (waiver.expires - as_of).days < notice_days:
        return "expiring"
    return "active"


def in_baseline(finding: Finding, baseline: frozenset[str]) -> bool:
    """Whether the baseline holds the finding (or, for a grouped finding, any hit grouped into it)."""
    return any(fp in baseline for fp in finding.fingerprints)


def apply_policy(report: Report, policy: Policy, *, subjects_current: bool = False) -> Report:
    """Mark findings waived or baseline, record what each waiver did, add notices and warnings.

    `subjects_current`: the report's subjects were just computed from its findings (a
    screening run), so they are kept when no finding's status changes.

    A waiver applies from its approval date through its expiry date (inclusive), judged
    on the report's as-of date. A finding matched only by an expired waiver is open, even
    when a baseline holds it, and the report says so loudly; waivers that matched nothing
    are warnings.
    """
    as_of = dt.date.fromisoformat(report.as_of)
    tallies = [_Tally(w) for w in policy.waivers]
    matchers = [(compiled(t.waiver), t) for t in tallies]
    by_rule: dict[str, list[tuple[CompiledWaiver, _Tally]]] = {}
    baseline = policy.baseline.fingerprints if policy.baseline else frozenset()
    findings: list[Finding] = []
    baseline_hits = 0
    reopened: list[tuple[Finding, Waiver]] = []
    for finding in report.findings:
        if finding.rule_id not in by_rule:
            by_rule[finding.rule_id] = [(m, t) for m, t in matchers if m.covers_rule(finding.rule_id)]
        covering = [t for m, t in by_rule[finding.rule_id] if m.covers_selectors(finding)]
        for t in covering:
            t.matched.append(finding.fingerprint)
        live = next((t.waiver for t in covering if t.waiver.approved_on <= as_of <= t.waiver.expires), None)
        expired = next((t.waiver for t in covering if as_of > t.waiver.expires), None)
        if live is not None:
            finding = _with_status(finding, FindingStatus.WAIVED, live.id)
        elif expired is not None:
            # The waiver decides over the baseline: a baseline saved while the waiver ran
            # holds the finding, and must not keep it accepted once the waiver has expired.
            finding = _with_status(finding, FindingStatus.OPEN, None)
            reopened.append((finding, expired))
        elif in_baseline(finding, baseline):
            finding = _with_status(finding, FindingStatus.BASELINE, None)
        else:
            finding = _with_status(finding, FindingStatus.OPEN, None)
        if in_baseline(finding, baseline):
            baseline_hits += 1
        findings.append(finding)

    notices = list(report.notices)
    warnings = list(report.warnings)
    provenance_waivers = []
    for t in tallies:
        w = t.waiver
        state = _state(w, as_of, policy.notice_days, bool(t.matched))
        record = WaiverProvenance(
            id=w.id,
            rule=w.rule,
            file=w.file,
            line=w.line,
            approved_by=w.approved_by,
            approved_on=w.approved_on.isoformat(),
            expires=w.expires.isoformat(),
            justification=w.justification,
            state=state,
            matched=sorted(set(t.matched)),
        )
        provenance_waivers.append(record)
        if state == "expired":
            warnings.append(
                f"waiver {w.id} ({record.where()}) expired on {w.expires}: {len(t.matched)} finding(s) it covered are open again"
            )
        elif state == "unused":
            warnings.append(record.unused_warning())
        elif state == "expiring":
            days = (w.expires - as_of).days
            notices.append(f"waiver {w.id} ({record.where()}) expires on {w.expires} (in {days} day(s)); renew or fix before then")
        elif state == "pending":
            notices.append(f"waiver {w.id} ({record.where()}) is approved from {w.approved_on}, after the as-of date; not applied")
        if is_blanket_waiver(w):
            notices.append(
                f"BLANKET waiver {w.id} ({record.where()}): every selector is '*', so it waives rule {w.rule} for "
                f"anything ({len(t.matched)} finding(s)); allowed by allow_blanket_waivers"
            )
    for finding, waiver in reopened:
        s = finding.subject
        notices.append(
            f"REOPENED {finding.rule_id} on {s.part_number or s.party_name or s.party_id or s.value} "
            f"({s.file}:{s.row or '-'}): waiver {waiver.id} expired on {waiver.expires}"
        )

    provenance = replace(
        report.provenance,
        waivers=provenance_waivers,
        waiver_file=policy.waiver_file,
        baseline=(
            BaselineProvenance(
                path=policy.baseline.path,
                sha256=policy.baseline.sha256,
                fingerprints=len(policy.baseline.fingerprints),
                matched=baseline_hits,
            )
            if policy.baseline
            else None
        ),
    )
    return replace(
        report,
        findings=findings,
        provenance=provenance,
        summary=summarize(findings, report.provenance.inputs),
        subjects=report.subjects if subjects_current and _unchanged(report.findings, findings)
        else subject_verdicts(findings, report.provenance.inputs),
        notices=notices,
        warnings=warnings,
    )


def _with_status(finding: Finding, status: FindingStatus, waiver: str | None) -> Finding:
    """`finding` with this status and waiver (the same object when it already has them)."""
    if finding.status is status and finding.waiver == waiver:
        return finding
    return replace(finding, status=status, waiver=waiver)


def _unchanged(before: list[Finding], after: list[Finding]) -> bool:
    """No finding was replaced (a 100,000-line BOM has 100,000 subjects; most runs waive nothing)."""
    return len(before) == len(after) and all(a is b for a, b in zip(before, after))


# --- the gate: settings → Gate; report + Gate → verdict and exit code ----------------------


def fail_on_severity(value: str, field: str = "--fail-on") -> Severity | None:
    """`--fail-on` as a severity (None for `none`)."""
    if value == "none":
        return None
    try:
        return Severity(value)
    except ValueError:
        raise UsageError(f"unknown severity {value!r} (known: critical, high, medium, low, info, none)", field=field) from None


@dataclass(frozen=True)
class Gate:
    """Everything that turns a screening report into a verdict and an exit code."""

    fail_on_label: str
    fail_on: Severity | None
    min_severity: Severity
    strict: bool
    max_rejected_rows: int
    policy: Policy
    settings: dict
    baseline_path: str | None = None  # read by the caller (report.load.load_baseline) into policy.baseline
    inputs: tuple[str, ...] = ()  # files the gate read (baseline): never an output path
    #: files that decide the verdict (config file, waiver file), hashed into the report
    files: tuple[FileProvenance, ...] = ()


def resolve_gate(
    config: Settings,
    *,
    fail_on: str | None = None,
    min_severity: str | None = None,
    strict: bool | None = None,
    waivers: Path | None = None,
    baseline: Path | None = None,
    max_rejected_rows: int | None = None,
) -> Gate:
    """The gate from settings and flags, with the waiver file read (a bad one fails fast, exit 2).

    The baseline file is named in `baseline_path`; reading it is the report layer's job.
    """
    eff = config.with_flags(
        fail_on=fail_on,
        min_severity=min_severity,
        strict=strict,
        waivers=str(waivers) if waivers is not None else None,
        baseline=str(baseline) if baseline is not None else None,
        max_rejected_rows=max_rejected_rows,
    )
    waiver_path = Path(eff.value("waivers"))
    explicit = eff.source("waivers") != "default"
    waiver_list: tuple = ()
    if waiver_path.is_file():
        waiver_list = load_waivers(
            waiver_path, max_days=eff.value("max_waiver_days"), allow_blanket=eff.value("allow_blanket_waivers")
        )
    elif explicit:
        raise UsageError(f"no such waiver file: {waiver_path} (from {eff.source('waivers')})", field="--waivers")
    baseline_path = eff.value("baseline")
    label = eff.value("fail_on")
    return Gate(
        fail_on_label=label,
        fail_on=fail_on_severity(label),
        min_severity=Severity(eff.value("min_severity")),
        strict=eff.value("strict"),
        max_rejected_rows=eff.value("max_rejected_rows"),
        policy=Policy(waivers=waiver_list, waiver_file=str(waiver_path) if waiver_path.is_file() else None),
        settings={
            "fail_on": label,
            "min_severity": eff.value("min_severity"),
            "strict": eff.value("strict"),
            "max_rejected_rows": eff.value("max_rejected_rows"),
            "max_waiver_days": eff.value("max_waiver_days"),
            "allow_blanket_waivers": eff.value("allow_blanket_waivers"),
        },
        baseline_path=str(baseline_path) if baseline_path else None,
        inputs=(str(baseline_path),) if baseline_path else (),
        files=tuple(FileProvenance(role="config", path=path, sha256=digest) for path, digest in config.files.items())
        + ((FileProvenance(role="waivers", path=str(waiver_path), sha256=file_sha256(waiver_path)),) if waiver_path.is_file() else ()),
    )


def shown_report(report: Report, min_severity: Severity) -> Report:
    """The report as displayed: findings below `min_severity` left out (and counted in summary.hidden)."""
    kept = [f for f in report.findings if f.severity.rank >= min_severity.rank]
    if len(kept) == len(report.findings):
        return report
    summary = replace(summarize(kept, report.provenance.inputs), hidden=len(report.findings) - len(kept))
    return replace(report, findings=kept, summary=summary)


def exit_code(report: Report, fail_on: Severity | None, max_rejected_rows: int, strict: bool = False) -> tuple[int, str | None]:
    """2 when rows were rejected beyond the allowance (or, with --strict, on warnings);
    else 1 for an open finding at or above `fail_on`; else 0 — with the error line for a 2."""
    if report.summary.rows_rejected > max_rejected_rows:
        return 2, (
            f"{report.summary.rows_rejected} input row(s) rejected (allowed: {max_rejected_rows}); "
            "see 'rejected' in the report or use --max-rejected-rows"
        )
    if strict and (report.warnings or report.coverage):
        gaps = f", {len(report.coverage)} coverage gap(s)" if report.coverage else ""
        return 2, f"--strict: {len(report.warnings)} warning(s){gaps} (see above)"
    return (1 if report.open_findings_at_or_above(fail_on) else 0), None


@dataclass(frozen=True)
class Verdict:
    """What the gate concluded: the judged report, the part shown, stderr lines, exit code."""

    report: Report
    shown: Report
    messages: tuple[str, ...]  # "notice: ...", "warning: ...", "note: ...", "error: ..."
    exit_code: int


def judge(report: Report, gate: Gate, *, subjects_current: bool = False) -> Verdict:
    """Apply waivers and baseline, then decide the exit code (pure). `subjects_current`: as for apply_policy."""
    report = replace(
        report,
        fail_on=gate.fail_on_label,
        provenance=replace(
            report.provenance,
            settings={**report.provenance.settings, **gate.settings},
            files=[*report.provenance.files, *gate.files],
        ),
    )
    report = apply_policy(report, gate.policy, subjects_current=subjects_current)
    messages = [f"notice: {n}" for n in report.notices] + [f"warning: {w}" for w in report.warnings]
    messages += [f"not covered: {line} (see 'coverage' in the report)" for line in coverage_lines(report.coverage)]
    failing = report.open_findings_at_or_above(gate.fail_on)
    hidden = [f for f in failing if f.severity.rank < gate.min_severity.rank]
    if hidden:
        messages.append(
            f"note: {len(hidden)} failing finding(s) are below --min-severity {gate.min_severity.value} and not shown"
        )
    code, error = exit_code(report, gate.fail_on, gate.max_rejected_rows, gate.strict)
    if error:
        messages.append(f"error: {error}")
    return Verdict(report=report, shown=shown_report(report, gate.min_severity), messages=tuple(messages), exit_code=code)
