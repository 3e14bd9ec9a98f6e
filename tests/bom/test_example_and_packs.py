"""The quick-start example as of 2026-11-28, and the CN packs against the fact sheet."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.timeline import Scenario

EXAMPLE = "examples/ev-traction-motor.csv"


def run(repo, *args):
    proc = subprocess.run([sys.executable, "-m", "compliance", "screen", "bom", EXAMPLE, "-f", "json", *args],
                          capture_output=True, text=True, cwd=repo)
    return proc, json.loads(proc.stdout)


def test_quick_start_shows_both_kinds_of_finding_with_checkable_numbers(repo):
    proc, data = run(repo, "--as-of", "2026-11-28")
    assert proc.returncode == 1
    found = {(f["rule_id"], f["subject"]["part_number"]): f for f in data["findings"]}
    # Supply risk: the Chinese-made spare magnets need the Chinese exporter's No. 18 licence.
    spare = found[("CN-MOFCOM-2025-18-DY", "MAG-SP-CN")]
    assert spare["kind"] == "controlled-item" and spare["outcome"] == "license-required" and not spare["verify"]
    # Upstream: the Japanese magnet's Chinese Dy and Tb.
    assert found[("CN-MOFCOM-2025-18-DY", "MAG-48-JP")]["evidence"]["licence_needed_by"].startswith("the Chinese exporter")
    # Own export, No. 61 Art. 1(1): 40 g x 4.5 % = 1.8 g Dy x 400 USD/kg = 0.72 USD;
    # 40 g x 0.4 % = 0.16 g Tb x 1,300 USD/kg = 0.208 USD; 0.928 / 3.20 USD = 29 %.
    magnet = found[("CN-MOFCOM-2025-61-ART1-1", "MAG-48-JP")]
    assert magnet["kind"] == "content-threshold" and magnet["verify"] is True
    assert magnet["evidence"]["share"] == "29.0000 %"
    assert magnet["evidence"]["break_even_price_per_kg"] == "1.63 USD"  # 0.001 x 3.20 / 0.00196 kg
    # Rotor: 48 magnets x 0.928 USD = 44.544 USD / 620 USD = 7.1845 %; motor: / 1,850 USD = 2.4078 %.
    assert found[("CN-MOFCOM-2025-61-ART1-1", "ROT-200")]["evidence"]["arithmetic"] == "44.544 USD / 620 USD = 7.1845 %"
    assert found[("CN-MOFCOM-2025-61-ART1-1", "TM-200")]["evidence"]["share"] == "2.4078 %"
    # What it cannot verify: the resolver's Sm has no origin; if Chinese 2.52 g x 30 USD/kg / 42 USD = 0.18 %.
    resolver = found[("CN-MOFCOM-2025-61-ART1-1", "RES-01")]
    assert resolver["outcome"] == "red-flag" and resolver["evidence"]["share_if_unknown_were_cn"] == "0.1800 %"
    # The Chinese spare magnets are a re-export item (Art. 1(3)), not an Art. 1(1) item.
    assert ("CN-MOFCOM-2025-61-ART1-3", "MAG-SP-CN") in found
    assert ("CN-MOFCOM-2025-61-ART1-1", "MAG-SP-CN") not in found
    assert all(f["citation"]["url"].startswith("http") for f in data["findings"])


def test_the_example_under_the_scenario_and_before_the_suspension_ended(repo):
    _, extended = run(repo, "--as-of", "2026-11-28", "--scenario", "suspensions-extended")
    assert not [f for f in extended["findings"] if f["rule_id"].startswith("CN-MOFCOM-2025-61")]
    _, jan = run(repo, "--as-of", "2026-01-01")
    assert {f["rule_id"] for f in jan["findings"]} >= {"CN-MOFCOM-2025-18-DY", "CN-MOFCOM-2025-18-TB"}
    assert not [f for f in jan["findings"] if f["rule_id"].startswith("CN-MOFCOM-2025-61")]


def test_options_with_missing_files_or_bad_price_tables_exit_2(repo, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "compliance", "screen", "bom", EXAMPLE, "--prices", "nope.yaml"],
                          capture_output=True, text=True, cwd=repo)
    assert proc.returncode == 2 and "--prices: no such file: nope.yaml" in proc.stderr
    bad = tmp_path / "prices.yaml"
    bad.write_text("currency: USD\nprices:\n  Dy: {per_kg: -3}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "compliance", "screen", "bom", EXAMPLE, "--prices", str(bad)],
                          capture_output=True, text=True, cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"compliance: error: {bad}:3: prices.Dy: must be a positive number: -3"


def test_unknown_parent_is_an_input_error(repo, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text("part_number,parent\nA,\nB,Z\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "compliance", "screen", "bom", str(bom)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"compliance: error: {bom}:3: parent: parent 'Z' of part 'B' is not a part_number in this BOM"


CN_PACKS = [p for p in load_rules().packs if p.pack.jurisdiction == "CN" and p.pack.id != "cn-mofcom-party-lists"]


def test_every_measure_of_the_fact_sheet_has_its_pack():
    ids = {p.pack.id for p in CN_PACKS}
    assert ids >= {
        "cn-mofcom-2023-23", "cn-mofcom-2023-graphite", "cn-mofcom-2024-33", "cn-mofcom-2024-46",
        "cn-mofcom-2025-10", "cn-mofcom-2025-18", "cn-mofcom-2025-55", "cn-mofcom-2025-56",
        "cn-mofcom-2025-57", "cn-mofcom-2025-58", "cn-mofcom-2025-61", "cn-mofcom-2025-62", "cn-mofcom-2026-1",
    }
    graphite = next(p.pack for p in CN_PACKS if p.pack.id == "cn-mofcom-2023-graphite")
    assert "No. 39 of 2023" in graphite.title and "unconfirmed" not in graphite.title  # confirmed: update-2026-12.md §1.1


def test_every_cn_citation_url_comes_from_the_fact_sheets(shared):
    sheets = [(shared / "regulations" / name).read_text(encoding="utf-8") for name in ("china.md", "update-2026-12.md")]
    urls = {u.rstrip(".,;") for sheet in sheets for u in re.findall(r"https?://[^\s)\]|`]+", sheet)}
    for loaded in CN_PACKS:
        for rule in loaded.pack.rules:
            citations = [rule.citation] + [w.citation for w in rule.validity.suspended]
            citations += [c for w in rule.validity.suspended if w.signal for c in w.signal.sources]
            for citation in citations:
                for url in filter(None, (citation.url, citation.via)):
                    assert url in urls or url.startswith("https://github.com/weiqi-kids/"), (rule.id, url)


def test_suspended_measures_say_verify_after_their_window():
    import datetime as dt

    from compliance.rulepacks.timeline import status

    rules = {r.id: r for p in CN_PACKS for r in p.pack.rules}
    for rule in rules.values():
        ends = [w.to for w in rule.validity.suspended]
        if ends and rule.validity.ends is None:  # an open-ended rule: verify after its last window
            assert rule.validity.verify_after == max(ends), rule.id
    art2 = rules["CN-MOFCOM-2024-46-ART2"]
    assert status(art2, dt.date(2026, 11, 27)).status.value == "suspended"
    after = status(art2, dt.date(2026, 11, 28))
    assert after.status.value == "in-force" and after.unverified
    assert status(art2, dt.date(2026, 11, 28), Scenario.SUSPENSIONS_EXTENDED).status.value == "suspended"
    assert status(rules["CN-MOFCOM-2024-46-ART1"], dt.date(2026, 11, 28)).status.value == "in-force"


def test_inferred_codes_are_marked():
    items = {i.code: i for p in CN_PACKS for r in p.pack.rules for i in r.conditions.items if i.code}
    for code in ("1C905", "1C906", "1C907", "1C908", "1C117.d"):
        assert items[code].inferred, code
    assert not items["1C904.a"].inferred
