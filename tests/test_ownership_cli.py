"""`screen parties --ownership` and `screen bom --parties --ownership`, as a user runs them (CLI entry point, real exit codes).

Run in-process through `compliance.cli.main` so the list snapshots and name index load once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from compliance.cli import main

REPO = Path(__file__).resolve().parent.parent
SUPPLIERS = REPO / "examples" / "ownership" / "suppliers.csv"
OWNERSHIP = REPO / "examples" / "ownership" / "ownership.csv"


class Proc:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A private name-index cache for this module."""
    before = os.environ.get("COMPLIANCE_CACHE_DIR")
    os.environ["COMPLIANCE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield None
    if before is None:
        os.environ.pop("COMPLIANCE_CACHE_DIR", None)
    else:
        os.environ["COMPLIANCE_CACHE_DIR"] = before


@pytest.fixture
def run(capsys):
    def invoke(_env, *args):
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in args])
        out = capsys.readouterr()
        return Proc(exit_info.value.code, out.out, out.err)

    return invoke


@pytest.fixture
def report(run):
    def invoke(env, tmp_path, *args):
        out = tmp_path / "report.json"
        proc = run(env, "screen", *args, "-f", f"json={out}")
        assert proc.returncode in (0, 1), proc.stderr
        return proc.returncode, json.loads(out.read_text(encoding="utf-8"))

    return invoke


def by_party(findings):
    return {(f["subject"]["value"], f["rule_id"]): f for f in findings}


def test_parties_with_ownership_in_force(env, tmp_path, run, report):
    code, data = report(env, tmp_path, "parties", str(SUPPLIERS), "--ownership", str(OWNERSHIP), "--as-of", "2025-10-15")
    found = by_party(data["findings"])
    assert code == 1
    ningbo = found[("Pearl River Magnetics (Ningbo) Co Ltd", "US-BIS-AFFILIATES-50PCT")]
    # a supplier (role column): what you send it needs the licence, not the purchase
    assert (ningbo["outcome"], ningbo["severity"], ningbo["evidence"]["role"]) == ("red-flag", "medium", "supplier")
    assert "buying from it is not restricted by the EAR" in ningbo["message"]
    assert ningbo["subject"]["file"].endswith("suppliers.csv") and ningbo["subject"]["row"] == 3
    assert ningbo["evidence"]["paths"] == [
        "Huawei Technologies Co., Ltd. —60 %→ Pearl River Magnetics Holdings Ltd —50 %→ Pearl River Magnetics (Ningbo) Co Ltd"
    ]
    assert ningbo["match"]["list"] == "entity-list"
    # 20 % direct + 30 % through the (restricted) Ningbo company = 50 %.
    assert found[("Lakeshore Motion Components Sdn Bhd", "US-BIS-AFFILIATES-50PCT")]["evidence"]["restricted_stake_percent"] == "50"
    # MEU 35 % + Entity List 15 % aggregate across lists.
    assert ("Aero Engine Parts Trading (HK) Ltd", "US-BIS-AFFILIATES-50PCT") in found
    assert found[("Harbor Precision Castings Ltd", "US-BIS-AFFILIATES-RF29")]["outcome"] == "license-required"
    assert found[("Sakura Ceramic Parts KK", "US-BIS-AFFILIATES-MINORITY")]["outcome"] == "red-flag"
    assert found[("Keystone Drone Components Pte Ltd", "CN-MOFCOM-2025-61-ART2")]["outcome"] == "prohibited"
    # The US subsidiary is not caught by the Affiliates Rule.
    assert not [k for k in found if k[0] == "Blue Ridge Coatings Inc"]
    kinds = {i["kind"]: (i["rows_read"], i["rows_rejected"]) for i in data["provenance"]["inputs"]}
    assert kinds["ownership"] == (10, 0)


def test_parties_with_ownership_while_suspended_are_red_flags(env, tmp_path, run, report):
    code, data = report(env, tmp_path, "parties", str(SUPPLIERS), "--ownership", str(OWNERSHIP), "--as-of", "2026-01-01")
    affiliates = [f for f in data["findings"] if f["rule_id"].startswith("US-BIS-AFFILIATES")]
    assert len(affiliates) == 6 and code == 0
    assert {f["outcome"] for f in affiliates} == {"red-flag"}
    assert all("suspended from 2025-11-10 through 2026-11-09" in f["message"] for f in affiliates)


def test_over_100_percent_is_exit_2_with_file_line_field(env, tmp_path, run, report):
    bad = tmp_path / "own.csv"
    bad.write_text("owner,owned,percent\nA,S-01,70\nB,S-01,40\n", encoding="utf-8")
    proc = run(env, "screen", "parties", str(SUPPLIERS), "--ownership", str(bad))
    assert proc.returncode == 2
    assert "own.csv:2: percent: stakes in 'Pearl River Magnetics Holdings Ltd' sum to 110 %" in proc.stderr
    assert "rows 2, 3" in proc.stderr and "Traceback" not in proc.stderr


def test_rejected_ownership_row_fails_the_gate(env, tmp_path, run, report):
    bad = tmp_path / "own.csv"
    bad.write_text("owner,owned,percent\nA,S-01,lots\n", encoding="utf-8")
    proc = run(env, "screen", "parties", str(SUPPLIERS), "--ownership", str(bad), "-f", "json")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["rejected"][0]["field"] == "percent" and data["rejected"][0]["row"] == 2


def test_bom_suppliers_caught_by_ownership(env, tmp_path, run, report):
    bom = tmp_path / "bom.csv"
    bom.write_text(
        "part_number,description,quantity,supplier,origin_country\n"
        "M-1,rotor magnet,1,Pearl River Magnetics (Ningbo) Co Ltd,CN\n"
        "H-1,housing,1,Blue Ridge Coatings Inc,US\n",
        encoding="utf-8",
    )
    code, data = report(env, tmp_path, "bom", str(bom), "--parties", str(SUPPLIERS), "--ownership", str(OWNERSHIP),
                        "--as-of", "2025-10-15")
    caught = [f for f in data["findings"] if f["rule_id"] == "US-BIS-AFFILIATES-50PCT"]
    subjects = {f["subject"]["value"]: f["subject"] for f in caught}
    # The parties file names S-02 by id; the BOM names it by name: the finding points at the parties row.
    assert "Pearl River Magnetics (Ningbo) Co Ltd" in subjects
    assert code == 1


def test_bom_supplier_only_in_the_bom_points_at_the_bom_row(env, tmp_path, run, report):
    bom = tmp_path / "bom.csv"
    bom.write_text("part_number,supplier\nM-1,Delta Magnet Works Ltd\n", encoding="utf-8")
    own = tmp_path / "own.csv"
    own.write_text('owner,owned,percent,owned_country\n"Huawei Technologies Co., Ltd.",Delta Magnet Works Ltd,75,CN\n', encoding="utf-8")
    code, data = report(env, tmp_path, "bom", str(bom), "--ownership", str(own), "--as-of", "2025-10-15")
    [finding] = [f for f in data["findings"] if f["rule_id"] == "US-BIS-AFFILIATES-50PCT"]
    assert finding["subject"]["file"].endswith("bom.csv") and finding["subject"]["row"] == 2
    assert finding["subject"]["field"] == "supplier"


def test_parties_option_on_bom_needs_ownership(env, tmp_path, run, report):
    bom = tmp_path / "bom.csv"
    bom.write_text("part_number\nX\n", encoding="utf-8")
    proc = run(env, "screen", "bom", str(bom), "--parties", str(SUPPLIERS))
    assert proc.returncode == 2 and "--ownership" in proc.stderr
