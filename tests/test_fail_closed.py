"""Fail closed, through the real CLI: what a new user's run must not pass silently.

Each test runs `python -m compliance` in a fresh folder with its own data directory
and asserts what the user sees (exit code, report content).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "ev-traction-motor.csv"
AS_OF = ("--as-of", "2026-11-28")


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_") or k == "COMPLIANCE_CACHE_DIR"}
    env.update(XDG_DATA_HOME=str(cwd / "xdg"), NO_COLOR="1")
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run([sys.executable, "-m", "compliance", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def report(cwd: Path, name: str = "out.json") -> dict:
    return json.loads((cwd / name).read_text(encoding="utf-8"))


def findings_of(cwd: Path, bom: str) -> list[tuple[str, str, str]]:
    done = run(cwd, "screen", "bom", bom, *AS_OF, "--fail-on", "none", "-f", f"json={bom}.json")
    assert done.returncode == 0, done.stderr
    return sorted((f["rule_id"], f["subject"]["part_number"], f["severity"]) for f in report(cwd, f"{bom}.json")["findings"])


def test_example_bom_with_lower_case_symbols_gives_the_same_nine_findings(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    lower = text.replace("Nd 26.5%; Pr 3%; Dy 4.5%@CN; Tb 0.4%@CN; B 1%; Fe 64.6%", "nd 26.5%; pr 3%; dy 4.5%@CN; tb 0.4%@CN; b 1%; fe 64.6%")
    lower = lower.replace("Sm 2.1%; Co 4.2%; Fe 1%; Cu 12%", "sm 2.1%; co 4.2%; fe 1%; cu 12%").replace("Nd 27%; Pr 3%; Dy 3.5%", "nd 27%; pr 3%; dy 3.5%")
    assert lower != text
    (tmp_path / "upper.csv").write_text(text, encoding="utf-8")
    (tmp_path / "lower.csv").write_text(lower, encoding="utf-8")
    upper = findings_of(tmp_path, "upper.csv")
    assert len(upper) == 9
    assert findings_of(tmp_path, "lower.csv") == upper


def test_a_misspelt_substance_fails_the_default_gate(tmp_path):
    (tmp_path / "bom.csv").write_text(EXAMPLE.read_text(encoding="utf-8").replace("Dy 4.5%@CN", "Dysprosum 4.5%@CN"), encoding="utf-8")
    done = run(tmp_path, "screen", "bom", "bom.csv", *AS_OF, "-f", "json=out.json")
    assert done.returncode == 1, done.stderr
    [finding] = [f for f in report(tmp_path)["findings"] if f["evidence"].get("unrecognised_substance")]
    assert finding["message"].startswith("unrecognised substance 'Dysprosum' in MAG-48-JP on row 4 — did you mean Dysprosium (Dy)? "
                                         "The No. 18 of 2025 / No. 61 of 2025 checks could not use it")


@pytest.fixture
def user_list(tmp_path):
    """A user YAML list whose only party is in Norway (`country: NO`, false in YAML 1.1)."""
    (tmp_path / "blocked.yaml").write_text("- name: Acme Diversion Ltd\n  country: NO\n", encoding="utf-8")
    (tmp_path / "parties.csv").write_text("name,country\nAcme Diversion Ltd,NO\nBosch GmbH,DE\n", encoding="utf-8")
    return tmp_path


def test_a_user_list_needs_a_snapshot_date_and_keeps_norway(user_list):
    refused = run(user_list, "lists", "import", "user", "blocked.yaml", "--data-dir", "lists")
    assert refused.returncode == 2 and "--snapshot-date" in refused.stderr and not (user_list / "lists").exists()
    done = run(user_list, "lists", "import", "user", "blocked.yaml", "--data-dir", "lists", "--snapshot-date", "2026-11-01")
    assert done.returncode == 0, done.stderr
    [party] = [json.loads(line) for line in (user_list / "lists" / "user" / "parties.jsonl").read_text(encoding="utf-8").splitlines()]
    assert party["country"] == "NO"
    assert "snapshot_date: '2026-11-01'" in (user_list / "lists" / "user" / "manifest.yaml").read_text(encoding="utf-8")


def test_an_imported_user_list_gates_without_a_hand_written_pack(user_list):
    assert run(user_list, "lists", "import", "user", "blocked.yaml", "--data-dir", "lists", "--snapshot-date", "today").returncode == 0
    done = run(user_list, "screen", "parties", "parties.csv", "--data-dir", "lists", *AS_OF, "-f", "json=out.json")
    assert done.returncode == 1, done.stderr
    [finding] = report(user_list)["findings"]
    assert (finding["rule_id"], finding["outcome"], finding["severity"]) == ("USER-USER", "prohibited", "high")
    assert finding["subject"]["party_name"] == "Acme Diversion Ltd"
    # The outcome and severity are the import's choice, and the pack is in the report's provenance.
    assert run(user_list, "lists", "import", "user", "blocked.yaml", "--data-dir", "lists", "--snapshot-date", "today",
               "--rule-outcome", "red-flag", "--rule-severity", "low").returncode == 0
    done = run(user_list, "screen", "parties", "parties.csv", "--data-dir", "lists", *AS_OF, "-f", "json=out.json")
    assert done.returncode == 0, done.stderr
    [finding] = report(user_list)["findings"]
    assert (finding["outcome"], finding["severity"]) == ("red-flag", "low")
    assert "user-user" in {p["id"] for p in report(user_list)["provenance"]["rule_packs"]}
    # The citation is the policy page the import was given (rule packs cite http(s) pages only).
    assert run(user_list, "lists", "import", "user", "blocked.yaml", "--data-dir", "lists", "--snapshot-date", "today",
               "--rule-url", "https://intranet.example.com/export-policy").returncode == 0
    assert run(user_list, "screen", "parties", "parties.csv", "--data-dir", "lists", *AS_OF, "-f", "json=out.json").returncode == 1
    assert report(user_list)["findings"][0]["citation"]["url"] == "https://intranet.example.com/export-policy"
    refused = run(user_list, "lists", "import", "user", "blocked.yaml", "--data-dir", "lists", "--snapshot-date", "today",
                  "--rule-url", "file:///etc/passwd")
    assert refused.returncode == 2 and "--rule-url: not an http(s) URL" in refused.stderr


@pytest.fixture
def sanctioned(tmp_path):
    (tmp_path / "parties.csv").write_text("name,country\nBank Melli Iran,IR\nHezbollah,LB\n", encoding="utf-8")
    return tmp_path


def test_screening_without_sdn_data_says_so_and_strict_exits_2(sanctioned):
    done = run(sanctioned, "screen", "parties", "parties.csv", *AS_OF, "-f", "json=out.json", "-f", "table")
    assert done.returncode == 0, done.stderr
    gaps = {(g["kind"], g["subject"]): g["reason"] for g in report(sanctioned)["coverage"]}
    assert "US-OFAC-SDN" in gaps[("list-not-loaded", "sdn")]
    assert "us-ofac-sdn" in {p["id"] for p in report(sanctioned)["provenance"]["rule_packs"]}
    first_screen = done.stdout.split("╰", 1)[0]  # the summary panel, before any finding
    assert "NOT COVERED: " in first_screen and "gap(s) in coverage" in first_screen
    assert "not covered: " in done.stderr and "sdn" in done.stderr
    strict = run(sanctioned, "screen", "parties", "parties.csv", *AS_OF, "--strict")
    assert strict.returncode == 2 and "coverage gap(s)" in strict.stderr


def test_end_use_and_technology_rules_are_reported_as_not_evaluated(sanctioned):
    assert run(sanctioned, "screen", "parties", "parties.csv", *AS_OF, "-f", "json=out.json").returncode == 0
    gaps = {g["subject"]: g for g in report(sanctioned)["coverage"] if g["kind"] == "rule-not-evaluated"}
    assert "end_user_country" in gaps["CN-MOFCOM-2026-1-JAPAN"]["reason"]
    assert "technology" in gaps["CN-MOFCOM-2025-10-TECH"]["reason"]


def test_stale_lists_are_in_the_report_with_their_age(sanctioned):
    import datetime as dt

    assert run(sanctioned, "screen", "parties", "parties.csv", *AS_OF, "-f", "json=out.json", "-f", "markdown=out.md").returncode == 0
    snapshots = {l["id"]: dt.date.fromisoformat(l["snapshot_date"]) for l in report(sanctioned)["provenance"]["lists"]}
    stale = {g["subject"]: g["reason"] for g in report(sanctioned)["coverage"] if g["kind"] == "list-stale"}
    for list_id, date in snapshots.items():
        age = (dt.date.today() - date).days
        assert (list_id in stale) == (age > 30)
        if age > 30:
            assert f"is {age} days old" in stale[list_id]
    markdown = (sanctioned / "out.md").read_text(encoding="utf-8")
    assert "**Not covered**" in markdown and "| list-not-loaded | sdn |" in markdown
