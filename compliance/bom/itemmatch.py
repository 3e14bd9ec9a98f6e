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
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import islice, repeat
from operator import methodcaller
from typing import Iterable, Iterator

from compliance.bom.content import ResolvedMaterial
from compliance.model.records import BomLine
from compliance.rulepacks.schema import ControlledItem, Rule
from compliance.readers.substances import resolve


@dataclass(frozen=True, slots=True)
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


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_UTF8 = methodcaller("encode", "utf-8", "surrogatepass")

_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")


def _purity(material: ResolvedMaterial, line: BomLine) -> Decimal | None:
    """Declared purity in percent: the material's share of the part, else a percentage in the description."""
    if material.material.share is not None:
        return material.material.share * 100
    found = _PERCENT.findall(line.description)
    return max(Decimal(v) for v in found) if found else None


def _below_purity(item: ControlledItem, line: BomLine, purity: Decimal | None = None) -> bool:
    """The declared purity (or, without a material, the description's) is under the item's floor."""
    if item.min_purity is None:
        return False
    if purity is None:
        found = _PERCENT.findall(line.description)
        purity = max(Decimal(v) for v in found) if found else None
    floor = Decimal(str(item.min_purity))
    return purity is not None and (purity < floor or (purity == floor and not item.purity_inclusive))


def _declared(item: ControlledItem, materials: tuple[ResolvedMaterial, ...]) -> Decimal | None:
    """Purity (percent) of the item's own substance as declared in the materials cell, if any."""
    if item.min_purity is None:
        return None
    shares = [m.material.share for m in materials if m.canonical in item.substances and m.material.share is not None]
    return max(shares) * 100 if shares else None


def _names_form(item: ControlledItem, text: str) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(form.casefold()), text) for form in item.forms)


def _reads_description(item: ControlledItem) -> bool:
    """Whether `qualify` reads the line (its description) to bound a material hit on `item`."""
    return bool(item.forms or item.min_purity is not None or not item.substance_suffices)


def qualify(hit: ItemHit, line: BomLine) -> ItemHit | None:
    """Apply the item's boundaries (form, purity) to a hit from a declared material.

    None: the declaration shows the part is not this item (purity below the listed
    one; a compound where only the metal or ore is listed). Otherwise the hit, weak
    ("check") where the boundary cannot be confirmed from the line, strong where the
    element itself is the part's main material in a listed form.
    """
    item, m = hit.item, hit.material
    if m is None or not _reads_description(item):
        return hit
    strong = hit.strong and item.substance_suffices
    if item.min_purity is not None:
        purity = _purity(m, line)
        if _below_purity(item, line, purity):
            return None
        strong = strong and purity is not None
    if item.forms:
        itself = hit.basis == "element" and m.canonical == hit.key
        if not _names_form(item, f"{line.description} {m.material.substance}".casefold()):
            if hit.basis == "element" and not itself:
                return None  # Sb in Sb2O3 is not "antimony metal" or "antimony ore"
            strong = False
        elif itself and item.substance_suffices and (m.material.share is None or m.material.share >= DOMINANT_SHARE):
            strong = True
    return hit if strong == hit.strong else replace(hit, strong=strong)


class ItemIndex:
    """Inverted index from line facts to (rule, item) pairs."""

    def __init__(self, rules: Iterable[Rule]):
        self._by_key: dict[tuple[str, str], list[tuple[str, ControlledItem, bool]]] = {}
        self._hs: dict[str, list[tuple[str, str, ControlledItem]]] = {}
        self._keywords: dict[str, list[tuple[str, ControlledItem]]] = {}
        self._cache: dict[int, tuple[tuple[ResolvedMaterial, ...], list[ItemHit]]] = {}
        self._code_words: dict[tuple, tuple[ItemHit, ...]] = {}  # (HS code, keywords) → their hits
        self._plain: dict[tuple, tuple] = {}  # (materials id, HS code, keywords) → (materials, hits of such a line)
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
        self._words: dict[bytes | str, tuple[str, ...]] = {}  # description shape → its keywords
        self._digitless = not any(c in "0123456789" for word in words for c in word)
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
        words: tuple[str, ...] | None = None,
    ) -> dict[str, list[ItemHit]]:
        """rule id → hits for one line; `contained` = (class, part number) found below it;
        `words`: its description's keywords when already found (`keywords`).

        A line without magnet classes (most lines) whose hits no boundary reads its
        description for gets the hits of every such line with the same materials cell,
        HS code and description keywords: one dict, shared (never changed once made)."""
        if words is None:
            words = self._description_keywords(line.description) if self._keyword_re is not None and line.description else ()
        plain = not classes and not contained
        if plain:
            key = (id(materials), line.hs_code, words)
            known = self._plain.get(key)
            if known is not None:
                return known[1]
        out: dict[str, list[ItemHit]] = {}
        from_materials = self._material_hits(materials)
        for hit in from_materials:
            qualified = qualify(hit, line)
            if qualified is not None:
                out.setdefault(qualified.rule_id, []).append(qualified)
        from_line = self._line_hits(line.hs_code, words, classes, contained)
        for hit in from_line:
            if not _below_purity(hit.item, line, _declared(hit.item, materials)):
                out.setdefault(hit.rule_id, []).append(hit)
        if plain and id(materials) in self._cache and len(self._plain) < 1 << 16 and not any(
            _reads_description(hit.item) for hit in from_materials
        ) and all(hit.item.min_purity is None for hit in from_line):
            self._plain[key] = (materials, out)  # the materials kept alive beside their id (as in _material_hits)
        return out

    def _material_hits(self, materials: tuple[ResolvedMaterial, ...]) -> list[ItemHit]:
        """Hits of the declared materials (cached: identical cells share one tuple, which is
        looked up by identity — hashing deep tuples costs more than it saves — and kept
        alive beside its hits, so its identity is not reused)."""
        cached = self._cache.get(id(materials))
        if cached is not None:
            return cached[1]
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
            self._cache[id(materials)] = (materials, found)
        return found

    def _line_hits(self, hs_code: str | None, words: tuple[str, ...], classes: tuple[str, ...],
                   contained) -> list[ItemHit] | tuple[ItemHit, ...]:
        """Hits of the line's magnet classes, of those below it, of its HS code and description keywords."""
        code_and_words = self._code_and_word_hits(hs_code, words)
        if not classes and not contained:
            return code_and_words  # most lines: shared with every line of the same code and description shape
        found: list[ItemHit] = []
        add = found.append
        for cls in classes:
            for rule_id, item, strong in self._by_key.get(("class", cls), ()):
                add(ItemHit(rule_id, item, "class", cls, strong))
        for cls, part in contained:
            for rule_id, item, strong in self._by_key.get(("class", cls), ()):
                if item.covers_assemblies:
                    add(ItemHit(rule_id, item, "contains", f"{cls} ({part})", strong))
        found.extend(code_and_words)
        return found

    def _code_and_word_hits(self, hs_code: str | None, words: tuple[str, ...]) -> tuple[ItemHit, ...]:
        """Hits of an HS code and a description's keywords (_description_keywords), built
        once per distinct pair; immutable, so the lines that share them share one tuple."""
        key = (hs_code, words)
        cached = self._code_words.get(key)
        if cached is not None:
            return cached
        found: list[ItemHit] = []
        add = found.append
        digits = _digits(hs_code)
        if len(digits) >= 6:
            for code, rule_id, item in self._hs.get(digits[:6], ()):
                if code.startswith(digits) or digits.startswith(code):
                    add(ItemHit(rule_id, item, "hs_code", hs_code or "", False))
        for word in words:
            for rule_id, item in self._keywords.get(word, ()):
                add(ItemHit(rule_id, item, "keyword", word, False))
        hits = tuple(found)
        if len(self._code_words) < 1 << 16:
            self._code_words[key] = hits
        return hits

    def keywords(self, descriptions: Iterable[str]) -> Iterator[tuple[str, ...]]:
        """_description_keywords of many descriptions (a BOM's, in order), a few thousand
        at a time: their shapes made by C-level maps rather than a call per description,
        each new shape searched once."""
        descriptions = iter(descriptions)
        while chunk := list(islice(descriptions, 4096)):
            yield from self._chunk_keywords(chunk)

    def _chunk_keywords(self, descriptions: list[str]) -> list[tuple[str, ...]]:
        texts = list(map(str.casefold, descriptions))
        if self._keyword_re is None:
            return [()] * len(texts)
        shapes = list(map(bytes.translate, map(_UTF8, texts), repeat(_DIGITS_AS_ZERO))) if self._digitless else texts
        found = list(map(self._words.get, shapes))
        for i in [i for i, words in enumerate(found) if words is None]:
            words = found[i] = self._words.get(shapes[i])  # an earlier miss may have found it
            if words is None:
                hits = self._keyword_re.findall(texts[i])
                words = found[i] = tuple(dict.fromkeys(w.casefold() for w in hits)) if hits else ()
                if len(self._words) < 1 << 16:
                    self._words[shapes[i]] = words
        return found

    def _description_keywords(self, description: str) -> tuple[str, ...]:
        """The keywords a description holds, in order of appearance, once each (a set would
        order them by PYTHONHASHSEED). Searched once per distinct description shape: with
        its ASCII digits written as 0 ("Part 17", "Part 42" → "part 00"), which changes no
        match when no keyword holds a digit (digits stay word characters either side)."""
        text = description.casefold()
        # as UTF-8 bytes: bytes.translate is a table lookup per byte, str.translate a dict lookup per character
        shape = _UTF8(text).translate(_DIGITS_AS_ZERO) if self._digitless else text
        words = self._words.get(shape)
        if words is None:
            found = self._keyword_re.findall(text)
            words = tuple(dict.fromkeys(w.casefold() for w in found)) if found else ()
            if len(self._words) < 1 << 16:
                self._words[shape] = words
        return words
