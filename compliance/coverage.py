"""What a run could not look at: rules loaded but not evaluated, lists missing or stale.

A gate's worst failure is a green run that did not look. Each gap found here goes into
the report (`coverage`), is shown by every format and fails `--strict`:

- a rule in force whose kind no check evaluates (checks.py), or whose check needs input
  the run does not have (the end user's country for an end-use rule);
- a list a listed-party or affiliate rule names that is not loaded (no OFAC SDN data:
  the SDN rule pack is loaded, but no name can match it);
- a list snapshot older than the staleness limit, with its age.

Pure: rules, the run's screenings, what its inputs carry and the loaded lists in,
gaps out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from compliance.checks import check_for
from compliance.model.report import CoverageGap
from compliance.model.terms import RuleKind
from compliance.rulepacks.loader import RuleSet
from compliance.rulepacks.timeline import Scenario, Status, status

#: What an input would need to carry for a rule kind without a check.
NEEDS = {
    RuleKind.END_USE: "the destination, end user and end use of each transaction (an `end_user_country` and "
                      "`end_use` column in the parties file)",
    RuleKind.TECHNOLOGY: "a record of technology transfers (no input format carries them yet); review them by hand",
}
#: Rule kinds whose rules name lists (`conditions.lists`).
LIST_KINDS = (RuleKind.LISTED_PARTY, RuleKind.AFFILIATE)


@dataclass(frozen=True)
class LoadedList:
    """A list snapshot the run loaded: its id, snapshot date and age on the as-of date."""

    id: str
    snapshot_date: dt.date
    age_days: int


def coverage_gaps(
    rules: RuleSet,
    as_of: dt.date,
    scenario: Scenario,
    screenings: Iterable[str],
    lists: Iterable[LoadedList] | None,
    *,
    evaluated: Iterable[str] = (),
    stale_after_days: int = 30,
) -> list[CoverageGap]:
    """The gaps of one run.

    `screenings`: what the run screened ("bom", "parties", "ownership"); `lists`: the
    snapshots it loaded (None: it loaded none, so list rules were not its business);
    `evaluated`: ids of rules of a kind without a general check that the run's input let
    a check decide after all (e.g. an end-use rule against an `end_user_country` column).
    """
    screenings, done = set(screenings), set(evaluated)
    loaded = {l.id: l for l in lists} if lists is not None else None
    gaps: list[CoverageGap] = []
    missing: dict[str, list[str]] = {}
    for rule in rules.rules:
        if status(rule, as_of, scenario).status is not Status.IN_FORCE or rule.id in done:
            continue
        check = check_for(rule.kind)
        if check is None:
            gaps.append(CoverageGap(kind="rule-not-evaluated", subject=rule.id,
                                    reason=f"{rule.kind.value} rule in force, not evaluated — needs {NEEDS.get(rule.kind, 'a check for its kind')}"))
            continue
        if rule.kind in LIST_KINDS and loaded is not None and check.screenings & screenings:
            for list_id in rule.conditions.lists:
                if list_id not in loaded:
                    missing.setdefault(list_id, []).append(rule.id)
    for list_id, rule_ids in missing.items():
        gaps.append(CoverageGap(kind="list-not-loaded", subject=list_id,
                                reason=f"list '{list_id}' is not loaded, so {', '.join(rule_ids)} could not match anyone; "
                                       f"import it ('compliance lists import ...') or leave it out with --lists"))
    for snapshot in (loaded or {}).values():
        if snapshot.age_days > stale_after_days:
            gaps.append(CoverageGap(kind="list-stale", subject=snapshot.id,
                                    reason=f"snapshot of {snapshot.snapshot_date} is {snapshot.age_days} days old "
                                           f"(more than {stale_after_days}); run 'compliance lists update' or import current files"))
    return gaps
