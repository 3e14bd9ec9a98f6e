"""Which listed items (rule-pack annex lines) a BOM line may be.

One inverted index over every controlled item of every rule: material element,
canonical substance, CAS number, magnet class, reference HS code and description
keywords. Each hit says how it matched, because the strength differs: a declared
substance, CAS number or magnet class names the item ("strong"); a reference HS code,
a keyword, or an element of an item that is only a specific form ("weak") is a matching
aid — the item description decides, so weak hits become "check" red flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from compliance.bom.content import ResolvedMaterial
from compliance.model.records import BomLine
from compliance.rulepacks.schema import ControlledItem, Rule
from compliance.readers.substances import resolve


@dataclass(frozen=True)
class ItemHit:
    rule_id: str
    item: ControlledItem
    basis: str  # element | substance | cas | class | contains | hs_code | keyword
    key: str
    strong: bool
    material: ResolvedMaterial | None = None  # the declared material that matched, if any

    def as_evidence(self) -> dict:
        out = {
            "basis": self.basis,
            "matched": self.key,
            "item": (self.item.code or "") + (" (code inferred)" if self.item.inferred else ""),
            "item_description": self.item.description,
        }
        if self.material is not None:
            out["field"] = f"materials[{self.material.index}]"
            out["declared"] = self.material.material.substance
            out["material_origin"] = self.material.material.origin or "unknown"
        if not out["item"]:
            del out["item"]
        return out


#: An element of an item that is only a specific form (metal, powder, ingot) hints at the
#: item only when it makes up at least this share of the part.
DOMINANT_SHARE = Decimal("0.5")


def _canonical(name: str) -> str:
    hit = resolve(name)
    return hit.canonical if hit else name


_NOT_DIGITS = re.compile(r"\D+")


def _digits(code: str | None) -> str:
    return _NOT_DIGITS.sub("", code or "")


class ItemIndex:
    """Inverted index from line facts to (rule, item) pairs."""

    def __init__(self, rules: Iterable[Rule]):
        self._by_key: dict[tuple[str, str], list[tuple[str, ControlledItem, bool]]] = {}
        self._hs: dict[str, list[tuple[str, str, ControlledItem]]] = {}
        self._keywords: dict[str, list[tuple[str, ControlledItem]]] = {}
        self._cache: dict[tuple[ResolvedMaterial, ...], list[ItemHit]] = {}
        for rule in rules:
            for item in rule.conditions.items:
                for element in item.elements:
                    self._add(("element", element), rule.id, item, item.element_suffices)
                for name in item.substances:
                    canonical = _canonical(name)
                    self._add(("substance", canonical), rule.id, item, True)
                    self._add(("class", canonical), rule.id, item, True)
                for cas in item.cas:
                    self._add(("cas", cas), rule.id, item, True)
                for code in item.hs_codes:
                    digits = _digits(code)
                    if len(digits) >= 6:
                        self._hs.setdefault(digits[:6], []).append((digits, rule.id, item))
                for word in item.keywords:
                    self._keywords.setdefault(word.casefold(), []).append((rule.id, item))
        words = sorted(self._keywords, key=len, reverse=True)
        self._keyword_re = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)") if words else None
        )

    def _add(self, key: tuple[str, str], rule_id: str, item: ControlledItem, strong: bool) -> None:
        self._by_key.setdefault(key, []).append((rule_id, item, strong))

    def hits(
        self,
        line: BomLine,
        materials: tuple[ResolvedMaterial, ...],
        classes: tuple[str, ...],
        contained: tuple[tuple[str, str], ...] = (),
    ) -> dict[str, list[ItemHit]]:
        """rule id → hits for one line; `contained` = (class, part number) found below it."""
        out: dict[str, list[ItemHit]] = {}

        def add(hit: ItemHit) -> None:
            out.setdefault(hit.rule_id, []).append(hit)

        for hit in self._material_hits(materials):
            add(hit)
        self._line_hits(line, classes, contained, add)
        return out

    def _material_hits(self, materials: tuple[ResolvedMaterial, ...]) -> list[ItemHit]:
        """Hits of the declared materials (cached: identical cells share one tuple)."""
        cached = self._cache.get(materials)
        if cached is not None:
            return cached
        found: list[ItemHit] = []
        add = found.append
        for m in materials:
            keys = [("element", e) for e in m.elements if m.canonical == e]
            if m.canonical and m.canonical not in m.elements:
                keys.append(("substance", m.canonical))
                # A compound or alloy carries its elements: "Dy compounds and mixtures".
                keys.extend(("element", e) for e in m.elements)
            if m.cas:
                keys.append(("cas", m.cas))
            minor = m.material.share is not None and m.material.share < DOMINANT_SHARE
            for key in keys:
                for rule_id, item, strong in self._by_key.get(key, ()):
                    if not strong and minor and key[0] == "element":
                        continue  # 0.2 % Mo in steel is not "Mo powder >= 97 %"
                    add(ItemHit(rule_id, item, key[0], key[1], strong, m))
        if len(self._cache) < 1 << 16:
            self._cache[materials] = found
        return found

    def _line_hits(self, line: BomLine, classes: tuple[str, ...], contained, add) -> None:
        for cls in classes:
            for rule_id, item, strong in self._by_key.get(("class", cls), ()):
                add(ItemHit(rule_id, item, "class", cls, strong))
        for cls, part in contained:
            for rule_id, item, strong in self._by_key.get(("class", cls), ()):
                if item.covers_assemblies:
                    add(ItemHit(rule_id, item, "contains", f"{cls} ({part})", strong))
        digits = _digits(line.hs_code)
        if len(digits) >= 6:
            for code, rule_id, item in self._hs.get(digits[:6], ()):
                if code.startswith(digits) or digits.startswith(code):
                    add(ItemHit(rule_id, item, "hs_code", line.hs_code or "", False))
        if self._keyword_re is not None and line.description:
            # in order of appearance, once each: a set would order them by PYTHONHASHSEED
            for word in dict.fromkeys(w.casefold() for w in self._keyword_re.findall(line.description.casefold())):
                for rule_id, item in self._keywords.get(word, ()):
                    add(ItemHit(rule_id, item, "keyword", word, False))
