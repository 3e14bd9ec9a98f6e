"""A waiver's expiry wins over a baseline: a baseline saved while the waiver ran holds the
waived findings, and must not keep them accepted once the waiver has expired."""

from __future__ import annotations

import json

import pytest

from test_gate_cli import json_of, run, write_waivers
from _reports import EXAMPLE

EXPIRES = "2026-06-30"


@pytest.fixture
def baseline_with_waiver(tmp_path):
    """The example BOM's report as of the day before expiry, with the waiver active: saved as the baseline."""
    write_waivers(tmp_path, expires=EXPIRES)
    saved = json_of(run("screen", "bom", EXAMPLE, "--as-of", "2026-06-29", "-f", "json", cwd=tmp_path))
    waived = {f["fingerprint"] for f in saved["findings"] if f["status"] == "waived"}
    assert waived  # the spare magnets
    (tmp_path / "baseline.json").write_text(json.dumps(saved), encoding="utf-8")
    return tmp_path, waived


def _gate(folder, as_of):
    proc = run("screen", "bom", EXAMPLE, "--as-of", as_of, "--baseline", "baseline.json", "-f", "json", cwd=folder)
    return proc, {f["fingerprint"]: f["status"] for f in json_of(proc)["findings"]}


@pytest.mark.parametrize("as_of", ["2026-06-29", EXPIRES])
def test_the_day_before_and_the_day_of_expiry_the_waiver_still_applies(baseline_with_waiver, as_of):
    folder, waived = baseline_with_waiver
    proc, status = _gate(folder, as_of)
    assert {status[f] for f in waived} == {"waived"}
    assert "REOPENED" not in proc.stderr


def test_the_day_after_expiry_the_findings_are_open_although_the_baseline_holds_them(baseline_with_waiver):
    folder, waived = baseline_with_waiver
    proc, status = _gate(folder, "2026-07-01")
    assert {status[f] for f in waived} == {"open"}
    assert proc.returncode == 1
    assert "REOPENED" in proc.stderr and f"expired on {EXPIRES}" in proc.stderr
    others = {f: s for f, s in status.items() if f not in waived}
    assert "waived" not in others.values()  # the rest are judged by the baseline as before
