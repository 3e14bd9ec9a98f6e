"""Substance spellings a BOM author uses resolve to the same element, or to a suggestion."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from compliance.readers.substances import resolve, suggest, table

SYMBOLS = sorted(s for s, e in table().exact.items() if e.canonical == s and len(s) <= 2 and s.isalpha())
FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"}


@given(st.sampled_from(SYMBOLS), st.sampled_from([str.lower, str.upper, str, lambda s: "".join(FULL_WIDTH[c] for c in s)]))
def test_a_symbol_in_one_case_or_full_width_is_its_element(symbol, spell):
    assert resolve(spell(symbol)).canonical == symbol


def test_mixed_case_that_is_not_the_symbol_is_refused():
    assert resolve("cO") is None and resolve("dY") is None


@pytest.mark.parametrize("written, canonical", [
    ("镝", "Dy"), ("铽", "Tb"), ("钐", "Sm"), ("钆", "Gd"), ("镥", "Lu"), ("钪", "Sc"), ("钇", "Y"), ("镓", "Ga"),
    ("锗", "Ge"), ("锑", "Sb"), ("钨", "W"), ("碲", "Te"), ("铋", "Bi"), ("钼", "Mo"), ("铟", "In"), ("石墨", "graphite"),
    ("dysprosium", "Dy"), ("TERBIUM", "Tb"), ("silicon", "Si"), ("dy2o3", "Dy2O3"), ("Ｄｙ２Ｏ３", "Dy2O3"),
    ("1308-87-8", "Dy2O3"), ("7440-27-9", "Tb"), ("氧化镝", "Dy2O3"),
])
def test_names_formulas_and_cas_numbers(written, canonical):
    assert resolve(written).canonical == canonical


@pytest.mark.parametrize("typo, meant", [("Dysprosum", "Dysprosium (Dy)"), ("Dy203", "Dy2O3"), ("Terbum", "Terbium (Tb)"), ("Ga203", "Ga2O3")])
def test_typos_get_a_suggestion_not_a_silent_resolution(typo, meant):
    assert resolve(typo) is None
    assert suggest(typo)[0] == meant
