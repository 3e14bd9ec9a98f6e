"""A slip at a one-word name's edge that leaves the listed word whole ("Nbaidu" / "Baidu", "Exover" / "Exovera") is
read as that word; a letter changed, or added or left out inside the word, is not ("IBM" / "IPM", "Honda" / "Hoda")."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from compliance.lists.model import ListedParty
from compliance.matching import DEFAULT_THRESHOLD, compare
from compliance.matching.index import NameIndex
from compliance.matching.normalize import normalize_name
from compliance.matching.score import align, edge_slip


def _index_of(*names: str) -> NameIndex:
    others = [ListedParty(id=f"x:{n}", list="x", names=[f"Other Party {n}"]) for n in range(300)]
    return NameIndex(others + [ListedParty(id=f"t:{n}", list="t", names=[name]) for n, name in enumerate(names)])


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Nbaidu", "Baidu, Inc."),  # a letter before the word
        ("Exover", "Exovera"),  # the last letter left out
        ("ceanos", "Oceanos"),  # the first letter left out
        ("KIAZAN", "KIAZAND"),
        ("VSMIC", "SMIC"),  # an acronym with a letter before it
    ],
)
def test_a_one_word_name_with_a_letter_more_or_less_at_its_edge_is_found(query, listed):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result
    assert "leaves the word whole" in result.explanation, result.explanation
    assert [h.name for h in _index_of(listed).search(query, threshold=DEFAULT_THRESHOLD)] == [listed]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("IBM", "IPM LIMITED"),  # a letter changed
        ("Adient", "Axient"),
        ("Honda", "Hoda"),  # a letter added inside the word
        ("Skydo", "Skydio"),  # a letter left out inside the word
        ("Apple Inc.", "Maples SA"),  # related by the keys only, not as written
    ],
)
def test_other_slips_in_a_one_word_name_stay_below_the_threshold(query, listed):
    result = compare(query, listed)
    assert result.score < DEFAULT_THRESHOLD, result
    assert "leaves the word whole" not in result.explanation


def test_a_word_of_the_lists_is_not_read_as_an_edge_slip_of_another():
    """A query word some listed name carries ("Unitx" weighs as a word of the lists) is another word of the
    language, not a listed word mistyped: the edge reading is for words no listed name has."""
    known = align(normalize_name("Unitx"), normalize_name("Unit"), lambda key: 3.0 if key == "unitx" else 9.0)
    unknown = align(normalize_name("Unitx"), normalize_name("Unit"), lambda key: 9.0)
    assert known.score < DEFAULT_THRESHOLD <= unknown.score
    assert not known.edge and unknown.edge


def test_not_between_persons_names():
    """A person's name with a letter more at its end is as often another person ("Petrova" / "Petrov")."""
    query, listed = normalize_name("Mr Petrova"), normalize_name("Mr Petrov")
    assert query.person and listed.person
    assert not align(query, listed, lambda key: 9.0).edge
    assert align(normalize_name("Petrova"), normalize_name("Petrov"), lambda key: 9.0).edge  # not read as a person


def test_a_second_distinctive_word_takes_the_usual_rules():
    """Beside a second distinctive word the slip is corroborated by the usual rule, not this one."""
    alignment = align(normalize_name("Nbaidu Kestrel"), normalize_name("Baidu Kestrel"), lambda key: 9.0)
    assert not alignment.edge and alignment.score >= DEFAULT_THRESHOLD


words = st.text(alphabet=string.ascii_lowercase, min_size=4, max_size=9)


@given(words, st.sampled_from(string.ascii_lowercase), st.booleans(), st.booleans())
def test_a_letter_more_or_less_at_either_edge_is_an_edge_slip(word, letter, front, more):
    listed = normalize_name(word).tokens
    assume(len(listed) == 1 and listed[0].surface == word)
    written = (letter + word if front else word + letter) if more else (word[1:] if front else word[:-1])
    query = normalize_name(written).tokens
    assume(len(query) == 1 and query[0].surface == written)
    assert edge_slip(query[0], listed[0])


@given(words, st.sampled_from(string.ascii_lowercase), st.data())
def test_a_letter_changed_or_added_inside_is_no_edge_slip(word, letter, data):
    i = data.draw(st.integers(1, len(word) - 2))
    changed = word[:i] + letter + word[i + 1:]
    added = word[:i] + letter + word[i:]
    listed = normalize_name(word).tokens
    assume(len(listed) == 1 and listed[0].surface == word)
    for written in (changed, added):
        query = normalize_name(written).tokens
        assume(len(query) == 1 and query[0].surface == written)
        # an edge slip only when the word happens to read so anyway (a doubled letter at the edge: "aab" / "ab")
        whole = written[1:] == word or written[:-1] == word or word[1:] == written or word[:-1] == written
        assert edge_slip(query[0], listed[0]) == whole
