"""The streamed JSON report (report/jsonstream.py) is byte for byte the one-shot rendering,
`json.dumps(jsonable(report), indent=2, ensure_ascii=False)`, however its lists are batched."""

from __future__ import annotations

import dataclasses
import io
import json
import typing
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.model.base import _fields, jsonable
from compliance.model.finding import Match
from compliance.model.report import Report, RecordRef
from compliance.model.subjects import subject_verdicts
from compliance.report import jsonstream
from compliance.rulepacks.schema import Severity

from _reports import HOSTILE, example_report, party_finding, party_report


def one_shot(report: Report) -> bytes:
    return (json.dumps(jsonable(report), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def streamed(report: Report, batch: int) -> bytes:
    out = io.BytesIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonstream, "BATCH", batch)
        jsonstream.write_report(report, out)
    return out.getvalue()


def many_records(report: Report, n: int) -> Report:
    """`report` with `n` screened records in its first input, so records and subjects run long."""
    first = report.provenance.inputs[0]
    records = [RecordRef(row=i + 2, id=f"P-{i} {HOSTILE}", role=None if i % 3 else "supplier") for i in range(n)]
    inputs = [replace(first, records=records)] + report.provenance.inputs[1:]
    report = replace(report, provenance=replace(report.provenance, inputs=inputs))
    return replace(report, subjects=subject_verdicts(report.findings, inputs))


@pytest.mark.parametrize("batch", [1, 2, 3, 512])
def test_the_example_report_streams_to_the_same_bytes(batch):
    report = example_report()
    assert streamed(report, batch) == one_shot(report)


@pytest.mark.parametrize("batch", [1, 2, 7])
def test_long_lists_inside_inputs_and_subjects_stream_to_the_same_bytes(batch):
    report = many_records(party_report(), 40)
    assert len(report.subjects) >= 40
    assert streamed(report, batch) == one_shot(report)
    assert json.loads(streamed(report, batch)) == jsonable(report)


def test_the_json_format_writes_what_it_renders():
    from compliance.report.interface import RenderOptions
    from compliance.report.registry import get_format

    report = many_records(example_report(), 1200)  # more than one batch of the default size
    out = io.BytesIO()
    get_format("json").write(report, RenderOptions(color=False), out)
    assert out.getvalue() == one_shot(report)
    assert get_format("json").render(report, RenderOptions(color=False)).encode("utf-8") == one_shot(report)


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)  # every code point but lone surrogates
scores = st.one_of(
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.floats(min_value=1e-9, max_value=1e-3),  # orjson writes these without the exponent json gives them
    st.integers(min_value=0, max_value=100).map(float),
)
evidence_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), scores, texts,
              st.decimals(allow_nan=False, allow_infinity=False, places=4).map(Decimal)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3),
                            st.dictionaries(st.one_of(st.none(), st.booleans(), st.integers(-5, 5)), inner, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(texts.filter(str.strip), min_size=1, max_size=6),
    score_list=st.lists(scores, min_size=6, max_size=6),
    evidence=st.dictionaries(texts, evidence_values, max_size=4),
    batch=st.integers(1, 4),
)
def test_any_report_streams_to_the_same_bytes(names, score_list, evidence, batch):
    findings = []
    for i, name in enumerate(names):
        f = party_finding(name, i + 2, Severity.HIGH if i % 2 else Severity.LOW, f"el-{i}")
        f = replace(f, match=replace(f.match, score=score_list[i]) if isinstance(f.match, Match) else f.match, evidence=evidence)
        findings.append(f)
    report = many_records(party_report(findings), len(names) + 3)
    assert streamed(report, batch) == one_shot(report)


def test_no_report_field_is_renamed_in_json():
    """orjson writes a dataclass field under its attribute name; jsonable under its alias.
    They agree as long as no class a report holds gives a field an alias."""
    seen: set[type] = set()

    def visit(tp) -> None:
        for arg in typing.get_args(tp):
            visit(arg)
        if dataclasses.is_dataclass(tp) and tp not in seen:
            seen.add(tp)
            hints = typing.get_type_hints(tp)
            for name, key, _ in _fields(tp):
                assert key == name, f"{tp.__name__}.{name} is written as {key!r}"
                visit(hints[name])

    visit(Report)
    assert len(seen) >= 10


tricky_texts = st.text(st.sampled_from(['"', ",", "\\", "%", "a", "\x00", "\n", "\u2028", "é", "中", "b"]), max_size=12)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ids=st.lists(st.one_of(tricky_texts, texts), min_size=1, max_size=10),
    rows=st.lists(st.one_of(st.integers(0, 2**40), st.just(True), st.none()), min_size=10, max_size=10),
    verify=st.lists(st.sampled_from([False, 0, True, 1]), min_size=10, max_size=10),
    batch=st.integers(1, 9),
)
def test_batches_of_alike_records_and_subjects_stream_to_the_same_bytes(ids, rows, verify, batch):
    """Records and clear subjects go out through a template (report/jsonalike.py): any
    text (quotes, commas, backslashes, `%`), a row that is True or None, a verify flag of 0
    instead of False — the bytes stay the one-shot rendering's."""
    report = party_report()
    first = report.provenance.inputs[0]
    records = [RecordRef(row=rows[i], id=name) for i, name in enumerate(ids)]
    inputs = [replace(first, records=records)] + report.provenance.inputs[1:]
    report = replace(report, provenance=replace(report.provenance, inputs=inputs))
    subjects = subject_verdicts(report.findings, inputs)
    for subject, flag in zip(subjects, verify):
        subject.verify = flag if subject.verdict == "clear" else subject.verify
    report = replace(report, subjects=subjects)
    assert streamed(report, batch) == one_shot(report)


@pytest.mark.parametrize("ids", [['x",', "y", "z"], ["a", '","', "b"], ["\\", '"', "c"], ["%s", "%b", "100 %"]])
def test_record_ids_that_look_like_separators_stream_to_the_same_bytes(ids):
    report = party_report()
    first = report.provenance.inputs[0]
    inputs = [replace(first, records=[RecordRef(row=i, id=name) for i, name in enumerate(ids)])]
    report = replace(report, provenance=replace(report.provenance, inputs=inputs + report.provenance.inputs[1:]))
    report = replace(report, subjects=subject_verdicts(report.findings, report.provenance.inputs))
    assert streamed(report, 2) == one_shot(report)  # batches of two: each string beside another
