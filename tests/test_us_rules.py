"""The US rule packs and the CN party-list pack: list ids, outcomes and dates as the fact sheets give them."""

import datetime as dt

import pytest

from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.schema import Outcome, RuleKind
from compliance.rulepacks.timeline import Scenario, Status, status

#: list ids the lists helper bundles or imports (ARCHITECTURE.md, issue 3).
KNOWN_LISTS = {
    "entity-list", "meu", "dpl", "dow-1260h", "ofac-ns-cmic", "dhs-uflpa", "sdn", "uvl", "ofac-cons",
    "cn-uel", "cn-control-list", "cn-watch-list", "cn-countermeasures",
}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _status(rules, rule_id, day, scenario=Scenario.AS_WRITTEN):
    return status(rules.get(rule_id), dt.date.fromisoformat(day), scenario)


def test_every_party_rule_names_known_lists(rules):
    party_rules = [r for r in rules.rules if r.kind in (RuleKind.LISTED_PARTY, RuleKind.AFFILIATE)]
    assert len(party_rules) >= 20
    for rule in party_rules:
        assert rule.conditions.lists, rule.id
        assert set(rule.conditions.lists) <= KNOWN_LISTS, rule.id


@pytest.mark.parametrize(
    "list_id, rule_id, outcome",
    [
        ("entity-list", "US-BIS-EL-744.11", Outcome.LICENSE_REQUIRED),
        ("meu", "US-BIS-MEU-744.21", Outcome.LICENSE_REQUIRED),
        ("uvl", "US-BIS-UVL-744.15", Outcome.RED_FLAG),
        ("dpl", "US-BIS-DPL-764", Outcome.PROHIBITED),
        ("sdn", "US-OFAC-SDN", Outcome.PROHIBITED),
        ("ofac-ns-cmic", "US-OFAC-NSCMIC", Outcome.INFO),
        ("dow-1260h", "US-DOW-1260H", Outcome.INFO),
        ("dhs-uflpa", "US-DHS-UFLPA", Outcome.INFO),
        ("cn-watch-list", "CN-WATCH-LIST", Outcome.LICENSE_REQUIRED),
    ],
)
def test_list_hit_means_what_the_fact_sheet_says(rules, list_id, rule_id, outcome):
    rule = rules.get(rule_id)
    assert rule.kind is RuleKind.LISTED_PARTY
    assert rule.conditions.covers_entry(list_id, None, [])
    assert rule.outcome is outcome


def test_sdn_ear_licence_only_for_744_8_programmes(rules):
    conditions = rules.get("US-BIS-SDN-744.8").conditions
    assert conditions.covers_entry("sdn", None, ["RUSSIA-EO14024"])
    assert conditions.covers_entry("sdn", None, ["[SDGT]"])
    assert not conditions.covers_entry("sdn", None, ["CUBA"])
    # OFAC blocking itself applies whatever the programme.
    assert rules.get("US-OFAC-SDN").conditions.covers_entry("sdn", None, ["CUBA"])


@pytest.mark.parametrize(
    "day, expected, verify",
    [
        ("2025-09-28", Status.NOT_YET_EFFECTIVE, False),
        ("2025-10-15", Status.IN_FORCE, False),
        ("2025-11-09", Status.IN_FORCE, False),
        ("2025-11-10", Status.SUSPENDED, False),
        ("2026-01-01", Status.SUSPENDED, False),
        ("2026-11-09", Status.SUSPENDED, False),
        ("2026-11-10", Status.IN_FORCE, True),
        ("2026-11-28", Status.IN_FORCE, True),
    ],
)
def test_affiliates_rule_timeline(rules, day, expected, verify):
    for rule_id in ("US-BIS-AFFILIATES-50PCT", "US-BIS-AFFILIATES-RF29", "US-BIS-AFFILIATES-MINORITY"):
        result = _status(rules, rule_id, day)
        assert (result.status, result.unverified) == (expected, verify), rule_id


def test_affiliates_rule_stays_suspended_if_the_truce_holds(rules):
    assert _status(rules, "US-BIS-AFFILIATES-50PCT", "2026-11-28", Scenario.SUSPENSIONS_EXTENDED).status is Status.SUSPENDED


def test_affiliates_rule_counts_entity_list_meu_and_744_8_sdns_not_uvl(rules):
    conditions = rules.get("US-BIS-AFFILIATES-50PCT").conditions
    assert conditions.ownership_share == 50
    assert conditions.covers_entry("entity-list", None)
    assert conditions.covers_entry("meu", None)
    assert conditions.covers_entry("sdn", None, ["NPWMD"])
    assert not conditions.covers_entry("sdn", None, ["CUBA"])
    assert not conditions.covers_entry("uvl", None)


@pytest.mark.parametrize(
    "citation, day, rule_id, expected",
    [
        ("MOFCOM Announcement No. 1 of 2025", "2026-01-01", "CN-CONTROL-LIST", Status.IN_FORCE),
        ("MOFCOM Announcement No. 13 of 2025 (measures stopped ...)", "2025-10-01", "CN-CONTROL-LIST-2025-13", Status.IN_FORCE),
        ("MOFCOM Announcement No. 13 of 2025 (measures stopped ...)", "2025-11-10", "CN-CONTROL-LIST-2025-13", Status.EXPIRED),
        ("MOFCOM Announcement No. 21 of 2025", "2026-01-01", "CN-CONTROL-LIST-2025-21", Status.SUSPENDED),
        ("MOFCOM Announcement No. 22 of 2025", "2025-08-12", "CN-CONTROL-LIST-2025-22", Status.EXPIRED),
    ],
)
def test_control_list_batches_have_their_own_status(rules, citation, day, rule_id, expected):
    covering = [r.id for r in rules.rules if r.kind is RuleKind.LISTED_PARTY and r.conditions.covers_entry("cn-control-list", citation)]
    assert covering == [rule_id]
    assert _status(rules, rule_id, day).status is expected


def test_uel_batch_seven_suspended_then_unverified(rules):
    assert _status(rules, "CN-UEL-2025-07", "2026-06-01").status is Status.SUSPENDED
    after = _status(rules, "CN-UEL-2025-07", "2026-11-28")
    assert after.status is Status.IN_FORCE and after.unverified


def test_no61_art2_affiliate_rule_covers_control_and_watch_lists(rules):
    rule = rules.get("CN-MOFCOM-2025-61-ART2")
    assert rule.kind is RuleKind.AFFILIATE and rule.conditions.ownership_share == 50
    assert rule.conditions.covers_entry("cn-control-list", None)
    assert rule.conditions.covers_entry("cn-watch-list", None)
    assert not rule.conditions.covers_entry("cn-uel", None)


@pytest.mark.parametrize(
    "citation, rule_id",
    [
        ("UEL Working Mechanism Announcement No. 5 of 2025 (measures stopped from 2025-11-10)", "CN-UEL-2025-05"),
        # No. 4 listed Illumina; the remark names No. 6 (a further measure, stopped) but the listing stays live.
        ("UEL Working Mechanism Announcement No. 4 of 2025 (Illumina import ban followed in No. 6 of 2025, 2025-03-04)", "CN-UEL"),
        ("UEL Working Mechanism Announcement No. 7 of 2025 (measures suspended; ...)", "CN-UEL-2025-07"),
        ("UEL Working Mechanism Announcement No. 10 of 2025", "CN-UEL"),
    ],
)
def test_uel_batches_are_told_apart_by_the_listing_announcement(rules, citation, rule_id):
    covering = [r.id for r in rules.rules if r.kind is RuleKind.LISTED_PARTY and r.conditions.covers_entry("cn-uel", citation)]
    assert covering == [rule_id]


def test_bundled_cn_entries_each_fall_under_exactly_one_listed_party_rule(rules):
    from compliance.lists.store import load_snapshots

    party_rules = [r for r in rules.rules if r.kind is RuleKind.LISTED_PARTY]
    for snapshot in load_snapshots():
        if not snapshot.list_id.startswith("cn-"):
            continue
        for entry in snapshot.parties:
            covering = [r.id for r in party_rules if r.conditions.covers_entry(entry.list, entry.citation, entry.programs)]
            assert len(covering) == 1, (entry.citation, covering)
