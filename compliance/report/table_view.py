"""The pieces of the terminal report: verdict table first, then findings by band and subject.

A reviewer reads one line per subject with a finding (and one line counting the clear
ones), then each finding in at most three lines — what, the deciding numbers, who acts —
grouped under obligations, checks and information. `--details` adds the full evidence.
Text from the report is given to rich as `Text`, never as markup, so a part number such
as `MAG [grade 48sh]` prints as written.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from compliance.model.finding import Finding
from compliance.model.report import Report
from compliance.model.subjects import SubjectVerdict, assign, key_of
from compliance.report import digest
from compliance.report.describe import evidence_pairs, match_text
from compliance.support.terminal import printable

VERDICT_STYLE = {
    "prohibited": "bold white on red",
    "licence-required": "bold red",
    "check": "yellow",
    "clear": "green",
}
SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}
BAND_STYLE = {"obligation": "bold red", "check": "bold yellow", "information": "bold cyan"}


def line(text: str, width: int, style: str = "", indent: int = 0) -> Text:
    """One terminal line: never wrapped, cut with an ellipsis at `width`."""
    return fit(Text(" " * indent + printable(text), style=style), width)


def fit(text: Text, width: int) -> Text:
    text.no_wrap = True
    text.truncate(width, overflow="ellipsis")
    return text


def _where(subject: SubjectVerdict) -> str:
    return f"{subject.file}:{subject.row}" if subject.row else subject.file


def _count_text(subject: SubjectVerdict) -> str:
    return ", ".join(f"{n} {digest.COUNT_LABELS.get(k, k)}" for k, n in subject.counts.items() if n)


def verdict_table(report: Report, width: int) -> RenderableType:
    """One line per subject with a finding, strongest first, then one line for the clear ones."""
    flagged = digest.flagged_subjects(report)
    title = f"Verdicts: {len(report.subjects)} subject(s) — {digest.verdict_counts(report)}"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("verdict", no_wrap=True)
    table.add_column("subject", no_wrap=True, overflow="ellipsis", max_width=26)
    table.add_column("who must act: next step", no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column("findings", no_wrap=True, overflow="ellipsis", max_width=18)
    for s in flagged:
        verdict = Text(digest.VERDICT_LABELS[s.verdict], style=VERDICT_STYLE[s.verdict])
        if s.verify:
            verdict.append(" VERIFY", style="bold")
        name = s.subject + (f" ({s.role})" if s.role else "")
        table.add_row(verdict, Text(printable(name)), Text(printable(digest.verdict_action(s) or "—")), Text(_count_text(s)))
    return Group(table, line(digest.clear_count_line(report), width, style="green"))


def _finding_lines(f: Finding, details: bool, notes: dict[str, int], width: int) -> list[Text]:
    note = digest.verify_text(f)
    mark = f" · VERIFY[{notes.setdefault(note, len(notes) + 1)}]" if note is not None else ""
    head = Text()
    head.append("  " + f.severity.value, style=SEVERITY_STYLE.get(f.severity.value, ""))
    head.append(printable(digest.headline(f, mark)[len(f.severity.value):]))
    if digest.band(f) == "information" and not details:
        return [line(digest.one_line(f), width, style="dim", indent=2)]
    out = [fit(head, width), line(digest.facts(f), width, indent=6), line(digest.next_step_text(f), width, style="bold", indent=6)]
    if details:
        extra = [f.message] + ([f"match: {match_text(f)}"] if f.match else [])
        extra += [f"also: {a.name!r} [{a.entry_id}] score {a.score:g} {a.address or ''}" for a in f.alternatives]
        extra += [f"{key}: {value}" for key, value in evidence_pairs(f)]
        if f.verify:
            extra.append(f"VERIFY: {digest.verify_text(f)}")
        extra.append(f"cite: {f.citation.url}  fingerprint {f.fingerprint}" + (f"  waiver {f.waiver}" if f.waiver else ""))
        out += [Text("      " + printable(text), style="dim") for text in extra]
    return out


def finding_sections(report: Report, findings: list[Finding], *, details: bool, width: int) -> list[RenderableType]:
    """Findings by band (obligations, checks, information), then by subject in verdict order."""
    out: list[RenderableType] = []
    notes: dict[str, int] = {}
    order = {key_of(s): i for i, s in enumerate(report.subjects)}
    subjects = {key_of(s): s for s in report.subjects}
    pairs = [(s, fs) for s, fs in assign(findings, report.provenance.inputs) if fs]
    pairs.sort(key=lambda p: order.get(key_of(p[0]), len(order)))
    for band in digest.BANDS:
        banded = [(s, [f for f in fs if digest.band(f) == band]) for s, fs in pairs]
        banded = [(s, fs) for s, fs in banded if fs]
        if not banded:
            continue
        out.append(line("", width))
        out.append(line(digest.BAND_TITLES[band], width, style=BAND_STYLE[band]))
        for subject, fs in banded:
            shown = subjects.get(key_of(subject), subject)
            title = f"{shown.subject}  ({_where(shown)})" + (f"  role {shown.role}" if shown.role else "")
            out.append(line(title, width, style="bold underline"))
            for f in sorted(fs, key=lambda f: (-f.severity.rank, f.rule_id, -(f.match.score if f.match else 0))):
                out.extend(_finding_lines(f, details, notes, width))
    if notes:
        out.append(line("", width))
        for note, number in notes.items():
            out.append(Text(printable(f"[{number}] VERIFY: {note}"), style="bold"))
    return out
