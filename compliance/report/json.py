"""The JSON report: the full Report, the public contract, stable key order."""

from __future__ import annotations

import json

from compliance.model.base import jsonable
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report


class JsonFormat(ReportFormat):
    name = "json"

    def render(self, report: Report, options: RenderOptions) -> str:
        data = jsonable(report)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
