"""GitHub Actions workflow commands: `::error file=..,line=..::message` annotations.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (more are
dropped silently), so at most 9 findings per level are annotated, most severe first,
and the 10th annotation of a level that overflows says how many more there are and
where to read them. Only open findings are annotated; waived and baseline ones are not
news. Escaping follows @actions/core (`%`, CR, LF in data; also `:` and `,` in properties).
"""

from __future__ import annotations

from compliance.model.finding import Finding, FindingStatus
from compliance.report.describe import citation_text, match_text, subject_label
from compliance.report.interface import RenderOptions, ReportFormat
from compliance.model.report import Report, coverage_lines

#: GitHub's per-step cap on annotations of each level
ANNOTATIONS_PER_LEVEL = 10
#: our severity → workflow command
COMMAND = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(f: Finding) -> str:
    props = [f"file={escape_property(f.subject.file)}"]
    if f.subject.row:
        props.append(f"line={f.subject.row}")
    props.append(f"title={escape_property(f'{f.rule_id} ({f.severity.value}, {f.outcome.value}): {subject_label(f)}')}")
    message = f.message
    if f.match:
        message += "\n" + match_text(f)
    if f.verify:
        message += "\nVERIFY: the rule's status on the as-of date is unverified"
    message += f"\nSource: {citation_text(f.citation)} {f.citation.url}"
    return f"::{COMMAND[f.severity.value]} {','.join(props)}::{escape_data(message)}"


class GithubFormat(ReportFormat):
    name = "github"

    def render(self, report: Report, options: RenderOptions) -> str:
        open_findings = [f for f in report.findings if f.status is FindingStatus.OPEN]
        lines = []
        for level in ("error", "warning", "notice"):
            items = [f for f in open_findings if COMMAND[f.severity.value] == level]
            if len(items) <= ANNOTATIONS_PER_LEVEL:
                lines += [_annotation(f) for f in items]
                continue
            shown = ANNOTATIONS_PER_LEVEL - 1
            lines += [_annotation(f) for f in items[:shown]]
            lines.append(
                f"::{level} title={escape_property(f'{len(items) - shown} more {level} finding(s) not annotated')}::"
                + escape_data(
                    f"GitHub shows at most {ANNOTATIONS_PER_LEVEL} {level} annotations per step; "
                    f"{len(items) - shown} more finding(s) at this level are in the job summary, SARIF and JSON reports."
                )
            )
        for warning in report.warnings:
            lines.append(f"compliance warning: {warning}")
        for line in coverage_lines(report.coverage):
            lines.append(f"::warning title=Not covered::{escape_data(line)}")
        s = report.summary
        lines.append(
            f"compliance: {s.total} finding(s), {s.open} open; as of {report.as_of} ({report.scenario}); fail-on {report.fail_on}"
        )
        return "\n".join(lines) + "\n"
