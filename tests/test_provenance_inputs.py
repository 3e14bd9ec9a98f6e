"""Every file and setting that changes a result is hashed into the report, and no output
may be written over any file the run read."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from _reports import EXAMPLE, REPO
from test_gate_cli import json_of, run, write_waivers

PRICES = REPO / "rules" / "cn" / "reference-prices.yaml"


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folder(tmp_path):
    """A BOM with its own header (needs the mapping), a price table, a waiver file, a config file."""
    text = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "bom.csv").write_text(text.replace("part_number,", "Material,", 1), encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text("columns:\n  part_number: Material\n", encoding="utf-8")
    shutil.copy(PRICES, tmp_path / "prices.yaml")
    write_waivers(tmp_path)
    (tmp_path / "compliance.yaml").write_text("fail_on: medium\n", encoding="utf-8")
    return tmp_path


def _screen(folder, *extra):
    return run("screen", "bom", "bom.csv", "--as-of", "2026-01-01", "--mapping", "mapping.yaml", "--prices", "prices.yaml",
               "--decimal-separator", "point", *extra, cwd=folder)


def test_price_table_mapping_waivers_config_and_decimal_separator_are_in_the_provenance(folder):
    report = json_of(_screen(folder, "-f", "json"))
    files = {f["role"]: (f["path"], f["sha256"]) for f in report["provenance"]["files"]}
    assert files["price table"] == ("prices.yaml", _sha(folder / "prices.yaml"))
    assert files["column mapping"] == ("mapping.yaml", _sha(folder / "mapping.yaml"))
    assert files["waivers"] == (".compliance-waivers.yaml", _sha(folder / ".compliance-waivers.yaml"))
    assert files["config"] == ("compliance.yaml", _sha(folder / "compliance.yaml"))
    assert report["provenance"]["settings"]["decimal_separator"] == "point"
    (folder / "prices.yaml").write_text((folder / "prices.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = json_of(_screen(folder, "-f", "json"))
    assert {f["role"]: f["sha256"] for f in again["provenance"]["files"]}["price table"] == _sha(folder / "prices.yaml") != files["price table"][1]


def test_the_bundled_price_table_is_hashed_too(tmp_path):
    report = json_of(run("screen", "bom", EXAMPLE, "--as-of", "2026-01-01", "-f", "json", cwd=tmp_path))
    [prices] = [f for f in report["provenance"]["files"] if f["role"] == "price table"]
    assert prices == {"role": "price table", "path": "bundled:rules/cn/reference-prices.yaml", "sha256": _sha(PRICES)}


@pytest.mark.parametrize("victim", ["prices.yaml", "mapping.yaml", ".compliance-waivers.yaml", "compliance.yaml", "baseline.json", "bom.csv"])
def test_no_output_is_written_over_any_file_the_run_read(folder, victim):
    baseline = json_of(_screen(folder, "-f", "json"))
    (folder / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    before = (folder / victim).read_bytes()
    proc = _screen(folder, "--baseline", "baseline.json", "-f", f"json={victim}", "-f", "html=out.html")
    assert proc.returncode == 2 and f"output {victim} is an input file" in proc.stderr
    assert (folder / victim).read_bytes() == before


def test_a_record_reference_built_fast_is_the_one_the_class_builds():
    """The BOM pipeline builds a RecordRef per line without the keyword call: every field
    set, equal to RecordRef(...) (a new field breaks this test)."""
    import dataclasses

    from compliance.model.report import RecordRef, record_ref

    for role in (None, "supplier"):
        fast, slow = record_ref(12, "P-7", role), RecordRef(row=12, id="P-7", role=role)
        assert all(hasattr(fast, f.name) for f in dataclasses.fields(RecordRef))
        assert fast == slow and repr(fast) == repr(slow)
