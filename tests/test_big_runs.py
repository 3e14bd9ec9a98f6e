"""What makes big CLI runs cheap must not change what they conclude: the gate keeps a
screening run's verdicts only when no finding changed; the collector skips what a run
keeps but still frees what it throws away; big reports stream to the same bytes; with a
parties file, only the owners above the parties are looked up, with the same findings."""

from __future__ import annotations

import gc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.gate import Baseline, Policy, apply_policy, load_waivers
from compliance.model.finding import FindingStatus
from compliance.model.subjects import subject_verdicts

from _reports import example_report
from test_gate_policy import spare_magnet_waiver


def test_kept_subjects_are_the_ones_recomputed_when_nothing_is_waived():
    report = example_report(as_of="2026-01-01")
    kept = apply_policy(report, Policy(), subjects_current=True)
    recomputed = apply_policy(report, Policy())
    assert kept.subjects is report.subjects
    assert kept.subjects == recomputed.subjects == subject_verdicts(report.findings, report.provenance.inputs)
    assert kept.findings == recomputed.findings == report.findings


def test_subjects_follow_a_waiver_even_when_the_run_says_they_are_current(tmp_path):
    report = example_report(as_of="2026-01-01")
    path = spare_magnet_waiver(tmp_path)
    waived = apply_policy(report, Policy(waivers=load_waivers(path), waiver_file=str(path)), subjects_current=True)
    assert any(f.status is FindingStatus.WAIVED for f in waived.findings)
    assert waived.subjects == subject_verdicts(waived.findings, waived.provenance.inputs)
    assert waived.subjects != report.subjects


def test_subjects_follow_a_baseline_even_when_the_run_says_they_are_current():
    report = example_report(as_of="2026-01-01")
    known = frozenset(f.fingerprint for f in report.findings[:2])
    out = apply_policy(report, Policy(baseline=Baseline("old.json", "0" * 64, known)), subjects_current=True)
    assert out.subjects == subject_verdicts(out.findings, out.provenance.inputs)
    assert sum(s.counts.get("baseline", 0) for s in out.subjects) == 2


def test_frozen_objects_are_left_alone_and_new_cyclic_garbage_is_still_collected():
    import weakref

    from compliance.support.util import gc_frozen

    class Node:
        pass

    def cycle():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return weakref.ref(a)

    before = gc.get_freeze_count()
    alive = cycle()  # garbage from before the freeze: frozen with everything else
    with gc_frozen():
        assert gc.isenabled() and gc.get_freeze_count() > before
        made = cycle()
        gc.collect()
        assert made() is None  # the collector still frees what the frozen phase throws away
        assert alive() is not None  # ...but does not walk what was alive on entry
    assert gc.get_freeze_count() == before
    gc.collect()
    assert alive() is None


def big_bom(path, lines: int) -> dict[int, str]:
    """A flat BOM of `lines` rows with magnets (findings) and a few bad rows; returns the bad rows' lines."""
    rows = ["part_number,description,parent,quantity,unit_value,currency,unit_mass,supplier,manufacturer,origin_country,hs_code,materials"]
    bad: dict[int, str] = {}
    for i in range(lines):
        line = len(rows) + 1
        if i % 400 == 7:
            rows.append(f",Part {i},,1,10.00,USD,5g,,,DE,850511,")
            bad[line] = "part_number"
        elif i % 400 == 9:
            rows.append(f"P-{i},Part {i},,-2,10.00,USD,5g,,,DE,850511,")
            bad[line] = "quantity"
        else:
            mats = "Nd 27%; Dy 4%@CN; Fe 69%" if i % 3 == 0 else "Fe 98%; Cr 2%"
            rows.append(f"P-{i},Magnet segment {i},,{1 + i % 3},{10 + i % 50}.25,USD,{5 + i % 40}g,Supplier {i % 7},Maker {i % 5},JP,850511,{mats}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return bad


def test_a_big_bom_report_written_by_the_cli_path_is_the_in_memory_report(tmp_path, monkeypatch):
    """More records and subjects than one batch, rejected rows among them: the streamed
    file is byte for byte the one-shot rendering, and every row is accounted for."""
    import datetime as dt
    import json

    from compliance.cli.common import OutputTarget, finish, gate_from, settings
    from compliance.gate import judge
    from compliance.pipeline import screen_bom
    from compliance.report.build import build_report
    from compliance.rulepacks.loader import load_rules
    from test_report_json_stream import one_shot

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    bom = tmp_path / "bom.csv"
    bad = big_bom(bom, 1300)
    result = screen_bom(bom, rules=load_rules(), as_of=dt.date(2026, 11, 28), display_name="bom.csv")
    gate = gate_from(settings(), fail_on="none", min_severity=None, strict=None, waivers=None, baseline=None,
                     max_rejected_rows=10_000)
    out = tmp_path / "report.json"
    finish(result, [OutputTarget("json", out)], gate, quiet=True)
    expected = one_shot(judge(build_report(result, fail_on="none"), gate).shown)
    assert out.read_bytes() == expected

    data = json.loads(expected)
    [source] = data["provenance"]["inputs"]
    assert source["rows_read"] == 1300 == source["rows_screened"] + source["rows_rejected"]
    assert {(r["row"], r["field"]) for r in data["rejected"]} == set(bad.items())
    assert len(source["records"]) == source["rows_screened"] == len(data["subjects"])
    assert data["findings"]


# --- ownership: with a parties file, only the owners above the parties are looked up ------

N_ENTITIES = 14


@st.composite
def tables_with_parties(draw):
    """Stakes among N entities (known stakes per entity <= 100 %, some unknown, cycles allowed),
    which of them are listed, and which are the screened parties."""
    raw = draw(st.lists(st.tuples(st.integers(0, N_ENTITIES - 1), st.integers(0, N_ENTITIES - 1),
                                  st.one_of(st.none(), st.integers(1, 100))), max_size=40))
    totals = [0] * N_ENTITIES
    rows = []
    for owner, owned, percent in raw:
        if owner == owned or (percent is not None and totals[owned] + percent > 100):
            continue
        totals[owned] += percent or 0
        rows.append(f"E{owner},E{owned},{'' if percent is None else percent},CN")
    listed = draw(st.sets(st.integers(0, N_ENTITIES - 1), max_size=4))
    parties = draw(st.sets(st.integers(0, N_ENTITIES - 1), min_size=1, max_size=4))
    return rows, listed, sorted(parties)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=tables_with_parties())
def test_parties_get_the_same_findings_when_only_owners_above_them_are_looked_up(tmp_path, rules_and_entry, case):
    import datetime as dt

    import compliance.parties.ownership as ownership
    from compliance.model.base import jsonable
    from compliance.model.records import Party
    from compliance.parties.affiliates import ListingHit
    from compliance.pipeline import screen_ownership

    rules, listed_entry = rules_and_entry
    rows, listed, party_ids = case
    table = tmp_path / "own.csv"
    table.write_text("owner,owned,percent,owned_country\n" + "\n".join(rows) + "\n", encoding="utf-8")
    parties = [Party(file="parties.csv", row=k + 2, id=f"E{n}", name=f"Party {n}", country="CN") for k, n in enumerate(party_ids)]
    looked_up: list[str] = []

    def lookup(name, country):
        looked_up.append(name)
        return [ListingHit(listed_entry, name)] if name.startswith("E") and int(name[1:]) in listed else []

    def run():
        looked_up.clear()
        result = screen_ownership(table, rules=rules, as_of=dt.date(2025, 10, 15), parties=parties, lookup=lookup,
                                  display_name="own.csv")
        return jsonable(result.findings), list(looked_up)

    fewer, asked = run()
    with pytest.MonkeyPatch.context() as patch:  # every owner in the table looked up, as before
        patch.setattr(ownership, "holders_above", lambda graph, entities: range(len(graph)))
        every, asked_all = run()
    assert fewer == every
    assert set(asked) <= set(asked_all)


@pytest.fixture(scope="module")
def rules_and_entry():
    from compliance.lists.model import ListedParty, ReviewPolicy
    from compliance.rulepacks.loader import load_rules

    entry = ListedParty(
        id="entity-list:e", list="entity-list", names=["E"], license_requirement="For all items subject to the EAR",
        review_policy="Presumption of denial", review_policy_kind=ReviewPolicy.PRESUMPTION_OF_DENIAL,
    )
    return load_rules(), entry
