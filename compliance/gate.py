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

Everything here is pure: files are read by `load_waivers` / `load_baseline` at the edge,
`apply_policy` turns a report into a report.
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
from compliance.model.errors import ConfigError, format_path
from compliance.model.finding import Finding, FindingStatus
from compliance.report.load import load_report
from compliance.model.report import BaselineProvenance, Report, WaiverProvenance, summarize
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
    selectors: tuple[tuple[Any, Any, bool], ...]  # (matcher, finding → value, casefold)

    def covers_rule(self, rule_id: str) -> bool:
        return self.rule(rule_id) is not None

    def covers(self, finding: Finding) -> bool:
        if not self.covers_rule(finding.rule_id):
            return False
        for matcher, value_of, fold in self.selectors:
            value = value_of(finding)
            if value is None:
                return False
            if matcher(value.casefold() if fold else value) is None:
                return False
        return True


#: selector → (how to read the value from a finding, compare case-insensitively?)
SELECTORS = {
    "fingerprint": (lambda f: f.fingerprint, False),
    "entry_id": (lambda f: f.match.entry_id if f.match else None, False),
    "party": (lambda f: f.subject.party_name or (f.match.name if f.match else None), True),
    "part_number": (lambda f: f.subject.part_number, False),
    "file": (lambda f: f.subject.file.replace("\\", "/"), False),
}


def compiled(waiver: "Waiver") -> CompiledWaiver:
    selectors = []
    for name, (value_of, fold) in SELECTORS.items():
        pattern = getattr(waiver.match, name)
        if pattern is not None:
            selectors.append((_glob(pattern, fold), value_of, fold))
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


def load_waivers(path: str | Path, *, max_days: int = DEFAULT_MAX_WAIVER_DAYS) -> tuple[Waiver, ...]:
    """Read and check a waiver file; any problem is a WaiverFileError naming file:line and field."""
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
        waivers.append(waiver)
    return tuple(waivers)


def load_baseline(path: str | Path) -> Baseline:
    """The fingerprints of every finding in an earlier JSON report."""
    report = load_report(path)
    return Baseline(
        path=str(path),
        sha256=file_sha256(path),
        fingerprints=frozenset(f.fingerprint for f in report.findings),
    )


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


def apply_policy(report: Report, policy: Policy) -> Report:
    """Mark findings waived or baseline, record what each waiver did, add notices and warnings.

    A waiver applies from its approval date through its expiry date (inclusive), judged
    on the report's as-of date. A finding matched only by an expired waiver stays open
    and the report says so loudly; waivers that matched nothing are warnings.
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
        covering = [t for m, t in by_rule[finding.rule_id] if m.covers(finding)]
        for t in covering:
            t.matched.append(finding.fingerprint)
        live = next((t.waiver for t in covering if t.waiver.approved_on <= as_of <= t.waiver.expires), None)
        if live is not None:
            finding = replace(finding, status=FindingStatus.WAIVED, waiver=live.id)
        elif finding.fingerprint in baseline:
            finding = replace(finding, status=FindingStatus.BASELINE, waiver=None)
        else:
            finding = replace(finding, status=FindingStatus.OPEN, waiver=None)
            expired = next((t.waiver for t in covering if as_of > t.waiver.expires), None)
            if expired is not None:
                reopened.append((finding, expired))
        if finding.fingerprint in baseline:
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
        notices=notices,
        warnings=warnings,
    )
