"""Readings that keep different names apart and that vouch for a slip: a word of the lists is not two slips of
another, a university is not the company of its name; a legal form each name reads misspelt still vouches."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from compliance.matching import DEFAULT_THRESHOLD, compare
from compliance.matching.normalize import normalize_name
from compliance.matching.score import align, known_word
from compliance.matching.words import canonical_token

#: Weights as an index gives them: words of the lists weigh less than a word no name has (the largest here).
LIST_WEIGHTS = {"university": 2.0, "diversity": 6.0, "business": 4.0, "northwestern": 6.0, "northeastern": 6.0,
                "polytechnical": 5.0, "vladimirov": 6.0, "vladimirovna": 5.0, "oksana": 5.0, "khlyakina": 7.0,
                "unknown": 9.0}


def _weight(key: str) -> float:
    return LIST_WEIGHTS.get(key, 9.0)


def test_a_word_of_the_lists_is_not_two_slips_of_another():
    for query, listed in [("University of international business", "BUSINESS DIVERSITY LIMITED"),
                          ("Northeastern University", "Northwestern Polytechnical University"),
                          ("Oksana Vladimirov", "KHLYAKINA, Oksana Vladimirovna")]:
        alignment = align(normalize_name(query), normalize_name(listed), _weight)
        assert alignment.score < DEFAULT_THRESHOLD, (query, alignment)
        assert not any(sim < 1.0 for _, _, sim in alignment.pairs), alignment.pairs  # the word stays unaligned


def test_a_word_unknown_to_the_lists_is_still_read_with_two_slips():
    alignment = align(normalize_name("Univresity of Busines"), normalize_name("University of Business"), _weight)
    assert alignment.score >= DEFAULT_THRESHOLD
    # and a known word still reads as one slip of another ("University" / "Universty")
    one = align(normalize_name("Business University"), normalize_name("Business Universty"), _weight)
    assert one.score >= DEFAULT_THRESHOLD and any(sim < 1.0 for _, _, sim in one.pairs)


def test_without_the_lists_weights_nothing_is_known():
    flat = lambda key: 1.0  # noqa: E731
    assert not known_word(normalize_name("University").tokens[0], flat, flat("\x00"))
    assert compare("University of international business", "BUSINESS DIVERSITY LIMITED").score >= DEFAULT_THRESHOLD


@given(st.text(alphabet=string.ascii_lowercase, min_size=6, max_size=12), st.data())
def test_a_known_word_two_slips_from_a_listed_one_never_aligns_with_it(word, data):
    """Whatever the word, two substitutions inside it make a listed word a known query word does not align with."""
    i = data.draw(st.integers(1, len(word) - 3))
    other = word[:i] + data.draw(st.sampled_from("xq")) + word[i + 1] + data.draw(st.sampled_from("zj")) + word[i + 3:]
    key_a, key_b = canonical_token(word), canonical_token(other)
    assume(OSA.distance(key_a, key_b) == 2 and OSA.distance(word, other) == 2)
    weights = {key_a: 3.0, key_b: 3.0}
    query, listed = normalize_name(f"Acme {word}"), normalize_name(f"Acme {other}")
    assume(query.tokens[-1].key == key_a and listed.tokens[-1].key == key_b)
    known = align(query, listed, lambda key: weights.get(key, 9.0))
    assert not any(0 < sim < 1.0 for _, _, sim in known.pairs)


def test_a_legal_form_each_name_reads_misspelt_still_vouches_for_the_slip():
    for query in ("Cubiuc Crporation", "Wubic Cyrporation"):
        result = compare(query, "Cubic Corporation")
        assert result.score >= DEFAULT_THRESHOLD, result
        assert "vouched for by the same legal form" in result.explanation
    # another form, even one slip from a word of it, vouches for nothing
    assert compare("Cubiuc Company", "Cubic Corporation").score < DEFAULT_THRESHOLD
    assert compare("Visa Inc.", "Vista Corporation").score < DEFAULT_THRESHOLD


def test_the_same_legal_form_vouches_for_two_slips_in_a_word_of_seven_letters():
    for query, listed in [("JSC Elerjent", "JSC Element"), ("Bielnest, LTD", "Biznest, LTD"), ("AO EIRUBKRG", "AO EIRBURG")]:
        result = compare(query, listed)
        assert result.score >= DEFAULT_THRESHOLD, result
        assert "two slips" in result.explanation and "vouched for by the same legal form" in result.explanation
        assert compare(query.split(",")[0].split()[-1] if query.startswith(("JSC", "AO")) else query.split(",")[0],
                       listed).score < DEFAULT_THRESHOLD  # the word alone rests on two slips
    assert compare("Grnoet S.r.l.", "Garnet S.r.l.").score < DEFAULT_THRESHOLD  # in six letters they still weigh more


def test_two_slips_in_each_of_two_words_of_a_persons_name_stay_under():
    """Names of persons two slips apart in each word are as often two persons: no corroboration raises them."""
    assert compare("Mikayil Abbasov", "Mikhail Abramov").score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [("Kashan University", "KASHAN"), ("University of Arizona", "ARIZONA S.A."), ("Wagner College", "Private Military Company 'Wagner'"),
     ("The Petroleum Institute", "GENERAL PETROLEUM CORPORATION"), ("Sierra Nevada College", "Sierra Nevada Corporation")],
)
def test_a_university_is_not_the_company_of_its_name(query, listed):
    result = compare(query, listed)
    assert result.score < DEFAULT_THRESHOLD, result
    assert "the listed name is no university, college or institute" in result.explanation


@pytest.mark.parametrize(
    ("query", "listed"),
    [("Harbin Institute of Technology", "Harbin Institute of Technology"),
     ("Beihang University", "Beihang University (BUAA)"),
     ("Huawei Technologies", "Huawei Technologies Co., Ltd."),
     ("Northwestern Polytechnical University Xi'an", "Northwestern Polytechnical University")],
)
def test_names_of_universities_still_match_and_a_dropped_institution_word_costs_little(query, listed):
    assert compare(query, listed).score >= DEFAULT_THRESHOLD
    # the listed name's "University" left out of the query is a generic word as before
    assert "(the listed name is no university" not in compare("Beihang", "Beihang University").explanation


@given(st.sampled_from(["University", "College", "Institute", "Academy", "School"]),
       st.text(alphabet=string.ascii_lowercase, min_size=5, max_size=10))
def test_any_institution_word_added_to_a_one_word_company_name_keeps_it_under(kind, word):
    listed = f"{word.title()} Trading LLC"
    assume(compare(word, listed).score >= DEFAULT_THRESHOLD)  # the bare word matches the company
    assert compare(f"{word.title()} {kind}", listed).score < DEFAULT_THRESHOLD
