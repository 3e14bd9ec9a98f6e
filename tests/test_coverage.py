"""coverage_gaps: which rules a run could not evaluate and which lists it lacked (pure)."""

from __future__ import annotations

import datetime as dt

from compliance.coverage import LoadedList, coverage_gaps
from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.timeline import Scenario, Status, status

AS_OF = dt.date(2026, 11, 28)
RULES = load_rules()


def gaps(screenings, lists, **kw):
    return {(g.kind, g.subject) for g in coverage_gaps(RULES, AS_OF, Scenario.AS_WRITTEN, screenings, lists, **kw)}


def every_list(*missing: str) -> list[LoadedList]:
    ids = {l for r in RULES.rules for l in r.conditions.lists} - set(missing)
    return [LoadedList(i, AS_OF, 0) for i in sorted(ids)]


def test_rules_of_a_kind_without_a_check_are_never_silent():
    found = gaps({"bom"}, None)
    assert ("rule-not-evaluated", "CN-MOFCOM-2026-1-JAPAN") in found
    in_force = {r.id for r in RULES.rules if status(r, AS_OF, Scenario.AS_WRITTEN).status is Status.IN_FORCE}
    unchecked = {r.id for r in RULES.rules if r.kind.value in ("end-use", "technology")} & in_force
    assert len(unchecked) >= 9 and {s for k, s in found if k == "rule-not-evaluated"} == unchecked
    assert not any(k == "list-not-loaded" for k, _ in found)  # a BOM run that loaded no list


def test_a_rule_evaluated_from_the_input_is_not_a_gap():
    assert ("rule-not-evaluated", "CN-MOFCOM-2026-1-JAPAN") not in gaps({"parties"}, every_list(), evaluated={"CN-MOFCOM-2026-1-JAPAN"})


def test_a_list_a_rule_needs_is_a_gap_only_when_missing():
    assert ("list-not-loaded", "sdn") in gaps({"parties"}, every_list("sdn"))
    assert not any(k == "list-not-loaded" for k, _ in gaps({"parties"}, every_list()))


def test_stale_lists_by_age():
    lists = [LoadedList("dpl", dt.date(2026, 4, 14), 31), LoadedList("meu", AS_OF, 30)]
    found = gaps({"parties"}, lists + every_list("dpl", "meu"))
    assert ("list-stale", "dpl") in found and ("list-stale", "meu") not in found


def test_rules_not_in_force_are_not_gaps():
    early = {(g.kind, g.subject) for g in coverage_gaps(RULES, dt.date(2020, 1, 1), Scenario.AS_WRITTEN, {"bom"}, None)}
    assert ("rule-not-evaluated", "CN-MOFCOM-2026-1-JAPAN") not in early
