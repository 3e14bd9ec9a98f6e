"""The CLI's rules commands, as a user runs them (subprocess, real exit codes)."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True)


def statuses(*args):
    proc = run("rules", "list", "-f", "json", *args)
    assert proc.returncode == 0, proc.stderr
    return {r["id"]: (r["status"], r["unverified"]) for r in json.loads(proc.stdout)["rules"]}


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("compliance ")


def test_as_of_2026_01_01_no61_suspended_no18_in_force():
    s = statuses("--as-of", "2026-01-01")
    assert s["CN-MOFCOM-2025-61-ART1-1"] == ("suspended", False)
    assert s["CN-MOFCOM-2025-18-DY"] == ("in-force", False)


def test_as_of_2026_11_28_no61_in_force_unverified():
    s = statuses("--as-of", "2026-11-28")
    assert s["CN-MOFCOM-2025-61-ART1-1"] == ("in-force", True)


def test_scenario_suspensions_extended():
    s = statuses("--as-of", "2026-11-28", "--scenario", "suspensions-extended")
    assert s["CN-MOFCOM-2025-61-ART1-1"][0] == "suspended"


def test_jurisdiction_filter():
    s = statuses("--jurisdiction", "CN")
    assert s and all(rule_id.startswith("CN-") for rule_id in s)


def test_table_output_mentions_verify():
    proc = run("rules", "list", "--as-of", "2026-11-28")
    assert proc.returncode == 0
    assert "in-force (verify)" in proc.stdout


def test_show_rule():
    proc = run("rules", "show", "CN-MOFCOM-2025-61-ART1-1", "--as-of", "2026-01-01")
    assert proc.returncode == 0
    assert "share_of_value: 0.001" in proc.stdout
    assert "status: suspended" in proc.stdout


def test_show_unknown_rule_exits_2():
    proc = run("rules", "show", "NOPE")
    assert proc.returncode == 2
    assert proc.stderr.startswith("compliance: error:")


def test_diff_json():
    proc = run("rules", "diff", "--from", "2026-11-09", "--to", "2026-11-11", "-f", "json")
    assert proc.returncode == 0
    changes = {c["id"]: c for c in json.loads(proc.stdout)["changes"]}
    assert changes["CN-MOFCOM-2025-61-ART1-1"]["before"] == "suspended"
    assert changes["CN-MOFCOM-2025-61-ART1-1"]["after"] == "in-force (verify)"


def test_bad_date_exits_2_without_traceback():
    proc = run("rules", "list", "--as-of", "2026-13-01")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "compliance: error: --as-of: invalid date '2026-13-01' (expected YYYY-MM-DD)"


def test_unknown_scenario_exits_2():
    proc = run("rules", "list", "--scenario", "truce")
    assert proc.returncode == 2 and "unknown scenario" in proc.stderr


def test_unknown_option_exits_2():
    proc = run("rules", "list", "--bogus")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
