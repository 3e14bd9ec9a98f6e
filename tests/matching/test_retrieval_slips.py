"""Candidate retrieval for slips the scoring accepts: every listed name that scores at the threshold is fetched."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compliance.lists.model import ListedParty
from compliance.matching import DEFAULT_THRESHOLD
from compliance.matching.index import NameIndex
from compliance.matching.normalize import normalize_name
from compliance.matching.score import align
from tests.matching.slips import edit


def _index_of(*names: str, others: int = 300) -> NameIndex:
    filler = [ListedParty(id=f"x:{n}", list="x", names=[f"Other Party {n}"]) for n in range(others)]
    return NameIndex(filler + [ListedParty(id=f"t:{n}", list="t", names=[name]) for n, name in enumerate(names)])


def _found(index: NameIndex, query: str) -> list[str]:
    return [h.name for h in index.search(query, threshold=DEFAULT_THRESHOLD)]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Chas Newojt", "Chas Newport"),  # 6 letters against 7, a slip on each side of the middle
        ("Manpoar Nair", "Manohar Nair"),
        ("MHI Ljoitec Co., Ltd.", "MHI Logitec Co., Ltd."),
        ("CSECEKIA CHEN", "CECELIA CHEN"),  # 8 letters against 7
        ("AIR FRSIHGT LTD", "AIR FREIGHT LTD"),  # a swap and a changed letter
    ],
)
def test_two_slips_inside_a_word_of_6_or_7_letters_fetch_the_name(query, listed):
    index = _index_of(listed, "Chas Trading", "Nair Holding", "MHI Group", "Chen Ltd", "Air Cargo LLC")
    assert listed in _found(index, query)


@pytest.mark.parametrize(
    ("query", "listed", "others"),
    [
        ("CAL Group Co., Ltd.", "CALB Group Co., Ltd.", ["CAL Trading"]),  # the query's word is listed on its own
        ("optics, Inc.", "Toptics, Inc.", [f"Optics Lab {n}" for n in range(30)]),  # ... and on too many names
    ],
)
def test_a_slip_vouched_for_by_the_same_legal_form_is_fetched_without_another_word(query, listed, others):
    index = _index_of(listed, *others)
    hits = index.search(query, threshold=DEFAULT_THRESHOLD)
    assert listed in [h.name for h in hits]
    assert "vouched for by the same legal form" in next(h.explanation for h in hits if h.name == listed)


def test_a_title_does_not_decide_which_names_a_query_of_common_words_fetches():
    """Every word is on many names, the title on fewest: the names are taken from the rarest word the listed name
    must hold, not from the title it may lack ("General 'Ali Husayn" / "HUSAYN, 'Ali")."""
    syllables = [a + b for a in "bdfgklmnprstvz" for b in "aeiou"]
    fillers = iter(f"{a}{b}" for a in syllables for b in syllables)
    names = ([f"General {next(fillers)}" for _ in range(150)] + [f"Ali {next(fillers)}" for _ in range(260)]
             + [f"Husayn {next(fillers)}" for _ in range(200)])
    index = _index_of("HUSAYN, 'Ali", *names, others=0)
    assert len(index.postings["general"]) < len(index.postings["husayn"]) < len(index.postings["ali"])
    assert len(index.postings["general"]) > index.common
    assert "HUSAYN, 'Ali" in _found(index, "General 'Ali Husayn")


words = st.text(alphabet=string.ascii_lowercase, min_size=6, max_size=7)
inner_edits = st.tuples(st.sampled_from(["substitute", "insert", "delete", "transpose"]), st.integers(1, 40),
                        st.sampled_from(string.ascii_lowercase))


@settings(max_examples=150, deadline=None)
@given(words, words, inner_edits, inner_edits)
def test_two_slips_inside_a_word_of_6_or_7_letters_keep_the_bound_over_the_score(first_word, word, one, other):
    """Two edits inside the second word of a two-word listed name (its first and last letters kept): when the name
    still scores at the threshold, it is among the candidates with a bound at or over its score, though the
    query's other word also fetches another name."""
    inner = edit(edit(word[1:-1], *one), *other)
    assume(inner and first_word != word)
    index = _index_of(f"{first_word} {word}", f"{first_word} Trading")
    query = normalize_name(f"{first_word} {word[0]}{inner}{word[-1]}")
    entry = index.entry_name.index(f"{first_word} {word}")
    score = align(query, index.entry(entry), index.weight).score
    assume(score >= DEFAULT_THRESHOLD)
    assert index.candidates(query, DEFAULT_THRESHOLD).get(entry, -1.0) >= score - 0.05, (query.text, score)


def test_an_unlisted_acronym_is_not_fetched_by_its_legal_form_alone():
    """"BGC Group" is no slip of a listed "BGI Group": an acronym the lists lack, one letter from a listed one,
    is most often another company, and the legal form fetches no names for it."""
    index = _index_of("BGI Group", "CAL Trading")
    assert _found(index, "BGC Group") == []
