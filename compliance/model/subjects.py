"""A verdict per screened subject: every part and every party, clear ones included.

A reviewer needs to tell "screened and clear" from "not screened", and to read one line
per subject before the evidence. The verdict follows the strongest finding that is not
waived (a baseline finding still counts: the obligation exists, it is only known):

- `prohibited`: stop (a prohibited outcome);
- `licence-required`: someone must hold a licence — `who` and `action` say who and for what;
- `check`: a red flag to resolve before shipping;
- `clear`: no finding, or only information (e.g. NS-CMIC for a non-investor).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Iterable

from compliance.model.base import field, model
from compliance.model.finding import Finding, FindingStatus
from compliance.model.terms import Outcome

#: verdict values, strongest first
VERDICTS = ("prohibited", "licence-required", "check", "clear")

_VERDICT_OF = {
    Outcome.PROHIBITED: "prohibited",
    Outcome.LICENSE_REQUIRED: "licence-required",
    Outcome.RED_FLAG: "check",
    Outcome.INFO: "clear",
}

#: the lists and counts of every subject without findings: one empty list and dict shared
#: by all of them (a million-line BOM: ~120 MB less). Never changed in place: _judged gives
#: a judged subject its own.
_NONE_LISTED: list[str] = []
_NOT_COUNTED: dict[str, int] = {}

_FILE_ROW_SUBJECT = attrgetter("file", "row", "subject")
_VERDICT_RANK = {verdict: rank for rank, verdict in enumerate(VERDICTS)}
_OUTCOME_VALUES = tuple(o.value for o in Outcome)  # the keys of a subject's counts, in order

#: which input kinds list their screened records, and what a record of each is
_RECORD_KINDS = {"bom": "part", "parties": "party"}


@model()
class SubjectVerdict:
    """One screened subject (a BOM part or a party) and what screening concluded about it."""

    subject: str
    kind: str  # part | party
    file: str
    row: int | None = None
    role: str | None = None
    verdict: str = "clear"
    #: the strongest finding (fingerprint and rule) and what it asks for
    finding: str | None = None
    rule: str | None = None
    who: str | None = None
    action: str | None = None
    #: for what: the document and article the strongest finding rests on
    basis: str | None = None
    #: the status behind the strongest finding was not confirmed after the rule's verify date
    verify: bool = False
    lists: list[str] = field(factory=list)
    #: findings by outcome (not waived), and how many were waived / in the baseline
    counts: dict[str, int] = field(factory=dict)


_new_subject = SubjectVerdict.__new__


def _unjudged(subject: str, kind: str, file: str, row: int | None, role: str | None) -> SubjectVerdict:
    """`SubjectVerdict(subject=..., kind=..., file=..., row=..., role=..., lists=_NONE_LISTED,
    counts=_NOT_COUNTED)`, every other field at its default, without the keyword call
    (a BOM run makes one per part: half the time). tests/test_grouping_and_subjects.py
    holds it to the class's own constructor."""
    made = _new_subject(SubjectVerdict)
    made.subject, made.kind, made.file, made.row, made.role = subject, kind, file, row, role
    made.verdict, made.finding, made.rule, made.who, made.action, made.basis = "clear", None, None, None, None, None
    made.verify, made.lists, made.counts = False, _NONE_LISTED, _NOT_COUNTED
    return made


#: the findings of a subject without any (shared: never changed)
_NO_FINDINGS: tuple[Finding, ...] = ()


def _strength(f: Finding) -> tuple:
    return (VERDICTS.index(_VERDICT_OF[f.outcome]), -f.severity.rank, -(f.match.score if f.match else 100.0), f.fingerprint)


def _key_of_finding(f: Finding) -> tuple[str, str, int | None, str]:
    s = f.subject
    if s.part_number:
        return ("part", s.file, s.row, s.part_number)
    return ("party", s.file, s.row, s.party_name or s.party_id or s.value or "")


def subject_verdicts(findings: Iterable[Finding], inputs: Iterable[Any]) -> list[SubjectVerdict]:
    """Every screened record of `inputs` (report.InputProvenance, each listing its records)
    and every subject a finding names, with its verdict, strongest first."""
    out = [_judged(subject, members) if members else subject for subject, members in assign(findings, inputs)]
    return _strongest_first(out)


def _strongest_first(subjects: list[SubjectVerdict]) -> list[SubjectVerdict]:
    """Sorted by (verdict, file, row, subject). When every subject has a row (a BOM's parts
    always do) that is a C-level sort by (file, row, subject) and a stable pass per verdict,
    not a Python key per subject."""
    if any(s.row is None for s in subjects):
        return sorted(subjects, key=lambda s: (_VERDICT_RANK[s.verdict], s.file, s.row or 0, s.subject))
    by_verdict: dict[str, list[SubjectVerdict]] = {verdict: [] for verdict in VERDICTS}
    for subject in sorted(subjects, key=_FILE_ROW_SUBJECT):
        by_verdict[subject.verdict].append(subject)
    return [subject for verdict in VERDICTS for subject in by_verdict[verdict]]


def key_of(subject: SubjectVerdict) -> tuple:
    return (subject.kind, subject.file, subject.row, subject.subject)


def assign(findings: Iterable[Finding], inputs: Iterable[Any]) -> list[tuple[SubjectVerdict, list[Finding] | tuple[()]]]:
    """Each subject (unjudged) with the findings about it, in input order."""
    order: dict[tuple, SubjectVerdict] = {}
    for source in inputs:
        kind = _RECORD_KINDS.get(source.kind)
        if kind is None:
            continue
        path, made = source.path, _unjudged
        for record in source.records:
            row, ident = record.row, record.id
            key = (kind, path, row, ident)
            if key not in order:  # a subject per record, built once (a BOM has 100,000s)
                order[key] = made(ident, kind, path, row, record.role)
    grouped: dict[tuple, list[Finding]] = {}
    by_row: dict[tuple, tuple] | None = None  # made when a finding names a record by row only (rare)
    for f in findings:
        key = _key_of_finding(f)
        if key not in order:
            if by_row is None:
                by_row = _first_record_per_row(order)
            key = by_row.get(key[:3], key)
        if key not in order:
            order[key] = SubjectVerdict(subject=key[3], kind=key[0], file=key[1], row=key[2])
        grouped.setdefault(key, []).append(f)
    found = grouped.get
    return [(subject, found(key, _NO_FINDINGS)) for key, subject in order.items()]


def _first_record_per_row(records: dict[tuple, SubjectVerdict]) -> dict[tuple, tuple]:
    """(kind, file, row) → the key of the first record on that row."""
    by_row: dict[tuple, tuple] = {}
    for key in records:
        by_row.setdefault(key[:3], key)
    return by_row


def _judged(subject: SubjectVerdict, findings: list[Finding]) -> SubjectVerdict:
    # Counted by identity and the members' own `_value_`: an Enum's `.value` and hash are
    # Python-level calls, and a BOM run judges a subject per part with findings.
    waived, baseline = FindingStatus.WAIVED, FindingStatus.BASELINE
    counted = [f for f in findings if f.status is not waived]
    counts = dict.fromkeys(_OUTCOME_VALUES, 0)
    for f in counted:
        counts[f.outcome._value_] += 1
    counts["waived"] = sum(1 for f in findings if f.status is waived)
    counts["baseline"] = sum(1 for f in findings if f.status is baseline)
    subject.counts = counts
    subject.lists = sorted({f.match.list for f in counted if f.match})
    if not counted:
        return subject
    strongest = counted[0] if len(counted) == 1 else min(counted, key=_strength)
    subject.verdict = _VERDICT_OF[strongest.outcome]
    subject.finding, subject.rule, subject.verify = strongest.fingerprint, strongest.rule_id, strongest.verify
    if strongest.next_step is not None:
        subject.who, subject.action = strongest.next_step.who, strongest.next_step.action
    cite = strongest.citation
    subject.basis = cite.document + (f", {cite.article}" if cite.article else "")
    return subject
