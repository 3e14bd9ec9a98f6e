"""A misspelt number word ("Htree", "Secfond") is read as the number the listed name writes in its place: the name
reader writes number words as digits ("China Three Gorges" is read "china 3 gorges"), so the slip would otherwise
leave a word against a number, which costs much. Only a query word no listed name carries is read so, only number
words of four letters or more, and the candidate bound counts the pair."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.matching import DEFAULT_THRESHOLD
from compliance.matching.index import NameIndex
from compliance.matching.normalize import normalize_name
from compliance.matching.score import misspelt_number

from tests.matching.slips import edit, index_of as _index_of
from tests.matching.test_initial_bound import assert_never_hidden

LISTED = ["China Three Gorges Corporation", "Second Institute of Oceanography", "Eighth Ocean GmbH & Co. KG",
          "A Three Energy FZE", "Tree Holdings Ltd.", "Forty Four Seasons Ltd.", "Seven Seas Trading"]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return _index_of(*LISTED)


def test_a_misspelt_number_word_is_read_as_its_digits():
    assert misspelt_number("htree")[:2] == ("three", "3")  # two letters swapped
    assert misspelt_number("secfond")[:2] == ("second", "2")  # a letter added
    assert misspelt_number("eigihth")[:2] == ("eighth", "8")
    assert misspelt_number("thre")[:2] == ("three", "3")  # a letter left out
    assert misspelt_number("three") is None  # the word itself is read by the name reader
    assert misspelt_number("zne") is None  # "one": three letters are one slip from too many words
    assert misspelt_number("gorges") is None


@pytest.mark.parametrize(
    ("query", "listed", "word"),
    [
        ("China Htree Gorges Corporation", "China Three Gorges Corporation", "three"),
        ("Secfond Institute of Ocweanography", "Second Institute of Oceanography", "second"),
        ("Eigihth Coean GmbH & Co. KG", "Eighth Ocean GmbH & Co. KG", "eighth"),
        ("A Thre Energ FZE", "A Three Energy FZE", "three"),
    ],
)
def test_a_name_with_a_misspelt_number_word_is_found_and_explained(index, query, listed, word):
    hits = index.search(query, threshold=DEFAULT_THRESHOLD)
    assert [hit.name for hit in hits] == [listed], hits
    assert f"read as the number word '{word}' misspelt" in hits[0].explanation, hits[0].explanation


def test_a_word_of_the_lists_is_not_read_as_a_number(index):
    """"Tree" is on a listed name: "China Tree Gorges" is another name, not "China Three Gorges" misspelt."""
    tree, = normalize_name("Tree").tokens
    assert index.weight(tree.key) < index.weight("htree")
    assert not index.search("China Tree Gorges Corporation", threshold=DEFAULT_THRESHOLD)


def test_a_misspelt_number_word_aligns_only_with_that_number(index):
    """"Htree" is three, not seven: against "Seven Seas" (read "7 seas") it stays a word the listed name lacks."""
    assert not index.search("Htree Seas Trading", threshold=DEFAULT_THRESHOLD)


NUMBER_NAMES = ["Three Gorges Power", "Second Oceanic Institute", "Eighth Ocean Shipping", "Seventh Star Group",
                "Twelve Oaks Lumber", "Fifth Avenue Holdings", "Nineteen Pines Mining"]
NUMBER_WORDS = ["Three", "Second", "Eighth", "Seventh", "Twelve", "Fifth", "Nineteen", "Four", "Thirty"]

_slip = st.tuples(st.sampled_from(["transpose", "delete", "insert", "substitute"]), st.integers(0, 9),
                  st.sampled_from("aeiourstnwh"))


@pytest.fixture(scope="module")
def number_index() -> NameIndex:
    return _index_of(*NUMBER_NAMES, others=120)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(NUMBER_NAMES), number=st.sampled_from(NUMBER_WORDS), slip=_slip,
       threshold=st.sampled_from([60.0, 75.0, 85.0]))
def test_a_name_scoring_the_threshold_with_a_misspelt_number_word_is_always_a_candidate(number_index, name, number,
                                                                                         slip, threshold):
    words = name.split()
    words[0] = edit(number, *slip)
    assert_never_hidden(number_index, " ".join(words), threshold)


@pytest.mark.parametrize("query", ["Htree Gorges Power", "Secnod Oceanic Institute", "Eigth Ocean Shipping",
                                   "Twelev Oaks Lumber"])
def test_the_examples_are_found_and_never_hidden(number_index, query):
    for threshold in (60.0, 75.0, DEFAULT_THRESHOLD):
        assert_never_hidden(number_index, query, threshold)
    assert number_index.search(query, threshold=DEFAULT_THRESHOLD)
