"""Names and part numbers reach the terminal literally: rich markup in them is shown as
written, escape sequences and control characters are removed."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

from hypothesis import given, strategies as st

from compliance.report.interface import RenderOptions
from compliance.report.registry import get_format
from compliance.rulepacks.schema import Severity
from compliance.support.terminal import printable

from _reports import party_finding, party_report

ESCAPES = "\x1b[2J\x1b[31m\x1b]0;window title\x07\x9b1m\r\x08\u202e"


def _no_controls(text: str) -> bool:
    return not any(unicodedata.category(c) == "Cc" and c != "\n" or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for c in text)


def test_screen_table_shows_markup_literally_and_strips_escapes(tmp_path):
    parties = tmp_path / "suppliers.csv"
    parties.write_text(
        "name,country\n"
        "Huawei Technologies Co Ltd [/],CN\n"
        "\x1b[mHuawei Technologies Co Ltd,CN\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", "screen", "parties", parties.name, "-f", "table", "--fail-on", "none", "--as-of", "2026-11-30"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr  # `[/]` was an internal error (exit 2)
    assert "Huawei Technologies Co Ltd [/]" in proc.stdout
    assert "Huawei Technologies Co Ltd  (suppliers.csv:3)" in proc.stdout  # found, shown without escapes
    assert _no_controls(proc.stdout), repr(proc.stdout)


def test_every_report_field_in_the_table_is_literal():
    hostile = f"[link=https://evil.example]X[/link] [/] {ESCAPES}"
    finding = party_finding(f"ACME {hostile}", 2, Severity.HIGH, f"el-{hostile}")
    report = party_report([finding])
    report.warnings.append(f"waiver {hostile} expired")
    text = get_format("table").render(report, RenderOptions(color=False, width=400))
    assert "[link=https://evil.example]X[/link] [/]" in text
    assert "waiver [link=https://evil.example]X[/link]" in text
    assert _no_controls(text)


@given(st.text())
def test_printable_leaves_no_control_character_and_keeps_ordinary_text(text):
    shown = printable(text)
    assert _no_controls(shown) and "\n" not in shown
    assert printable(shown) == shown
    if _no_controls(text) and "\n" not in text and "\t" not in text:
        assert shown == text
