"""Two slips anywhere in a word are read as a misspelling when the rest of the name vouches for it: the query's word is
on no listed name, every other word aligns, and the words matched exactly weigh at least as much as the listed word
("Hino Wtors" / "Hino Motors"). A one-word name, a query word the lists carry, a common word beside a rare one and
`compare` without the lists' weights get no such reading; the index's candidate bound counts the pair."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.matching import DEFAULT_THRESHOLD, compare
from compliance.matching.index import NameIndex
from compliance.matching.normalize import normalize_name
from compliance.matching.score import RESTED_NOTE, align, loose_spelling

from tests.matching.slips import edit, index_of as _index_of
from tests.matching.test_initial_bound import assert_never_hidden

LISTED = ["Hino Motors, Ltd.", "Brembo Racing S.p.A.", "KOWA KOGYO Co., Ltd.", "Tutors Academy", "Motors",
          "Kappa Group Co., Ltd."]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return _index_of(*LISTED)


def test_two_slips_read_loosely_only_where_close_spelling_does_not_reach():
    assert loose_spelling("wtors", "motors") > 0  # the first letter left out, another changed
    assert loose_spelling("kgoyu", "kogyo") > 0  # two swaps in five letters
    assert loose_spelling("raicgn", "racing") > 0  # the last letter touched
    assert loose_spelling("skaagmi", "sagami") == 0  # first and last letters kept: close_spelling's two slips
    assert loose_spelling("motrs", "motors") == 0  # one slip: close_spelling's
    assert loose_spelling("moa", "moran") == 0  # three letters: another word as often
    assert loose_spelling("hardwares", "hardwire") == 0  # eight letters or more: close_spelling's
    assert loose_spelling("wtorsx", "motors") == 0  # three slips
    assert loose_spelling("kgoyu", "kogyo") < 0.8 and loose_spelling("raicgn", "racing") < 0.8  # never a match alone


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Hino Wtors, Ltd.", "Hino Motors, Ltd."),
        ("Brembo Raicgn S.p.A.", "Brembo Racing S.p.A."),
        ("KOWA Kgoyu Co., Ltd.", "KOWA KOGYO Co., Ltd."),
    ],
)
def test_a_word_two_slips_off_beside_words_matched_exactly_is_found_and_explained(index, query, listed):
    hits = index.search(query, threshold=DEFAULT_THRESHOLD)
    assert [hit.name for hit in hits] == [listed], hits
    assert RESTED_NOTE in hits[0].explanation, hits[0].explanation
    assert "two slips" in hits[0].explanation


def test_a_word_two_slips_from_the_listed_legal_form_is_read_as_that_form(index):
    hits = index.search("Kappa Roupg Co., Ltd.", threshold=DEFAULT_THRESHOLD)
    assert [hit.name for hit in hits] == ["Kappa Group Co., Ltd."], hits
    assert "read as a legal form" in hits[0].explanation and "for 'group'" in hits[0].explanation, hits[0].explanation
    assert not index.search("Roupg Co., Ltd.", threshold=DEFAULT_THRESHOLD)  # nothing else in the name vouches for it
    assert compare("Kappa Roupg Co., Ltd.", "Kappa Group Co., Ltd.").score < DEFAULT_THRESHOLD  # nor without the lists


def test_a_query_word_the_lists_carry_is_not_two_slips_from_another(index):
    """"Tutors" is on a listed name: "Hino Tutors" is another name, not "Hino Motors" misspelt."""
    assert not index.search("Hino Tutors", threshold=DEFAULT_THRESHOLD)


def test_a_one_word_name_has_nothing_to_vouch_for_it(index):
    assert not index.search("Wtors", threshold=DEFAULT_THRESHOLD)


def test_a_common_word_does_not_vouch_for_a_rarer_one():
    """"Hino" on many names weighs less than "Motors": it does not vouch for two slips in it."""
    common = _index_of(*LISTED, *[f"Hino Unit {n}" for n in range(40)])
    assert common.weight("hino") < common.weight("motor")
    assert "Hino Motors, Ltd." not in {hit.name for hit in common.search("Hino Wtors", threshold=DEFAULT_THRESHOLD)}


def test_the_same_legal_form_on_both_names_vouches_beside_a_common_word():
    """"Mira" on many names does not vouch for two slips in "Kestrel" alone; with the same legal form on both names,
    word for word, it does (as the form vouches for a one-word name's slip)."""
    common = _index_of("Mira Kestrel Co., Ltd.", *[f"Mira Unit {n}" for n in range(40)])
    assert common.weight("mira") < common.weight("kestrel")
    hits = common.search("Mira Ketsrle Co., Ltd.", threshold=DEFAULT_THRESHOLD)
    assert [hit.name for hit in hits] == ["Mira Kestrel Co., Ltd."], hits
    assert RESTED_NOTE in hits[0].explanation
    assert not common.search("Mira Ketsrle", threshold=DEFAULT_THRESHOLD)
    assert not common.search("Mira Ketsrle GmbH", threshold=DEFAULT_THRESHOLD)


def test_a_three_letter_word_vouches_beside_the_same_legal_form():
    """"VTB" and "Sun" are too short to vouch alone; beside the same legal form, word for word, they do."""
    short = _index_of("AO VTB Lizing", "Sun Tectro Co., Ltd.")
    for query, listed in (("AO VTB Jlizign", "AO VTB Lizing"), ("Sun Bectrlo Co., Ltd.", "Sun Tectro Co., Ltd.")):
        hits = short.search(query, threshold=DEFAULT_THRESHOLD)
        assert [hit.name for hit in hits] == [listed], hits
        assert RESTED_NOTE in hits[0].explanation and "two slips" in hits[0].explanation, hits[0].explanation
    assert not short.search("Sun Bectrlo", threshold=DEFAULT_THRESHOLD)  # the short word alone
    assert not short.search("Sun Bectrlo GmbH", threshold=DEFAULT_THRESHOLD)  # another legal form
    assert not short.search("VTB Jlizign", threshold=DEFAULT_THRESHOLD)


def test_two_words_matched_exactly_vouch_however_short():
    """"Ali" and "Reza" together vouch for two slips in "Parsa" ("Apra"); "Reza" alone, a common word, does not."""
    names = _index_of("ALI REZA PARSA", "Chan Sum Anthony", *[f"Reza Unit {n}" for n in range(40)])
    for query, listed in (("Ali Reza Apra", "ALI REZA PARSA"), ("Chan Sum Athoyn", "Chan Sum Anthony")):
        hits = names.search(query, threshold=DEFAULT_THRESHOLD)
        assert [hit.name for hit in hits] == [listed], hits
        assert RESTED_NOTE in hits[0].explanation, hits[0].explanation
    assert names.weight("reza") < names.weight("parsa")
    assert "ALI REZA PARSA" not in {hit.name for hit in names.search("Reza Apra", threshold=DEFAULT_THRESHOLD)}
    assert not names.search("Sum Athoyn", threshold=DEFAULT_THRESHOLD)  # one three-letter word


def test_without_the_lists_weights_nothing_is_known_and_nothing_vouches():
    assert compare("Hino Wtors, Ltd.", "Hino Motors, Ltd.").score < DEFAULT_THRESHOLD
    assert compare("Alliant Energy", "ALLIANCE ENERGY PVT. LIMITED").score < DEFAULT_THRESHOLD


def test_a_second_distinctive_word_left_over_breaks_the_reading(index):
    """Only one word may be read loosely: with another word of either name unaligned, the names differ in more."""
    assert not index.search("Hino Wtors Kappa", threshold=DEFAULT_THRESHOLD)


COMPANY_WORDS = ["Hino", "Motors", "Brembo", "Racing", "Kowa", "Kogyo", "Tepper", "Olaf", "Zadeh", "Mita", "Keis",
                 "Studio", "Solar", "Planar", "Orion", "Sabz", "Ghareh", "Lizing", "Vtb", "Iskra", "Sun", "Ali", "Mkb"]


def _listed_names(seed: int = 7, count: int = 80) -> list[str]:
    rng = random.Random(seed)
    names = ["Hino Motors", "Olaf Tepper", "Mita Zadeh", "Keis Studio"]
    while len(names) < count:
        names.append(" ".join(rng.sample(COMPANY_WORDS, rng.choice([2, 2, 3]))) + rng.choice(["", " Ltd.", " LLC", " Group"]))
    return list(dict.fromkeys(names))


@pytest.fixture(scope="module")
def company_index() -> NameIndex:
    return _index_of(*_listed_names(), others=120)


_slip = st.tuples(st.sampled_from(["transpose", "delete", "insert", "substitute"]), st.integers(0, 9),
                  st.sampled_from("aeiourstnwq"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), threshold=st.sampled_from([60.0, 75.0, 85.0]))
def test_a_name_scoring_the_threshold_with_a_word_slipped_twice_is_always_a_candidate(company_index, data, threshold):
    words = data.draw(st.lists(st.sampled_from(COMPANY_WORDS), min_size=2, max_size=3, unique=True))
    at = data.draw(st.integers(0, len(words) - 1))
    if data.draw(st.booleans()):
        words.append("Group")
        at = data.draw(st.sampled_from([at, len(words) - 1]))
    for _ in range(2):
        words[at] = edit(words[at], *data.draw(_slip)) if len(words[at]) >= 3 else words[at]
    assert_never_hidden(company_index, " ".join(words), threshold)


@pytest.mark.parametrize("query", ["Hino Wtors", "Olaf Eptper", "Mita Uafdeh", "Keis Stui", "Wtors Hino Kowa",
                                   "Hino Motors Roupg"])
def test_the_examples_are_never_hidden(company_index, query):
    for threshold in (60.0, 75.0, 85.0):
        assert_never_hidden(company_index, query, threshold)
    entry = company_index.entry_name.index({"Hino Wtors": "Hino Motors", "Olaf Eptper": "Olaf Tepper",
                                            "Mita Uafdeh": "Mita Zadeh", "Keis Stui": "Keis Studio"}.get(query, "Hino Motors"))
    assert align(normalize_name(query), company_index.entry(entry), company_index.weight).score > 0


@pytest.mark.parametrize(("query", "listed"), [("Vtb Sun Ilzign", "Vtb Sun Lizing"), ("Sun Ali Olazr Group", "Sun Ali Solar Group"),
                                               ("Mkb Rirskra Ltd.", "Mkb Iskra Ltd.")])
def test_names_vouched_for_by_short_words_are_never_hidden(query, listed):
    """The candidate bound counts the pair two slips apart when words of three letters vouch for it."""
    short = _index_of(*_listed_names(), listed, others=120)
    for threshold in (60.0, 75.0, 85.0):
        assert_never_hidden(short, query, threshold)
    assert listed in {hit.name for hit in short.search(query, threshold=DEFAULT_THRESHOLD)}
