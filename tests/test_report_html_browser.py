"""The HTML report in a real browser (Debian's chromium, headless, driven by Playwright):
the verdict table, the summary, the chart and the findings table render, the filters and
sort work, and an officer sees the verdicts and the first finding without scrolling.

Skips with a reason when chromium or Playwright is missing (.ci/run installs both)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import json

import pytest

from compliance.report.interface import RenderOptions
from compliance.report.registry import get_format
from compliance.rulepacks.schema import Severity

from _reports import HOSTILE, REPO, XSS, example_report, hostile_report_data, party_finding, party_report

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def open_report(browser, report, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(get_format("html").render(report, RenderOptions(color=False)), encoding="utf-8")
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(path.as_uri())
    return page, requests, errors


def visible_rows(page):
    return page.locator("#findings tbody tr.finding:visible")


def test_real_report_renders_summary_chart_and_table_offline(browser, tmp_path):
    report = example_report()
    page, requests, errors = open_report(browser, report, tmp_path)
    assert errors == []
    assert [u for u in requests if not u.startswith("file:")] == []  # nothing fetched from the network
    assert page.locator("#stats .card[data-key=findings] b").inner_text() == str(report.summary.total)
    bars = page.locator("#chart rect.bar")
    assert bars.count() >= 1
    assert sum(int(bars.nth(i).get_attribute("data-count")) for i in range(bars.count())) == report.summary.total
    box = page.locator("#chart").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 30  # laid out, not collapsed
    assert visible_rows(page).count() == report.summary.total
    assert page.locator("#shown-count").inner_text() == f"{report.summary.total} of {report.summary.total} shown"
    page.close()


def test_filter_by_text_severity_and_status_and_sort(browser, tmp_path):
    findings = [
        party_finding("Huawei Technologies Co Ltd", 2, Severity.HIGH, "el-1"),
        party_finding(HOSTILE, 3, Severity.MEDIUM, "el-2"),
        party_finding("Acme Trading", 4, Severity.LOW, "el-3"),
    ]
    page, _, errors = open_report(browser, party_report(findings), tmp_path)
    assert errors == []  # the hostile name's <script>alert(1)</script> did not run
    page.fill("#filter-text", "ACME")  # case-insensitive, over the whole row
    assert visible_rows(page).count() == 1
    assert "Acme Trading" in visible_rows(page).first.inner_text()
    assert page.locator("#shown-count").inner_text() == "1 of 3 shown"
    page.fill("#filter-text", "")
    page.select_option("#filter-severity", "medium")
    assert visible_rows(page).count() == 1
    assert "<script>alert(1)</script>" in visible_rows(page).first.inner_text()  # shown as text
    page.select_option("#filter-severity", "")
    page.select_option("#filter-status", "waived")
    assert visible_rows(page).count() == 0
    page.select_option("#filter-status", "")
    assert visible_rows(page).count() == 3
    # sort by severity: first click ascending (low first), second descending
    header = page.locator("#findings thead th").first
    header.click()
    assert page.locator("#findings tbody tr.finding").first.get_attribute("data-severity") == "low"
    header.click()
    assert page.locator("#findings tbody tr.finding").first.get_attribute("data-severity") == "high"
    # evidence opens
    page.locator("#findings tbody tr.finding").first.locator("details summary").click()
    assert "el-1" in page.locator("#findings tbody tr.finding").first.locator("details").inner_text()
    page.close()


def test_a_report_with_xss_in_every_string_field_runs_no_injected_script(browser, tmp_path):
    """`report render` of a crafted JSON report: every string the schema accepts holds a
    payload (closing quotes and tags, <script>, an onerror handler, a javascript: URL)."""
    import json

    from compliance.cli import main

    source = tmp_path / "crafted.json"
    source.write_text(json.dumps(hostile_report_data()), encoding="utf-8")
    out = tmp_path / "crafted.html"
    with pytest.raises(SystemExit) as done:
        main(["report", "render", str(source), "-f", f"html={out}", "--fail-on", "none"])
    assert done.value.code == 0
    page = browser.new_page()
    errors, violations = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(out.as_uri())
    links = page.locator("a[href]")
    for i in range(links.count()):
        assert links.nth(i).get_attribute("href").startswith(("http://", "https://"))
    for i in range(links.count()):
        links.nth(i).click(modifiers=["Control"], no_wait_after=True)  # a javascript: link would run here
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert errors == []
    assert page.locator("#shown-count").inner_text().endswith("shown")  # the page's own script did run
    assert XSS in page.locator("#findings").inner_text()  # payloads are shown as text
    page.close()


def test_an_officer_sees_the_verdict_table_and_the_first_finding_above_the_fold(browser, tmp_path):
    """At 1400x900 the verdict table and the first finding are on screen; the screenshot is
    kept under the test's tmp dir (CI uploads it as an artifact)."""
    page, _, errors = open_report(browser, example_report(as_of="2026-11-28"), tmp_path)
    page.set_viewport_size({"width": 1400, "height": 900})
    shot = tmp_path / "report-above-the-fold.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000 and errors == []
    keep = os.environ.get("COMPLIANCE_ARTIFACTS_DIR")  # .ci/run sets it; CI uploads the folder
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
    table = page.locator("#verdict-table").bounding_box()
    first = page.locator("#findings tbody tr.finding").first.bounding_box()
    assert table and table["y"] < 900 and table["height"] > 50
    assert first and first["y"] + 40 < 900, f"first finding starts at {first['y']}px"
    rows = page.locator("#verdict-table tbody tr.subject:visible")
    assert rows.count() == 5  # the flagged parts; the 6 clear ones are counted in one line
    assert "LICENCE REQUIRED" in rows.first.inner_text() and "you as exporter" in rows.first.inner_text()
    assert "clear: 6 parts screened with no finding" in page.locator("#clear-line").inner_text()
    finding = page.locator("#findings tbody tr.finding").first
    assert "VERIFY" in finding.inner_text() and "checked as written" in finding.inner_text()
    assert "who must act" in page.locator("#findings thead").inner_text()
    assert "Not legal advice" in page.locator("header").inner_text()
    page.close()


def test_filters_by_verdict_role_and_list_act_on_both_tables(browser, tmp_path):
    from compliance.cli import main

    out, data = tmp_path / "parties.html", tmp_path / "parties.json"
    with pytest.raises(SystemExit):
        main(["screen", "parties", str(REPO / "examples" / "counterparties.csv"), "--as-of", "2026-11-28",
              "-f", f"html={out}", "-f", f"json={data}"])
    verdicts = [s["verdict"] for s in json.loads(data.read_text(encoding="utf-8"))["subjects"]]
    prohibited, clear = verdicts.count("prohibited"), verdicts.count("clear")
    assert prohibited and clear
    page = browser.new_page()
    page.goto(out.as_uri())
    subjects = page.locator("#verdict-table tbody tr.subject:visible")
    flagged = subjects.count()
    page.select_option("#filter-verdict", "prohibited")
    assert subjects.count() == prohibited and all("PROHIBITED" in subjects.nth(i).inner_text() for i in range(prohibited))
    assert all(visible_rows(page).nth(i).get_attribute("data-verdict") == "prohibited" for i in range(visible_rows(page).count()))
    page.select_option("#filter-verdict", "clear")
    assert subjects.count() == clear  # clear ones are listed when asked for
    page.select_option("#filter-verdict", "")
    page.select_option("#filter-role", "supplier")
    assert all(subjects.nth(i).get_attribute("data-role") == "supplier" for i in range(subjects.count()))
    page.select_option("#filter-role", "")
    page.select_option("#filter-list", "ofac-ns-cmic")
    assert 0 < subjects.count() < flagged
    # information sits in its own band, never beside a licence requirement
    info = page.locator("#findings tbody[data-band=information] tr.finding")
    assert info.count() > 0 and all(info.nth(i).get_attribute("data-severity") in ("low", "info") for i in range(info.count()))
    assert page.locator("#findings tbody[data-band=obligation] tr.finding", has_text="US-OFAC-NSCMIC").count() == 0
    page.close()
