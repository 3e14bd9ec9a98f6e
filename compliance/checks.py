"""Which check evaluates each rule kind, and what input it needs.

The registry is how a run knows, before screening, which loaded rules nothing will
evaluate: a rule kind without a check is reported, never skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.model.terms import RuleKind


@dataclass(frozen=True)
class Check:
    """How one rule kind is evaluated: by which screenings, and from what input."""

    kind: RuleKind
    screenings: frozenset[str]  # "bom", "parties", "ownership"
    needs: str  # the input that lets it decide, in words


#: rule kind → check. END_USE and TECHNOLOGY have none in general: their rules are reported
#: as not evaluated (coverage.py), except the end-use rules a parties file with an
#: `end_user_country` column decides (parties/enduse.py).
CHECKS: dict[RuleKind, Check] = {
    check.kind: check
    for check in (
        Check(RuleKind.CONTROLLED_ITEM, frozenset({"bom"}), "a BOM with origins and materials"),
        Check(RuleKind.CONTENT_THRESHOLD, frozenset({"bom"}), "a BOM with origins, materials and unit values"),
        Check(RuleKind.LISTED_PARTY, frozenset({"bom", "parties"}), "a parties file, or BOM supplier/manufacturer columns"),
        Check(RuleKind.AFFILIATE, frozenset({"ownership"}), "an ownership table (--ownership)"),
    )
}

def __getattr__(name: str):
    """`BOM_CHECKS`, the BOM rule kinds: check(context, rule, status) → findings
    (compliance/bom/checks.py), imported on first use so a run that reads no BOM (and
    `coverage.py`, which needs only the registry) does not load the BOM machinery."""
    if name == "BOM_CHECKS":
        from compliance.bom.checks import content_threshold_findings, controlled_item_findings

        return {RuleKind.CONTROLLED_ITEM: controlled_item_findings, RuleKind.CONTENT_THRESHOLD: content_threshold_findings}
    raise AttributeError(name)


def check_for(kind: RuleKind) -> Check | None:
    """The check that evaluates `kind`, or None when no screening does."""
    return CHECKS.get(kind)


def unchecked(kinds) -> list[RuleKind]:
    """The rule kinds among `kinds` that no check evaluates, in a stable order."""
    return sorted({kind for kind in kinds if kind not in CHECKS}, key=lambda kind: kind.value)
