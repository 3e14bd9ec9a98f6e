"""Substances no check could read: a finding each, never a silent skip.

A material whose substance the table does not know (readers/substances.py) carries no
element, so every BOM check passes over it. That is a green run that did not look,
so each such material becomes one red-flag finding naming the row, the nearest known
substance and the checks that could not use it. It fails the default gate (high) when
the part could hold a controlled item — the part or the material is of a controlled
origin or of unknown origin, or the part is itself a Part II candidate — and is shown
at low severity otherwise.

The finding hangs off one BOM rule in force (the first content-threshold rule, else the
first material rule: one finding per material, not one per rule), so it carries that
rule's date status and a stable fingerprint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compliance.bom.content import BomTree, ResolvedMaterial
from compliance.readers.substances import Substance, fold, suggest
from compliance.readers.bom import source_row
from compliance.model.finding import Finding, Subject
from compliance.rulepacks.finding import rule_finding
from compliance.rulepacks.schema import Outcome, Rule, RuleKind, Severity
from compliance.rulepacks.timeline import RuleStatus

#: The rule kinds whose checks read a part's materials.
MATERIAL_KINDS = (RuleKind.CONTROLLED_ITEM, RuleKind.CONTENT_THRESHOLD)
_NUMBER = re.compile(r"No\. ?\d+(?: of \d{4})?")


@dataclass(frozen=True)
class Unresolved:
    """One material of one line that no check could read."""

    part_number: str
    file: str
    row: int
    index: int
    substance: str
    suggestion: str | None
    controlled: bool  # the part could hold a controlled item
    checks: str  # "No. 18 of 2025 / No. 61 of 2025": the measures whose checks could not use it


@dataclass(frozen=True)
class UnresolvedReport:
    """The unresolved materials of a BOM and the rule that reports them."""

    owner: str | None  # id of the rule whose check emits the findings
    items: tuple[Unresolved, ...]


def controlled_origins(rules: list[Rule]) -> set[str]:
    """Origins under which a material could be a controlled item (or counted Part I content)."""
    origins: set[str] = set()
    for rule in rules:
        origins.update(rule.conditions.origin)
        if rule.conditions.threshold is not None:
            origins.update(rule.conditions.threshold.counted_origin)
    return origins


def find_unresolved(
    tree: BomTree,
    materials_of: dict[str, tuple[ResolvedMaterial, ...]],
    classes_of: dict[str, tuple[str, ...]],
    rules: list[Rule],
) -> UnresolvedReport:
    """Every material whose substance is unknown, judged against the BOM rules in force."""
    material_rules = [r for r in rules if r.kind in MATERIAL_KINDS]
    # The content-threshold rule (No. 61) when in force: doubts about masses and substances are its business most.
    owner = next((r.id for r in material_rules if r.kind is RuleKind.CONTENT_THRESHOLD), material_rules[0].id if material_rules else None)
    origins = controlled_origins(material_rules)
    items = []
    for line in tree.lines:
        for m in materials_of[line.part_number]:
            if m.canonical is not None:
                continue
            material = m.material
            row = source_row(material.source) or line.row
            controlled = (
                line.origin_country is None or line.origin_country in origins
                or material.origin is None or material.origin in origins
                or bool(classes_of.get(line.part_number))
            )
            guess = suggest(material.substance)
            items.append(Unresolved(line.part_number, _source_file(material.source) or line.file, row, m.index,
                                    material.substance, guess[0] if guess else None, controlled,
                                    _measures(material_rules, guess[1] if guess else None)))
    return UnresolvedReport(owner, tuple(items))


def _uses(rule: Rule, meant: Substance) -> bool:
    """Whether `rule` would have read the substance the typo most likely meant."""
    names = {meant.canonical, *meant.elements}
    threshold = rule.conditions.threshold
    if threshold is not None and names & {*threshold.counted_elements, *threshold.counted_substances}:
        return True
    return any(names & {*item.elements, *item.substances} for item in rule.conditions.items)


def _measures(rules: list[Rule], meant: Substance | None, shown: int = 4) -> str:
    """`No. 18 of 2025 / No. 61 of 2025`: the measures whose checks would have read the
    meant substance (all BOM measures when there is no guess), and how many more."""
    using = [r for r in rules if meant is not None and _uses(r, meant)] or rules
    documents = list(dict.fromkeys(m.group(0) for r in using if (m := _NUMBER.search(r.citation.document))))
    if not documents:
        return "BOM"
    more = f" and {len(documents) - shown} more measures'" if len(documents) > shown else ""
    return " / ".join(documents[:shown]) + more


def unresolved_findings(report: UnresolvedReport, rule: Rule, rule_status: RuleStatus) -> list[Finding]:
    """The findings for unresolved substances, when `rule` is the one that reports them."""
    if rule.id != report.owner:
        return []
    findings = []
    for item in report.items:
        hint = f" — did you mean {item.suggestion}?" if item.suggestion else " — not a known element, formula, name or CAS number."
        message = (
            f"unrecognised substance {item.substance!r} in {item.part_number} on row {item.row}{hint} "
            f"The {item.checks} checks could not use it"
            + ("; it could be a controlled material: correct it (symbol, name or CAS number)" if item.controlled else "")
        )
        findings.append(rule_finding(
            rule, rule_status, identity=item.part_number, detail=f"unrecognised:{fold(item.substance).casefold()}",
            severity=Severity.HIGH if item.controlled else Severity.LOW, outcome=Outcome.RED_FLAG, message=message,
            subject=Subject(file=item.file, row=item.row, field=f"materials[{item.index}]", value=item.substance,
                            part_number=item.part_number),
            evidence={"unrecognised_substance": item.substance, "did_you_mean": item.suggestion,
                      "could_hold_controlled_item": item.controlled, "checks": item.checks},
        ))
    return findings


def _source_file(source: str | None) -> str | None:
    return source.rsplit(":", 1)[0] if source and ":" in source else None
