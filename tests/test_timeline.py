"""Rule status around every date written in the shipped packs, and the scenarios."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.timeline import Scenario, Status, diff, status

DAY = dt.timedelta(days=1)
RULES = load_rules().rules


def _expected(rule, day, scenario=Scenario.AS_WRITTEN):
    """Independent restatement of the rules in the timeline docstring."""
    v = rule.validity
    if v.ends and day > v.ends:
        return Status.EXPIRED
    if day < v.effective:
        return Status.NOT_YET_EFFECTIVE
    for w in v.suspended:
        if day >= w.from_ and (scenario is Scenario.SUSPENSIONS_EXTENDED or w.to is None or day <= w.to):
            return Status.SUSPENDED
    return Status.IN_FORCE


def _edges():
    for rule in RULES:
        dates = [rule.validity.effective]
        dates += [w.from_ for w in rule.validity.suspended] + [w.to for w in rule.validity.suspended if w.to]
        if rule.validity.ends:
            dates.append(rule.validity.ends)
        for date in dates:
            for day in (date - DAY, date, date + DAY):
                yield pytest.param(rule, day, id=f"{rule.id}@{day}")


@pytest.mark.parametrize("rule,day", list(_edges()))
def test_status_around_every_written_date(rule, day):
    for scenario in Scenario:
        assert status(rule, day, scenario).status is _expected(rule, day, scenario)


def rule(rule_id):
    return next(r for r in RULES if r.id == rule_id)


def test_no18_in_force_from_4_april_2025():
    r = rule("CN-MOFCOM-2025-18-DY")
    assert status(r, dt.date(2025, 4, 3)).status is Status.NOT_YET_EFFECTIVE
    assert status(r, dt.date(2025, 4, 4)).status is Status.IN_FORCE
    assert status(r, dt.date(2026, 11, 28)).status is Status.IN_FORCE
    assert not status(r, dt.date(2026, 11, 28)).unverified


def test_no61_art1_1_window():
    r = rule("CN-MOFCOM-2025-61-ART1-1")
    # Due 1 Dec 2025, suspended by No. 70 on 7 Nov 2025 before it ever applied.
    assert status(r, dt.date(2025, 11, 20)).status is Status.NOT_YET_EFFECTIVE
    assert status(r, dt.date(2026, 1, 1)).status is Status.SUSPENDED
    assert status(r, dt.date(2026, 11, 10)).status is Status.SUSPENDED  # last suspended day
    after = status(r, dt.date(2026, 11, 11))
    assert after.status is Status.IN_FORCE and after.unverified
    assert status(r, dt.date(2026, 11, 10)).unverified is False


def test_no61_art1_3_applied_then_suspended():
    r = rule("CN-MOFCOM-2025-61-ART1-3")
    assert status(r, dt.date(2025, 10, 8)).status is Status.NOT_YET_EFFECTIVE
    assert status(r, dt.date(2025, 10, 9)).status is Status.IN_FORCE
    assert status(r, dt.date(2025, 11, 6)).status is Status.IN_FORCE
    assert status(r, dt.date(2025, 11, 7)).status is Status.SUSPENDED


def test_suspensions_extended_keeps_no61_suspended():
    r = rule("CN-MOFCOM-2025-61-ART1-1")
    st = status(r, dt.date(2026, 11, 28), Scenario.SUSPENSIONS_EXTENDED)
    assert st.status is Status.SUSPENDED
    assert "assumed extended" in st.reason


def test_diff_lists_rules_the_end_of_the_suspension_brings_back():
    changes = diff(RULES, dt.date(2026, 11, 9), dt.date(2026, 11, 11))
    ids = {c.rule.id for c in changes}
    assert {"CN-MOFCOM-2025-61-ART1-1", "CN-MOFCOM-2025-61-ART1-3", "CN-MOFCOM-2025-57-HO"} <= ids
    assert not any(i.startswith("CN-MOFCOM-2025-18") for i in ids)
    assert all(c.before.status is Status.SUSPENDED and c.after.status is Status.IN_FORCE for c in changes)
