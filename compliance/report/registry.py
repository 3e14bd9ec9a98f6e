"""Format names → implementations. `-f NAME` looks names up here."""

from __future__ import annotations

from compliance.errors import UsageError
from compliance.report.csv import CsvFormat
from compliance.report.github import GithubFormat
from compliance.report.gitlab import GitlabFormat
from compliance.report.html import HtmlFormat
from compliance.report.interface import ReportFormat
from compliance.report.json import JsonFormat
from compliance.report.junit import JunitFormat
from compliance.report.markdown import MarkdownFormat
from compliance.report.sarif import SarifFormat
from compliance.report.table import TableFormat

FORMATS: dict[str, type[ReportFormat]] = {
    f.name: f
    for f in (
        TableFormat,
        JsonFormat,
        SarifFormat,
        JunitFormat,
        MarkdownFormat,
        GithubFormat,
        GitlabFormat,
        CsvFormat,
        HtmlFormat,
    )
}


def get_format(name: str) -> ReportFormat:
    try:
        return FORMATS[name]()
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(f"unknown format '{name}' (known: {known})", field="--format") from None
