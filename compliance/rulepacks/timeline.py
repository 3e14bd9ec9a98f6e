"""A rule's status on a date, and what changes between two dates.

Suspensions are data, not code: each window has its own citation. Where the authors
could not confirm what happened after a date (`verify_after`), the status is computed
as written but flagged `unverified`, so reports say "verify" instead of guessing.
Scenarios answer "what if": `suspensions-extended` lets every suspension that has
started run on indefinitely (the truce holds). A political signal on a window (an
announced extension that no legal text has enacted) never changes the status: it is
quoted in the reason of every "verify" status, so a reader sees what was said and
that nothing confirms it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from compliance.rulepacks.schema import Rule, Signal, SuspensionWindow


class Status(str, Enum):
    IN_FORCE = "in-force"
    SUSPENDED = "suspended"
    NOT_YET_EFFECTIVE = "not-yet-effective"
    EXPIRED = "expired"


class Scenario(str, Enum):
    AS_WRITTEN = "as-written"
    SUSPENSIONS_EXTENDED = "suspensions-extended"


@dataclass(frozen=True)
class RuleStatus:
    """Status of one rule on one date, with the reason a reader can check."""

    status: Status
    unverified: bool
    reason: str
    window: SuspensionWindow | None = None
    signal: Signal | None = None  # the rule's political signal, when the status is unverified

    @property
    def label(self) -> str:
        return self.status.value + (" (verify)" if self.unverified else "")


def _window_covers(window: SuspensionWindow, as_of: dt.date, scenario: Scenario) -> bool:
    if as_of < window.from_:
        return False
    if scenario is Scenario.SUSPENSIONS_EXTENDED or window.to is None:
        return True
    return as_of <= window.to


def status(rule: Rule, as_of: dt.date, scenario: Scenario = Scenario.AS_WRITTEN) -> RuleStatus:
    """Status of `rule` on `as_of`: expired > not-yet-effective > suspended > in-force.

    An unverified status names the rule's political signal, if any, in its reason."""
    found = _status(rule, as_of, scenario)
    signal = rule.validity.signal
    if not found.unverified or signal is None:
        return found
    return RuleStatus(found.status, True, f"{found.reason}; {signal.describe()}", found.window, signal)


def _status(rule: Rule, as_of: dt.date, scenario: Scenario) -> RuleStatus:
    v = rule.validity
    unverified = v.verify_after is not None and as_of > v.verify_after
    if v.ends is not None and as_of > v.ends:
        return RuleStatus(Status.EXPIRED, unverified, f"ended {v.ends}")
    if as_of < v.effective:
        return RuleStatus(Status.NOT_YET_EFFECTIVE, unverified, f"effective from {v.effective}")
    for window in v.suspended:
        if _window_covers(window, as_of, scenario):
            if scenario is Scenario.SUSPENSIONS_EXTENDED and window.to is not None and as_of > window.to:
                reason = f"suspended since {window.from_}; written end {window.to} assumed extended (scenario)"
            else:
                until = f" through {window.to}" if window.to else " until further notice"
                reason = f"suspended from {window.from_}{until} ({window.citation.document})"
            return RuleStatus(Status.SUSPENDED, unverified, reason, window)
    reason = f"in force since {v.effective}"
    lapsed = [w for w in v.suspended if w.to is not None and w.to < as_of]
    if lapsed:
        reason += f"; suspension ended {max(w.to for w in lapsed)}"
    if unverified:
        reason += f"; status after {v.verify_after} not confirmed by any source"
        if v.verify_note:
            reason += f" ({v.verify_note})"
    return RuleStatus(Status.IN_FORCE, unverified, reason)


@dataclass(frozen=True)
class StatusChange:
    rule: Rule
    before: RuleStatus
    after: RuleStatus


def diff(rules: list[Rule], start: dt.date, end: dt.date, scenario: Scenario = Scenario.AS_WRITTEN) -> list[StatusChange]:
    """Every rule whose status (or verify flag) differs between `start` and `end`."""
    changes = []
    for rule in rules:
        a, b = status(rule, start, scenario), status(rule, end, scenario)
        if (a.status, a.unverified) != (b.status, b.unverified):
            changes.append(StatusChange(rule, a, b))
    return changes
