"""Property tests for the text escaping and parsing every format and the waiver file rely on."""

from __future__ import annotations

import csv
import io
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.model.errors import ComplianceError
from compliance.gate import load_waivers
from compliance.report.csv import FORMULA_START, neutralise
from compliance.report.github import escape_data, escape_property
from compliance.report.interface import RenderOptions
from compliance.report.load import load_report
from compliance.report.markdown import cell
from compliance.report.registry import get_format
from compliance.rulepacks.schema import Severity

from _reports import party_finding, party_report

names = st.text(min_size=1, max_size=60).filter(lambda s: s.strip())


@given(st.text())
def test_csv_cells_never_start_a_formula_and_keep_the_text(text):
    out = neutralise(text)
    assert not out.startswith(FORMULA_START)
    assert out == text or out == "'" + text


def _unescape(text: str) -> str:
    for code, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(code, char)
    return text


@given(st.text())
def test_github_escaping_is_reversible_and_leaves_no_separators(text):
    prop = escape_property(text)
    assert not re.search(r"[,:\r\n]", prop)
    assert _unescape(prop) == text
    assert "\n" not in escape_data(text) and _unescape(escape_data(text)) == text


@given(st.text())
def test_markdown_cells_stay_on_one_line_and_escape_pipes_and_html(text):
    out = cell(text)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"(?<!\\)\|", out)
    assert "<" not in out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(names, st.sampled_from(list(Severity))), min_size=0, max_size=5))
def test_json_report_round_trips_and_every_format_renders(tmp_path, parties):
    findings = [party_finding(name, row + 2, sev, f"e-{row}") for row, (name, sev) in enumerate(parties)]
    report = party_report(findings)
    text = get_format("json").render(report, RenderOptions(color=False))
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    assert get_format("json").render(load_report(path), RenderOptions(color=False)) == text
    for name in ("csv", "junit", "markdown", "github", "gitlab", "sarif", "html", "table"):
        assert get_format(name).render(report, RenderOptions(color=False, width=80))
    rows = list(csv.DictReader(io.StringIO(get_format("csv").render(report, RenderOptions()))))
    assert len(rows) == len(findings)
    assert len(json.loads(get_format("sarif").render(report, RenderOptions()))["runs"][0]["results"]) == len(findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_waiver_file_is_read_or_refused_with_a_located_error(tmp_path, text):
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_waivers(path)
    except ComplianceError as exc:
        assert str(exc).startswith(str(path))


values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.dates().map(str), st.lists(st.text(max_size=5), max_size=2))
fields = st.sampled_from(["id", "rule", "match", "justification", "approved_by", "approved_on", "expires", "extra"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dictionaries(fields, st.one_of(values, st.dictionaries(st.sampled_from(["part_number", "party", "fingerprint", "x"]), values, max_size=2)), max_size=7), max_size=3))
def test_any_waiver_structure_is_read_or_refused_with_file_and_line(tmp_path, items):
    import yaml

    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump({"waivers": items}), encoding="utf-8")
    try:
        waivers = load_waivers(path)
    except ComplianceError as exc:
        assert re.match(re.escape(str(path)) + r":\d+: ", str(exc)), str(exc)
    else:
        assert len(waivers) == len(items)
