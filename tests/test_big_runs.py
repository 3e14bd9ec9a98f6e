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
