"""No. 61 Art. 1(1): the 0.1 % value test, worked by hand.

Prices (tests/bom/conftest.py): Dy 400 USD/kg. A Japanese Dy-NdFeB magnet of 10 g
worth 10.00 USD reaches 0.1 % when its Chinese Dy is worth 0.01 USD, i.e.
0.01 / 400 = 0.000025 kg = 0.025 g = 0.25 % of 10 g.
"""

from __future__ import annotations

from decimal import Decimal

from compliance.rulepacks.timeline import Scenario
from tests.bom.conftest import ART11, ART13, DY18, by_rule


def magnet(dy_share: str, origin="JP", dy_origin="@CN", value="10.00") -> str:
    fe = Decimal(70) - Decimal(dy_share.rstrip("%"))  # iron is the balance: shares may not exceed 100 %
    return f"MAG,Dy-NdFeB magnet,,1,{value},USD,10g,{origin},Nd 29%; Dy {dy_share}{dy_origin}; B 1%; Fe {fe}%\n"


def test_just_below_the_threshold_is_info_only(screen):
    # 0.2497 % of 10 g = 0.02497 g Dy; x 400 USD/kg = 0.009988 USD; / 10 USD = 0.09988 % < 0.1 %
    (f,) = by_rule(screen(magnet("0.2497%")), ART11)
    assert f.outcome.value == "info" and f.severity.value == "info"
    assert f.evidence["share"] == "0.0999 %"
    assert f.evidence["arithmetic"] == "0.01 USD / 10 USD = 0.0999 %"  # 0.009988 shown to 4 places
    # break-even: 0.001 x 10 USD / 0.00002497 kg = 400.48 USD/kg — just above the table price
    assert f.evidence["break_even_price_per_kg"] == "400.48 USD"


def test_exactly_and_just_above_the_threshold_need_a_licence(screen):
    # "达到0.1%及以上": 0.25 % of 10 g = 0.025 g; x 400 = 0.01 USD = 0.1 % → caught (inclusive)
    (at,) = by_rule(screen(magnet("0.25%")), ART11)
    assert at.outcome.value == "license-required" and at.severity.value == "high"
    assert at.evidence["share"] == "0.1000 %"
    (above,) = by_rule(screen(magnet("0.2503%")), ART11)
    assert above.outcome.value == "license-required"
    assert above.evidence["cn_part_i_content"][0] == {
        "part_number": "MAG", "row": 2, "field": "materials[1]", "substance": "Dy", "origin": "CN",
        "units_per_item": "1", "grams_per_item": "0.02503",
    }
    assert above.evidence["priced"][0]["price_per_kg"] == "400 USD"
    assert above.verify is True  # status after 10 Nov 2026 is unconfirmed


def test_motor_assembly_containing_the_magnet_is_caught_too(screen):
    # Motor (DE, 1,000 USD) holds 20 magnets (JP, 10 g, 10 % Dy of CN origin):
    # 20 x 1 g Dy = 20 g = 0.02 kg x 400 USD/kg = 8 USD; 8 / 1,000 = 0.8 %.
    rows = (
        "MOT,Motor assembly,,1,1000,USD,40kg,DE,\n"
        "MAG,Dy-NdFeB magnet,MOT,20,10,USD,10g,JP,Nd 20%; Dy 10%@CN; B 1%; Fe 69%\n"
    )
    result = screen(rows)
    (motor,) = by_rule(result, ART11, "MOT")
    assert motor.outcome.value == "license-required"
    assert motor.evidence["cn_value"] == "8 USD"
    assert motor.evidence["share"] == "0.8000 %"
    assert motor.evidence["part_ii_basis"][0]["part_number"] == "MAG"
    # break-even: 0.001 x 1,000 / 0.02 kg = 50 USD/kg
    assert motor.evidence["break_even_price_per_kg"] == "50 USD"
    # the magnet itself: 1 g x 0.4 USD/g = 0.40 USD / 10 USD = 4 %
    (mag,) = by_rule(result, ART11, "MAG")
    assert mag.evidence["share"] == "4.0000 %"
    # a Japanese magnet with Chinese Dy is not itself of Chinese origin: no Art. 1(3)
    assert not by_rule(result, ART13)


def test_the_same_bom_across_dates_and_scenarios(screen):
    rows = "MAG,Dy-NdFeB magnet,,1,10,USD,10g,JP,Nd 29%; Dy 1%@CN; B 1%; Fe 69%\n"
    assert not by_rule(screen(rows, as_of="2025-11-01"), ART11)  # Art. 1(1) due 1 Dec 2025
    assert not by_rule(screen(rows, as_of="2026-01-01"), ART11)  # suspended by No. 70
    nov = by_rule(screen(rows, as_of="2026-11-28"), ART11)
    assert len(nov) == 1 and nov[0].verify and nov[0].outcome.value == "license-required"
    assert not by_rule(screen(rows, as_of="2026-11-28", scenario=Scenario.SUSPENSIONS_EXTENDED), ART11)
    # No. 18 supply risk for the Chinese Dy applies throughout (never suspended)
    for day in ("2025-11-01", "2026-01-01", "2026-11-28"):
        (up,) = by_rule(screen(rows, as_of=day), DY18)
        assert up.evidence["licence_needed_by"].startswith("the Chinese exporter of the material")


def test_chinese_made_magnet_is_no18_supply_risk_not_no61_art1_1(screen):
    result = screen(magnet("4%", origin="CN", dy_origin=""), as_of="2026-01-01")
    (f,) = by_rule(result, DY18)
    assert (f.outcome.value, f.severity.value) == ("license-required", "high")
    assert "made in CN" in f.message and f.evidence["part_origin"] == "CN"
    assert not by_rule(result, ART11)


def test_ndfeb_without_dy_or_tb_is_not_caught(screen):
    result = screen("MAG,NdFeB magnet N42,,1,2,USD,10g,JP,Nd 30%@CN; Pr 2%@CN; B 1%@CN; Fe 67%@CN\n")
    assert result.findings == []


def test_unknown_origin_cannot_be_ruled_out(screen):
    # Dy of unknown origin: 1 % of 10 g = 0.1 g; if Chinese: 0.04 USD / 10 USD = 0.4 % >= 0.1 %.
    (f,) = by_rule(screen(magnet("1%", dy_origin="")), ART11)
    assert f.outcome.value == "red-flag" and "cannot rule out" in f.message
    assert f.evidence["share_if_unknown_were_cn"] == "0.4000 %"
    assert f.evidence["missing"] == ["@ORIGIN of Dy in MAG (row 2)"]


def test_fraction_without_unit_mass_names_the_missing_mass(screen):
    (f,) = by_rule(screen("MAG,Dy-NdFeB magnet,,1,10,USD,,JP,Nd 29%; Dy 1%@CN; B 1%\n"), ART11)
    assert f.outcome.value == "red-flag"
    assert f.evidence["missing"] == ["unit_mass of MAG (row 2)"]


def test_missing_value_and_foreign_currency(screen):
    (f,) = by_rule(screen("MAG,Dy-NdFeB magnet,,1,,USD,10g,JP,Nd 29%; Dy 1%@CN; B 1%\n"), ART11)
    assert f.outcome.value == "red-flag" and "unit_value of MAG (row 2)" in f.evidence["missing"][0]
    # 8 EUR x 1.25 = 10 USD; 0.1 g Dy x 0.4 USD/g = 0.04 USD → 0.4 %
    (eur,) = by_rule(screen("MAG,Dy-NdFeB magnet,,1,8,EUR,10g,JP,Nd 29%; Dy 1%@CN; B 1%\n"), ART11)
    assert eur.evidence["share"] == "0.4000 %"
    (gbp,) = by_rule(screen("MAG,Dy-NdFeB magnet,,1,8,GBP,10g,JP,Nd 29%; Dy 1%@CN; B 1%\n"), ART11)
    assert "exchange rate GBP->USD" in gbp.evidence["missing"][0]


def test_chinese_nd_pr_fe_b_co_do_not_count(screen):
    # SmCo magnet made in DE; Sm is Japanese, Co Chinese: Co is not a Part I item.
    result = screen("SC,SmCo magnet,,1,5,USD,10g,DE,Sm 25%@JP; Co 50%@CN; Fe 20%; Cu 5%\n")
    assert not by_rule(result, ART11)


def test_parent_cycle_is_an_input_error_naming_the_rows(screen):
    import pytest

    from compliance.model.errors import InputError

    with pytest.raises(InputError) as exc:
        screen("A,assembly,B,1,1,USD,,DE,\nB,assembly,A,1,1,USD,,DE,\n")
    assert "cycle in parent links: A (row 2) -> B (row 3) -> A (row 2)" in str(exc.value)


def test_chinese_made_assembly_containing_magnets_is_an_art1_3_item_but_not_no18(screen):
    # No. 61 Part II covers "parts, components and assemblies containing them"; re-exporting a
    # Chinese-made rotor with Dy-NdFeB magnets needs a licence under Art. 1(3), whatever the
    # share. No. 18 lists magnet materials only (FAQ No. 5: rotor assemblies are generally
    # not controlled), so the rotor itself is not a No. 18 item.
    rows = (
        "ROT,Rotor assembly,,1,300,USD,9kg,CN,\n"
        "MAG,Dy-NdFeB magnet,ROT,16,4,USD,40g,CN,Nd 27%; Dy 4%; B 1%; Fe 68%\n"
    )
    result = screen(rows)
    (rotor,) = by_rule(result, ART13, "ROT")
    assert rotor.outcome.value == "license-required" and rotor.evidence["matches"][0]["basis"] == "contains"
    assert not by_rule(result, DY18, "ROT")
    assert by_rule(result, DY18, "MAG")[0].outcome.value == "license-required"


def test_minor_element_content_is_not_a_specific_form_item(screen):
    # No. 10 lists "Mo powder >= 97 % Mo, <= 50 um"; 0.2 % Mo in a Chinese steel shaft is not it,
    # while a Chinese part that is 99 % Mo gets a "check the description" red flag.
    result = screen("SHAFT,Steel shaft,,1,80,USD,6kg,CN,Fe 98%; Cr 1%; Mo 0.2%\n"
                    "MOP,Molybdenum powder,,1,80,USD,1kg,CN,Mo 99.9%\n")
    assert not by_rule(result, "CN-MOFCOM-2025-10-MO", "SHAFT")
    (f,) = by_rule(result, "CN-MOFCOM-2025-10-MO", "MOP")
    assert f.outcome.value == "red-flag" and "the item description decides" in f.message


def test_rare_earth_sputtering_target_made_abroad_is_a_part_ii_item(screen):
    # A 500 g Sm target made in KR from 99.9 % Sm of Chinese origin, worth 200 USD:
    # 499.5 g x 30 USD/kg = 14.985 USD / 200 USD = 7.4925 %.
    result = screen("TGT,Sm sputtering target,,1,200,USD,500g,KR,Sm 99.9%@CN\n"
                    "DISC,Sm disc for alloying,,1,200,USD,500g,KR,Sm 99.9%@CN\n")
    (f,) = by_rule(result, ART11)
    assert f.subject.part_number == "TGT" and f.evidence["part_ii_basis"][0]["class"] == "RE target"
    assert f.evidence["share"] == "7.4925 %"
