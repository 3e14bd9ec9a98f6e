"""Substance names and CAS numbers → elements and canonical material names.

Part of reading a declaration: like a unit, a substance name is read into what it
denotes before any rule looks at it. The table is data (rules/cn/materials.yaml, from
../shared/regulations/china.md §6, with the sheet's confidence marks); this module only
indexes it. Symbols are read in any case where that is unambiguous (`dy`, `DY`),
full-width forms are folded (`Ｄｙ`), English and Chinese element names and the
documented formulas, aliases and CAS numbers are known. A substance we still do not
know keeps `element=None`; `suggest` names the nearest known one, and
bom/unresolved.py turns it into a finding — never guessed, never silent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from compliance.model.errors import RulePackError
from compliance.support.resources import bundled_path

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
    exact: dict[str, Substance]  # formulas and symbols as written (`Dy2O3`, `Co`)
    names: dict[str, str]  # casefolded name → how to show it in a suggestion ("Dysprosium (Dy)")


def _key(text: str) -> str:
    return " ".join(fold(text).casefold().split())


def fold(text: str) -> str:
    """Full-width and compatibility forms → plain ones (`Ｄｙ　４％` → `Dy 4%`)."""
    return unicodedata.normalize("NFKC", text).strip()


@lru_cache(maxsize=1)
def table() -> SubstanceTable:
    """The bundled substance table (loaded once)."""
    from compliance.support.yamlfile import load_yaml_file  # on first use: a parties run never reads it

    path = bundled_path("rules") / "cn" / "materials.yaml"
    doc = load_yaml_file(path, RulePackError)
    data = doc.data
    by_key: dict[str, Substance] = {}
    exact: dict[str, Substance] = {}
    names: dict[str, str] = {}
    element_cas: dict[str, str] = {}
    symbols: dict[str, Substance] = {}

    def element(symbol: str, entry: Substance, *spellings: str) -> None:
        symbols[symbol] = exact[symbol] = entry
        by_key[_key(symbol)] = entry
        for spelling in spellings:
            by_key[_key(spelling)] = entry
            names[_key(spelling)] = f"{spelling} ({symbol})"
        if entry.cas:
            by_key[entry.cas] = entry

    for symbol, (cas, name) in data["elements"].items():
        element_cas[symbol] = cas
        element(symbol, Substance(canonical=symbol, cas=cas, elements=(symbol,), confidence="high"), name)
    for symbol, (cas, name) in (data.get("other_elements") or {}).items():
        element(symbol, Substance(canonical=symbol, cas=cas, elements=(), confidence="high"), name)
    for symbol, name in (data.get("common_element_names") or {}).items():
        element(symbol, Substance(canonical=symbol, cas=None, elements=()), name)
    for symbol in OTHER_ELEMENTS - set(symbols):
        element(symbol, Substance(canonical=symbol, cas=None, elements=()))
    for symbol, name in (data.get("element_names_zh") or {}).items():
        by_key[_key(name)] = symbols[symbol]
        names[_key(name)] = f"{name} ({symbol})"
    for item in data["materials"]:
        entry = Substance(
            canonical=item["name"],
            cas=item.get("cas"),
            elements=tuple(item.get("elements", [])),
            confidence=item.get("confidence"),
        )
        exact[item["name"]] = entry
        for name in (item["name"], *item.get("aliases", [])):
            by_key[_key(name)] = entry
            names[_key(name)] = name if name == item["name"] else f"{name} ({item['name']})"
        if entry.cas:
            by_key[entry.cas] = entry
    return SubstanceTable(by_key=by_key, element_cas=element_cas, exact=exact, names=names)


@lru_cache(maxsize=4096)
def resolve(substance: str, cas: str | None = None) -> Substance | None:
    """The known substance for a name, symbol or CAS number (CAS wins), else None.

    A symbol or formula written with its own capitals wins (`Co`, `Dy2O3`). Otherwise a
    one- or two-letter token in one case (`dy`, `DY`, `co`) is the element whose symbol
    it spells — unambiguous, as no two symbols differ only in case and the table holds
    no two-letter compound of one-letter symbols (`CO` would be read as cobalt, so a
    mixed-case `cO` is refused). Names and aliases compare case-insensitively.
    """
    known = table()
    if cas and fold(cas) in known.by_key:
        return known.by_key[fold(cas)]
    text = fold(substance)
    if text in known.exact:
        return known.exact[text]
    if len(text) <= 2 and text.isascii():
        hit = known.by_key.get(_key(text))
        one_case = text == text.lower() or text == text.upper()
        return hit if hit is not None and hit.canonical.casefold() == text.casefold() and one_case else None
    return known.by_key.get(_key(text))


#: A digit zero written for the letter O in a formula (`Dy203` for Dy2O3).
_ZERO_FOR_O = re.compile(r"(?<=[A-Za-z0-9])0(?=[0-9]|$)")


def suggest(substance: str) -> tuple[str, Substance] | None:
    """The known substance a typo most likely meant, and how to name it ("Dysprosium (Dy)")."""
    text = fold(substance)
    mended = _ZERO_FOR_O.sub("O", text)
    hit = resolve(mended) if mended != text else None
    if hit is not None:
        return table().names.get(_key(mended), mended), hit
    names = table().names
    best = process.extractOne(_key(text), list(names), scorer=fuzz.ratio, score_cutoff=75)
    return (names[best[0]], table().by_key[best[0]]) if best else None
