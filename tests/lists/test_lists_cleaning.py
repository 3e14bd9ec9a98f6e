"""Each repair of the eCFR-derived data, on the defect text quoted in the data README."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from compliance.lists import cleaning
from compliance.lists.countries import is_hong_kong_address, iso2
from compliance.lists.model import ReviewPolicy
from compliance.lists.review_policy import classify_review_policy


def test_footnote_3_glued_after_the_fdp_section_is_taken_out():
    text, notes = cleaning.extract_footnotes("For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)")
    assert notes == ["3"]
    assert text == "For all items subject to the EAR. (See §§ 734.9(g), 746.8(a)(3), and 744.21(b) of the EAR)"


def test_footnote_3_without_comma_and_huawei_footnotes_1_and_2():
    assert cleaning.extract_footnotes("For all items subject to the EAR (See §§ 734.9(g)3, 746.8(a)(3), and 744.2l(b) of the EAR)")[1] == ["3"]
    text, notes = cleaning.extract_footnotes("For all items subject to the EAR, see §§ 734.9(e) 1 and 744.11 of the EAR 2")
    assert notes == ["1", "2"]
    assert text == "For all items subject to the EAR, see §§ 734.9(e) and 744.11 of the EAR"


def test_trailing_footnotes_4_5_and_45_but_not_paragraph_numbers():
    assert cleaning.extract_footnotes("For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR) 4")[1] == ["4"]
    assert cleaning.extract_footnotes("For all items subject to the EAR (See §§ 734.4(a)(9), 734.9(e)(3), and 744.11 of the EAR) 5")[1] == ["5"]
    assert cleaning.extract_footnotes("For all items subject to the EAR. (See § 744.11 of the EAR)45")[1] == ["4", "5"]
    assert cleaning.extract_footnotes("For all items subject to the EAR. (See § 744.11 of the EAR)") == (
        "For all items subject to the EAR. (See § 744.11 of the EAR)",
        [],
    )


def test_aka_left_inside_a_primary_name_is_split():
    assert cleaning.split_aka_name("Mesbah Energy Company (a.k.a. “MEC”)") == ("Mesbah Energy Company", ["MEC"], False)
    assert cleaning.split_aka_name("Gazprom Neft (a.k.a. Gazprom Neft OAO") == ("Gazprom Neft", ["Gazprom Neft OAO"], False)
    assert cleaning.split_aka_name("Sabanican Company (a.k.a.") == ("Sabanican Company", [], True)


def test_alias_cut_into_the_address_is_recovered():
    alias, rest = cleaning.recover_cut_alias("Sabanican Pad Co.), Unit #23, Eighth Floor, Tehran, Iran")
    assert alias == "Sabanican Pad Co."
    assert rest == "Unit #23, Eighth Floor, Tehran, Iran"


def test_lost_first_letter_of_an_alias_is_restored():
    primary = "Dolgoprudny Research Production Enterprise, OAO"
    assert cleaning.restore_lost_initial("olgoprudnenskoye NPP OAO", primary) == "Dolgoprudnenskoye NPP OAO"
    assert cleaning.restore_lost_initial("ooo Example", primary) == "ooo Example"


def test_address_swallowed_by_an_alias_is_moved_out():
    assert cleaning.split_alias_address("Zaliv Shipyard LLC. 4 Tankistov Street, Kerch, Crimea 98310, Ukraine") == (
        "Zaliv Shipyard LLC.",
        "4 Tankistov Street, Kerch, Crimea 98310, Ukraine",
    )
    assert cleaning.split_alias_address("M.A.G. Tech, 5762 Royalmount Ave, Montreal, QC, H4P 1K5, Canada") == (
        "M.A.G. Tech",
        "5762 Royalmount Ave, Montreal, QC, H4P 1K5, Canada",
    )
    # An alias that merely contains a number stays whole.
    alias = "China Shipbuilding Industry Group Co., Ltd. (CSIC) 12th Research Institute"
    assert cleaning.split_alias_address(alias) == (alias, None)


def test_list_glue_inside_aliases_is_split():
    assert cleaning.split_alias_text("HPSTAR; and") == ["HPSTAR"]
    assert cleaning.split_alias_text("Asialink; Xi'an Int'l Logistics Co., Ltd.") == ["Asialink", "Xi'an Int'l Logistics Co., Ltd."]
    assert cleaning.split_alias_text("National Development Complex (NDC), a.k.a., the following two aliases:") == ["National Development Complex (NDC)"]
    assert cleaning.split_alias_text("Thermal Processing Technology Research Institute, a.k.a., Hot Working Technology Research Institute") == [
        "Thermal Processing Technology Research Institute",
        "Hot Working Technology Research Institute",
    ]
    assert cleaning.split_alias_text("Engineering Research Laboratories (ERL);—Institute of Industrial Control Systems (IICS)") == [
        "Engineering Research Laboratories (ERL)",
        "Institute of Industrial Control Systems (IICS)",
    ]
    assert cleaning.split_alias_text("formerly known as Hebei Temeite International Trade Co., Ltd") == ["Hebei Temeite International Trade Co., Ltd"]


def test_ecfr_typography_is_normalised():
    assert cleaning.fix_typography("AGAT—Control Systems") == "AGAT-Control Systems"
    assert cleaning.fix_typography("Tactical Missile Corporation, Concern “MPO—Gidropribor”") == 'Tactical Missile Corporation, Concern "MPO-Gidropribor"'
    assert cleaning.fix_typography("Xi 'an Precision Machinery Research Institute") == "Xi'an Precision Machinery Research Institute"
    assert cleaning.fix_typography("Publichnoe Aktsionernoe Obshchestvo 'Krasnoyarskgazprom") == "Publichnoe Aktsionernoe Obshchestvo Krasnoyarskgazprom"
    assert cleaning.fix_typography("Huawei Technologies Research & Development (UK))") == "Huawei Technologies Research & Development (UK)"


def test_cyrillic_homoglyphs_in_latin_text_are_folded_but_cyrillic_names_are_kept():
    assert cleaning.fix_typography("Shenzhen Ditai Technology Со., Ltd.") == "Shenzhen Ditai Technology Co., Ltd."
    assert cleaning.fold_homoglyphs("АО Концерн ВКО") == "АО Концерн ВКО"


def test_federal_register_citations_normalise_and_give_dates():
    spellings = ["85 FR 83799, 12/23/2020 ", "85 FR 83799 12/23/2020", "85 FR 83799, 12/23/2020"]
    assert {cleaning.normalize_citation(s) for s in spellings} == {"85 FR 83799, 12/23/2020"}
    assert cleaning.normalize_citation("75 FR 1701, 1/13/10.\n77 FR 24590, 4/25/12") == "75 FR 1701, 1/13/10; 77 FR 24590, 4/25/12"
    assert cleaning.citation_dates("75 FR 1701, 1/13/10; 77 FR 24590, 4/25/12") == [dt.date(2010, 1, 13), dt.date(2012, 4, 25)]
    assert cleaning.citation_dates("46 F.R. 46154 9/17/81") == [dt.date(1981, 9, 17)]


def test_loose_dates():
    assert cleaning.parse_loose_date("June 21, 2022") == dt.date(2022, 6, 21)
    assert cleaning.parse_loose_date("03 Jun 2021") == dt.date(2021, 6, 3)
    assert cleaning.parse_loose_date("sometime") is None


def test_review_policy_text_maps_to_the_enum():
    assert classify_review_policy("Presumption of denial.") is ReviewPolicy.PRESUMPTION_OF_DENIAL
    assert classify_review_policy("Policy of denial") is ReviewPolicy.POLICY_OF_DENIAL
    assert classify_review_policy("Case-by-case review") is ReviewPolicy.CASE_BY_CASE
    mixed = "Policy of denial for all items apart from food and medicine designated as EAR99, which will be reviewed on a case-by-case basis."
    assert classify_review_policy(mixed) is ReviewPolicy.MIXED
    assert classify_review_policy("See § 744.3(d) of this part") is ReviewPolicy.CROSS_REFERENCE
    assert classify_review_policy("Presumption of approval") is ReviewPolicy.OTHER
    assert classify_review_policy("  ") is None


def test_country_names_and_hong_kong_addresses():
    assert [iso2(n) for n in ("China", "Burma", "Korea, South", "Crimea Region of Ukraine", "Taiwan region", "cn", "Atlantis")] == [
        "CN", "MM", "KR", "UA", "TW", "CN", None,
    ]
    assert is_hong_kong_address("Unit D, 16/F One Capital Place, 18 Luard Rd, Wan Chai, Hong Kong.")
    assert is_hong_kong_address("Room 3, Tower 1, Kowloon, Hong Kong, China")
    assert not is_hong_kong_address("Bantian, Shenzhen, China; and Tsim Sha Tsui, Kowloon, Hong Kong.")
    assert not is_hong_kong_address(None)


@given(st.text(max_size=200))
def test_footnote_extraction_is_total_and_only_yields_footnote_numbers(text):
    cleaned, notes = cleaning.extract_footnotes(text)
    assert set(notes) <= {"1", "2", "3", "4", "5"}
    assert notes == sorted(notes)
    assert cleaned is None or len(cleaned) <= len(text)


@given(st.text(max_size=200))
def test_alias_splitting_never_returns_glue(text):
    for part in cleaning.split_alias_text(text):
        assert part and part == part.strip()
        assert not part.startswith("(")


@given(st.text(max_size=120))
def test_typography_repair_is_idempotent(text):
    once = cleaning.fix_typography(text)
    assert cleaning.fix_typography(once) == once


def test_chinese_country_names_from_erp_exports():
    assert [iso2(n) for n in ("中国", "中華人民共和國", "中国香港", "台灣", "德国", "美国", "日本", "火星")] == [
        "CN", "CN", "HK", "TW", "DE", "US", "JP", None,
    ]
