"""Controlled-material content of a BOM: the tree, magnet classes, and the No. 61 share.

Pure functions over BomLine records. A line's `materials` describe that line's OWN
content (one unit), not its children's; children are their own lines. Quantities
multiply down the tree (`quantity` is per one unit of the parent), so the content of
an assembly is its own materials plus each child's content times the child's quantity.

No. 61 Art. 1(1) asks, for a Part II item made outside China (a SmCo or Tb/Dy-NdFeB
magnet, a rare-earth sputtering target, or a part/assembly containing one): is the value
of the Chinese-origin Part I content >= 0.1 % of the item's value? Chinese-origin Part I
content is counted where it sits (a Japanese magnet with Chinese Dy is not itself of
Chinese origin), once per item asked about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Iterable, NamedTuple

from compliance.model.errors import InputError
from compliance.model.records import BomLine, Material
from compliance.readers.substances import resolve

#: The 17 rare-earth elements.
RARE_EARTHS = frozenset(
    {"Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"}
)
#: How many contributing rows an evidence chain lists before it summarises the rest.
EVIDENCE_ROWS = 12
#: the Decimal every sum of grams starts from (one object, not one per addition)
ZERO = Decimal(0)
#: the steps amounts are rounded to in evidence (built once, not parsed per finding)
FOUR_PLACES, TWO_PLACES = Decimal("0.0001"), Decimal("0.01")


# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class BomTree:
    """Lines by part number, children, a children-first order, and quantity per top unit."""

    lines: tuple[BomLine, ...]
    by_part: dict[str, BomLine]
    children: dict[str, list[BomLine]]
    bottom_up: tuple[BomLine, ...]

    @cached_property
    def units_per_top(self) -> dict[str, Decimal]:
        """Quantities multiplied down from the top-level item (computed on first use: no
        check needs them, and building the tree is on every BOM run's path)."""
        return _units(self)[0]

    @cached_property
    def top_of(self) -> dict[str, str]:
        """The top-level item above each part."""
        return _units(self)[1]


_PART_NUMBER = attrgetter("part_number")


def build_tree(lines: Iterable[BomLine]) -> BomTree:
    """Link lines through `parent`; an unknown parent or a cycle is an InputError naming rows."""
    lines = tuple(lines)
    by_part = dict(zip(map(_PART_NUMBER, lines), lines))
    children: dict[str, list[BomLine]] = {}
    children_of = children.get
    for line in lines:
        parent = line.parent
        if parent is None:
            continue
        kids = children_of(parent)
        if kids is not None:
            kids.append(line)
            continue
        if parent not in by_part:
            raise InputError(
                f"parent {parent!r} of part {line.part_number!r} is not a part_number in this BOM",
                file=line.file, line=line.row, field="parent",
            )
        children[parent] = [line]
    # Post-order (children before parents, the last child's subtree first) of each top-level
    # item: the reverse of a pre-order that visits the first child first.
    order: list[BomLine] = []
    below = children.get
    for root in (line for line in lines if line.parent is None):
        visited: list[BomLine] = []
        stack = [root]
        while stack:
            node = stack.pop()
            visited.append(node)
            kids = below(node.part_number)
            if kids:
                stack.extend(reversed(kids))
        visited.reverse()
        order.extend(visited)
    if len(order) != len(lines):
        reached = {line.part_number for line in order}
        raise _cycle_error([line for line in lines if line.part_number not in reached], by_part)
    return BomTree(lines, by_part, children, tuple(order))


def above(tree: BomTree, parts: Iterable[str]) -> set[str]:
    """Every assembly above any of `parts` (a part itself only when it is above another)."""
    found: set[str] = set()
    by_part = tree.by_part
    for part in parts:
        parent = by_part[part].parent
        while parent is not None and parent not in found:
            found.add(parent)
            parent = by_part[parent].parent
    return found


def _units(tree: BomTree) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Quantity per top unit and top-level item of every part, down from each top-level item."""
    units: dict[str, Decimal] = {}
    top_of: dict[str, str] = {}
    # Quantities are mostly small whole numbers, so their products down the tree repeat:
    # one Decimal per distinct product, not one per line (a million-line BOM: ~140 MB less).
    products: dict[tuple[Decimal, Decimal], Decimal] = {}
    for root in (line for line in tree.lines if line.parent is None):
        units[root.part_number] = root.quantity
        top_of[root.part_number] = root.part_number
        stack = [root]
        while stack:
            node = stack.pop()
            for child in tree.children.get(node.part_number, ()):
                factors = (units[node.part_number], child.quantity)
                product = products.get(factors)
                if product is None:
                    product = products[factors] = factors[0] * factors[1]
                units[child.part_number] = product
                top_of[child.part_number] = top_of[node.part_number]
                stack.append(child)
    return units, top_of


def _cycle_error(unreached: list[BomLine], by_part: dict[str, BomLine]) -> InputError:
    """Name the rows of one cycle among lines no top-level item reaches."""
    start = unreached[0]
    seen: list[BomLine] = []
    node = start
    while node not in seen:
        seen.append(node)
        node = by_part[node.parent]  # every unreached line has a known parent
    cycle = seen[seen.index(node):]
    path = " -> ".join(f"{n.part_number} (row {n.row})" for n in cycle + [node])
    return InputError(f"cycle in parent links: {path}", file=node.file, line=node.row, field="parent")


# --------------------------------------------------------------------------- materials


@dataclass(frozen=True, slots=True)
class ResolvedMaterial:
    index: int
    material: Material
    canonical: str | None
    elements: tuple[str, ...]
    cas: str | None


def resolved_materials(line: BomLine) -> tuple[ResolvedMaterial, ...]:
    """Each material of the line with its canonical name, elements and CAS."""
    return _resolved(line.materials)


@lru_cache(maxsize=1 << 16)
def _resolved(materials: tuple[Material, ...]) -> tuple[ResolvedMaterial, ...]:
    out = []
    for index, material in enumerate(materials):
        hit = resolve(material.canonical or material.substance, material.cas)
        out.append(
            ResolvedMaterial(
                index=index,
                material=material,
                canonical=hit.canonical if hit else None,
                elements=hit.elements if hit else (),
                cas=(hit.cas if hit else None) or material.cas,
            )
        )
    return tuple(out)


def magnet_classes(line: BomLine, materials: tuple[ResolvedMaterial, ...] | None = None) -> tuple[str, ...]:
    """No. 61 Part II / No. 18 material classes shown by the line's own declaration.

    SmCo: Sm with Co (or a SmCo material). Dy-NdFeB / Tb-NdFeB: Nd and B with Dy / Tb.
    RE target: a rare earth in a part described as a (sputtering) target.
    """
    materials = materials if materials is not None else resolved_materials(line)
    return classes_of_materials(materials, "target" in line.description.casefold())


@lru_cache(maxsize=1 << 16)
def classes_of_materials(materials: tuple[ResolvedMaterial, ...], described_as_target: bool = False) -> tuple[str, ...]:
    """magnet_classes for a materials tuple; `described_as_target`: the part is called a target."""
    names = {m.canonical for m in materials if m.canonical}
    elements = {e for m in materials for e in m.elements} | names
    classes = []
    if "SmCo" in names or {"Sm", "Co"} <= elements:
        classes.append("SmCo")
    ndfeb = "NdFeB" in names or ({"Nd", "B"} <= elements)
    if "Dy-NdFeB" in names or (ndfeb and "Dy" in elements):
        classes.append("Dy-NdFeB")
    if "Tb-NdFeB" in names or (ndfeb and "Tb" in elements):
        classes.append("Tb-NdFeB")
    if described_as_target and elements & RARE_EARTHS:
        classes.append("RE target")
    return tuple(classes)


# --------------------------------------------------------------------------- content


class Contribution(NamedTuple):
    """One counted material in one row, scaled to one unit of the item asked about.

    A NamedTuple, not a frozen dataclass: every assembly above a magnet holds scaled
    copies of its first EVIDENCE_ROWS contributions, so a big BOM makes 100,000s of
    them, and a tuple is built in a fraction of a frozen dataclass's time."""

    part_number: str
    row: int
    field: str
    substance: str  # canonical name used for pricing
    origin: str | None
    grams: Decimal  # per one unit of the item asked about
    units: Decimal  # units of the contributing part per unit of the item

    def as_evidence(self) -> dict:
        return {
            "part_number": self.part_number,
            "row": self.row,
            "field": self.field,
            "substance": self.substance,
            "origin": self.origin or "unknown",
            "units_per_item": _units_text(self.units),
            "grams_per_item": _num(self.grams),
        }


class MissingMass(NamedTuple):
    """A counted material given as a share of a part whose unit mass is missing."""

    part_number: str
    row: int
    field: str
    substance: str
    share: Decimal

    def as_evidence(self) -> dict:
        return {
            "part_number": self.part_number,
            "row": self.row,
            "field": self.field,
            "substance": self.substance,
            "share": f"{_num(self.share * 100)} %",
            "missing": "unit_mass",
        }


@dataclass(slots=True)
class Content:
    """Counted Part I content of one unit of a line, including everything below it.

    Totals are exact sums per substance; the row lists behind them keep the first
    EVIDENCE_ROWS rows plus a count, so a 100,000-line tree stays linear in size.
    """

    cn_grams: dict[str, Decimal] = field(default_factory=dict)
    unknown_grams: dict[str, Decimal] = field(default_factory=dict)
    cn: list[Contribution] = field(default_factory=list)
    unknown: list[Contribution] = field(default_factory=list)
    missing_mass: list[MissingMass] = field(default_factory=list)
    part2_rows: list[tuple[str, int, str]] = field(default_factory=list)  # (part, row, class)
    counts: dict[str, int] = field(default_factory=lambda: {"cn": 0, "unknown": 0, "missing_mass": 0, "part2": 0})

    def add(self, group: str, c: Contribution) -> None:
        grams = self.cn_grams if group == "cn" else self.unknown_grams
        grams[c.substance] = grams.get(c.substance, Decimal(0)) + c.grams
        rows = self.cn if group == "cn" else self.unknown
        if len(rows) < EVIDENCE_ROWS:
            rows.append(c)
        self.counts[group] += 1

    def absorb(self, other: "Content", factor: Decimal) -> None:
        """Add `factor` units of a child's content (what the child lacks is skipped unseen)."""
        for mine, theirs in ((self.cn_grams, other.cn_grams), (self.unknown_grams, other.unknown_grams)):
            if theirs:
                get = mine.get
                for substance, grams in theirs.items():
                    mine[substance] = get(substance, ZERO) + grams * factor
        for mine, theirs in ((self.cn, other.cn), (self.unknown, other.unknown)):
            if theirs:
                room = EVIDENCE_ROWS - len(mine)
                if room > 0:
                    mine.extend(_scale(c, factor) for c in theirs[:room])
        if other.missing_mass:
            room = EVIDENCE_ROWS - len(self.missing_mass)
            if room > 0:
                self.missing_mass.extend(other.missing_mass[:room])
        room = EVIDENCE_ROWS - len(self.part2_rows)
        if room > 0 and other.part2_rows:
            self.part2_rows.extend(other.part2_rows[:room])
        counts, theirs = self.counts, other.counts
        for key in theirs:
            counts[key] += theirs[key]

    @property
    def has_part2(self) -> bool:
        return self.counts["part2"] > 0


def _scale(c: Contribution, factor: Decimal) -> Contribution:
    part_number, row, field_name, substance, origin, grams, units = c
    return _new_tuple(Contribution, (part_number, row, field_name, substance, origin, grams * factor, units * factor))


_new_tuple = tuple.__new__  # a NamedTuple built without its keyword-parsing __new__


def is_counted(m: ResolvedMaterial, counted_elements: set[str], counted_substances: set[str]) -> bool:
    """A Part I material: a listed metal declared by its symbol, or a listed alloy/oxide."""
    if m.canonical is None:
        return False
    if m.canonical in counted_substances:
        return True
    return m.canonical in counted_elements  # element symbols are their own canonical name


def own_content(
    line: BomLine,
    materials: tuple[ResolvedMaterial, ...],
    counted_elements: set[str],
    counted_substances: set[str],
    counted_origin: set[str],
) -> Content:
    content = Content()
    for m in materials:
        if not is_counted(m, counted_elements, counted_substances):
            continue
        field_name = f"materials[{m.index}]"
        grams = m.material.mass_g
        if grams is None and m.material.share is not None:
            if line.unit_mass_g is None:
                content.missing_mass.append(MissingMass(line.part_number, line.row, field_name, m.canonical, m.material.share))
                content.counts["missing_mass"] += 1
                continue
            grams = m.material.share * line.unit_mass_g
        if grams is None:
            continue
        c = Contribution(line.part_number, line.row, field_name, m.canonical, m.material.origin, grams, Decimal(1))
        if m.material.origin is None:
            content.add("unknown", c)
        elif m.material.origin in counted_origin:
            content.add("cn", c)
    return content


def subtree_contents(
    tree: BomTree,
    materials_of: dict[str, tuple[ResolvedMaterial, ...]],
    classes_of: dict[str, tuple[str, ...]],  # parts without a class may be left out
    counted_elements: set[str],
    counted_substances: set[str],
    counted_origin: set[str],
) -> dict[str, Content]:
    """Content per unit of every line that has any counted content or Part II item below it.

    Only those lines and the assemblies above them can have any (most lines of a big BOM
    have neither): they are found first, and the walk up the tree visits only them."""
    result: dict[str, Content] = {}
    distinct = {id(mats): mats for mats in materials_of.values()}  # identical cells share one tuple (readers/bom.py)
    counted_by_id = {  # distinct materials tuple → (it, its counted materials)
        key: (mats, tuple(m for m in mats if is_counted(m, counted_elements, counted_substances))) for key, mats in distinct.items()
    }
    counting = {key for key, entry in counted_by_id.items() if entry[1]}
    seeds = [part for part, mats in materials_of.items() if id(mats) in counting or part in classes_of]
    relevant = above(tree, seeds).union(seeds)
    children_of, found = tree.children.get, result.get
    for line in tree.bottom_up:
        part = line.part_number
        if part not in relevant:
            continue  # nothing counted here or below: no Content
        counted = counted_by_id[id(materials_of[part])][1]
        classes = classes_of.get(part, ())
        children = children_of(part, ())
        if not counted and not classes:
            for child in children:
                if child.part_number in result:
                    break
            else:
                continue  # nothing counted here or below (most lines): no Content to build and drop
        content = own_content(line, counted, counted_elements, counted_substances, counted_origin) if counted else Content()
        for cls in classes:
            content.part2_rows.append((part, line.row, cls))
            content.counts["part2"] += 1
        for child in children:
            below = found(child.part_number)
            if below is not None:
                content.absorb(below, child.quantity)
        if content.cn_grams or content.unknown_grams or content.missing_mass or content.part2_rows:
            result[part] = content
    return result


def _num(value: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros."""
    text = format(value.normalize(), "f")
    return text


#: units per item are products of a few small quantities: each distinct one written once
_UNITS_TEXT: dict[Decimal, str] = {}


def _units_text(units: Decimal) -> str:
    """`_num(units)`, remembered (equal Decimals write alike once normalized; zero, whose
    sign normalize keeps, is written afresh)."""
    text = _UNITS_TEXT.get(units)
    if text is None:
        text = _num(units)
        if units and len(_UNITS_TEXT) < 1 << 12:
            _UNITS_TEXT[units] = text
    return text


def grams_by_substance(contributions: list[Contribution]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for c in contributions:
        totals[c.substance] = totals.get(c.substance, Decimal(0)) + c.grams
    return totals


# --------------------------------------------------------------------------- value share


class Valuation(NamedTuple):
    """Chinese-origin Part I value of one item against the item's value, with the arithmetic.

    A NamedTuple, not a frozen dataclass: one is made per No. 61 item (10,000s in a big
    BOM), and a frozen dataclass sets each field through object.__setattr__."""

    item_value: Decimal | None  # one unit, in the price table's currency (None: unknown)
    cn_value: Decimal
    unknown_value: Decimal
    cn_kg: Decimal
    unknown_kg: Decimal
    priced: list[dict]  # per substance: grams, origin group, price, value
    missing_prices: list[str]

    def share(self) -> Decimal | None:
        return None if not self.item_value else self.cn_value / self.item_value

    def worst_share(self) -> Decimal | None:
        """The share if every unknown-origin Part I material were Chinese."""
        return None if not self.item_value else (self.cn_value + self.unknown_value) / self.item_value

    def break_even(self, threshold: Decimal, include_unknown: bool = False) -> Decimal | None:
        """Price per kg of counted content at which the share reaches `threshold`."""
        kg = self.cn_kg + (self.unknown_kg if include_unknown else 0)
        if not self.item_value or not kg:
            return None
        return threshold * self.item_value / kg


def value_content(content: Content, item_value: Decimal | None, prices) -> Valuation:
    """Price the counted content of one item with `prices` (a PriceTable)."""
    priced: list[dict] = []
    missing: list[str] = []
    totals = {"CN": Decimal(0), "unknown": Decimal(0)}
    kgs = {"CN": Decimal(0), "unknown": Decimal(0)}
    for group, totals_by_substance in (("CN", content.cn_grams), ("unknown", content.unknown_grams)):
        for substance, grams in sorted(totals_by_substance.items()):
            price = prices.prices.get(substance)
            kg = grams / 1000
            kgs[group] += kg
            if price is None:
                missing.append(substance)
                continue
            value = kg * price.per_kg
            totals[group] += value
            priced.append(
                {
                    "substance": substance,
                    "origin": group,
                    "grams": _num(grams.quantize(FOUR_PLACES)),
                    "price_per_kg": f"{_num(price.per_kg)} {prices.currency}",
                    "price_basis": price.basis,
                    "value": f"{_round(value)} {prices.currency}",
                }
            )
    return Valuation(item_value, totals["CN"], totals["unknown"], kgs["CN"], kgs["unknown"], priced, sorted(set(missing)))


def _round(value: Decimal, places: str = "0.0001") -> str:
    return _num(value.quantize(FOUR_PLACES if places == "0.0001" else Decimal(places)))


def percent(value: Decimal) -> str:
    """A share as a percentage with 4 decimals: Decimal('0.00123') → '0.1230 %'."""
    return f"{(value * 100).quantize(FOUR_PLACES)} %"
