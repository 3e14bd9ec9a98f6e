"""What makes big CLI runs cheap must not change what they conclude: the gate keeps a
screening run's verdicts only when no finding changed, and a screen command runs with
the cyclic collector paused and restores it."""

from __future__ import annotations

import gc

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


def test_a_screen_command_pauses_the_collector_and_restores_it():
    from compliance.cli import _batch_run

    assert gc.isenabled()
    with _batch_run(["screen"]):
        assert not gc.isenabled()
    assert gc.isenabled()
    with _batch_run(["lists"]):
        assert gc.isenabled()


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
