"""Name shapes: an address or a site written after the name, ERP abbreviations, a person's initials and
missing middle names, numbers written out. Each rule keeps the same party at or above the threshold and
says in plain words what it set aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.lists.model import ListedParty
from compliance.matching import DEFAULT_THRESHOLD, compare, normalize_name
from compliance.matching.index import NameIndex


@pytest.mark.parametrize(
    ("query", "listed", "address"),
    [
        ("Tianjin Tianwei Food Co., Ltd Studio 75, Colin Parkways, Reedhaven, LN83 3DP", "Tianjin Tianwei Food Co., Ltd",
         "studio 75, colin parkways, reedhaven, ln83 3dp"),
        ("Knownsec, Elzbieta-Pechel-Ring 58-29, 00169 Oschatz", "Knownsec", "elzbieta-pechel-ring 58-29"),
        ("Aerosun Leonboulevard 484, 7415IF, Axel", "Aerosun Corporation", "leonboulevard 484"),
        ("ROSSIYA AIRLINES PILOTOV ST. 18-4, ST. PETERSBURG", "ROSSIYA AIRLINES", "pilotov st. 18-4"),
        ("Axient Piazza Farinelli, 263, 33021, Ampezzo (UD)", "Axient", "piazza farinelli"),
        ("PROVEN HONOUR, C/O Vistra Corporate Services Centre, Road Town VG1110", "PROVEN HONOUR", "c/o vistra"),
        ("SKY BLUE BIRD GROUP P.O. BOX 16111, RAS AL KHAIMAH", "SKY BLUE BIRD GROUP", "p.o. box 16111"),
        ("GONZALEZ LOPEZ, Gustavo Enrique 114 Taylor Tunnel Suite 182, Rosaleston, NY 51439",
         "GONZALEZ LOPEZ, Gustavo Enrique", "114 taylor tunnel"),
        ("ZAGARIA, Carmine, Gielring 6, 5159 FN, Beets", "ZAGARIA, Carmine", "gielring 6"),
        ("ISSAM ANWAR; AL KOLAA, BEIRUT", "ISSAM ANWAR", "al kolaa, beirut"),
        ("Link Lines - 1st Floor, 3-Sultana Arcade, Gulberg III, Lahore", "Link Lines", "1st floor"),
        ("AKTSIONERNOE OBSHCHESTVO NAVIS GRUPP, ul. Kulneva, d. 3", "AKTSIONERNOE OBSHCHESTVO NAVIS GRUPP",
         "ul. kulneva, d. 3"),
    ],
)
def test_an_address_after_the_name_is_set_aside_and_named(query, listed, address):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert "address set aside: " in result.explanation and address in result.explanation


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("PLA Unit 61398", "61398"),  # a unit of an army is a name, not a flat
        ("HONG FENG 1 HAO", "hao"),  # a vessel: "hao" is a street word only beside "No."
        ("PAN, Hao", "hao"),
        ("Joint Stock Company 123 Aviation Repair Plant", "123"),
        ("China Electronics Technology Group Corporation 58 Research Institute", "58"),
        ("YANCHENG 3 LINE ONE POINT ANIMATION CO., LTD.", "point"),  # a street type inside a name
        ("SYRIAN GENERAL INTELLIGENCE BRANCH 251 - AL-KHATIB", "251"),
        ("Semiconductor Manufacturing International Corporation; Beijing", "semiconductor"),  # a semicolon alone starts no address
        ("ANDREW ESTRADA", "estrada"),
    ],
)
def test_numbers_and_syllables_in_a_name_are_not_taken_for_an_address(name, kept):
    normalized = normalize_name(name)
    assert not normalized.address
    assert kept in normalized.keys


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("Inspur Group Co., Ltd. Frankfurt Procurement Office", "Inspur Group Co., Ltd.",
         "extra words set aside: frankfurt procurement office"),
        ("HENSOLDT AG, Representative Office", "HENSOLDT AG", "extra words set aside: representative office"),
        ("General Dynamics Ordnance and Tactical Systems (Plant No. 2)", "General Dynamics Ordnance and Tactical Systems",
         "extra words set aside: plant no 2"),
        ("Group W - Guangzhou Subsidiary", "Group W", "extra words set aside: guangzhou subsidiary"),
    ],
)
def test_site_words_after_a_company_name_are_set_aside_and_named(query, listed, said):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert said in result.explanation


def test_a_shortened_company_name_scores_by_the_rarity_of_what_it_drops():
    kept_rarest = compare("AVIC International Corporation", "AVIC International Holding Corporation")
    assert kept_rarest.score >= DEFAULT_THRESHOLD, kept_rarest.explanation
    assert "listed name also has: 'holding' (generic word)" in kept_rarest.explanation
    # dropping a distinctive word costs more than dropping a generic one
    assert compare("AVIC Holding Corporation", "AVIC Aerospace Holding Corporation").score < kept_rarest.score


@pytest.mark.parametrize(
    ("query", "listed"),
    [("HSI FZE", "HSI TRADING FZE"), ("NAI GMBH", "NAI MANAGEMENT GMBH"), ("IHI Jet Ltd.", "IHI Jet Service Co., Ltd.")],
)
def test_a_three_letter_name_with_the_listed_legal_form_may_drop_a_generic_word(query, listed):
    assert compare(query, listed).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [("HSI", "HSI TRADING FZE"), ("HSI LLC", "HSI TRADING FZE"), ("NAI Holding GMBH", "NAI MANAGEMENT GMBH")],
)
def test_a_three_letter_name_without_the_same_legal_form_does_not_identify_it(query, listed):
    """Three letters name many companies: the shared legal form is what vouches for the match, and a
    generic word each name has that the other lacks still tells them apart."""
    assert compare(query, listed).score < DEFAULT_THRESHOLD


def test_legal_form_words_left_in_a_shortened_form_cost_little():
    full = compare("BASLAM PETROL SANAYI VE TICARET SIRKETI", "BASLAM PETROL SANAYI VE TICARET ANONIM SIRKETI")
    assert full.score >= DEFAULT_THRESHOLD, full.explanation
    # a distinctive word missing still costs its full weight
    assert compare("BASLAM SANAYI VE TICARET SIRKETI", "BASLAM PETROL SANAYI VE TICARET ANONIM SIRKETI").score < full.score


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Tordan Indy Ltd.", "Tordan Industry Limited"),
        ("PERIDOT SHIPPING AND TRDG LLC", "PERIDOT SHIPPING AND TRADING LLC"),
        ("Shanghai JUMP Mchy & Tech. Co., Ltd", "Shanghai JUMP Machinery & Technology Co., Ltd"),
        ("Beijing Naura Semiconductor Eqpt Co., Ltd.", "Beijing Naura Semiconductor Equipment Co., Ltd."),
        ("XAIC Tech (Xi'an) Indl Co., Ltd.", "XAIC Tech (Xi'an) Industrial Co., Ltd."),
        ("JOINT STOCK CIE KREDO", "JOINT STOCK COMPANY KREDO"),
    ],
)
def test_erp_abbreviations_are_expanded(query, listed):
    assert compare(query, listed).score == 100.0


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("MORGOVSKY I.", "IRINA MORGOVSKY", "initial I matched Irina"),
        ("MALTSEV, S. A.", "MALTSEV, Sergey Aleksandrovich", "initial S matched Sergey, initial A matched Aleksandrovich"),
        ("Arispe J. R. P.", "JOSE RAUL PAREDES ARISPE", "initial P matched Paredes"),
        ("OO, Y. W.", "OO, Ye Win", "initial W matched Win"),
        ("LI, Q.", "QINGSHAN LI", "initial Q matched Qingshan"),
    ],
)
def test_initials_match_the_names_they_stand_for(query, listed, said):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert said in result.explanation
    assert "legal form" not in result.explanation  # "S. A." of a person is no S.A.


def test_a_companys_spaced_legal_form_is_still_one():
    assert "legal form set aside: sa" in compare("DISTRIBUIDORA GERMAY S. A.", "DISTRIBUIDORA GERMAY").explanation


def test_missing_middle_names_cost_little_and_added_names_more():
    result = compare("JOSE ARISPE", "JOSE RAUL PAREDES ARISPE")
    assert result.score >= DEFAULT_THRESHOLD, result.explanation
    assert "'raul' (middle name, costs little)" in result.explanation
    # the query adding a name the list lacks is the weaker evidence
    assert compare("JOSE RAUL PAREDES ARISPE", "JOSE ARISPE").score < result.score


def test_a_person_by_the_list_type_gets_person_rules_without_a_known_given_name():
    others = [ListedParty(id=f"sdn:{n}", list="sdn", names=[f"OTHER PARTY {n}"], extras={"type": "entity"})
              for n in range(2, 50)]
    person = ListedParty(id="sdn:1", list="sdn", names=["ALEX YUN CHEONG YUE"], extras={"type": "individual"})
    hits = NameIndex([person, *others]).search("YUE ALEX", threshold=DEFAULT_THRESHOLD)
    assert hits and hits[0].party.id == "sdn:1", hits
    assert "middle name" in hits[0].explanation
    # the same name, not known to be a person's, is not read as one
    entity = ListedParty(id="sdn:1", list="sdn", names=["ALEX YUN CHEONG YUE"], extras={"type": "entity"})
    assert not NameIndex([entity, *others]).search("YUE ALEX", threshold=DEFAULT_THRESHOLD)


@pytest.mark.parametrize(("query", "vessel"), [("Carlota Cabello", "CARLOTA C"), ("Silvia Ivanova", "SILVIA I")])
def test_a_vessel_named_like_a_person_has_no_initials_a_person_could_match(query, vessel):
    """A ship's "C" or "I" is part of its name (often an ordinal), not an initial: read as a person's, "Carlota
    Cabello" scored 92.9 against the SDN vessel "CARLOTA C"."""
    others = [ListedParty(id=f"sdn:{n}", list="sdn", names=[f"OTHER PARTY {n}"], extras={"type": "entity"})
              for n in range(2, 50)]
    ship = ListedParty(id="sdn:1", list="sdn", names=[vessel], extras={"type": "vessel"})
    index = NameIndex([ship, *others])
    assert not index.search(query, threshold=DEFAULT_THRESHOLD)
    assert index.search(vessel.title(), threshold=DEFAULT_THRESHOLD)[0].party.id == "sdn:1"  # its own name still hits
    # the same name listed as a person's keeps its initial
    person = ListedParty(id="sdn:1", list="sdn", names=[vessel], extras={"type": "individual"})
    assert NameIndex([person, *others]).search(query, threshold=DEFAULT_THRESHOLD)


def _vessel_index(*vessels: str) -> NameIndex:
    others = [ListedParty(id=f"sdn:{n}", list="sdn", names=[f"OTHER PARTY {n}"], extras={"type": "entity"})
              for n in range(100, 150)]
    ships = [ListedParty(id=f"sdn:{n}", list="sdn", names=[name], extras={"type": "vessel"})
             for n, name in enumerate(vessels, 1)]
    return NameIndex([*ships, *others])


@pytest.mark.parametrize(
    ("query", "expected", "prefix"),
    [
        ("M/V Silvia I", "sdn:1", "MV"),
        ("MV SILVIA I", "sdn:1", "MV"),
        ("M/T ADRIAN DARYA 1", "sdn:2", "MT"),
        ("MT Adrian Darya 1", "sdn:2", "MT"),
        ("Silvia 1", "sdn:1", None),  # a ship's closing numeral written as a digit
        ("Silvia I", "sdn:1", None),
    ],
)
def test_a_ship_written_with_its_prefix_or_numeral_is_found(query, expected, prefix):
    """Trade documents write ships as "MV SILVIA I" or "M/T ADRIAN DARYA 1"; the SDN lists "SILVIA I" and
    "ADRIAN DARYA 1". The prefix read as two initials or a word made "MV SILVIA I" score 38.5."""
    hits = _vessel_index("SILVIA I", "ADRIAN DARYA 1").search(query, threshold=DEFAULT_THRESHOLD)
    assert hits and hits[0].party.id == expected, hits
    assert hits[0].score == 100, hits[0].explanation
    if prefix:
        assert f"ship prefix set aside: {prefix}" in hits[0].explanation
    else:
        assert "ship prefix" not in hits[0].explanation


def test_a_ship_prefix_is_no_name_of_its_own():
    """Set aside only before other words, and dotted letters stay a person's initials ("M. V. Kalashnikov")."""
    assert [t.key for t in normalize_name("MV").tokens] == ["mv"]
    assert normalize_name("MV Kalashnikov").tokens[0].kind == "aside"
    dotted = normalize_name("M. V. Kalashnikov")
    assert dotted.person and [t.kind for t in dotted.tokens][:2] == ["initial", "initial"]
    # the prefix does not make another ship's name match: the name itself must
    assert not _vessel_index("SILVIA I").search("MV SILVANA", threshold=DEFAULT_THRESHOLD)


@pytest.mark.parametrize(
    ("query", "listed"),
    [("HONG FENG ONE HAO", "HONG FENG 1 HAO"), ("LLC KB NO. 78", "LLC KB 78")],
)
def test_numbers_written_out_or_with_no_match_the_digits(query, listed):
    assert compare(query, listed).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("TONG HUNG I", "TONG HUNG 1"),  # a bare numeral closing a name
        ("AGUSTA GRAND I", "AGUSTA GRAND 1 LLC"),  # ... also before a legal form
        ("XXIX Research Institute", "29 Research Institute"),  # first, when it cannot be a word
        ("IX Plant Kazan", "9 Plant Kazan"),  # first, naming a unit
        ("China Electronics Technology Group Corporation No. 58 Research Institute",
         "China Electronics Technology Group Corporation 58 Research Institute"),  # "No. 58" names, not addresses
    ],
)
def test_roman_numerals_and_numbered_units_match_the_digits(query, listed):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result.explanation


def test_a_numbered_unit_is_told_from_its_parent_organisation():
    """"No. 58 Research Institute" is the institute's name: it is not set aside as a house number."""
    parent = ListedParty(id="el:1", list="entity-list", names=["China Electronics Technology Group Corporation"])
    unit = ListedParty(id="el:2", list="entity-list",
                       names=["China Electronics Technology Group Corporation 58 Research Institute"])
    hits = NameIndex([parent, unit]).search("China Electronics Technology Group Corporation No. 58 Research Institute",
                                            threshold=DEFAULT_THRESHOLD)
    assert hits and hits[0].party.id == "el:2", hits


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Malcolm X", "x"),  # two words: an initial
        ("John Smith I", "i"),  # a given name first: a person's initial
        ("Kostin A. I.", "i"),  # initials written with dots
        ("Smith J I", "i"),  # a single letter before it: initials
        ("Liv Ullmann", "liv"),  # a word first, naming no unit
        ("Xi Jinping", "xi"),  # a pinyin syllable
    ],
)
def test_letters_that_can_be_initials_or_words_are_not_read_as_numerals(name, kept):
    assert kept in normalize_name(name).keys


_LISTED = ("Tianjin Tianwei Food Co., Ltd", "Japan Nuclear Fuel Limited", "Hangzhou Hikvision Digital Technology Co., Ltd.",
           "ROSSIYA AIRLINES", "Baidu, Inc.", "Mitsubishi Heavy Industries Engine & Turbocharger, Ltd.")
_STREET = st.sampled_from(("Road", "Street", "Avenue", "Lane", "Parkway", "Passage", "Drive", "Way"))
_WORDS = st.sampled_from(("Colin", "Barber", "Holly", "Nicole", "Taylor", "Moore", "Evans", "Leon"))


@settings(max_examples=60, deadline=None)
@given(
    listed=st.sampled_from(_LISTED),
    number=st.integers(1, 999),
    street=_WORDS,
    kind=_STREET,
    unit=st.sampled_from(("", "Flat 12, ", "Suite 300, ", "Studio 4, ")),
    separator=st.sampled_from((", ", " ", "; ", " - ")),
    city=_WORDS.map(lambda w: w + "ville"),
    postcode=st.sampled_from(("LN83 3DP", "7415IF", "10354", "M52 8GP")),
)
def test_appending_an_address_keeps_a_listed_name_at_the_threshold(listed, number, street, kind, unit, separator,
                                                                   city, postcode):
    query = f"{listed}{separator}{unit}{number} {street} {kind}, {city}, {postcode}"
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, (query, result.explanation)
    assert "address set aside" in result.explanation
