"""Format names → implementations. `-f NAME` looks names up here."""

from __future__ import annotations

from compliance.errors import UsageError
from compliance.report.interface import ReportFormat
from compliance.report.json import JsonFormat
from compliance.report.table import TableFormat

FORMATS: dict[str, type[ReportFormat]] = {
    JsonFormat.name: JsonFormat,
    TableFormat.name: TableFormat,
}


def get_format(name: str) -> ReportFormat:
    try:
        return FORMATS[name]()
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(f"unknown format '{name}' (known: {known})", field="--format") from None
