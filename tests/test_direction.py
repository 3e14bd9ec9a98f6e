"""Direction of the trade: the same listed party as supplier and as customer, through the CLI.

Entity List (us.md §1.3, § 744.16(a)): a licence is needed when the listed entity is
purchaser, consignee or end user — so for a customer the sale needs it, for a supplier
only what you send it (drawings, tooling, samples); buying from it is not restricted.
UFLPA: goods made by a listed entity are presumed barred from entry into the US — high
for a supplier when you import into the US, informational for a customer. FY2024 NDAA
§ 805 (us.md §3.5): DoD may not contract with a 1260H entity from 30 Jun 2026 — relevant
when you are a defence contractor. An unknown role or undeclared situation gets the
strictest reading, and the finding says so. Screened as of 5 Dec 2026.
"""

from __future__ import annotations

import json

import pytest

from compliance.cli import main

HUAWEI = '"Huawei Technologies Co., Ltd."'
UFLPA = '"Hoshine Silicon Industry (Shanshan) Co., Ltd"'
CMC = "China State Construction Engineering Corporation Limited"  # Section 1260H, not on the Entity List


@pytest.fixture
def screen(tmp_path, capsys):
    def run(rows, *options, header="id,name,country,role"):
        parties, out = tmp_path / "parties.csv", tmp_path / "report.json"
        parties.write_text(header + "\n" + rows, encoding="utf-8")
        with pytest.raises(SystemExit) as exit_info:
            main(["screen", "parties", str(parties), "--as-of", "2026-12-05", "-f", f"json={out}", *options])
        err = capsys.readouterr().err
        assert exit_info.value.code in (0, 1), err
        return json.loads(out.read_text(encoding="utf-8"))

    return run


def findings(report, rule_id):
    return {f["subject"]["party_id"] or f["subject"]["value"]: f for f in report["findings"] if f["rule_id"] == rule_id}


def test_supplier_and_customer_with_the_same_listed_name_get_different_correct_findings(screen):
    report = screen(
        f"S-1,{HUAWEI},CN,supplier\n"
        f"C-1,{HUAWEI},CN,customer\n"
        f"U-1,{HUAWEI},CN,\n"
    )
    el = findings(report, "US-BIS-EL-744.11")
    supplier, customer, unknown = el["S-1"], el["C-1"], el["U-1"]
    assert (supplier["outcome"], supplier["severity"]) == ("red-flag", "medium")
    assert "drawings" in supplier["message"] and "buying from it is not restricted by the EAR" in supplier["message"]
    assert (customer["outcome"], customer["severity"]) == ("license-required", "high")
    assert "receiving your export" in customer["message"]
    # no role: the strictest reading, said so
    assert (unknown["outcome"], unknown["severity"]) == ("license-required", "high")
    assert "role unknown: strictest reading" in unknown["message"]
    assert supplier["evidence"]["role"] == "supplier" and customer["evidence"]["role"] == "customer"
    assert unknown["evidence"]["role"] == "unknown"
    assert len({supplier["fingerprint"], customer["fingerprint"], unknown["fingerprint"]}) == 3


def test_same_name_without_ids_still_two_findings(screen):
    report = screen(f"{HUAWEI},CN,supplier\n{HUAWEI},CN,customer\n", header="name,country,role")
    el = [f for f in report["findings"] if f["rule_id"] == "US-BIS-EL-744.11"]
    by_row = {row: {(f["outcome"], f["evidence"]["role"]) for f in el if f["subject"]["row"] == row} for row in (2, 3)}
    assert by_row == {2: {("red-flag", "supplier")}, 3: {("license-required", "customer")}}
    assert len({f["fingerprint"] for f in el}) == len(el)  # one name, two roles: no fingerprint shared


def test_role_synonyms_are_understood(screen):
    report = screen(f"V-1,{HUAWEI},CN,Vendor\nB-1,{HUAWEI},CN,end user\n")
    el = findings(report, "US-BIS-EL-744.11")
    assert el["V-1"]["evidence"]["role"] == "supplier" and el["B-1"]["evidence"]["role"] == "end-user"
    assert el["B-1"]["outcome"] == "license-required"


def test_uflpa_supplier_depends_on_imports_into_the_us(screen):
    rows = f"S-1,{UFLPA},CN,supplier\nC-1,{UFLPA},CN,customer\n"
    importing = findings(screen(rows, "--situation", "imports-into-us"), "US-DHS-UFLPA")
    assert (importing["S-1"]["outcome"], importing["S-1"]["severity"]) == ("prohibited", "high")
    assert "barred from entry into the US" in importing["S-1"]["message"]
    assert (importing["C-1"]["outcome"], importing["C-1"]["severity"]) == ("info", "low")
    not_importing = findings(screen(rows, "--situation", "none"), "US-DHS-UFLPA")
    assert (not_importing["S-1"]["outcome"], not_importing["S-1"]["severity"]) == ("info", "low")
    assert not_importing["S-1"]["evidence"]["situation"] == ["none"]
    undeclared = findings(screen(rows), "US-DHS-UFLPA")
    assert undeclared["S-1"]["outcome"] == "prohibited"
    assert undeclared["S-1"]["evidence"]["situation"].startswith("not declared")


def test_section_805_only_for_a_defence_contractor(screen):
    rows = f"S-1,{CMC},CN,supplier\n"
    contractor = findings(screen(rows, "--situation", "defence-contractor"), "US-DOW-1260H-805-ENTITIES")["S-1"]
    assert (contractor["outcome"], contractor["severity"]) == ("red-flag", "high")
    assert "as a defence contractor" in contractor["message"]
    other = findings(screen(rows, "--situation", "us-person"), "US-DOW-1260H-805-ENTITIES")["S-1"]
    assert (other["outcome"], other["severity"]) == ("info", "low")


def test_prc_control_list_restricts_exports_to_a_customer_not_buying_from_a_supplier(screen):
    report = screen("S-1,General Dynamics,US,supplier\nC-1,General Dynamics,US,customer\n")
    cl = findings(report, "CN-CONTROL-LIST")
    assert (cl["C-1"]["outcome"], cl["C-1"]["severity"]) == ("prohibited", "high")
    assert (cl["S-1"]["outcome"], cl["S-1"]["severity"]) == ("info", "low")
    assert "not restricted by the listing" in cl["S-1"]["message"]


def test_bom_supplier_column_is_the_supplier_role(tmp_path, capsys):
    bom, out = tmp_path / "bom.csv", tmp_path / "report.json"
    bom.write_text(f"part_number,description,supplier\nP-1,Router board,{HUAWEI}\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["screen", "bom", str(bom), "--as-of", "2026-12-05", "-f", f"json={out}"])
    el = [f for f in json.loads(out.read_text(encoding="utf-8"))["findings"] if f["rule_id"] == "US-BIS-EL-744.11"]
    assert el and {(f["outcome"], f["evidence"]["role"]) for f in el} == {("red-flag", "supplier")}


def test_unknown_situation_exits_2_naming_the_flag(tmp_path, capsys):
    parties = tmp_path / "parties.csv"
    parties.write_text(f"name\n{HUAWEI}\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["screen", "parties", str(parties), "--situation", "eu-person"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "--situation" in err and "unknown situation 'eu-person'" in err


def test_situation_from_the_settings_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compliance.yaml").write_text("situation: [us-person]\n", encoding="utf-8")
    parties, out = tmp_path / "parties.csv", tmp_path / "report.json"
    parties.write_text(f"id,name,country,role\nS-1,{UFLPA},CN,supplier\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["screen", "parties", str(parties), "--as-of", "2026-12-05", "-f", f"json={out}"])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["provenance"]["settings"]["situation"] == ["us-person"]
    uflpa = [f for f in report["findings"] if f["rule_id"] == "US-DHS-UFLPA"]  # the entry and its "and Subsidiaries" entry
    assert uflpa and {(f["outcome"], f["severity"]) for f in uflpa} == {("info", "low")}  # declared: no imports into the US
    (tmp_path / "compliance.yaml").write_text("situation: [martian]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["screen", "parties", str(parties)])
    assert exit_info.value.code == 2 and "compliance.yaml:1: situation: unknown situation 'martian'" in capsys.readouterr().err


def test_unknown_role_keeps_the_fingerprint_baselines_and_waivers_know(screen):
    from compliance.model.finding import fingerprint

    report = screen(f"U-1,{HUAWEI},CN,\n")
    for f in report["findings"]:
        # rule + party identity + list entry, as before roles were read: no role part
        assert f["fingerprint"] == fingerprint(f["rule_id"], "U-1", entry_id=f["match"]["entry_id"])
