"""Inputs the fuzzers found crashing a reader; each must now give a clear user error."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.model.errors import ComplianceError, RulePackError
from compliance.rulepacks.loader import pack_from_document
from compliance.support.yamlfile import load_yaml_text

FUZZ = Path(__file__).resolve().parent / "data" / "bad" / "fuzz"


@pytest.mark.parametrize("path", sorted(FUZZ.glob("yaml-*")), ids=lambda p: p.name)
def test_yaml_crashers_give_user_errors(path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    with pytest.raises(ComplianceError) as info:
        pack_from_document(load_yaml_text(text, path.name, RulePackError))
    assert str(info.value).startswith(path.name)


def test_control_character_names_its_line():
    with pytest.raises(RulePackError) as info:
        load_yaml_text("a: 1\nb: x\x0by\n", "pack.yaml", RulePackError)
    assert str(info.value) == "pack.yaml:2: invalid YAML: control character U+000B is not allowed"


@pytest.mark.parametrize(
    "text,message",
    [
        ("a: &a [1, *a]\n", "recursive alias"),
        ("a: &a {b: 1, <<: *a}\n", "pack.yaml:1"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("a:\n" + "".join("  " * i + f" k{i}:\n" for i in range(1, 80)), "nested"),
    ],
)
def test_recursive_and_deep_documents_are_refused(text, message):
    with pytest.raises(RulePackError) as info:
        load_yaml_text(text, "pack.yaml", RulePackError)
    assert message in str(info.value)


def _read_bom_or_user_error(path):
    from compliance.readers.bom import read_bom

    try:
        result = read_bom(path, path.name)
    except ComplianceError as exc:
        return exc
    assert result.rows_read == len(result.lines) + len(result.rejected)
    return None


#: Crashers found by the reader harnesses (xlsx-*, csv-*, xml-*), in one parametrisation so
#: that a harness with no crasher yet adds no empty, skipped test.
READER_CRASHERS = sorted(p for p in FUZZ.iterdir() if p.name.startswith(("xlsx-", "csv-", "xml-")))


@pytest.mark.parametrize("path", READER_CRASHERS, ids=lambda p: p.name)
def test_reader_crashers_give_user_errors_or_account_for_every_row(path):
    """XLSX and XML crashers must be refused naming the file; CSV ones may also read, losing no row."""
    if path.name.startswith("xml-"):
        from compliance.readers.ipc1752 import read_ipc1752

        with pytest.raises(ComplianceError) as info:
            read_ipc1752(path, path.name)
        assert str(info.value).startswith(path.name)
        return
    error = _read_bom_or_user_error(path)
    if path.name.startswith("xlsx-"):
        assert error is not None
    assert error is None or str(error).startswith(path.name)
