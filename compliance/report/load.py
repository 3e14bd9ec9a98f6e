"""Read a saved JSON report back (for `report render` and `--baseline`).

A report that cannot be read is an InputError naming the file and, for malformed
JSON, the line; a report from a newer major schema version is refused rather than
half-understood.
"""

from __future__ import annotations

import json
from pathlib import Path

from compliance.model.base import DataError, validate
from compliance.model.errors import InputError, format_path
from compliance.gate import Baseline
from compliance.model.report import SCHEMA_VERSION, Report, with_subjects
from compliance.model.terms import Severity
from compliance.support.util import file_sha256


def load_report(path: str | Path) -> Report:
    """Parse and validate one JSON report written by `-f json`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read report: {getattr(exc, 'strerror', None) or exc}", file=path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", file=path, line=exc.lineno) from None
    except RecursionError:  # `[[[[...` a hundred thousand deep: not a report, and not worth a traceback
        raise InputError("invalid JSON: nested too deeply", file=path, line=1) from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise InputError("not a compliance JSON report (no schema_version)", file=path, line=1)
    major = str(data["schema_version"]).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise InputError(
            f"report schema version {data['schema_version']} is not supported (this tool reads {SCHEMA_VERSION})",
            file=path,
            field="schema_version",
        )
    try:
        report = validate(Report, data)
    except DataError as exc:
        err = exc.errors[0]
        raise InputError(f"not a valid report: {err['msg']}", file=path, field=format_path(tuple(err["loc"]))) from None
    if report.fail_on != "none" and report.fail_on not in {s.value for s in Severity}:
        raise InputError(f"not a valid report: unknown severity {report.fail_on!r}", file=path, field="fail_on")
    # A report saved before schema 1.1 has no subjects: derive them (its inputs list the records).
    return report if "subjects" in data else with_subjects(report)


def load_baseline(path: str | Path) -> Baseline:
    """The fingerprints of every finding in an earlier JSON report (grouped hits included)."""
    report = load_report(path)
    return Baseline(path=str(path), sha256=file_sha256(path), fingerprints=frozenset(fp for f in report.findings for fp in f.fingerprints))
