"""`screen parties --ownership` gives the same report as the golden ones recorded before
the ownership path was made fast (columnar table, one pass over the file).

The table is generated from a fixed seed: chains of majority stakes below listed owners,
stakes that only reach 50 % in aggregate (across lists too), cycles, unknown stakes,
exempt (US) subsidiaries, and rows that must be rejected (a stake that is not a
percentage, one out of range, an empty owner, an entity owning itself). Every row is
accounted for: screened or rejected with its line and field. The reports are compared
whole, apart from when they were generated. To record them again after a deliberate
change of findings: COMPLIANCE_WRITE_GOLDEN=1 pytest tests/test_ownership_golden.py
"""

from __future__ import annotations

import csv
import json
import os
import random
from pathlib import Path

import pytest

from compliance.cli import main

GOLDEN = Path(__file__).resolve().parent / "data" / "ownership-golden"
#: Listed on the bundled Entity List and MEU List (examples/ownership).
LISTED = ["Huawei Technologies Co., Ltd.", "AECC Shenyang Liming Aero Engine Co., Ltd."]
COUNTRIES = ["CN", "HK", "MY", "US", "SG", ""]
BAD_ROWS = [  # (owner, owned, percent): each rejected with the field it names
    ("S-1", "S-2", "fifty"),
    ("S-3", "S-4", "120"),
    ("", "S-5", "10"),
    ("S-6", "s-6", "10"),
]


def ownership_table(path: Path, seed: int = 19) -> int:
    """A generated table (see the module text); returns its number of data rows."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    subsidiaries = [f"S-{n}" for n in range(1, 41)]
    for n, owned in enumerate(subsidiaries):
        country = rng.choice(COUNTRIES)
        left = 100
        nearby = LISTED + subsidiaries[max(0, n - 6) : n]  # chains: held by listed owners or by recent subsidiaries
        holders = rng.sample(nearby, k=min(len(nearby), rng.randint(1, 3)))
        for holder in holders:
            if rng.random() < 0.1:
                rows.append([holder, owned, "", "", country])  # unknown stake
                continue
            stake = rng.choice([10, 20, 25, 30, 50, 51, 60]) if left >= 60 else left // 2
            if stake <= 0:
                continue
            left -= stake
            rows.append([holder, owned, str(stake), "CN" if holder in LISTED else "", country])
    # cycles: a later subsidiary holds an earlier one (and the earlier one the later)
    for a, b in ((5, 40), (12, 33), (20, 21)):
        rows.append([f"S-{b}", f"S-{a}", "1", "", ""])
    rows.extend([[o, d, p, "", ""] for o, d, p in BAD_ROWS])
    rng.shuffle(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["owner", "owned", "percent", "owner_country", "owned_country"])
        out.writerows(rows)
    return len(rows)


def parties_file(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "country", "role"])
        for n in range(1, 41, 3):
            out.writerow([f"S-{n}", f"Subsidiary {n} Trading Co", "CN", "supplier" if n % 2 else "customer"])


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A private name-index cache for this module."""
    before = os.environ.get("COMPLIANCE_CACHE_DIR")
    os.environ["COMPLIANCE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("COMPLIANCE_CACHE_DIR", None)
    else:
        os.environ["COMPLIANCE_CACHE_DIR"] = before


def _run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    return exit_info.value.code


def _comparable(report: dict) -> dict:
    """What the ownership path decides: findings, rejected rows, subjects, the summary and the
    inputs' accounting (not when the report was generated, nor the rule packs' and lists'
    provenance, which change with every rule or list update and not with this path)."""
    kept = {k: report[k] for k in ("as_of", "scenario", "summary", "subjects", "findings", "rejected")}
    kept["inputs"] = report["provenance"]["inputs"]
    return kept


CASES = {  # name → (with a parties file, as-of date): the rule in force, and suspended (Nov 10, 2025 – Nov 9, 2026)
    "all-entities-in-force": (False, "2025-10-15"),
    "parties-in-force": (True, "2025-10-15"),
    "all-entities-suspended": (False, "2026-01-15"),
    "parties-suspended": (True, "2026-01-15"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_report_is_the_golden_one(cache, tmp_path, monkeypatch, case):
    with_parties, as_of = CASES[case]
    monkeypatch.chdir(tmp_path)  # paths in the report relative, as a CI run gives them
    rows = ownership_table(Path("ownership.csv"))
    parties = Path("parties.csv")
    if with_parties:
        parties_file(parties)
    else:
        parties.write_text("id,name\n", encoding="utf-8")
    code = _run(["screen", "parties", "parties.csv", "--ownership", "ownership.csv", "--as-of", as_of,
                 "--fail-on", "none", "--max-rejected-rows", "10", "-q", "-f", "json=report.json"])
    assert code == 0
    report = _comparable(json.loads(Path("report.json").read_text(encoding="utf-8")))
    ownership = next(i for i in report["inputs"] if i["kind"] == "ownership")
    # every row accounted for: screened or rejected with its line and field
    assert ownership["rows_read"] == rows == ownership["rows_screened"] + ownership["rows_rejected"]
    rejected = [r for r in report["rejected"] if r["file"] == "ownership.csv"]
    assert sorted(r["field"] for r in rejected) == sorted(["percent", "percent", "owner", "owned"])
    assert all(r["row"] > 1 for r in rejected)
    assert any(f["rule_id"] == "US-BIS-AFFILIATES-50PCT" for f in report["findings"])
    golden = GOLDEN / f"{case}.json"
    if os.environ.get("COMPLIANCE_WRITE_GOLDEN"):
        golden.write_text(json.dumps(report, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert report == expected


def test_malformed_table_exits_2_naming_file_line_field(cache, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("parties.csv").write_text("id,name\n", encoding="utf-8")
    Path("ownership.csv").write_text("owner,owned,percent\nA,B,60\nC,B,30\nD,B,20\n", encoding="utf-8")
    code = _run(["screen", "parties", "parties.csv", "--ownership", "ownership.csv", "-q", "-f", "json=report.json"])
    err = capsys.readouterr().err
    assert code == 2
    assert "ownership.csv:2: percent: stakes in 'B' sum to 110 %" in err and "Traceback" not in err
