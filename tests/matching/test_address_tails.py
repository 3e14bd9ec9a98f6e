"""An address or a site written after a listed name in the same cell, without the shape `addresses.py` reads
("UNITED AFRICAN AIRLINES, MALTA AIRPORT, MT"): set aside, and named, only when the words before it
cover the listed name; and a person named by given name and surname whose patronymic the query leaves out."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compliance.matching import DEFAULT_THRESHOLD, compare, normalize_name
from compliance.matching.tails import place_word, tail_starts


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("UNITED AFRICAN AIRLINES, MALTA AIRPORT, MT", "UNITED AFRICAN AIRLINES", "address set aside: malta airport, mt"),
        ("FARMACIA LUDIM Boulevard Doctor Enrique Cabrera, Tres Rios, Culiacan", "FARMACIA LUDIM",
         "address set aside: boulevard doctor enrique cabrera, tres rios, culiacan"),
        ("CHINA SPACESAT, Shenzhou Technology Mansion, 12th Floor", "China Spacesat Co., Ltd.",
         "address set aside: shenzhou technology mansion, 12th floor"),
        ("HWA Create, Unit B, 6/F", "HWA Create", "address set aside: unit b, 6/f"),
        ("MORENO, Daniel 561 Vista Del Mar, Ladyville", "MORENO, Daniel", "address set aside: 561 vista del mar, ladyville"),
        ("ALEJANDRO VALLES 507 19 N EAGLE EYE ROAD, AGUILA, AZ", "ALEJANDRO VALLES",
         "address set aside: 507, 19 n eagle eye road, aguila, az"),
        ("Huawei Technologies Switzerland AG, Liebefeld, Bern, Switzerland", "Huawei Technologies Switzerland AG",
         "address set aside: liebefeld, bern, switzerland"),
        ("NORDWIND AIRLINES LENINGRADSKAYA STR., BUILDING 25, OFFICE 27. 28", "NORDWIND AIRLINES",
         "address set aside: leningradskaya str., building 25, office 27. 28"),
        ("COLONEL ELYAZGI - OKBA AIR BASE, TRIPOLI, LY", "COLONEL ELYAZGI", "address set aside: okba air base, tripoli, ly"),
        ("Eastline Technologies OU Peterburi Tee 47-210, 11415 Tallinn", "Eastline Technologies OU",
         "address set aside: peterburi tee 47-210, 11415 tallinn"),
        ("Raytheon Missiles & Defense, Cañada Carmelita Requena 78 Puerta 4, Navarra, 37559", "Raytheon Missiles & Defense",
         "address set aside: cañada carmelita requena 78 puerta 4, navarra, 37559"),
    ],
)
def test_an_address_after_a_name_that_covers_the_listed_one_is_set_aside_and_named(query, listed, said):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert said in result.explanation
    assert "the words before it match the listed name" in result.explanation


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # the listed name has a distinctive word the query's name lacks: another company, wherever it is
        ("NORTHSTAR SHIPPING, MALTA AIRPORT, MT", "NORTHSTAR KRISTAL SHIPPING"),
        # generic words alone identify no listed name
        ("University of Nebraska - Omaha", "Tianjin University"),
        # a given name after a surname is no address, though Jordan is a country
        ("KHAN, Jordan, Amman", "KHAN"),
        # a number that continues the name is no house number
        ("Bowne Global Solutions II", "Bowne Global Solutions"),
        ("Bowne Global Solutions II, London", "Bowne Global Solutions"),
    ],
)
def test_words_that_may_be_a_name_are_not_set_aside(query, listed):
    result = compare(query, listed)
    assert result.score < DEFAULT_THRESHOLD, result.explanation
    assert "not in the listed name: '2' (a number: costs much)" in result.explanation or \
        "the words before it match the listed name" not in result.explanation


@pytest.mark.parametrize("query", ["Alamo Trading Mansion", "Alamo Trading Moscow", "Alamo Trading 7"])
def test_a_site_place_or_number_inside_the_names_own_part_is_not_taken_for_an_address(query):
    assert "address set aside" not in compare(query, "Alamo Trading").explanation


def test_a_tail_may_start_only_where_an_address_can():
    words = "united african airlines malta airport mt".split()
    boundary = [False, False, False, True, False, True]
    assert [i for i, _ in tail_starts(words, boundary, [False] * 6, False)] == [3, 5]
    # inside a part, a place must be followed by more of an address: "Ali Hassan Jordan" has none
    assert tail_starts("ali hassan jordan".split(), [False] * 3, [False] * 3, False) == ()
    assert place_word("switzerland") and place_word("puebla") and not place_word("hassan")


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # a place in brackets before the legal form is part of the name
        ("Huawei Technologies (Chengdu) Co., Ltd.", "Huawei Technologies Co., Ltd."),
        # after a place, another body's name goes on: a subsidiary, not an address
        ("Concern Radio-Electronic Tech, Public Joint Stock Co. Moscow Inst. of Electro Mechanics and Automation",
         "Joint-Stock Company Concern Radio-Electronic Technologies"),
        # a street type written after a street's name ("Hill") opens no address inside a company's name
        ("Aerospace Hill Test Technology (Beijing) Co., Ltd.", "Aerospace"),
    ],
)
def test_a_name_that_goes_on_after_a_place_is_not_cut_there(query, listed):
    assert "the words before it match the listed name" not in compare(query, listed).explanation


def test_the_tail_is_found_in_the_cell_as_written():
    name = normalize_name("UNITED AFRICAN AIRLINES, MALTA AIRPORT, MT")
    assert name.tails[0][:2] == (3, "malta airport, mt")
    assert normalize_name("Huawei Technologies Co., Ltd.").tails == ()


_LISTED = st.sampled_from(["UNITED AFRICAN AIRLINES", "FARMACIA LUDIM", "Knownsec Technology", "Hikvision Digital Technology",
                           "ROSSIYA AIRLINES", "MAHAN AIR"])
_STREET = st.sampled_from(["Road", "Street", "Avenue", "Boulevard", "Lane", "Drive"])
_PLACE = st.sampled_from(["Tehran", "Moscow", "Dubai", "Beijing", "Karachi", "Switzerland", "Malta"])
_STREET_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=9).map(str.title)


@settings(max_examples=60, deadline=None)
@given(_LISTED, st.integers(min_value=1, max_value=9999), _STREET_NAME, _STREET, _PLACE, st.sampled_from([", ", " - ", "; "]))
def test_any_street_and_place_after_a_listed_name_keeps_it_a_hit(listed, number, street_name, street, place, separator):
    query = f"{listed}{separator}{street_name} {street} {number}, {place}"
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert "address set aside" in result.explanation


@settings(max_examples=60, deadline=None)
@given(_STREET_NAME, _PLACE, st.sampled_from([", ", " - "]))
def test_an_address_never_stands_in_for_a_distinctive_word_the_listed_name_has(missing, place, separator):
    listed = f"Northstar {missing}x Shipping"
    # a word the name reader takes for a misspelt legal form ("Limitex" for "Limited") is no distinctive word
    assume(not normalize_name(listed).legal_forms)
    result = compare(f"Northstar Shipping{separator}{place} Airport, MT", listed)
    assert "address set aside" not in result.explanation
    assert result.score < DEFAULT_THRESHOLD, result.explanation


@pytest.mark.parametrize(
    ("query", "listed"),
    [("GRAK, OLGA", "GRAK, Olga Yurievna"), ("Miklashevich, Petr", "MIKLASHEVICH, Petr Petrovich")],
)
def test_a_named_person_without_the_patronymic_is_a_hit(query, listed):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert "(patronymic, costs little)" in result.explanation


def test_a_patronymic_does_not_make_another_given_name_a_hit():
    assert compare("GRAK, Anna", "GRAK, Olga Yurievna").score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("YU, Chol", "YU, Chol U", "listed name also has: 'u' (middle initial, costs little)"),
        ("DUARTE-MARQUEZ D. A.", "DAVID ALBERTO DUARTE-MARQUEZ", "initial D matched David, initial A matched Alberto"),
        ("Lorenzana Cordon E. E.", "LORENZANA CORDON, Eliu Elixander", "initial E matched Eliu"),
    ],
)
def test_middle_initials_and_spaced_initials_of_a_person(query, listed, said):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert said in result.explanation


def test_a_legal_form_that_goes_on_is_not_taken_for_the_end_of_the_name():
    name = normalize_name("THE LIMITED LIABILITY COMPANY INVESTMENT COMPANY ABROS - 2 Liter a Pl. Rastrelli, St. Petersburg")
    assert "abro" in name.keys and "investment" in name.keys


def test_spaced_letters_closing_a_company_name_are_still_its_legal_form():
    assert normalize_name("Germay S. A.").legal_forms == ("sa",)


def test_a_person_at_a_plain_address_is_a_hit():
    result = compare("MUHAMMED ALI HIJAZI BERNE, CH", "MUHAMMED ALI HIJAZI")
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert "address set aside: berne, ch" in result.explanation


def test_an_address_does_not_hide_words_the_listed_name_lacks_before_it():
    # "organization" is in the query's name, not in its address: the address is not set aside
    result = compare("ORGANIZATION OF AL-JIHAD BASE OF OPERATIONS, TWO RIVERS", "AL-JIHAD")
    assert "address set aside" not in result.explanation


def test_a_listed_word_read_as_a_misspelt_legal_form_is_not_taken_for_a_distinctive_word():
    """The case the property above leaves out: "Limitex" is one slip from "Limited", so the name reader sets it aside
    as the listed name's legal form, and the query is that name without its form."""
    assert normalize_name("Northstar Limitex Shipping").legal_forms == ("limitex",)
    assert compare("Northstar Shipping, Tehran Airport, MT", "Northstar Limitex Shipping").score >= DEFAULT_THRESHOLD
