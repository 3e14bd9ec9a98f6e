"""CSV: one row per finding, for spreadsheets and auditors' own tooling.

Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or
a tab or carriage return) are neutralised with a leading `'` (OWASP "CSV injection"):
party names and part numbers come from suppliers and may be hostile.
"""

from __future__ import annotations

import csv
import io

from compliance.model.finding import Finding
from compliance.report.describe import citation_text, evidence_pairs
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "severity", "status", "outcome", "rule_id", "file", "row", "field", "part_number", "party_id", "party_name",
    "value", "message", "list", "entry_id", "listed_name", "matched_name", "score", "evidence", "verify",
    "waiver", "citation", "citation_url", "fingerprint", "band", "who_must_act", "next_step", "also_matched",
)


def neutralise(value: object) -> str:
    """The cell as text, prefixed with `'` when a spreadsheet would treat it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(f: Finding) -> list[object]:
    s, m = f.subject, f.match
    return [
        f.severity.value, f.status.value, f.outcome.value, f.rule_id, s.file, s.row, s.field, s.part_number,
        s.party_id, s.party_name, s.value, f.message,
        m.list if m else None, m.entry_id if m else None, m.name if m else None, m.matched_name if m else None,
        f"{m.score:.1f}" if m else None,
        "; ".join(f"{k}={v}" for k, v in evidence_pairs(f)),
        "true" if f.verify else "false", f.waiver, citation_text(f.citation), f.citation.url, f.fingerprint,
        f.outcome.band, f.next_step.who if f.next_step else None, f.next_step.action if f.next_step else None,
        "; ".join(f"{a.name} [{a.entry_id}] {a.score:g}" for a in f.alternatives),
    ]


class CsvFormat(ReportFormat):
    name = "csv"

    def render(self, report: Report, options: RenderOptions) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for f in report.findings:
            writer.writerow([neutralise(v) for v in _row(f)])
        return buffer.getvalue()
