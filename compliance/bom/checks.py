"""BOM checks, one per rule kind: supply risk (controlled-item) and No. 61 (content-threshold).

Two different questions, two kinds of finding:
- controlled-item: a part (or a material in it) made in China is a listed item, so the
  Chinese exporter needs a licence — the user's supply can stop.
- content-threshold: a Part II item made outside China whose Chinese-origin Part I
  content is worth >= 0.1 % of its value needs a MOFCOM licence for the user's own export.

Pure: a BomContext is built once per BOM (tree, resolved materials, magnet classes,
item hits, prices); each check turns (context, rule, status) into findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field as data_field
from decimal import Decimal
from itertools import compress
from operator import attrgetter, itemgetter

from compliance.bom.content import (
    BomTree,
    Content,
    EVIDENCE_ROWS,
    FOUR_PLACES,
    RARE_EARTHS,
    TWO_PLACES,
    ResolvedMaterial,
    Valuation,
    above,
    build_tree,
    classes_of_materials,
    magnet_classes,
    percent,
    resolved_materials,
    subtree_contents,
    value_content,
    _num,
)
from compliance.model.finding import Finding, Subject
from compliance.rulepacks.finding import rule_finding
from compliance.bom.itemmatch import ItemHit, ItemIndex
from compliance.bom.prices import PriceTable
from compliance.bom.plausibility import Overweight, find_overweight, overweight_findings
from compliance.bom.unresolved import UnresolvedReport, find_unresolved, unresolved_findings
from compliance.model.records import BomLine
from compliance.rulepacks.schema import Outcome, Rule, RuleKind, Severity
from compliance.rulepacks.timeline import RuleStatus


@dataclass
class BomContext:
    """Everything the checks need about one BOM, computed once."""

    tree: BomTree
    materials_of: dict[str, tuple[ResolvedMaterial, ...]]
    classes_of: dict[str, tuple[str, ...]]  # only parts with a class: look up with .get(part, ())
    hits_of: dict[str, dict[str, list[ItemHit]]]  # rule id → part number → hits
    prices: PriceTable
    unresolved: UnresolvedReport  # materials no check could read (reported by one rule)
    overweight: list[Overweight]  # parts whose declared substances outweigh them (reported by the same rule)


def build_context(lines: list[BomLine], rules: list[Rule], prices: PriceTable) -> BomContext:
    tree = build_tree(lines)
    index = ItemIndex(r for r in rules if r.kind is RuleKind.CONTROLLED_ITEM)
    classes_of: dict[str, tuple[str, ...]] = {}
    hits_of: dict[str, dict[str, list[ItemHit]]] = {}
    # Identical materials cells share one tuple (the reader caches them), so resolve each
    # distinct tuple once, keyed by identity (hashing deep tuples costs more than it saves).
    lines = tree.lines

    def cells():  # each line's materials cell by identity, as needed (a million-line BOM holds no list of them)
        return map(id, map(_MATERIALS, lines))

    resolved_by_id: dict[int, tuple] = {}  # id → (cell, its materials, their classes, whether a rare earth is among them)
    for key, line in dict(zip(cells(), lines)).items():  # a line of each distinct cell
        mats = resolved_materials(line)
        resolved_by_id[key] = (line.materials, mats, classes_of_materials(mats) if mats else (), _any_rare_earth(mats))
    materials_of: dict[str, tuple[ResolvedMaterial, ...]] = dict(
        zip(map(_PART, lines), map(_RESOLVED, map(resolved_by_id.__getitem__, cells()))))
    # Only the RE-target class depends on the description (and only with a rare earth
    # among the materials); the rest on the materials. Most parts have none: a
    # million-line BOM keeps no million empty entries.
    classy = {key for key, entry in resolved_by_id.items() if entry[2] or entry[3]}
    for line in compress(lines, map(classy.__contains__, cells())):
        _, mats, classes, rare_earth = resolved_by_id[id(line.materials)]
        if rare_earth and "target" in line.description.casefold():
            classes = magnet_classes(line, mats)
        if classes:
            classes_of[line.part_number] = classes
    contained = _contained_classes(tree, classes_of)
    for line, words in zip(lines, index.keywords(map(_DESCRIPTION, lines))):
        part = line.part_number
        found = index.hits(line, materials_of[part], classes_of.get(part, ()), contained.get(part, ()), words)
        for rule_id, hits in found.items():
            hits_of.setdefault(rule_id, {})[part] = hits
    return BomContext(tree, materials_of, classes_of, hits_of, prices, find_unresolved(tree, materials_of, classes_of, rules),
                      find_overweight(tree, materials_of))


_MATERIALS, _PART, _DESCRIPTION = attrgetter("materials"), attrgetter("part_number"), attrgetter("description")
_RESOLVED = itemgetter(1)


def _any_rare_earth(materials: tuple[ResolvedMaterial, ...]) -> bool:
    """Whether a part with these materials could be an RE target (content.magnet_classes)."""
    return any(not RARE_EARTHS.isdisjoint(m.elements) or m.canonical in RARE_EARTHS for m in materials)


def input_doubts(ctx: BomContext, rule: Rule, rule_status: RuleStatus) -> list[Finding]:
    """Findings about the BOM itself (unrecognised substances, impossible masses), emitted
    once per BOM by the rule bom/unresolved.py chooses."""
    if rule.id != ctx.unresolved.owner:
        return []
    return unresolved_findings(ctx.unresolved, rule, rule_status) + overweight_findings(ctx.overweight, rule, rule_status)


def _contained_classes(tree: BomTree, classes_of: dict[str, tuple[str, ...]]) -> dict[str, tuple[tuple[str, str], ...]]:
    """For each assembly: the magnet classes below it, each with one part that has it.

    Only assemblies above a part with a class have any: the walk visits only them."""
    below: dict[str, dict[str, str]] = {}
    children_of, below_of, classes_at = tree.children.get, below.get, classes_of.get
    holders = above(tree, classes_of)
    for line in tree.bottom_up:
        if line.part_number not in holders:
            continue  # nothing with a class below it
        kids = children_of(line.part_number)
        mine: dict[str, str] = {}
        for child in kids:
            part = child.part_number
            for cls in classes_at(part, ()):
                mine.setdefault(cls, part)
            found = below_of(part)
            if found:
                for cls, holder in found.items():
                    mine.setdefault(cls, holder)
        if mine:
            below[line.part_number] = mine
    return {part: tuple(found.items()) for part, found in below.items()}


# --------------------------------------------------------------------------- supply risk


def _subject(line: BomLine, hit: ItemHit | None) -> Subject:
    if hit is not None and hit.material is not None:
        field, value = f"materials[{hit.material.index}]", hit.material.material.substance
    elif hit is not None and hit.basis == "hs_code":
        field, value = "hs_code", line.hs_code
    else:
        field, value = "description", line.description
    return Subject(file=line.file, row=line.row, field=field, value=value, part_number=line.part_number)


def _excluded(rule: Rule, line: BomLine) -> str | None:
    text = line.description.casefold()
    return next((w for w in rule.conditions.excluded_keywords if w.casefold() in text), None)


def _item_label(hit: ItemHit) -> str:
    code = hit.item.code or hit.item.description
    return code + (" (code inferred)" if hit.item.inferred else "")


class _MatchEvidence:
    """The evidence of each item hit, built once per check: hits of a materials cell are
    shared by every line that declares it (itemmatch caches them), and their evidence is
    never changed once made."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[ItemHit, dict]] = {}  # id → (hit, evidence); the hit kept alive beside its id

    def of(self, hit: ItemHit) -> dict:
        made = self._made.get(id(hit))
        if made is None:
            made = self._made[id(hit)] = (hit, hit.as_evidence())
        return made[1]


def controlled_item_findings(ctx: BomContext, rule: Rule, rule_status: RuleStatus) -> list[Finding]:
    """Supply risk: parts (or their materials) from the rule's origin that are listed items.

    Part made in the origin country + strong match → the rule's outcome (licence);
    weak match only → a red flag to check the description; description in the
    authority's "generally not controlled" list → info. Part made elsewhere with a
    material of that origin → upstream supply risk (the supply can stop just the same). Part of unknown origin →
    "cannot rule out" red flag; never assumed safe.
    """
    origins = set(rule.conditions.origin)
    findings = input_doubts(ctx, rule, rule_status)
    match_evidence = _MatchEvidence()
    for part, hits in ctx.hits_of.get(rule.id, {}).items():
        line = ctx.tree.by_part[part]
        strong = [h for h in hits if h.strong]
        part_origin = line.origin_country

        def emit(detail, severity, outcome, message, hit, extra=None):
            # the evidence every finding of the part starts from, built only for a part that has one
            base = {
                "part_origin": part_origin or "unknown",
                "matches": [match_evidence.of(h) for h in hits[:EVIDENCE_ROWS]],
                "rule_status": rule_status.reason,
            }
            if part in ctx.classes_of:
                base["material_classes"] = list(ctx.classes_of[part])
            findings.append(
                rule_finding(
                    rule, rule_status, identity=part, detail=detail, severity=severity, outcome=outcome,
                    message=message, subject=_subject(line, hit), evidence=base | (extra or {}),
                )
            )

        direct = not origins or part_origin in origins
        if direct:
            if strong:
                labels = ", ".join(dict.fromkeys(_item_label(h) for h in strong))
                excluded = _excluded(rule, line)
                if excluded:
                    emit(
                        "excluded", Severity.INFO, Outcome.INFO,
                        f"{part} (made in {part_origin}) contains {labels} material but its description ('{excluded}') "
                        f"is in the authority's list of what is generally not controlled — confirm with the supplier",
                        strong[0], {"generally_not_controlled": list(rule.conditions.excluded)},
                    )
                else:
                    emit(
                        "direct", rule.severity, rule.outcome,
                        f"{part} (made in {part_origin}) is or contains listed item {labels}: "
                        + (rule.message or rule.title),
                        strong[0], {"licence_needed_by": "the exporter in " + (part_origin or "?")},
                    )
            else:
                labels = ", ".join(dict.fromkeys(f"{_item_label(h)} by {h.basis} '{h.key}'" for h in hits))
                emit(
                    "check", Severity.MEDIUM, Outcome.RED_FLAG,
                    f"{part} (made in {part_origin}) may be a listed item ({labels}); the item description decides "
                    f"— check the part against: {hits[0].item.description}",
                    hits[0],
                )
            continue
        material_strong = [h for h in strong if h.material is not None]
        if part_origin is None:
            from_origin = [h for h in material_strong if h.material.material.origin in origins]
            if from_origin and rule.conditions.upstream_materials:
                # Made in China: the part is this listed item (its export needs the licence).
                # Made elsewhere: its material of Chinese origin needed one when it left China.
                # Either way a licence was needed, whatever the part's origin turns out to be.
                first = from_origin[0]
                emit(
                    "either-origin", rule.severity, rule.outcome,
                    f"{part} has no recorded origin, but a licence was needed either way: made in China it is listed "
                    f"item {_item_label(first)}, made elsewhere its {first.material.material.substance} of origin "
                    f"{first.material.material.origin} needed one when exported from China — "
                    + (rule.message or rule.title),
                    first,
                    {"licence_needed_by": "the exporter in China (of the part, or of its material)",
                     "missing": "origin_country of the part (decides who exported the listed item)"},
                )
            elif strong:
                first = material_strong[0] if material_strong else strong[0]
                element = first.material.canonical if first.material is not None else first.key
                emit(
                    "unknown-origin", Severity.MEDIUM, Outcome.RED_FLAG,
                    f"{element} in {part} has unknown origin: cannot rule out {rule.title}; record origin_country "
                    f"of the part (and @ORIGIN of the material)",
                    first, {"missing": "origin_country of the part or @ORIGIN of the material"},
                )
            elif hits:
                emit(
                    "unknown-origin-check", Severity.LOW, Outcome.RED_FLAG,
                    f"{part} has unknown origin and may be a listed item ({_item_label(hits[0])} by {hits[0].basis}); "
                    f"record origin_country",
                    hits[0], {"missing": "origin_country"},
                )
            continue
        if not rule.conditions.upstream_materials:
            continue
        upstream = [h for h in material_strong if h.material.material.origin in origins]
        unknown = [h for h in material_strong if h.material.material.origin is None]
        if upstream:
            names = ", ".join(dict.fromkeys(h.material.material.substance for h in upstream))
            emit(
                "upstream", rule.severity, rule.outcome,
                f"{part} is made in {part_origin} from {names} of origin {upstream[0].material.material.origin}: "
                f"that material's export from China needs a licence ({rule.citation.document}) — "
                f"supply risk upstream of {line.supplier or line.manufacturer or 'the supplier'}",
                upstream[0], {"licence_needed_by": "the Chinese exporter of the material (upstream)"},
            )
        elif unknown:
            names = ", ".join(dict.fromkeys(h.material.material.substance for h in unknown))
            emit(
                "upstream-unknown", Severity.LOW, Outcome.RED_FLAG,
                f"{part} (made in {part_origin}) contains {names} of unknown origin: cannot rule out a Chinese source "
                f"needing a licence ({rule.citation.document}); record @ORIGIN",
                unknown[0], {"missing": "@ORIGIN of the material"},
            )
    return findings


# --------------------------------------------------------------------------- No. 61 Art. 1(1)


def _contributions(items, total: int) -> list[dict]:
    out = [c.as_evidence() for c in items]
    if total > len(items):
        out.append({"more_rows": total - len(items)})
    return out


def content_threshold_findings(ctx: BomContext, rule: Rule, rule_status: RuleStatus) -> list[Finding]:
    """No. 61 Art. 1(1): each Part II item made outside China, and each assembly above it."""
    findings = input_doubts(ctx, rule, rule_status)
    threshold = rule.conditions.threshold
    if threshold is None:
        return findings
    limit = Decimal(str(threshold.share_of_value))
    contents = subtree_contents(
        ctx.tree,
        ctx.materials_of,
        ctx.classes_of,
        set(threshold.counted_elements),
        set(threshold.counted_substances),
        set(threshold.counted_origin),
    )
    made_outside = set(rule.conditions.made_outside)
    prices = ctx.prices
    # Evidence every item repeats is built once and shared (it is never changed once made):
    # a magnet's Part II entry stands in the evidence of each assembly above it.
    shared = _SharedEvidence(
        threshold=f">= {percent(limit)} of the item's value",
        price_table={"file": prices.file, "as_of": prices.as_of, "currency": prices.currency, "basis": prices.basis},
        heavy={o.part_number for o in ctx.overweight},
    )
    for line in [line for line in ctx.tree.lines if line.part_number in contents]:  # in BOM order
        content = contents[line.part_number]
        if not content.part2_rows:
            continue  # not a Part II item and nothing Part II below it
        if not (content.cn_grams or content.unknown_grams or content.missing_mass):
            continue  # no Part I content that could count
        findings.extend(_threshold_for_item(ctx, rule, rule_status, line, content, limit, made_outside, prices, shared))
    return findings


@dataclass
class _SharedEvidence:
    """Evidence pieces of one No. 61 check that many of its findings hold."""

    threshold: str
    price_table: dict
    heavy: set[str]  # parts whose declared substances outweigh them
    part2: dict[tuple[str, int, str], dict] = data_field(default_factory=dict)

    def part2_entry(self, row: tuple[str, int, str]) -> dict:
        entry = self.part2.get(row)
        if entry is None:
            entry = self.part2[row] = {"part_number": row[0], "row": row[1], "class": row[2]}
        return entry


def _threshold_for_item(ctx, rule, rule_status, line, content: Content, limit, made_outside, prices,
                        shared: _SharedEvidence) -> list[Finding]:
    if line.origin_country in made_outside:
        return []  # Chinese-made: Art. 1(3) and the supply-risk rules answer this item
    part = line.part_number
    subject = Subject(file=line.file, row=line.row, field="unit_value", value=str(line.unit_value) if line.unit_value is not None else None, part_number=part)
    part2 = [shared.part2_entry(row) for row in content.part2_rows[:EVIDENCE_ROWS]]
    evidence: dict = {
        "item": part,
        "item_origin": line.origin_country or "unknown",
        "part_ii_basis": part2,
        "threshold": shared.threshold,
        "rule_status": rule_status.reason,
        "price_table": shared.price_table,
    }

    def finding(detail, severity, outcome, message, extra):
        return rule_finding(
            rule, rule_status, identity=part, detail=detail, severity=severity, outcome=outcome,
            message=message, subject=subject, evidence=evidence | extra,
        )

    rate = prices.rate(line.currency)
    missing: list[str] = []
    if line.unit_value is None or line.unit_value == 0:
        missing.append(f"unit_value of {part} (row {line.row})")
    if rate is None:
        missing.append(f"exchange rate {line.currency}->{prices.currency} (add fx.{line.currency} to the price table)")
    item_value = line.unit_value * rate if line.unit_value and rate is not None else None
    valuation: Valuation = value_content(content, item_value, prices)
    if valuation.missing_prices:
        missing.append("price per kg of " + ", ".join(valuation.missing_prices) + " (add to the price table)")
    evidence |= {
        "item_value": f"{_num(item_value)} {prices.currency}" if item_value is not None else "unknown",
        "cn_part_i_content": _contributions(content.cn, content.counts["cn"]),
        "priced": valuation.priced,
    }
    if content.unknown:
        evidence["unknown_origin_part_i_content"] = _contributions(content.unknown, content.counts["unknown"])
    if content.missing_mass:
        evidence["missing_masses"] = [m.as_evidence() for m in content.missing_mass[:EVIDENCE_ROWS]]
    share = valuation.share()
    if share is not None:
        evidence["cn_value"] = f"{_num(valuation.cn_value.quantize(FOUR_PLACES))} {prices.currency}"
        evidence["share"] = percent(share)
        evidence["arithmetic"] = f"{evidence['cn_value']} / {evidence['item_value']} = {percent(share)}"
    be = valuation.break_even(limit)
    if be is not None:
        evidence["break_even_price_per_kg"] = f"{_num(be.quantize(TWO_PLACES))} {prices.currency}"
    worst = valuation.worst_share()
    heavy = shared.heavy
    doubtful = [c for c in content.cn + content.unknown if c.part_number in heavy] if heavy else []
    if (doubtful and (share is not None or worst is not None)) or (worst is not None and worst > 1):
        for key in ("share", "arithmetic", "cn_value", "break_even_price_per_kg"):
            evidence.pop(key, None)  # not a result: the numbers behind it are not believable
    if doubtful and (share is not None or worst is not None):
        rows = ", ".join(dict.fromkeys(f"{c.part_number} (row {c.row})" for c in doubtful))
        return [finding(
            "implausible-mass", Severity.HIGH, Outcome.RED_FLAG,
            f"{part}: its Part I content comes from parts whose declared substances outweigh them ({rows}): "
            f"fix those masses; no share is reported from these numbers",
            {"implausible": "declared masses above the unit mass", "rows": rows},
        )]
    if worst is not None and worst > 1:
        rows = ", ".join(dict.fromkeys(f"{c.part_number} (row {c.row})" for c in content.cn + content.unknown))
        return [finding(
            "implausible-share", Severity.HIGH, Outcome.RED_FLAG,
            f"{part}: its Part I content would be worth {percent(worst)} of its value — more than the item itself, "
            f"so a unit value or a mass is probably in the wrong unit (unit_value of {part} on row {line.row}; {rows}); "
            f"check those rows: no share is reported from these numbers",
            {"implausible": "share of value above 100 %"},
        )]
    if line.origin_country is None:
        if share is not None and share >= limit and content.cn_grams and not valuation.missing_prices:
            # Made outside China: Art. 1(1) at this share; made in China: Art. 1(3), no threshold.
            return [finding(
                "either-origin", rule.severity, rule.outcome,
                f"{part} has no recorded origin, but its Chinese-origin Part I content is worth {percent(share)} of its "
                f"value (>= {percent(limit)}): made outside China, Art. 1(1) applies at this share; made in China, "
                f"Art. 1(3) applies with no threshold — a licence is needed either way. "
                + (rule.message or rule.title),
                {"missing": "origin_country (decides which article applies, not whether a licence is needed)"},
            )]
        return [finding(
            "unknown-item-origin", Severity.MEDIUM, Outcome.RED_FLAG,
            f"{part} is or contains a No. 61 Part II item but its origin is unknown: cannot tell whether Art. 1(1) "
            f"(made outside China) or Art. 1(3) (Chinese origin) applies; record origin_country",
            {"missing": "origin_country"},
        )]
    if share is not None and share >= limit and content.cn_grams and not valuation.missing_prices:
        return [finding(
            "threshold", rule.severity, rule.outcome,
            f"{part} (made in {line.origin_country}) holds Chinese-origin Part I content worth {percent(share)} of its value "
            f"(>= {percent(limit)}; break-even {evidence.get('break_even_price_per_kg')}/kg): "
            + (rule.message or rule.title),
            {},
        )]
    if missing:
        return [finding(
            "missing-data", Severity.MEDIUM, Outcome.RED_FLAG,
            f"{part} is or contains a No. 61 Part II item with Part I content, but the share cannot be computed: "
            f"cannot rule out a licence requirement; missing {'; '.join(missing)}",
            {"missing": missing},
        )]
    if content.missing_mass:
        names = ", ".join(f"{m.substance} in {m.part_number} (row {m.row})" for m in content.missing_mass[:5])
        return [finding(
            "missing-mass", Severity.MEDIUM, Outcome.RED_FLAG,
            f"{part}: Part I content given as a fraction without a unit mass ({names}): cannot rule out "
            f"{percent(limit)}; add unit_mass to those rows",
            {"missing": [f"unit_mass of {m.part_number} (row {m.row})" for m in content.missing_mass]},
        )]
    if content.unknown_grams and worst is not None and worst >= limit:
        names = ", ".join(dict.fromkeys(f"{c.substance} in {c.part_number} (row {c.row})" for c in content.unknown))
        be_worst = valuation.break_even(limit, include_unknown=True)
        evidence["share_if_unknown_were_cn"] = percent(worst)
        if be_worst is not None:
            evidence["break_even_price_per_kg_if_unknown_were_cn"] = f"{_num(be_worst.quantize(TWO_PLACES))} {prices.currency}"
        return [finding(
            "unknown-origin", Severity.MEDIUM, Outcome.RED_FLAG,
            f"{part}: origin of Part I content unknown ({names}); if Chinese the share would be {percent(worst)} "
            f"(>= {percent(limit)}): cannot rule out a licence requirement; record @ORIGIN",
            {"missing": [f"@ORIGIN of {c.substance} in {c.part_number} (row {c.row})" for c in content.unknown]},
        )]
    if content.cn_grams and share is not None:
        return [finding(
            "below", Severity.INFO, Outcome.INFO,
            f"{part}: Chinese-origin Part I content worth {percent(share)} of its value, below {percent(limit)} "
            f"(break-even {evidence.get('break_even_price_per_kg')}/kg)",
            {},
        )]
    return []
