"""GitLab Code Quality report (the `codequality` artifact; a subset of Code Climate's format).

GitLab compares issues between branches by `fingerprint`, so it is the finding's stable
fingerprint. Waived findings are left out (a reviewer accepted them); baseline findings
stay in, because GitLab does its own diffing against the target branch.
"""

from __future__ import annotations

import json

from compliance.model.finding import FindingStatus
from compliance.report.describe import citation_text, subject_label
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report

#: our severity → Code Quality severity (info, minor, major, critical, blocker)
SEVERITY = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info"}


class GitlabFormat(ReportFormat):
    name = "gitlab"

    def render(self, report: Report, options: RenderOptions) -> str:
        issues = []
        for f in report.findings:
            if f.status is FindingStatus.WAIVED:
                continue
            issues.append(
                {
                    "description": f"{f.rule_id} {subject_label(f)}: {f.message} ({citation_text(f.citation)})",
                    "check_name": f.rule_id,
                    "fingerprint": f.fingerprint,
                    "severity": SEVERITY[f.severity.value],
                    "location": {"path": f.subject.file.replace("\\", "/"), "lines": {"begin": f.subject.row or 1}},
                    "categories": ["Security"],
                    "type": "issue",
                }
            )
        return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
