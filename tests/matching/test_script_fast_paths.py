"""scripts.py and pinyin.py read a name with fewer Python steps and give exactly what they gave before: the
script of a character is remembered per character, and the Latin and the Cyrillic or Greek letters that decide
homoglyph folding are counted by character classes; a word that no syllable starts or ends as it does is no pinyin
without trying its splits. The references are those steps as they were written before, compared on random text in
many scripts (Latin with diacritics, Cyrillic and Greek look-alikes, CJK, Arabic, Hangul, digits and punctuation),
on every character of the ranges the classes name and their neighbours, and on pinyin words and near-pinyin ones.
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from compliance.matching import pinyin, scripts
from compliance.matching.scripts import HOMOGLYPHS, fold_homoglyphs, script_of


def _reference_is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f"


def _reference_is_cyrillic_or_greek(ch: str) -> bool:
    return "\u0370" <= ch <= "\u03ff" or "\u0400" <= ch <= "\u04ff"


def _reference_fold_homoglyphs(text: str) -> tuple[str, bool]:
    latin = sum(1 for ch in text if _reference_is_latin_letter(ch))
    other = sum(1 for ch in text if _reference_is_cyrillic_or_greek(ch))
    if other == 0 or latin <= other:
        return text, False
    folded = text.translate(str.maketrans(HOMOGLYPHS))
    return folded, folded != text


ALPHABET = st.one_of(
    st.sampled_from("abcxyzABCXYZéñøßÀ×÷ɏɐ0123 ,.-'"),
    st.sampled_from("".join(HOMOGLYPHS)),
    st.sampled_from("ωΩπЖжщѐӿԀ\u036f\u0370\u04ff\u0500"),
    st.sampled_from("华为技术カナ한국محمدשלום"),
    st.characters(),
)
TEXTS = st.text(ALPHABET, max_size=40)


@settings(max_examples=500)
@given(text=TEXTS)
def test_homoglyphs_fold_as_before(text):
    assert fold_homoglyphs(text) == _reference_fold_homoglyphs(text)


def test_every_character_near_the_classes_is_counted_as_before():
    for code in list(range(0x250)) + list(range(0x360, 0x510)):
        ch = chr(code)
        assert bool(scripts._LATIN_LETTERS.fullmatch(ch)) == _reference_is_latin_letter(ch), hex(code)
        assert bool(scripts._CYRILLIC_OR_GREEK.fullmatch(ch)) == _reference_is_cyrillic_or_greek(ch), hex(code)


@given(ch=st.characters())
def test_a_remembered_script_is_the_one_worked_out(ch):
    assert script_of(ch) == script_of.__wrapped__(ch)
    assert script_of(ch) == script_of.__wrapped__(ch)  # the second answer comes from the memo


def _reference_pinyin_syllables(token: str) -> tuple[str, ...] | None:
    """pinyin.pinyin_syllables as it was: every split tried, however the word starts and ends."""
    if not token.isascii() or not token.isalpha():
        return None
    n = len(token)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for end in range(1, n + 1):
        for start in range(max(0, end - pinyin._LONGEST), end):
            prefix = best[start]
            piece = token[start:end]
            if prefix is not None and piece in pinyin.SYLLABLES:
                candidate = prefix + (piece,)
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[n]


SYLLABLES = sorted(pinyin.SYLLABLES)
WORDS = st.one_of(
    st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map("".join),  # pinyin
    st.tuples(st.lists(st.sampled_from(SYLLABLES), max_size=3).map("".join), st.text("abcdefghijklmnopqrstuvwxyzA",
                                                                                     max_size=3)).map("".join),
    st.text("abcdefghijklmnopqrstuvwxyz", max_size=12),
    st.text(max_size=6),
)


@settings(max_examples=1000)
@given(token=WORDS)
def test_pinyin_is_split_as_before(token):
    assert pinyin.pinyin_syllables.__wrapped__(token) == _reference_pinyin_syllables(token)
