"""Every malformed rule pack gets one message naming file, line and field, and exit 2."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from compliance.model.errors import RulePackError
from compliance.rulepacks.loader import load_pack, load_rules

GOOD = """\
id: test-pack
title: Test pack
jurisdiction: XX
authority: Test authority
version: "1"
reviewed: 2026-11-28
sources:
  - title: A source
    url: https://example.org/source
rules:
  - id: TEST-1
    title: First rule
    kind: controlled-item
    conditions:
      origin: [CN]
      items:
        - description: Dy metal
          elements: [Dy]
    outcome: license-required
    severity: high
    citation:
      document: Test document
      url: https://example.org/doc
    validity:
      effective: 2025-04-04
      suspended:
        - from: 2025-11-07
          to: 2026-11-10
          citation:
            document: Test suspension
            url: https://example.org/suspension
"""


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    return str(info.value)


def test_good_pack_loads(tmp_path):
    loaded = load_pack(write(tmp_path, GOOD))
    assert loaded.pack.rules[0].validity.suspended[0].to.isoformat() == "2026-11-10"


def test_invalid_date_names_line_and_field(tmp_path):
    path = write(tmp_path, GOOD.replace("to: 2026-11-10", "to: 2026-13-01"))
    assert error_of(path) == f"{path}:28: rules[0].validity.suspended[0].to: invalid date '2026-13-01'"


def test_unknown_key_is_an_error(tmp_path):
    path = write(tmp_path, GOOD.replace("    outcome: license-required", "    outcom: license-required\n    outcome: license-required"))
    assert error_of(path) == f"{path}:19: rules[0].outcom: unknown key"


def test_missing_citation(tmp_path):
    text = GOOD.replace("    citation:\n      document: Test document\n      url: https://example.org/doc\n", "")
    path = write(tmp_path, text)
    assert error_of(path) == f"{path}:11: rules[0].citation: required field is missing"


def test_citation_needs_url(tmp_path):
    path = write(tmp_path, GOOD.replace("      url: https://example.org/doc\n", ""))
    assert error_of(path) == f"{path}:21: rules[0].citation.url: required field is missing"


def test_duplicate_rule_id_within_pack(tmp_path):
    second = GOOD.split("rules:\n", 1)[1]
    path = write(tmp_path, GOOD + second)
    message = error_of(path)
    assert message == f"{path}:32: rules[1].id: duplicate rule id 'TEST-1' (first at rules[0])"


def test_duplicate_rule_id_across_packs(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("id: test-pack", "id: other-pack"), "b.yaml")
    with pytest.raises(RulePackError) as info:
        load_rules([tmp_path], include_bundled=False)
    assert str(info.value) == f"{tmp_path / 'b.yaml'}:11: rules[0].id: duplicate rule id 'TEST-1' (also defined in {tmp_path / 'a.yaml'})"


def test_suspension_ending_before_it_starts(tmp_path):
    path = write(tmp_path, GOOD.replace("to: 2026-11-10", "to: 2025-01-01"))
    assert error_of(path) == (
        f"{path}:28: rules[0].validity.suspended[0].to: suspension ends (2025-01-01) before it starts (2025-11-07)"
    )


def test_bad_enum_value(tmp_path):
    path = write(tmp_path, GOOD.replace("outcome: license-required", "outcome: maybe"))
    assert error_of(path).startswith(f"{path}:19: rules[0].outcome: invalid value 'maybe'")


def test_duplicate_yaml_key(tmp_path):
    path = write(tmp_path, GOOD.replace("title: Test pack\n", "title: Test pack\ntitle: Again\n"))
    assert error_of(path) == f"{path}:3: title: duplicate key 'title'"


def test_python_object_tag_refused(tmp_path):
    path = write(tmp_path, GOOD.replace('version: "1"', "version: !!python/object/apply:os.system ['true']"))
    assert "unsupported tag tag:yaml.org,2002:python/object/apply:os.system" in error_of(path)


def test_yaml_syntax_error_has_line(tmp_path):
    path = write(tmp_path, GOOD.replace("    kind: controlled-item", "    kind: [controlled-item"))
    assert error_of(path).startswith(f"{path}:")


def test_alias_bomb_is_refused(tmp_path):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        bomb += f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    path = write(tmp_path, bomb)
    assert "unfolds into more than" in error_of(path)


def test_cli_validate_exits_2_with_one_line(tmp_path):
    path = write(tmp_path, GOOD.replace("to: 2026-11-10", "to: 2026-13-01"))
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", "rules", "validate", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"compliance: error: {path}:28: rules[0].validity.suspended[0].to: invalid date '2026-13-01'"
    assert "Traceback" not in proc.stderr


def test_cli_validate_accepts_good_pack(tmp_path):
    path = write(tmp_path, GOOD)
    proc = subprocess.run([sys.executable, "-m", "compliance", "rules", "validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: 1 pack(s), 1 rule(s)")


def test_bundled_packs_validate():
    rules = load_rules()
    assert len(rules.rules) >= 19
    assert {p.pack.jurisdiction for p in rules.packs} >= {"CN"}


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "data:text/html,<script>x</script>", "file:///etc/passwd", "example.org/doc"])
def test_a_citation_url_must_be_http_or_https(tmp_path, url):
    path = write(tmp_path, GOOD.replace("url: https://example.org/doc", f"url: {url!r}"))
    assert error_of(path) == f"{path}:23: rules[0].citation.url: not an http(s) URL: {url!r}"
