"""Substance names and CAS numbers → elements and canonical material names.

Part of reading a declaration: like a unit, a substance name is read into what it
denotes before any rule looks at it. The table is data (rules/cn/materials.yaml, from
../shared/regulations/china.md §6, with the sheet's confidence marks); this module only
indexes it. A substance we do not know keeps `element=None` and is carried through
unchanged — it is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from compliance.model.errors import RulePackError
from compliance.support.resources import bundled_path
from compliance.support.yamlfile import load_yaml_file

#: Element symbols common in BOM declarations that the measures do not list.
OTHER_ELEMENTS = {
    "Fe", "B", "Cu", "Al", "Ni", "Zn", "Sn", "Pb", "Ag", "Au", "Si", "Mn", "Cr", "Ti",
    "Mg", "O", "N", "P", "S", "Zr", "Nb", "V", "Ta", "Pt", "Pd", "Cd", "Hg", "As", "Se",
    "H", "K", "Na", "Ca", "Ba", "Sr", "Cl", "F", "Br", "I", "Rh", "Ru", "Ir", "Os", "Re",
    "Hf", "Tl", "Be", "Cs", "Rb",
}


@dataclass(frozen=True)
class Substance:
    """What a declared substance is: canonical name, CAS, the elements it carries."""

    canonical: str
    cas: str | None
    elements: tuple[str, ...]
    confidence: str | None = None

    @property
    def element(self) -> str | None:
        return self.elements[0] if self.elements else None


@dataclass(frozen=True)
class SubstanceTable:
    by_key: dict[str, Substance]  # casefolded name, alias, symbol or CAS → substance
    element_cas: dict[str, str]  # symbol → CAS


def _key(text: str) -> str:
    return " ".join(text.strip().casefold().split())


@lru_cache(maxsize=1)
def table() -> SubstanceTable:
    """The bundled substance table (loaded once)."""
    path = bundled_path("rules") / "cn" / "materials.yaml"
    doc = load_yaml_file(path, RulePackError)
    data = doc.data
    by_key: dict[str, Substance] = {}
    element_cas: dict[str, str] = {}
    for symbol, (cas, _name) in data["elements"].items():
        element_cas[symbol] = cas
        entry = Substance(canonical=symbol, cas=cas, elements=(symbol,), confidence="high")
        by_key[_key(symbol)] = entry
        by_key[_key(_name)] = entry
        by_key[cas] = entry
    for symbol, (cas, _name) in (data.get("other_elements") or {}).items():
        entry = Substance(canonical=symbol, cas=cas, elements=(), confidence="high")
        by_key[_key(symbol)] = entry
        by_key[_key(_name)] = entry
        by_key[cas] = entry
    for symbol in OTHER_ELEMENTS:
        by_key.setdefault(_key(symbol), Substance(canonical=symbol, cas=None, elements=()))
    for item in data["materials"]:
        entry = Substance(
            canonical=item["name"],
            cas=item.get("cas"),
            elements=tuple(item.get("elements", [])),
            confidence=item.get("confidence"),
        )
        for name in (item["name"], *item.get("aliases", [])):
            by_key[_key(name)] = entry
        if entry.cas:
            by_key[entry.cas] = entry
    return SubstanceTable(by_key=by_key, element_cas=element_cas)


@lru_cache(maxsize=4096)
def resolve(substance: str, cas: str | None = None) -> Substance | None:
    """The known substance for a name, symbol or CAS number (CAS wins), else None.

    Element symbols are matched case-sensitively when they are one or two letters
    (`Co` is cobalt, `CO` is not), names and aliases case-insensitively.
    """
    known = table().by_key
    if cas and cas.strip() in known:
        return known[cas.strip()]
    text = substance.strip()
    if len(text) <= 2:
        hit = known.get(_key(text))
        return hit if hit is not None and hit.canonical == text else None
    return known.get(text) or known.get(_key(text))


def resolve_element(substance: str) -> str | None:
    """Element symbol for an element symbol, CAS number or documented material, else None."""
    hit = resolve(substance)
    return hit.element if hit else None


def element_cas() -> dict[str, str]:
    """symbol → CAS for every element the measures touch (china.md §6)."""
    return dict(table().element_cas)
