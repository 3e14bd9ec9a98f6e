"""The JSON report: the full Report, the public contract, stable key order."""

from __future__ import annotations

import io
from typing import BinaryIO

from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report


class JsonFormat(ReportFormat):
    name = "json"

    def render(self, report: Report, options: RenderOptions) -> str:
        buffer = io.BytesIO()
        self.write(report, options, buffer)
        return buffer.getvalue().decode("utf-8")

    def write(self, report: Report, options: RenderOptions, out: BinaryIO) -> None:
        """Streamed (report/jsonstream.py): a million-line BOM's report never sits in memory whole."""
        from compliance.report.jsonstream import write_report

        write_report(report, out)
