"""JUnit XML: one testsuite per input file, one testcase per screened record.

CI systems (GitLab, Jenkins, Azure) show JUnit natively. A record's testcase fails when
it has an open finding at or above the report's fail-on severity; its other findings
(below the threshold, waived, baseline) are listed in system-out. Rejected rows are
testcases with an error, so every input row is accounted for.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from compliance.model.finding import Finding, FindingStatus
from compliance.report.describe import citation_text, location, match_text, subject_label
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report
from compliance.rulepacks.schema import Severity


def _fails(f: Finding, threshold: Severity | None) -> bool:
    return threshold is not None and f.status is FindingStatus.OPEN and f.severity.rank >= threshold.rank


def _describe(f: Finding) -> str:
    lines = [f"[{f.severity.value}/{f.status.value}] {f.rule_id} ({f.outcome.value}) at {location(f)}: {f.message}"]
    if f.match:
        lines.append(f"  match: {match_text(f)}")
    lines.append(f"  source: {citation_text(f.citation)} <{f.citation.url}>")
    lines.append(f"  fingerprint: {f.fingerprint}")
    return "\n".join(lines)


def _key(file: str, row: int | None, ident: str) -> tuple:
    """A record is identified by file and row; findings without a row by their subject."""
    return (file, row, "" if row else ident)


class JunitFormat(ReportFormat):
    name = "junit"

    def render(self, report: Report, options: RenderOptions) -> str:
        threshold = report.fail_threshold
        by_record: dict[tuple, list[Finding]] = {}
        names: dict[tuple, str] = {}
        for f in report.findings:
            key = _key(f.subject.file, f.subject.row, subject_label(f))
            by_record.setdefault(key, []).append(f)
            names.setdefault(key, subject_label(f))

        root = ET.Element("testsuites", name="compliance")
        totals = {"tests": 0, "failures": 0, "errors": 0}
        files = [i.path for i in report.provenance.inputs]
        files += sorted({k[0] for k in by_record} - set(files))
        for file in files:
            inp = next((i for i in report.provenance.inputs if i.path == file), None)
            suite = ET.SubElement(root, "testsuite", name=file)
            cases: list[tuple] = []
            for record in inp.records if inp else []:
                key = _key(file, record.row, record.id)
                names.setdefault(key, record.id)
                cases.append(key)
            known = set(cases)
            cases += sorted((k for k in by_record if k[0] == file and k not in known), key=lambda k: (k[1] or 0, k[2]))
            counts = {"tests": 0, "failures": 0, "errors": 0}
            for key in cases:
                findings = by_record.get(key, [])
                row = key[1]
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=file,
                    name=f"row {row}: {names[key]}" if row else names[key],
                    file=file,
                    **({"line": str(row)} if row else {}),
                )
                counts["tests"] += 1
                failing = [f for f in findings if _fails(f, threshold)]
                if failing:
                    counts["failures"] += 1
                    worst = failing[0]
                    failure = ET.SubElement(
                        case,
                        "failure",
                        message=f"{len(failing)} open finding(s) at or above {report.fail_on}: "
                        + "; ".join(f"{f.rule_id} ({f.severity.value})" for f in failing),
                        type=worst.rule_id,
                    )
                    failure.text = "\n\n".join(_describe(f) for f in failing)
                rest = [f for f in findings if f not in failing]
                if rest:
                    ET.SubElement(case, "system-out").text = "\n\n".join(_describe(f) for f in rest)
            for rejected in (r for r in report.rejected if r.file == file):
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=file,
                    name=f"row {rejected.row}: rejected" if rejected.row else "rejected",
                    file=file,
                    **({"line": str(rejected.row)} if rejected.row else {}),
                )
                counts["tests"] += 1
                counts["errors"] += 1
                error = ET.SubElement(case, "error", message=f"not screened: {rejected.reason}", type="rejected-row")
                error.text = f"{file}:{rejected.row or '-'}: {rejected.field or ''}: {rejected.reason}"
            for k, v in counts.items():
                suite.set(k, str(v))
                totals[k] += v
            suite.set("skipped", "0")
        if report.coverage:
            _coverage_suite(root, report, totals)
        for k, v in totals.items():
            root.set(k, str(v))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _coverage_suite(root: ET.Element, report: Report, totals: dict) -> None:
    """What the run could not look at: one skipped testcase per coverage gap."""
    suite = ET.SubElement(root, "testsuite", name="coverage")
    for gap in report.coverage:
        case = ET.SubElement(suite, "testcase", classname="coverage", name=f"{gap.kind}: {gap.subject}")
        ET.SubElement(case, "skipped", message=gap.reason)
    suite.set("tests", str(len(report.coverage)))
    suite.set("failures", "0")
    suite.set("errors", "0")
    suite.set("skipped", str(len(report.coverage)))
    totals["tests"] += len(report.coverage)
