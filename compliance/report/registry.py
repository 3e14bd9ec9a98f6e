"""Format names → implementations. `-f NAME` looks names up here.

Formats are imported when first used: a run that writes JSON should not pay for
importing the HTML and SARIF writers (start-up time matters in CI gates).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from compliance.model.errors import UsageError
from compliance.report.interface import ReportFormat

#: format name → "module:class" of its implementation, in the order help texts list them.
_IMPLEMENTATIONS = {
    "table": "compliance.report.table:TableFormat",
    "json": "compliance.report.json:JsonFormat",
    "sarif": "compliance.report.sarif:SarifFormat",
    "junit": "compliance.report.junit:JunitFormat",
    "markdown": "compliance.report.markdown:MarkdownFormat",
    "github": "compliance.report.github:GithubFormat",
    "gitlab": "compliance.report.gitlab:GitlabFormat",
    "csv": "compliance.report.csv:CsvFormat",
    "html": "compliance.report.html:HtmlFormat",
}


class _LazyFormats(Mapping[str, type[ReportFormat]]):
    """A read-only name → class mapping that imports each class on first access."""

    def __init__(self, implementations: dict[str, str]):
        self._implementations = implementations
        self._loaded: dict[str, type[ReportFormat]] = {}

    def __getitem__(self, name: str) -> type[ReportFormat]:
        if name not in self._loaded:
            module, _, attribute = self._implementations[name].partition(":")
            self._loaded[name] = getattr(importlib.import_module(module), attribute)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._implementations)

    def __len__(self) -> int:
        return len(self._implementations)


FORMATS: Mapping[str, type[ReportFormat]] = _LazyFormats(_IMPLEMENTATIONS)


def get_format(name: str) -> ReportFormat:
    if name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(f"unknown format '{name}' (known: {known})", field="--format")
    return FORMATS[name]()
