"""Two spelling slips in one word: how much they cost by the word's length, and that the index fetches them."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA

from compliance.matching import DEFAULT_THRESHOLD, compare
from compliance.matching.normalize import normalize_name
from compliance.matching.score import align, close_spelling, slip_similarity, token_similarity
from tests.matching.slips import edit, rarest_words


def test_two_slips_cost_less_the_longer_the_word():
    assert close_spelling("abcde", "abXYe") == 0.0  # five letters: another word
    six, seven, eight = close_spelling("sagami", "skaagmi"), close_spelling("veteran", "vetebwran"), close_spelling(
        "maritech", "manritec")
    ten, fourteen = close_spelling("annexfield", "annxxfiedl"), close_spelling("transmashholding", "transmashhoxldig")
    assert 0 < six < seven < eight < ten < fourteen
    assert seven < close_spelling("veteran", "vetxran")  # two slips in a 7-letter word weigh more than one
    assert fourteen < close_spelling("transmashholding", "transmashhxlding")
    assert fourteen == pytest.approx(slip_similarity(2, 40))  # no cheaper however long the word


def test_two_slips_in_a_short_word_must_leave_its_first_and_last_letters():
    assert close_spelling("alliant", "alliance") == 0.0  # another word, not a slip
    assert close_spelling("holding", "tooling") == 0.0
    assert close_spelling("nextech", "nexetcsh") > 0  # a swap and an added letter inside the word


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("MHI Skaagmi High-tech, Ltd.", "MHI Sagami High-tech, Ltd.", "'skaagmi'≈'sagami'"),
        ("OKI Nexetcsh Co., Ltd.", "OKI Nextech Co., Ltd.", "'nexetcsh'≈'nextech'"),
        ("MHI Manritec, Co., Ltd.", "MHI Maritech, Co., Ltd.", "'manritec'≈'maritech'"),
        ("LEON ECHNOLOTY", "Leon Technology Co., Ltd.", "'echnoloty'≈'technology'"),
        ("AeroHirownment, Inc.", "AeroVironment, Inc.", "'aerohirownment'≈'aerovironment'"),  # one long word
    ],
)
def test_names_with_two_slips_in_a_word_reach_the_threshold_and_say_why(query, listed, said):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result
    assert said in result.explanation and "similar spelling, two slips)" in result.explanation, result.explanation


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Skaagmi", "Sagami"),  # a name resting on one short word with two slips stays under
        ("Exlobvera", "Exovera"),
        ("Alliant Energy", "ALLIANCE ENERGY PVT. LIMITED"),  # another word, not two slips
        ("Indus Holding", "Indus Tooling"),
        ("Camilla Omar", "LAVILLA, Omar"),
        ("USA Rare Erzath, Inc.", "USA Rare Earth, Inc."),  # two slips in five letters
        ("Precision Sensing Ltd.", "三菱精密株式会社"),  # "sanling", a reading of Han characters, is no slip of a word
    ],
)
def test_two_slips_in_a_short_word_do_not_make_a_match_alone(query, listed):
    assert compare(query, listed).score < DEFAULT_THRESHOLD, compare(query, listed)


@pytest.fixture(scope="module")
def long_rare_words(us_index):
    """(entry, word as written) for the rarest word of listed names, when it has 8+ letters and few names."""
    return [(entry, token) for entry, token in rarest_words(us_index, 5, 8)]


edits = st.tuples(st.sampled_from(["substitute", "insert", "delete", "transpose"]), st.integers(0, 40),
                  st.sampled_from(string.ascii_lowercase))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), edits, edits)
def test_two_slips_anywhere_in_a_long_rare_word_fetch_its_name(us_index, long_rare_words, data, first, second):
    """Two edits anywhere in a listed name's rarest word of 8+ letters (both ends included: "Manritec" for
    "Maritech"), written alone and still 8+ letters long, bring that name among the candidates when no listed
    word is one slip from the misspelling (then the lookup two slips away is made) and the two still read as
    one word."""
    entry, token = data.draw(st.sampled_from(long_rare_words))
    edited = edit(edit(token.surface, *first), *second)
    query = normalize_name(edited)
    assume(len(query.tokens) == 1 and query.tokens[0].kind == "word" and len(query.tokens[0].key) >= 8)
    written = query.tokens[0]
    assume(written.key not in us_index.postings and token_similarity(written, token) > 0)
    vocabulary = list(us_index.postings)
    for spelling in {written.key, written.surface}:
        assume(process.extractOne(spelling, vocabulary, scorer=OSA.distance, score_cutoff=1) is None)
    assert entry in us_index.candidates(query, 0.0), (token.surface, edited)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), edits, edits)
def test_the_candidate_bound_is_never_under_the_score(us_index, long_rare_words, data, first, second):
    """A listed name with two edits in its rarest long word that still scores at the threshold against the
    original is among the candidates, with a bound at or over its score: the bound allows for what two slips
    can score."""
    entry, token = data.draw(st.sampled_from(long_rare_words))
    name = us_index.entry_name[entry]
    query = normalize_name(name.replace(token.surface, edit(edit(token.surface, *first), *second), 1))
    score = align(query, us_index.entry(entry), us_index.weight).score
    assume(score >= DEFAULT_THRESHOLD)
    assert us_index.candidates(query, DEFAULT_THRESHOLD).get(entry, -1.0) >= score - 0.05, (query.text, name, score)
