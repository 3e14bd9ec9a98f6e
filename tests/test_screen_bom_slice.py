"""The thin vertical slice: a BOM in, findings out, the gate's exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "ev-traction-motor.csv"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, cwd=cwd)


def report(*args):
    proc = run("screen", "bom", str(EXAMPLE), "-f", "json", *args)
    return proc, json.loads(proc.stdout)


def test_chinese_dysprosium_is_a_no18_licence_finding():
    proc, data = report("--as-of", "2026-01-01")
    assert proc.returncode == 1  # high findings fail the default gate
    hits = [f for f in data["findings"] if f["rule_id"] == "CN-MOFCOM-2025-18-DY"]
    spare = next(f for f in hits if f["subject"]["part_number"] == "MAG-SP-CN")
    assert spare["severity"] == "high"
    assert spare["outcome"] == "license-required"
    assert spare["subject"]["row"] == 10
    assert spare["verify"] is False
    assert spare["citation"]["document"] == "MOFCOM/GAC Announcement No. 18 of 2025"


def test_suspended_rules_produce_no_findings_but_come_back_flagged_verify():
    _, jan = report("--as-of", "2026-01-01")
    assert not [f for f in jan["findings"] if f["rule_id"].startswith("CN-MOFCOM-2025-61")]
    _, nov = report("--as-of", "2026-11-28")
    art13 = [f for f in nov["findings"] if f["rule_id"] == "CN-MOFCOM-2025-61-ART1-3"]
    assert art13 and all(f["verify"] for f in art13)
    _, extended = report("--as-of", "2026-11-28", "--scenario", "suspensions-extended")
    assert not [f for f in extended["findings"] if f["rule_id"].startswith("CN-MOFCOM-2025-61")]


def test_before_no18_nothing_fires():
    proc, data = report("--as-of", "2025-04-03")
    assert proc.returncode == 0
    assert data["findings"] == []


def test_report_accounts_for_every_row():
    _, data = report("--as-of", "2026-01-01")
    (inp,) = data["provenance"]["inputs"]
    assert inp["rows_read"] == 11 == inp["rows_screened"] + inp["rows_rejected"]
    assert len(inp["sha256"]) == 64
    assert {p["id"] for p in data["provenance"]["rule_packs"]} >= {"cn-mofcom-2025-18", "cn-mofcom-2025-61"}


def test_fail_on_none_never_fails():
    proc, _ = report("--as-of", "2026-01-01", "--fail-on", "none")
    assert proc.returncode == 0


def test_fail_on_critical_passes_high_findings():
    proc, _ = report("--as-of", "2026-01-01", "--fail-on", "critical")
    assert proc.returncode == 0


def test_unknown_origin_is_never_assumed_safe(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text("part_number,description,materials\nM1,NdFeB magnet,Nd 28%; Dy 4%; Fe 67%\n", encoding="utf-8")
    proc = run("screen", "bom", str(bom), "-f", "json", "--as-of", "2026-01-01", "--fail-on", "medium")
    data = json.loads(proc.stdout)
    (finding,) = [f for f in data["findings"] if f["rule_id"] == "CN-MOFCOM-2025-18-DY"]
    assert finding["outcome"] == "red-flag"
    assert "unknown origin" in finding["message"]
    assert proc.returncode == 1


def test_rejected_row_is_reported_and_exits_2(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text("part_number,quantity,materials\nA,1,Dy 4%@CN\nB,lots,\n", encoding="utf-8")
    proc = run("screen", "bom", str(bom), "-f", "json", "--as-of", "2026-01-01")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["rejected"] == [{"file": str(bom), "row": 3, "field": "quantity", "reason": "not a number: 'lots'"}]
    assert data["summary"]["rows_read"] == 2 and data["summary"]["rows_screened"] == 1


def test_missing_part_number_column_exits_2(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text("name,qty\nA,1\n", encoding="utf-8")
    proc = run("screen", "bom", str(bom))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"compliance: error: {bom}:1: required column 'part_number' is missing (aliases: Part No, P/N, ...)"


def test_json_written_to_path(tmp_path):
    out = tmp_path / "report.json"
    proc = run("screen", "bom", str(EXAMPLE), "-f", "table", "-f", f"json={out}", "--as-of", "2026-01-01")
    assert proc.returncode == 1
    assert "MAG-SP-CN" in proc.stdout
    assert json.loads(out.read_text())["as_of"] == "2026-01-01"
