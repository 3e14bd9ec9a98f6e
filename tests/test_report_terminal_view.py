"""The terminal report a reviewer acts on: verdict table first, three lines a finding,
every deciding number in the default view, full evidence with --details."""

from __future__ import annotations

import re

import pytest

from _reports import EXAMPLE, REPO
from compliance.cli import main


def run(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, _ = capsys.readouterr()
    return exit_info.value.code, out


@pytest.fixture
def bom_table(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    return run(capsys, "screen", "bom", str(EXAMPLE), "--as-of", "2026-11-28")[1]


def test_the_example_bom_fits_120_lines_at_100_columns(bom_table):
    lines = bom_table.splitlines()
    assert len(lines) <= 120 and max(len(line) for line in lines) <= 100


def test_the_verdict_table_comes_before_any_finding(bom_table):
    verdicts = bom_table.index("Verdicts: 11 subject(s) — 4 licence-required, 1 check, 6 clear")
    assert verdicts < bom_table.index("Obligations — stop or licence required") < bom_table.index("Checks — red flags")
    table = bom_table[verdicts:bom_table.index("Obligations")]
    assert re.search(r"LICENCE REQUIRED.*TM-200.*you as exporter: apply to MOFCOM", table)
    assert re.search(r"CHECK.*RES-01.*your procurement", table)
    assert "clear: 6 parts screened with no finding" in table
    assert "SHAFT-200" not in table  # clear subjects are counted, not listed


def test_every_number_a_reviewer_needs_is_in_the_default_view(bom_table):
    # share and threshold, break-even price (No. 61 content test), for every part it applies to
    assert "share 44.544 USD / 1850 USD = 2.4078 % (threshold >= 0.1000 %) · break-even 19.66 USD/kg" in bom_table
    assert "share if the unknown origin were CN 0.1800 % (threshold >= 0.1000 %) · break-even 16.67 USD/kg" in bom_table
    # VERIFY is explained: the marker on the row, the reason once below
    assert "VERIFY[1]" in bom_table
    assert re.search(r"\[1\] VERIFY: status after 2026-11-10 not confirmed by any source.*checked as written", bom_table.replace("\n", " "))
    assert bom_table.rstrip().endswith("Not legal advice: a screening aid; have an export-control adviser confirm decisions.")


def test_each_finding_takes_three_lines_by_default_and_details_show_the_evidence(capsys, monkeypatch, bom_table):
    findings = [i for i, line in enumerate(bom_table.splitlines()) if re.match(r"  (high|medium|low) · ", line)]
    lines = bom_table.splitlines()
    assert len(findings) == 9
    for i in findings:
        assert lines[i + 1].startswith("      ") and lines[i + 2].startswith("      → ")
    monkeypatch.setenv("COLUMNS", "100")
    _, detailed = run(capsys, "screen", "bom", str(EXAMPLE), "--as-of", "2026-11-28", "--details")
    assert "arithmetic: 44.544 USD / 1850 USD = 2.4078 %" in detailed and "price_per_kg=400 USD" in detailed
    assert "arithmetic:" not in bom_table


def test_twenty_parties_give_a_verdict_table_on_one_screen(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, text = run(capsys, "screen", "parties", str(REPO / "examples" / "counterparties.csv"), "--as-of", "2026-11-28")
    assert code == 1
    start = text.index("Verdicts: 20 subject(s)")
    table = text[start:text.index("Obligations — stop or licence required")].splitlines()
    assert len(table) <= 20 and table[-2].startswith("clear: ")
    assert any("Huawei Technologies Co" in line and "LICENCE REQUIRED" in line for line in table)
    # information never shares a band with licence requirements
    obligations = text[text.index("Obligations"):text.index("Checks — red flags")]
    assert "US-OFAC-NSCMIC" not in obligations and "US-DOW-1260H" not in obligations
    assert "US-OFAC-NSCMIC" in text[text.index("Information only"):]
    assert text[:text.index("Obligations")].count("\n") <= 60  # summary and verdict table: one screen


def test_markdown_has_the_verdict_table_bands_next_steps_and_the_legal_line(capsys):
    _, text = run(capsys, "screen", "parties", str(REPO / "examples" / "counterparties.csv"), "--as-of", "2026-11-28", "-f", "markdown")
    verdicts = text.index("**Verdicts** — 20 subject(s)")
    assert verdicts < text.index("**Obligations — stop or licence required**") < text.index("**Information only")
    assert "| LICENCE REQUIRED | Huawei Technologies Co., Ltd. | customer | you as exporter:" in text
    obligations = text[text.index("**Obligations"):text.index("**Information only")]
    assert "US-OFAC-NSCMIC" not in obligations
    assert "who must act: next step" in obligations
    assert text.rstrip().endswith("_Not legal advice: a screening aid; have an export-control adviser confirm decisions._")


def test_a_report_saved_before_verdicts_renders_with_them(capsys, tmp_path):
    import json

    saved = tmp_path / "old.json"
    code, _ = run(capsys, "screen", "bom", str(EXAMPLE), "--as-of", "2026-11-28", "-f", f"json={saved}")
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["schema_version"] = "1.0"
    data.pop("subjects")
    for f in data["findings"]:
        f.pop("next_step"), f.pop("alternatives")
    saved.write_text(json.dumps(data), encoding="utf-8")
    code, text = run(capsys, "report", "render", str(saved), "-f", "table")
    assert code == 0
    assert "Verdicts: 11 subject(s) — 4 licence-required, 1 check, 6 clear" in text
    assert "→ see the rule's citation" in text  # no next step was saved: said so, not invented
