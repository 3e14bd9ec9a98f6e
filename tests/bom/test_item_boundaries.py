"""Item boundaries of the Chinese measures (form, purity, device vs material), through the CLI.

Cases built from china.md: §4.1 (MOFCOM FAQ No. 5 "generally not controlled"), §3.2
(graphite: synthetic > 99.9 % purity with strength and density thresholds; natural
flake, spherical and expanded), §3.3 (No. 33: antimony oxides >= 99.99 %; metal and
ingots), §3.1 (No. 23: Ga/Ge materials in listed forms, germanium metal Ge-1), and No. 61
Art. 1(1)/(3) for a magnet whose own origin is not recorded. Screened as of 5 Dec 2026.
"""

from __future__ import annotations

import json

import pytest

from compliance.cli import main

HEADER = "part_number,description,parent,quantity,unit_value,currency,unit_mass,origin_country,materials\n"
PRICES = "as_of: 2026-12-05\ncurrency: USD\nbasis: test figures\nprices:\n  Dy: {per_kg: 400, basis: test}\n"


@pytest.fixture
def screen(tmp_path, capsys):
    prices = tmp_path / "prices.yaml"
    prices.write_text(PRICES, encoding="utf-8")

    def run(rows: str) -> dict:
        bom, out = tmp_path / "bom.csv", tmp_path / "report.json"
        bom.write_text(HEADER + rows, encoding="utf-8")
        with pytest.raises(SystemExit) as exit_info:
            main(["screen", "bom", str(bom), "--as-of", "2026-12-05", "--prices", str(prices), "-f", f"json={out}"])
        assert exit_info.value.code in (0, 1), capsys.readouterr().err
        found: dict = {}
        for f in json.loads(out.read_text(encoding="utf-8"))["findings"]:
            found.setdefault(f["subject"]["part_number"], {})[f["rule_id"]] = f
        return found

    return run


def outcome(found, part, rule):
    return found.get(part, {}).get(rule, {}).get("outcome")


def test_faq5_phosphor_and_calcined_catalyst_are_info_for_y_lu_sc(screen):
    found = screen(
        "PH-1,Y2O3:Eu red phosphor powder,,1,5,USD,100g,CN,Y2O3 95%; Eu2O3 5%\n"
        "CAT-1,Calcined rare-earth catalyst powder,,1,5,USD,100g,CN,Sc2O3 2%; Lu2O3 1%; Y2O3 3%; Al2O3 94%\n"
        "YO-1,Yttrium oxide 5N powder,,1,5,USD,100g,CN,Y2O3 100%\n"
    )
    assert outcome(found, "PH-1", "CN-MOFCOM-2025-18-Y") == "info"
    for rule in ("CN-MOFCOM-2025-18-LU", "CN-MOFCOM-2025-18-SC", "CN-MOFCOM-2025-18-Y"):
        assert outcome(found, "CAT-1", rule) == "info", rule
        assert "generally not controlled" in found["CAT-1"][rule]["message"]
    assert outcome(found, "YO-1", "CN-MOFCOM-2025-18-Y") == "license-required"  # the oxide itself stays listed


def test_graphite_only_in_the_listed_forms_and_purities(screen):
    found = screen(
        "EL-1,UHP graphite electrode for electric arc furnace,,1,500,USD,100kg,CN,graphite 99%\n"
        "GR-1,Natural flake graphite -100 mesh,,1,50,USD,25kg,CN,graphite 95%\n"
        "SG-1,Isostatic synthetic graphite block,,1,900,USD,20kg,CN,graphite 99.95%\n"
        "SG-2,Synthetic graphite block,,1,900,USD,20kg,CN,graphite 99.9%\n"
    )
    # 99 % synthetic graphite is under the > 99.9 % floor; no natural-graphite form is named: a check at most.
    assert outcome(found, "EL-1", "CN-MOFCOM-2023-GRAPHITE") == "red-flag"
    assert outcome(found, "GR-1", "CN-MOFCOM-2023-GRAPHITE") == "license-required"
    # > 99.9 % declared, but flexural strength and density decide too: check the specification.
    assert outcome(found, "SG-1", "CN-MOFCOM-2023-GRAPHITE") == "red-flag"
    assert "Synthetic graphite" in found["SG-1"]["CN-MOFCOM-2023-GRAPHITE"]["message"]
    # exactly 99.9 % is not "more than 99.9 %": never a licence, at most a check of the description
    assert outcome(found, "SG-2", "CN-MOFCOM-2023-GRAPHITE") == "red-flag"
    # and no graphite here is anode material (No. 58): a check at most
    assert {outcome(found, p, "CN-MOFCOM-2025-58-BATTERY") for p in ("EL-1", "GR-1", "SG-1", "SG-2")} == {"red-flag"}


def test_antimony_oxide_only_from_99_99_percent(screen):
    found = screen(
        "SB-1,Antimony trioxide 99.5%,,1,50,USD,25kg,CN,Sb2O3 99.5%\n"
        "SB-2,Antimony trioxide 99.99%,,1,50,USD,25kg,CN,Sb2O3 99.99%\n"
        "SB-3,Antimony trioxide flame retardant grade,,1,50,USD,25kg,CN,Sb2O3 25kg\n"
    )
    assert "CN-MOFCOM-2024-33-SB" not in found.get("SB-1", {})
    assert outcome(found, "SB-2", "CN-MOFCOM-2024-33-SB") == "license-required"
    assert outcome(found, "SB-3", "CN-MOFCOM-2024-33-SB") == "red-flag"  # purity not declared: check


def test_packaged_gan_transistor_is_a_check_not_listed_gan_material(screen):
    found = screen(
        "GAN-1,GaN HEMT transistor TO-247 packaged,,1,5,USD,5g,CN,GaN 0.1%; Cu 60%; Si 10%\n"
        "GAN-2,GaN epitaxial wafer 4 inch,,1,300,USD,20g,CN,GaN 2%; Si 98%\n"
    )
    assert outcome(found, "GAN-1", "CN-MOFCOM-2023-23-GA") == "red-flag"
    assert found["GAN-1"]["CN-MOFCOM-2023-23-GA"]["severity"] == "medium"
    assert outcome(found, "GAN-2", "CN-MOFCOM-2023-23-GA") == "license-required"


def test_germanium_metal_and_antimony_ingots_are_listed_items(screen):
    found = screen(
        "GE-1,Germanium metal ingot 5N,,1,500,USD,1kg,CN,Ge 100%\n"
        "SBI-1,Antimony ingot 99.65%,,1,100,USD,25kg,CN,Sb 99.65%\n"
    )
    ge = found["GE-1"]["CN-MOFCOM-2023-23-GE"]
    assert ge["outcome"] == "license-required" and "Ge-1" in ge["message"]
    sb = found["SBI-1"]["CN-MOFCOM-2024-33-SB"]
    assert sb["outcome"] == "license-required" and "Sb-2" in sb["message"]


def test_magnet_with_chinese_dy_and_no_origin_reports_the_licence_either_origin_needs(screen):
    # 20 g magnet, 3 % Dy of Chinese origin = 0.6 g; 0.0006 kg x 400 USD/kg = 0.24 USD;
    # 0.24 USD / 2 USD = 12 % >= 0.1 %: Art. 1(1) if made outside China, Art. 1(3) (no threshold) if made in China.
    found = screen("MAG-1,NdFeB magnet N42SH,,1,2,USD,20g,,Nd 29%; Dy 3%@CN; B 1%; Fe 67%\n")
    art11 = found["MAG-1"]["CN-MOFCOM-2025-61-ART1-1"]
    assert art11["outcome"] == "license-required"
    assert art11["evidence"]["arithmetic"] == "0.24 USD / 2 USD = 12.0000 %"
    assert "either way" in art11["message"]
    # No. 18: made in China the magnet is the listed item; made elsewhere its Chinese Dy needed a licence.
    dy = found["MAG-1"]["CN-MOFCOM-2025-18-DY"]
    assert dy["outcome"] == "license-required" and "either way" in dy["message"]


def test_magnet_with_dy_of_unknown_origin_stays_a_red_flag(screen):
    found = screen("MAG-2,NdFeB magnet N42SH,,1,2,USD,20g,,Nd 29%; Dy 3%; B 1%; Fe 67%\n")
    assert outcome(found, "MAG-2", "CN-MOFCOM-2025-18-DY") == "red-flag"


# --------------------------------------------------------------------------- the purity floor as a property

from decimal import Decimal  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from compliance.bom.content import resolved_materials  # noqa: E402
from compliance.bom.itemmatch import ItemIndex  # noqa: E402
from compliance.model.records import BomLine, Material  # noqa: E402
from compliance.rulepacks.loader import load_rules  # noqa: E402

SB = [load_rules().get("CN-MOFCOM-2024-33-SB")]
INDEX = ItemIndex(SB)


def sb3_hits(description: str, share: Decimal | None):
    line = BomLine("bom.csv", 2, "P", description, origin_country="CN", materials=(Material("Sb2O3", share=share),))
    hits = INDEX.hits(line, resolved_materials(line), ()).get("CN-MOFCOM-2024-33-SB", [])
    return [h for h in hits if h.item.code == "Sb-3"]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.5"), max_value=Decimal(1), places=6))
def test_sb_oxide_is_sb3_exactly_from_99_99_percent(share):
    hits = sb3_hits("Antimony trioxide", share)
    if share * 100 < Decimal("99.99"):
        assert not hits  # the declared purity rules Sb-3 out, by substance and by keyword alike
    else:
        assert any(h.strong for h in hits)
