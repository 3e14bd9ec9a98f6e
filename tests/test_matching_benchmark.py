"""The matching speed benchmarks' own logic. benchmarks/matching.py splits a search's time into the steps
NameIndex.search takes: each step is timed where search calls it, the steps never add up to more than the search,
and the matcher is left as it was. benchmarks/instructions.py reads callgrind's count and measures the other
revision's own files."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

from compliance.lists.model import ListedParty
from compliance.matching import index as index_module
from compliance.matching.bound import QueryBound
from compliance.matching.index import NameIndex

# loaded by path: "matching" is also the name of the tests' own package
_SPEC = importlib.util.spec_from_file_location("matching_benchmark",
                                               Path(__file__).resolve().parents[1] / "benchmarks" / "matching.py")
matching = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(matching)


def _index() -> NameIndex:
    return NameIndex([ListedParty(id="t:1", list="t", names=["Huawei Technologies Co., Ltd."]),
                      ListedParty(id="t:2", list="t", names=["Hangzhou Hikvision Digital Technology Co., Ltd."]),
                      ListedParty(id="t:3", list="t", names=["Huawei Device Co., Ltd."])])


def test_each_step_is_timed_where_search_calls_it():
    index = _index()
    rows = matching.phase_split(index, ["Huawai Technologies Co Ltd", "Northwind Trading", "Hikvison Digital"], 85)
    assert len(rows) == 3
    for total, steps in rows:
        assert set(steps) == set(matching.PHASES)
        assert steps["normalise"] > 0 and steps["candidates"] > 0
        assert sum(steps.values()) <= total
    huawai, northwind, _ = (steps for _, steps in rows)
    assert huawai["align"] > 0  # a listed name reaches the threshold's neighbourhood and is aligned
    assert northwind["align"] == 0 and northwind["bound"] == 0  # no candidate: nothing bounded or aligned


def test_the_matcher_is_left_as_it_was():
    originals = (index_module.normalize_name, index_module.align, NameIndex.candidates, QueryBound.__init__,
                 QueryBound.bound)
    index = _index()
    before = [(h.party.id, h.score) for h in index.search("Huawai Technologies Co Ltd", threshold=85)]
    matching.phase_split(index, ["Huawai Technologies Co Ltd"], 85)
    assert (index_module.normalize_name, index_module.align, NameIndex.candidates, QueryBound.__init__,
            QueryBound.bound) == originals
    assert [(h.party.id, h.score) for h in index.search("Huawai Technologies Co Ltd", threshold=85)] == before


def test_the_report_names_the_largest_step(capsys):
    rows = [(0.001, {"normalise": 0.0001, "candidates": 0.0006, "bound": 0.0002, "align": 0.00005})] * 10
    matching.report_phases(rows)
    out = capsys.readouterr().out
    assert "needs 5.0x" in out and "(candidates)" in out and "0.400 ms" in out


def _instructions():
    spec = importlib.util.spec_from_file_location("instructions_benchmark",
                                                  Path(__file__).resolve().parents[1] / "benchmarks" / "instructions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_instruction_count_is_read_from_callgrinds_summary(tmp_path):
    instructions = _instructions()
    out = tmp_path / "callgrind.out"
    out.write_text("version: 1\ncmd: python\nevents: Ir\nfl=x\n0 5\nsummary: 6659123456\ntotals: 6659123456\n")
    assert instructions.callgrind_total(out) == 6_659_123_456
    out.write_text("version: 1\nevents: Ir\n")
    with pytest.raises(ValueError, match="no summary line"):  # never read as zero instructions
        instructions.callgrind_total(out)


def test_a_revision_is_exported_whole(tmp_path):
    """The other tree is the revision's own files (git archive), so its code, not this tree's, is measured."""
    repo = Path(__file__).resolve().parents[1]
    if subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout: no revision to export")
    tree = _instructions().export_tree("HEAD", tmp_path / "base")
    assert (tree / "compliance" / "matching" / "index.py").is_file()
    assert (tree / "entity_lists").is_dir()


def test_a_revision_that_does_not_exist_stops_with_gits_own_words(tmp_path):
    repo = Path(__file__).resolve().parents[1]
    if subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout: no revision to export")
    with pytest.raises(SystemExit, match="git failed") as stopped:
        _instructions().export_tree("no-such-revision", tmp_path / "base")
    assert "no-such-revision" in str(stopped.value)
