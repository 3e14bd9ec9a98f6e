"""Affiliates through any intermediary, including a US one, through the CLI.

The Affiliates Rule (90 FR 47201, Supp. No. 8 to Part 744) and OFAC's 50 % guidance
(FAQ 401) count ownership "directly or indirectly"; stakes of restricted holders are
summed, never multiplied (us.md §2.7). Only whether the affiliate itself is covered can
depend on where it is (the Affiliates Rule reaches foreign entities only): a US holding
does not stop the chain. Huawei Technologies Co., Ltd. is on the bundled Entity List.
Screened as of 1 Oct 2025 (Affiliates Rule in force, before its stay of 10 Nov 2025).
"""

from __future__ import annotations

import json

import pytest

from compliance.cli import main

AS_OF = "2025-10-01"
RULE = "US-BIS-AFFILIATES-50PCT"
MINORITY = "US-BIS-AFFILIATES-MINORITY"
HEADER = "owner,owned,percent,owner_country,owned_country\n"


@pytest.fixture
def screen(tmp_path, capsys):
    def run(kind, ownership_rows, parties=None, bom=None):
        own = tmp_path / "own.csv"
        own.write_text(HEADER + ownership_rows, encoding="utf-8")
        out = tmp_path / "report.json"
        if kind == "parties":
            path = tmp_path / "parties.csv"
            path.write_text("id,name,country\n" + parties, encoding="utf-8")
        else:
            path = tmp_path / "bom.csv"
            path.write_text("part_number,description,supplier\n" + bom, encoding="utf-8")
        with pytest.raises(SystemExit) as exit_info:
            main(["screen", kind, str(path), "--ownership", str(own), "--as-of", AS_OF, "-f", f"json={out}"])
        assert exit_info.value.code in (0, 1), capsys.readouterr().err
        return {(f["subject"]["value"], f["rule_id"]): f for f in json.loads(out.read_text(encoding="utf-8"))["findings"]}

    return run


CHAIN = (
    '"Huawei Technologies Co., Ltd.",Huawei Holdings USA Inc,100,CN,US\n'
    "Huawei Holdings USA Inc,Planta Norte SA de CV,100,US,MX\n"
)


def test_listed_company_via_its_us_holding_to_a_mexican_plant_screen_parties(screen):
    # Huawei —100 %→ US holding —100 %→ Mexican plant. The US holding is owned 100 % by a listed
    # party (100 >= 50) but is not itself covered (US entity); its 100 % stake in the plant
    # still counts: the plant is owned 100 % (>= 50 %) indirectly by Huawei.
    found = screen("parties", CHAIN, parties="P-1,Planta Norte SA de CV,MX\nP-2,Huawei Holdings USA Inc,US\n")
    finding = found[("Planta Norte SA de CV", RULE)]
    assert finding["outcome"] == "license-required"  # no role column: the strictest reading
    assert "role unknown: strictest reading" in finding["message"]
    assert finding["evidence"]["paths"] == [
        "Huawei Technologies Co., Ltd. —100 %→ Huawei Holdings USA Inc —100 %→ Planta Norte SA de CV"
    ]
    assert finding["evidence"]["restricted_stake_percent"] == "100"
    [holder] = finding["evidence"]["restricted_holders"]
    assert holder["owner"] == "Huawei Holdings USA Inc" and "not itself covered (US)" in holder["restricted_as"]
    assert ("Huawei Holdings USA Inc", RULE) not in found  # the US holding itself is outside the rule


def test_same_chain_in_screen_bom(screen):
    found = screen("bom", CHAIN, bom="M-1,Stator lamination stack,Planta Norte SA de CV\n")
    finding = found[("Planta Norte SA de CV", RULE)]
    # caught through the US holding; as the BOM's supplier it restricts what you send it, not the purchase
    assert (finding["outcome"], finding["evidence"]["role"]) == ("red-flag", "supplier")
    assert finding["evidence"]["paths"] == [
        "Huawei Technologies Co., Ltd. —100 %→ Huawei Holdings USA Inc —100 %→ Planta Norte SA de CV"
    ]
    assert finding["subject"]["field"] == "supplier"


def test_ofac_style_aggregate_direct_plus_through_a_us_intermediary(screen):
    # Huawei owns 100 % of the US sub and 20 % of the plant; the US sub owns 30 % of the plant.
    # Plant: 20 % (Huawei, listed) + 30 % (US sub, owned 100 % by Huawei) = 50 % >= 50 % → caught.
    rows = (
        '"Huawei Technologies Co., Ltd.",Huawei Holdings USA Inc,100,CN,US\n'
        "Huawei Holdings USA Inc,Planta Norte SA de CV,30,US,MX\n"
        '"Huawei Technologies Co., Ltd.",Planta Norte SA de CV,20,CN,MX\n'
    )
    finding = screen("parties", rows, parties="P-1,Planta Norte SA de CV,MX\n")[("Planta Norte SA de CV", RULE)]
    assert finding["evidence"]["restricted_stake_percent"] == "50"
    assert sorted(finding["evidence"]["paths"]) == [
        "Huawei Technologies Co., Ltd. —100 %→ Huawei Holdings USA Inc —30 %→ Planta Norte SA de CV",
        "Huawei Technologies Co., Ltd. —20 %→ Planta Norte SA de CV",
    ]


def test_ofac_style_below_fifty_through_a_us_intermediary_is_a_minority_red_flag(screen):
    # Huawei owns 60 % of the US sub (60 >= 50: its stakes count) and 4 % of the plant; the US sub owns 45 %.
    # Plant: 4 % + 45 % = 49 % < 50 % → not caught; a minority stake → red flag.
    rows = (
        '"Huawei Technologies Co., Ltd.",Huawei Holdings USA Inc,60,CN,US\n'
        "Huawei Holdings USA Inc,Planta Norte SA de CV,45,US,MX\n"
        '"Huawei Technologies Co., Ltd.",Planta Norte SA de CV,4,CN,MX\n'
    )
    found = screen("parties", rows, parties="P-1,Planta Norte SA de CV,MX\n")
    assert ("Planta Norte SA de CV", RULE) not in found
    minority = found[("Planta Norte SA de CV", MINORITY)]
    assert minority["outcome"] == "red-flag" and minority["evidence"]["restricted_stake_percent"] == "49"


def test_us_intermediary_owned_below_fifty_does_not_pass_its_stake_on(screen):
    # Huawei owns 40 % of the US sub (< 50: the sub is not owned by Huawei in the rule's sense);
    # the sub owns 100 % of the plant: Huawei does not own 50 % of the plant directly or indirectly.
    rows = (
        '"Huawei Technologies Co., Ltd.",Huawei Holdings USA Inc,40,CN,US\n'
        "Huawei Holdings USA Inc,Planta Norte SA de CV,100,US,MX\n"
    )
    found = screen("parties", rows, parties="P-1,Planta Norte SA de CV,MX\n")
    assert ("Planta Norte SA de CV", RULE) not in found
