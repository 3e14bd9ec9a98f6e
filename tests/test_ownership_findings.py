"""Affiliate findings: which rule caught whom, through which chain, on which date (us.md §2, china.md §4.3)."""

import datetime as dt
from decimal import Decimal

import pytest

from compliance.parties.affiliates import ListingHit, affiliate_findings, most_restrictive
from compliance.lists.model import ListedParty, ReviewPolicy
from compliance.parties.ownership import build_graph, entity_key
from compliance.model.records import OwnershipLink, Party
from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.schema import Outcome, Severity
from compliance.rulepacks.timeline import Scenario
from compliance.pipeline import screen_ownership

ALL_ITEMS = "For all items subject to the EAR. (See §744.11 of the EAR)"


def entry(list_id, name, policy=None, kind=None, requirement=None, citation=None, listed_on=None, programs=()):
    return ListedParty(
        id=f"{list_id}:{entity_key(name)}", list=list_id, names=[name], license_requirement=requirement,
        review_policy=policy, review_policy_kind=kind, citation=citation, listed_on=listed_on, programs=list(programs),
    )


HUAWEI = entry("entity-list", "Huawei Technologies Co., Ltd.", "Presumption of denial", ReviewPolicy.PRESUMPTION_OF_DENIAL, ALL_ITEMS)
MEU_CO = entry("meu", "Shanghai Aerospace Equip. Man.")
EL_DENIAL = entry("entity-list", "Denial Corp", "Policy of denial", ReviewPolicy.POLICY_OF_DENIAL, ALL_ITEMS)
EL_CASE = entry("entity-list", "Case Corp", "Case-by-case review", ReviewPolicy.CASE_BY_CASE, "For all items subject to the EAR having a classification other than EAR99")


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def graph_and_listings(stakes, listed, countries=None):
    links = [
        OwnershipLink(file="own.csv", row=n, owner=o, owned=d, percent=None if p is None else Decimal(str(p)),
                      owned_country=(countries or {}).get(d, "CN"))
        for n, (o, d, p) in enumerate(stakes, start=2)
    ]
    graph = build_graph(links, "own.csv")
    listings = {graph.index[entity_key(name)]: [ListingHit(e, name)] for name, e in listed.items()}
    return graph, listings


def findings_by(rule_id, findings):
    return {f.subject.value: f for f in findings if f.rule_id == rule_id}


# Huawei (Entity List) owns 60 % of Holdco; Holdco owns 50 % of Factory; Factory owns 30 % of Shop.
CHAIN = [("Huawei Technologies Co., Ltd.", "Holdco", 60), ("Holdco", "Factory", 50), ("Factory", "Shop", 30)]


def test_affiliates_rule_in_force_2025_10_15_licence_required_with_the_path(rules):
    graph, listings = graph_and_listings(CHAIN, {"Huawei Technologies Co., Ltd.": HUAWEI})
    found = affiliate_findings(graph, listings, rules, dt.date(2025, 10, 15))
    caught = findings_by("US-BIS-AFFILIATES-50PCT", found)
    assert set(caught) == {"Holdco", "Factory"}
    factory = caught["Factory"]
    assert factory.outcome is Outcome.LICENSE_REQUIRED and factory.severity is Severity.HIGH
    assert factory.evidence["paths"] == ["Huawei Technologies Co., Ltd. —60 %→ Holdco —50 %→ Factory"]
    assert factory.evidence["decided"] == {"Holdco": "Huawei Technologies Co., Ltd. 60 % = 60 % (>= 50 %)"}
    assert factory.evidence["restricted_stake_percent"] == "50"
    assert factory.evidence["review_policy"] == "Presumption of denial"
    assert factory.evidence["license_requirement"] == ALL_ITEMS
    assert factory.match.list == "entity-list" and factory.match.entry_id == HUAWEI.id
    assert not factory.verify and factory.rule_status == "in-force"
    # Shop: Factory's 30 % < 50 % → minority red flag, not caught.
    minority = findings_by("US-BIS-AFFILIATES-MINORITY", found)
    assert set(minority) == {"Shop"} and minority["Shop"].outcome is Outcome.RED_FLAG


def test_suspended_2026_01_01_same_affiliates_as_red_flags_saying_why(rules):
    graph, listings = graph_and_listings(CHAIN, {"Huawei Technologies Co., Ltd.": HUAWEI})
    found = affiliate_findings(graph, listings, rules, dt.date(2026, 1, 1))
    caught = findings_by("US-BIS-AFFILIATES-50PCT", found)
    assert set(caught) == {"Holdco", "Factory"}
    for finding in caught.values():
        assert finding.outcome is Outcome.RED_FLAG and finding.severity is Severity.MEDIUM
        assert finding.rule_status == "suspended"
        assert "not a licence requirement" in finding.message and "suspended from 2025-11-10 through 2026-11-09" in finding.message
        assert "One Year Suspension" in finding.evidence["suspended_by"]


def test_back_in_force_2026_11_28_but_flagged_verify(rules):
    graph, listings = graph_and_listings(CHAIN, {"Huawei Technologies Co., Ltd.": HUAWEI})
    caught = findings_by("US-BIS-AFFILIATES-50PCT", affiliate_findings(graph, listings, rules, dt.date(2026, 11, 28)))
    assert {f.outcome for f in caught.values()} == {Outcome.LICENSE_REQUIRED}
    assert all(f.verify for f in caught.values())


def test_suspensions_extended_2026_11_28_still_red_flags(rules):
    graph, listings = graph_and_listings(CHAIN, {"Huawei Technologies Co., Ltd.": HUAWEI})
    found = affiliate_findings(graph, listings, rules, dt.date(2026, 11, 28), Scenario.SUSPENSIONS_EXTENDED)
    caught = findings_by("US-BIS-AFFILIATES-50PCT", found)
    assert set(caught) == {"Holdco", "Factory"}
    assert {f.outcome for f in caught.values()} == {Outcome.RED_FLAG}


def test_before_the_rule_nothing_is_caught(rules):
    graph, listings = graph_and_listings(CHAIN, {"Huawei Technologies Co., Ltd.": HUAWEI})
    assert affiliate_findings(graph, listings, rules, dt.date(2025, 9, 1)) == []


def test_35_plus_15_across_two_lists_stricter_terms_win(rules):
    # MEU company holds 35 % (Supp. 2 items, no policy); an Entity List party holds only 15 %
    # but its terms (all items, policy of denial) are the stricter ones: 35 + 15 = 50 → caught.
    stakes = [("Shanghai Aerospace Equip. Man.", "JV", 35), ("Denial Corp", "JV", 15)]
    graph, listings = graph_and_listings(stakes, {"Shanghai Aerospace Equip. Man.": MEU_CO, "Denial Corp": EL_DENIAL})
    jv = findings_by("US-BIS-AFFILIATES-50PCT", affiliate_findings(graph, listings, rules, dt.date(2025, 10, 15)))["JV"]
    assert jv.evidence["restricted_stake_percent"] == "50"
    assert jv.evidence["review_policy"] == "Policy of denial"
    assert jv.evidence["review_policy_from"] == "Denial Corp (entity-list)"
    assert jv.evidence["license_requirement"] == ALL_ITEMS
    assert {o["list"] for o in jv.evidence["listed_owners"]} == {"meu", "entity-list"}


def test_most_restrictive_prefers_denial_over_case_by_case_and_all_items_over_narrower():
    terms = most_restrictive([EL_CASE, EL_DENIAL])
    assert terms["review_policy"] == "Policy of denial"
    assert terms["license_requirement"] == ALL_ITEMS
    assert most_restrictive([EL_CASE])["review_policy"] == "Case-by-case review"


def test_unknown_percentage_of_a_listed_owner_is_red_flag_29_licence(rules):
    graph, listings = graph_and_listings([("Huawei Technologies Co., Ltd.", "Mystery Co", None)], {"Huawei Technologies Co., Ltd.": HUAWEI})
    found = affiliate_findings(graph, listings, rules, dt.date(2025, 10, 15))
    rf29 = findings_by("US-BIS-AFFILIATES-RF29", found)["Mystery Co"]
    assert rf29.outcome is Outcome.LICENSE_REQUIRED
    assert rf29.evidence["unknown_stakes"] == [{"owner": "Huawei Technologies Co., Ltd.", "row": 2}]
    assert rf29.evidence["review_policy"] == "Presumption of denial"
    assert "US-BIS-AFFILIATES-50PCT" not in {f.rule_id for f in found}


def test_us_entities_are_not_caught_by_the_affiliates_rule(rules):
    graph, listings = graph_and_listings(
        [("Huawei Technologies Co., Ltd.", "Huawei US Inc", 100)], {"Huawei Technologies Co., Ltd.": HUAWEI},
        countries={"Huawei US Inc": "US"},
    )
    assert affiliate_findings(graph, listings, rules, dt.date(2025, 10, 15)) == []


def test_ofac_50_percent_rule_blocks_regardless_of_country(rules):
    sdn = entry("sdn", "Blocked Oligarch", programs=["UKRAINE-EO13661"])
    graph, listings = graph_and_listings([("Blocked Oligarch", "US Shell LLC", 50)], {"Blocked Oligarch": sdn}, countries={"US Shell LLC": "US"})
    found = affiliate_findings(graph, listings, rules, dt.date(2026, 1, 1))
    assert set(findings_by("US-OFAC-SDN-50PCT", found)) == {"US Shell LLC"}
    assert findings_by("US-OFAC-SDN-50PCT", found)["US Shell LLC"].outcome is Outcome.PROHIBITED


def test_sdn_outside_744_8_programmes_does_not_seed_the_affiliates_rule(rules):
    cuba = entry("sdn", "Cuban Trading SA", programs=["CUBA"])
    graph, listings = graph_and_listings([("Cuban Trading SA", "Sub", 100)], {"Cuban Trading SA": cuba})
    found = affiliate_findings(graph, listings, rules, dt.date(2025, 10, 15))
    assert {f.rule_id for f in found} == {"US-OFAC-SDN-50PCT"}


def test_owner_listed_after_the_as_of_date_does_not_count(rules):
    late = entry("entity-list", "Late Listed", "Presumption of denial", ReviewPolicy.PRESUMPTION_OF_DENIAL, ALL_ITEMS,
                 listed_on=dt.date(2026, 6, 1))
    graph, listings = graph_and_listings([("Late Listed", "Sub", 100)], {"Late Listed": late})
    assert affiliate_findings(graph, listings, rules, dt.date(2025, 10, 15)) == []
    assert affiliate_findings(graph, listings, rules, dt.date(2026, 11, 28))


def test_no61_art2_control_list_owner_prohibited_then_suspended(rules):
    lockheed = entry("cn-control-list", "Lockheed Martin Missiles and Fire Control", citation="MOFCOM Announcement No. 1 of 2025")
    graph, listings = graph_and_listings([("Lockheed Martin Missiles and Fire Control", "LM Asia Pte", 100)],
                                         {"Lockheed Martin Missiles and Fire Control": lockheed}, countries={"LM Asia Pte": "SG"})
    art2 = findings_by("CN-MOFCOM-2025-61-ART2", affiliate_findings(graph, listings, rules, dt.date(2025, 10, 15)))
    assert art2["LM Asia Pte"].outcome is Outcome.PROHIBITED
    later = findings_by("CN-MOFCOM-2025-61-ART2", affiliate_findings(graph, listings, rules, dt.date(2026, 1, 1)))
    assert later["LM Asia Pte"].outcome is Outcome.RED_FLAG


def test_stopped_control_list_batch_does_not_seed_no61(rules):
    leidos = entry("cn-control-list", "Leidos", citation="MOFCOM Announcement No. 13 of 2025 (measures stopped from 2025-11-10)")
    graph, listings = graph_and_listings([("Leidos", "Leidos Sub", 100)], {"Leidos": leidos})
    # Batch No. 13 was live on 2025-10-15 ...
    assert findings_by("CN-MOFCOM-2025-61-ART2", affiliate_findings(graph, listings, rules, dt.date(2025, 10, 15)))
    # ... and stopped from 2025-11-10: after No. 70's window, Art. 2 is back but Leidos no longer counts.
    assert not findings_by("CN-MOFCOM-2025-61-ART2", affiliate_findings(graph, listings, rules, dt.date(2026, 11, 28)))


def test_screen_ownership_end_to_end_with_parties_by_id_and_name(rules, tmp_path):
    table = tmp_path / "ownership.csv"
    table.write_text(
        "owner,owned,percent,owned_country\n"
        '"Huawei Technologies Co., Ltd.",P-1,51,\n'
        "P-1,Acme Magnetics Ltd,100,\n"
        "Somebody,P-2,,\n",
        encoding="utf-8",
    )
    parties = [
        Party(file="parties.csv", row=2, id="P-1", name="Shenzhen Holdco Ltd", country="CN"),
        Party(file="parties.csv", row=3, id="P-2", name="Clean Supplier GmbH", country="DE"),
        Party(file="parties.csv", row=4, name="Acme Magnetics Ltd", country="MY"),
    ]
    table_of = {entity_key(HUAWEI.primary_name): [ListingHit(HUAWEI, HUAWEI.primary_name, 97.5, "token match")]}
    result = screen_ownership(table, rules=rules, as_of=dt.date(2025, 10, 15), parties=parties,
                              lookup=lambda name, country: table_of.get(entity_key(name), []), display_name="ownership.csv")
    caught = findings_by("US-BIS-AFFILIATES-50PCT", result.findings)
    assert set(caught) == {"Shenzhen Holdco Ltd", "Acme Magnetics Ltd"}
    assert caught["Acme Magnetics Ltd"].subject.file == "parties.csv" and caught["Acme Magnetics Ltd"].subject.row == 4
    assert caught["Shenzhen Holdco Ltd"].subject.party_id == "P-1"
    assert caught["Acme Magnetics Ltd"].evidence["paths"] == ["Huawei Technologies Co., Ltd. —51 %→ Shenzhen Holdco Ltd —100 %→ Acme Magnetics Ltd"]
    assert caught["Acme Magnetics Ltd"].match.score == 97.5
    assert result.inputs[0].rows_read == 3 and result.inputs[0].rows_screened == 3


def test_fingerprints_are_stable_across_row_order(rules):
    forward, listings = graph_and_listings(CHAIN, {"Huawei Technologies Co., Ltd.": HUAWEI})
    backward, listings_b = graph_and_listings(list(reversed(CHAIN)), {"Huawei Technologies Co., Ltd.": HUAWEI})
    day = dt.date(2025, 10, 15)
    a = {f.fingerprint for f in affiliate_findings(forward, listings, rules, day)}
    b = {f.fingerprint for f in affiliate_findings(backward, listings_b, rules, day)}
    assert a == b and a
