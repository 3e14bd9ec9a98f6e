"""Traditional → simplified: a Han name OpenCC's t2s tables would not change skips loading them,
and every text comes back exactly as OpenCC converts it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from compliance.matching import han

_OPENCC = OpenCC("t2s")
_CHARS, _PHRASES = han._changing()
#: characters t2s changes, what it changes them to, characters it leaves, and the pieces of
#: phrases it changes though their characters alone stay (反覆 → 反复)
_ALPHABET = sorted(_CHARS)[::40] + list("汤团华为深圳市大疆创新科技有限公司沈") \
    + sorted({ch for phrase in _PHRASES for ch in phrase}) + ["-", " ", "A"]


@given(st.lists(st.sampled_from(_ALPHABET), max_size=12).map("".join))
@settings(max_examples=400, deadline=None)
def test_any_text_comes_back_as_opencc_converts_it(text):
    assert han.to_simplified(text) == _OPENCC.convert(text)


@pytest.mark.parametrize("phrase", _PHRASES[:20])
def test_phrases_t2s_changes_though_no_character_alone_changes_are_converted(phrase):
    assert han.to_simplified(phrase) == _OPENCC.convert(phrase) != phrase


def test_a_simplified_name_is_returned_without_loading_opencc(monkeypatch):
    han._converter.cache_clear()
    monkeypatch.setattr(han, "_converter", lambda: pytest.fail("OpenCC loaded for a simplified name"))
    assert han.to_simplified("深圳市大疆创新科技有限公司") == "深圳市大疆创新科技有限公司"


def test_traditional_characters_are_converted():
    assert han.to_simplified("商湯集團") == "商汤集团"


def test_the_table_comes_from_the_warm_cache_and_is_what_the_files_give(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path))
    derived = han._read_changing(han._t2s_tables())
    han._changing.cache_clear()
    try:
        assert han._changing() == derived
        assert list(tmp_path.glob("t2s-changing-*.pickle"))
        han._changing.cache_clear()
        monkeypatch.setattr(han, "_read_changing", lambda paths: pytest.fail("tables read again on a warm run"))
        assert han._changing() == derived
    finally:
        han._changing.cache_clear()
