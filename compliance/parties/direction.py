"""Which way a listed-party rule restricts: the reading for this party's role and the user's situation.

Lists restrict in a direction. The Entity List, MEU and Unverified List restrict what is
exported to a party (us.md §1.3: the party as purchaser, consignee or end user): for a
customer that is the sale, for a supplier it is what you send it (drawings, tooling,
samples), not the purchase. OFAC's prohibitions bind US persons in every direction;
UFLPA bars goods made by the party from entering the US; § 805 binds defence contractors.
A rule pack states this per role (`Rule.directions`). A party whose role is unknown, or
plays a role no direction names, gets the strictest reading, and the finding says so.
So does an undeclared situation: every situation is assumed to hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.rulepacks.schema import Direction, Outcome, PartyRole, Rule, Severity, Situation

ROLES = {r.value: r for r in PartyRole}
#: what people write in a role column → the role it means
ROLE_ALIASES = {"vendor": "supplier", "seller": "supplier", "buyer": "customer", "purchaser": "customer",
                "end user": "end-user", "enduser": "end-user", "forwarder": "freight-forwarder",
                "freight forwarder": "freight-forwarder", "distributor": "intermediary", "broker": "intermediary"}


def role_of(text: str | None) -> PartyRole | None:
    """The role a cell names (case-insensitive, common synonyms), or None when blank or unknown."""
    key = " ".join((text or "").replace("_", " ").split()).casefold()
    key = ROLE_ALIASES.get(key, key).replace(" ", "-")
    return ROLES.get(key)


@dataclass(frozen=True)
class Reading:
    """Outcome, severity and message of one rule for one party, and why."""

    outcome: Outcome
    severity: Severity
    message: str
    evidence: dict


def _holds(direction: Direction, situation: frozenset[Situation] | None) -> bool:
    return situation is None or set(direction.requires) <= situation


def reading(rule: Rule, role_text: str | None, situation: frozenset[Situation] | None) -> Reading:
    """The rule's reading for a party with this role, given the user's situation (None: undeclared)."""
    role = role_of(role_text)
    base = Reading(rule.outcome, rule.severity, (rule.message or rule.title).strip(), {})
    evidence = {"role": role.value if role else (f"unknown ({role_text})" if role_text else "unknown")}
    if situation is None:
        evidence["situation"] = "not declared: every situation assumed (strictest reading); set 'situation'"
    else:
        evidence["situation"] = sorted(s.value for s in situation) or ["none"]
    if not rule.directions:
        return Reading(base.outcome, base.severity, base.message, evidence | {"direction": "the rule reads the same for every role"})
    if role is not None:
        for direction in rule.directions:
            if role in direction.roles and _holds(direction, situation):
                return Reading(direction.outcome, direction.severity, direction.message.strip(),
                               evidence | {"direction": f"as {role.value}"})
    candidates = [base] + [Reading(d.outcome, d.severity, d.message.strip(), {}) for d in rule.directions if _holds(d, situation)]
    strictest = max(candidates, key=lambda r: r.severity.rank)
    why = "role unknown" if role is None else f"no reading for the role {role.value}"
    return Reading(
        strictest.outcome, strictest.severity,
        f"{strictest.message} ({why}: strictest reading; record the party's role)",
        evidence | {"direction": f"{why}: strictest reading"},
    )


def situation_of(values: list[str] | None) -> frozenset[Situation] | None:
    """The `situation` setting as a set (None when it was never declared)."""
    return None if values is None else frozenset(Situation(v) for v in values)
