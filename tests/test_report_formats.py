"""Every output format, rendered from a real report (the EV motor BOM) and from a
hand-built report with party matches and hostile supplier text."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml

from compliance.model.finding import FindingStatus
from compliance.report.interface import RenderOptions
from compliance.report.registry import FORMATS, get_format
from compliance.rulepacks.schema import Severity

from _reports import HOSTILE, XSS, example_report, hostile_report_data, party_finding, party_report

PLAIN = RenderOptions(color=False, width=100)


def render(name, report, options=PLAIN):
    return get_format(name).render(report, options)


@pytest.fixture(scope="module")
def motor():
    return example_report()


def test_every_issue_format_is_registered():
    assert set(FORMATS) == {"table", "json", "sarif", "junit", "markdown", "github", "gitlab", "csv", "html"}


# --- SARIF -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema():
    from conftest import SHARED

    if SHARED is None:
        pytest.skip("../shared is not present: the official SARIF 2.1.0 schema lives there")
    return json.loads((SHARED / "formats" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_of_the_motor_bom_is_valid_and_points_at_the_record_lines(motor, sarif_schema):
    doc = json.loads(render("sarif", motor))
    jsonschema.validate(doc, sarif_schema)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {f.rule_id for f in motor.findings} >= {"CN-MOFCOM-2025-18-DY"}
    assert rules["CN-MOFCOM-2025-18-DY"]["properties"]["security-severity"] == "8.0"  # high: GitHub's 7.0-8.9 band
    assert len(run["results"]) == len(motor.findings)
    spare = next(r for r in run["results"] if r["properties"]["subject"] == "MAG-SP-CN")
    assert spare["ruleId"] == "CN-MOFCOM-2025-18-DY" and spare["level"] == "error"
    loc = spare["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "examples/ev-traction-motor.csv"
    assert loc["region"]["startLine"] == 10  # the CSV line of MAG-SP-CN
    assert spare["partialFingerprints"]["complianceFinding/v1"] == next(
        f.fingerprint for f in motor.findings if f.subject.part_number == "MAG-SP-CN"
    )
    assert run["tool"]["driver"]["rules"][spare["ruleIndex"]]["id"] == spare["ruleId"]


def test_sarif_with_party_matches_waivers_and_baseline_is_valid(sarif_schema):
    findings = [
        party_finding("Huawei Technologies Co Ltd", 2, Severity.HIGH, "el-1", status=FindingStatus.WAIVED),
        party_finding(HOSTILE, 3, Severity.MEDIUM, "el-2", status=FindingStatus.BASELINE),
        party_finding("Acme", 4, Severity.INFO, "el-3"),
    ]
    findings[0] = replace(findings[0], waiver="W-7")
    doc = json.loads(render("sarif", party_report(findings)))
    jsonschema.validate(doc, sarif_schema)
    waived, base, info = doc["runs"][0]["results"]
    assert waived["suppressions"][0]["justification"] == "waiver W-7"
    assert base["baselineState"] == "unchanged" and info["baselineState"] == "new"
    assert info["level"] == "note"
    assert "entity-list [el-1] score 97" in waived["message"]["text"]


# --- JUnit -------------------------------------------------------------------------------


def _junit(report, tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(render("junit", report), encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_junit_has_one_testcase_per_screened_row_and_fails_the_magnet_rows(motor, tmp_path):
    xml = _junit(motor, tmp_path)
    suite, coverage = list(xml)  # the BOM, and what the run could not look at (one skipped case per gap)
    assert motor.coverage and [c.name for c in coverage] == [f"{g.kind}: {g.subject}" for g in motor.coverage]
    assert all(c.is_skipped for c in coverage) and coverage.failures == 0
    cases = list(suite)
    assert len(cases) == 11 == motor.summary.rows_screened
    failed = {c.name for c in cases if any(isinstance(r, Failure) for r in c.result)}
    expected = {f"row {f.subject.row}: {f.subject.part_number}" for f in motor.failing_findings()}
    assert "row 10: MAG-SP-CN" in failed == expected  # Chinese-origin Dy in the spare magnet: high
    assert suite.failures == len(expected) and suite.tests == 11
    passing = next(c for c in cases if c.name == "row 5: SHAFT-200")
    assert passing.is_passed


def test_junit_failures_follow_fail_on(tmp_path):
    report = party_report(fail_on="medium")
    cases = list(list(_junit(report, tmp_path))[0])
    assert len(cases) == 5
    failed = {c.name for c in cases if c.result}
    assert failed == {"row 2: Huawei Technologies Co Ltd", f"row 3: {HOSTILE}"}  # the low one passes
    none = list(list(_junit(party_report(fail_on="none"), tmp_path))[0])
    assert not any(c.result for c in none)


def test_junit_lists_rejected_rows_as_errors(motor, tmp_path):
    from compliance.model.records import Rejected

    report = replace(motor, rejected=[Rejected(file="examples/ev-traction-motor.csv", row=13, field="quantity", reason="not a number: 'x'")])
    cases = list(list(_junit(report, tmp_path))[0])
    errors = [c for c in cases if any(isinstance(r, Error) for r in c.result)]
    assert [c.name for c in errors] == ["row 13: rejected"]


# --- CSV ---------------------------------------------------------------------------------


def test_csv_neutralises_formula_cells_and_has_one_row_per_finding():
    text = render("csv", party_report())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    hostile = rows[1]
    assert hostile["party_name"] == "'" + HOSTILE  # '=HYPERLINK(...' would run in a spreadsheet
    assert hostile["matched_name"].startswith("'=")
    assert rows[2]["party_name"] == "'-2+3 Trading, Inc."
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert rows[0]["list"] == "entity-list" and rows[0]["score"] == "97.0"


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralise_each_dangerous_first_character(first):
    from compliance.report.csv import neutralise

    assert neutralise(first + "1+1") == "'" + first + "1+1"
    assert neutralise("a" + first) == "a" + first


# --- Markdown, GitHub, GitLab ------------------------------------------------------------


def test_markdown_table_cells_cannot_break_the_table_or_inject_html():
    text = render("markdown", party_report())
    rows = [l for l in text.splitlines() if l.startswith("| ") and "US-BIS" in l]
    assert len(rows) == 3
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 9  # 8 cells: the pipe in the name is escaped
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "❌ **2 open finding(s) at or above `high`**" not in text  # only one is high
    assert "1 open finding(s) at or above `high`" in text


def test_github_annotations_escape_properties_and_data():
    lines = render("github", party_report()).splitlines()
    ann = [l for l in lines if l.startswith("::")]
    assert ann[0].startswith("::error file=suppliers.csv,line=2,title=US-BIS-ENTITY-LIST (high%2C license-required)%3A Huawei")
    assert all("\n" not in a for a in ann)
    assert "%0A" in ann[0]  # the message's line breaks survive as %0A
    assert ann[1].startswith("::warning file=suppliers.csv,line=3,")
    assert ann[2].startswith("::notice ")


def test_github_annotations_are_capped_at_ten_per_level_and_say_so():
    findings = [party_finding(f"Party {i}", i + 2, Severity.HIGH, f"el-{i}") for i in range(25)]
    findings += [party_finding(f"Other {i}", i + 40, Severity.MEDIUM, f"em-{i}") for i in range(3)]
    ann = [l for l in render("github", party_report(findings)).splitlines() if l.startswith("::")]
    errors = [a for a in ann if a.startswith("::error")]
    assert len(errors) == 10
    assert "16 more error finding(s) not annotated" in errors[-1]
    assert len([a for a in ann if a.startswith("::warning")]) == 3


def test_gitlab_code_quality_maps_severity_and_skips_waived():
    findings = [
        party_finding("A", 2, Severity.CRITICAL, "e1"),
        party_finding("B", 3, Severity.HIGH, "e2", status=FindingStatus.WAIVED),
        party_finding("C", 4, Severity.MEDIUM, "e3", status=FindingStatus.BASELINE),
    ]
    issues = json.loads(render("gitlab", party_report(findings)))
    assert [i["severity"] for i in issues] == ["blocker", "major"]
    assert issues[0]["location"] == {"path": "suppliers.csv", "lines": {"begin": 2}}
    assert issues[0]["fingerprint"] == findings[0].fingerprint
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issues[0])


# --- HTML (static checks; the browser test is in test_report_html_browser.py) -------------


def test_html_is_self_contained_and_escapes_supplier_text():
    text = render("html", party_report())
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?https?:""", text)
    assert 'id="chart"' in text and 'data-group="entity-list"' in text


def test_html_of_a_report_with_xss_in_every_field_has_only_its_own_script_and_http_links():
    """The page's structure does not depend on the report: one script (hashed in the policy),
    no event-handler attribute, links only to http(s); every payload arrives as text."""
    import base64
    import hashlib
    from html.parser import HTMLParser

    from compliance.model.base import validate
    from compliance.model.report import Report

    class Elements(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags, self.scripts, self.text, self._in_script = [], [], [], False

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))
            self._in_script = tag == "script"
            if self._in_script:
                self.scripts.append("")

        def handle_endtag(self, tag):
            self._in_script = False

        def handle_data(self, data):
            if self._in_script:
                self.scripts[-1] += data
            else:
                self.text.append(data)

    text = render("html", validate(Report, hostile_report_data()))
    page = Elements()
    page.feed(text)
    assert [tag for tag, _ in page.tags if tag in ("script", "img", "iframe", "object", "embed", "base", "form")] == ["script"]
    assert not [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
    hrefs = [attrs["href"] for tag, attrs in page.tags if "href" in attrs]
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    [csp] = [attrs["content"] for tag, attrs in page.tags if attrs.get("http-equiv") == "Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in script_src
    assert "".join(page.text).count(XSS) >= 40  # shown literally, field by field


def test_html_markdown_and_sarif_link_only_http_citation_urls():
    from compliance.report.describe import safe_url

    assert safe_url("https://www.ecfr.gov/current/title-15") == "https://www.ecfr.gov/current/title-15"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//evil.example", "vbscript:x", ""):
        assert safe_url(bad) is None
    from compliance.model.base import validate
    from compliance.model.report import Report

    hostile = validate(Report, hostile_report_data())  # citation URL "javascript:..."
    assert "](javascript:" not in render("markdown", hostile)
    sarif = json.loads(render("sarif", hostile))
    assert all("helpUri" not in r and "](javascript:" not in r["help"]["markdown"] for r in sarif["runs"][0]["tool"]["driver"]["rules"])


# --- Table -------------------------------------------------------------------------------


def test_table_fits_80_columns_without_colour(motor):
    text = render("table", motor, RenderOptions(color=False, width=80))
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert f"FAIL: {len(motor.failing_findings())} open finding(s) at or above high" in text
    assert "MAG-SP-CN" in text and "CN-MOFCOM-2025-18-DY" in text


def test_table_shows_match_evidence_for_party_findings():
    text = render("table", party_report(), RenderOptions(color=False, width=200))
    assert "entity-list · score 97" in text  # the default view: list and score
    text = render("table", party_report(), RenderOptions(color=False, width=200, details=True))
    assert "on entity-list [el-huawei-1] score 97" in text  # --details: the full match


def test_no_color_env_disables_colour(monkeypatch):
    from compliance.cli import common

    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert common.color_enabled() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert common.color_enabled() is False


def test_table_prints_the_most_severe_findings_and_counts_the_rest():
    from compliance.report.table import MAX_TERMINAL_FINDINGS

    findings = [party_finding(f"Low {i}", i + 2, Severity.LOW, f"l-{i}") for i in range(MAX_TERMINAL_FINDINGS)]
    findings.append(party_finding("Critical One", 999, Severity.CRITICAL, "c-1"))
    text = render("table", party_report(findings), RenderOptions(color=False, width=120))
    assert "Critical One" in text
    assert "1 more finding(s), less or equally severe, not shown here" in text


def test_markdown_of_a_huge_report_stays_under_githubs_1_mib_job_summary_limit():
    findings = [party_finding(f"Supplier {i} " + "x" * 80, i + 2, Severity.HIGH, f"e-{i}") for i in range(3000)]
    text = render("markdown", party_report(findings))
    assert len(text.encode("utf-8")) < 1024 * 1024
    assert "2000 more finding(s), less or equally severe, are not listed here" in text


def test_sarif_keeps_the_most_severe_results_within_githubs_per_run_limit(monkeypatch):
    from compliance.report import sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    findings = [party_finding(f"Low {i}", i + 2, Severity.LOW, f"l-{i}") for i in range(4)]
    findings.append(party_finding("Critical One", 99, Severity.CRITICAL, "c-1"))
    run = json.loads(render("sarif", party_report(findings)))["runs"][0]
    assert len(run["results"]) == 3 and run["properties"]["omitted_results"] == 2
    assert run["results"][0]["properties"]["subject"] == "Critical One"


def test_nested_evidence_reads_as_one_line_in_every_format():
    finding = replace(
        party_finding("Acme", 2, Severity.HIGH, "e-1"),
        evidence={"matches": [{"basis": "element", "matched": "Dy", "note": None}, {"basis": "class", "matched": "Dy-NdFeB"}]},
    )
    report = party_report([finding])
    expected = "basis=element, matched=Dy; basis=class, matched=Dy-NdFeB"
    assert f"matches: {expected}" in render("table", report, RenderOptions(color=False, width=200, details=True))
    assert f"matches={expected}" in render("csv", report)
    assert "{'basis'" not in render("html", report) + render("sarif", report) + render("junit", report)
