"""Numbers nobody would believe: declared substances heavier than the part they are in.

A BOM whose `materials` (or the --materials file) declare more grams of substances than
one unit of the part weighs was typed in the wrong unit somewhere (kg for g, a mass for a
percentage). Every share computed from it is wrong, so the part gets a finding naming the
rows instead of a result built on it. (The other implausible number, a No. 61 share above
100 % of the item's value, is caught where the share is computed: bom/checks.py.)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from compliance.bom.content import BomTree, ResolvedMaterial, _num
from compliance.model.finding import Finding, Subject
from compliance.model.terms import Outcome, Severity
from compliance.rulepacks.finding import rule_finding
from compliance.rulepacks.schema import Rule
from compliance.rulepacks.timeline import RuleStatus


@dataclass(frozen=True)
class Overweight:
    """A part whose declared substances weigh more than one unit of it."""

    part_number: str
    file: str
    row: int
    unit_mass_g: Decimal
    declared_g: Decimal
    rows: tuple[str, ...]  # where the masses were declared ("bom.csv:4", "materials.csv:2")


def find_overweight(tree: BomTree, materials_of: dict[str, tuple[ResolvedMaterial, ...]]) -> list[Overweight]:
    """Parts whose declared substance masses (grams, plus shares of the unit mass) exceed the unit mass."""
    out = []
    totals: dict[int, tuple] = {}  # distinct materials tuple (by identity, kept alive) → its grams and shares
    for line in tree.lines:
        if line.unit_mass_g is None or not line.materials:
            continue
        mats = materials_of[line.part_number]
        total = totals.get(id(mats))
        if total is None:
            grams = sum((m.material.mass_g for m in mats if m.material.mass_g is not None), Decimal(0))
            shares = sum((m.material.share for m in mats if m.material.share is not None), Decimal(0))
            total = totals[id(mats)] = (mats, grams, shares)
        _, grams, shares = total
        declared = grams + shares * line.unit_mass_g
        if declared > line.unit_mass_g:
            rows = dict.fromkeys(m.material.source or f"{line.file}:{line.row}" for m in materials_of[line.part_number])
            out.append(Overweight(line.part_number, line.file, line.row, line.unit_mass_g, declared, tuple(rows)))
    return out


def overweight_findings(parts: list[Overweight], rule: Rule, rule_status: RuleStatus) -> list[Finding]:
    """One high red flag per overweight part (under the rule that reports input doubts)."""
    return [
        rule_finding(
            rule, rule_status, identity=p.part_number, detail="declared-mass-over-unit-mass",
            severity=Severity.HIGH, outcome=Outcome.RED_FLAG,
            message=(f"{p.part_number}: declared substances weigh {_num(p.declared_g)} g, more than the part's unit mass of "
                     f"{_num(p.unit_mass_g)} g — probably a unit error (kg for g, a mass for a percentage); no content share "
                     f"computed from these rows can be trusted: check {', '.join(p.rows)}"),
            subject=Subject(file=p.file, row=p.row, field="unit_mass", value=f"{_num(p.unit_mass_g)} g", part_number=p.part_number),
            evidence={"unit_mass_g": _num(p.unit_mass_g), "declared_g": _num(p.declared_g), "declared_in": list(p.rows)},
        )
        for p in parts
    ]
