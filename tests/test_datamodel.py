"""The data classes: our JSON rendering equals pydantic's, and validation stays strict.

Reports, findings, rule packs and list entries are plain dataclasses that pydantic
validates at the edges (compliance.model.base). These tests pin the two halves
together: `jsonable()` gives exactly what pydantic's JSON mode gives, a rendered
report reads back to an equal report, and the strictness (unknown keys, constraints,
aliases) is pydantic's.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _reports import REPO, example_report, party_finding, party_report
from compliance.model.base import DataError, adapter, jsonable, validate
from compliance.lists.model import ListedParty
from compliance.model.report import Report
from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.schema import RulePack, Severity, SuspensionWindow


@pytest.mark.parametrize("make", [example_report, party_report], ids=["bom", "parties"])
def test_jsonable_is_pydantics_json_mode_and_reads_back_equal(make):
    report = make()
    mine = jsonable(report)
    assert mine == adapter(Report).dump_python(report, mode="json")
    assert validate(Report, json.loads(json.dumps(mine))) == report


def test_every_shipped_rule_pack_renders_as_pydantic_renders_it_with_aliases():
    packs = [loaded.pack for loaded in load_rules().packs]
    assert packs
    for pack in packs:
        assert jsonable(pack) == adapter(RulePack).dump_python(pack, mode="json", by_alias=True)
        assert validate(RulePack, jsonable(pack)) == pack
    windows = [w for p in packs for r in p.rules for w in r.validity.suspended]
    assert windows and all("from" in jsonable(w) and "from_" not in jsonable(w) for w in windows)


evidence_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.dates() | st.decimals(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(evidence=st.dictionaries(st.text(max_size=8), evidence_values, max_size=4), score=st.floats(0, 100), name=st.text(max_size=30))
def test_jsonable_matches_pydantic_for_any_evidence(evidence, score, name):
    finding = replace(party_finding(name or "x", 2, Severity.HIGH, "e-1", score=score), evidence=evidence)
    report = party_report([finding])
    assert jsonable(report) == adapter(Report).dump_python(report, mode="json")


def test_exclude_defaults_and_none_drop_only_what_they_should():
    party = ListedParty(id="user:1", list="user", names=["Acme"], country=None, listed_on=dt.date(2024, 5, 1))
    assert jsonable(party, exclude_defaults=True) == {"id": "user:1", "list": "user", "names": ["Acme"], "listed_on": "2024-05-01"}
    assert jsonable({"d": Decimal("0.10")}) == {"d": "0.10"}


def test_validation_is_strict_unknown_keys_constraints_and_cross_field_checks():
    with pytest.raises(DataError) as unknown:
        validate(ListedParty, {"id": "a", "list": "user", "names": ["A"], "colour": "red"})
    assert unknown.value.errors[0]["loc"] == ("colour",)
    with pytest.raises(DataError) as empty:
        validate(ListedParty, {"id": "a", "list": "user", "names": []})
    assert empty.value.errors[0]["loc"] == ("names",) and empty.value.errors[0]["type"] == "too_short"
    citation = {"document": "d", "url": "https://example.org"}
    with pytest.raises(DataError) as backwards:
        validate(SuspensionWindow, {"from": "2026-02-01", "to": "2026-01-01", "citation": citation})
    assert "before it starts" in str(backwards.value.errors[0]["msg"])
    window = validate(SuspensionWindow, {"from": "2026-01-01", "citation": citation})
    assert window.from_ == dt.date(2026, 1, 1)


def test_building_and_printing_a_report_never_imports_pydantic():
    """The point of the design: a warm screening run pays nothing for pydantic's internals."""
    code = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from _reports import party_report\n"
        "from compliance.model.base import jsonable\n"
        "jsonable(party_report())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_finding_made_fast_is_the_one_the_class_builds():
    """rule_finding builds findings without the keyword call: every field set, equal to
    Finding(...) with the same values (a new field breaks this test)."""
    import dataclasses

    from compliance.model.finding import Finding, Subject, made_finding
    from compliance.model.terms import Citation, NextStep, Outcome, RuleKind, Severity

    citation = Citation(document="MOFCOM Announcement No. 61 of 2025", url="https://www.mofcom.gov.cn/", article="Art. 1")
    fields = dict(fingerprint="f" * 32, rule_id="R-1", kind=RuleKind.CONTENT_THRESHOLD, severity=Severity.HIGH,
                  outcome=Outcome.RED_FLAG, verify=True, rule_status="in-force", message="m",
                  subject=Subject(file="bom.csv", row=3, part_number="P-1"), match=None, evidence={"a": 1},
                  citation=citation, next_step=NextStep(who="you", action="check"))
    fast, slow = made_finding(**fields), Finding(**fields)
    assert all(hasattr(fast, f.name) for f in dataclasses.fields(Finding))
    assert fast == slow and repr(fast) == repr(slow)
    assert fast.alternatives is not made_finding(**fields).alternatives  # each its own list
