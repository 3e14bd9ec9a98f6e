"""Substance names and CAS numbers → elements, for reading material declarations.

Sources: ../shared/regulations/china.md §6 (element CAS numbers: standard values;
compound CAS numbers carry the sheet's confidence marks in rules/cn/materials.yaml
once the full tables land). Only what the Chinese measures touch is mapped; other
substances keep `element=None` and are carried through unchanged.
"""

from __future__ import annotations

#: element symbol → CAS Registry Number (china.md §6, "Elements: high confidence").
ELEMENT_CAS: dict[str, str] = {
    "Sc": "7440-20-2", "Y": "7440-65-5", "La": "7439-91-0", "Ce": "7440-45-1",
    "Pr": "7440-10-0", "Nd": "7440-00-8", "Pm": "7440-12-2", "Sm": "7440-19-9",
    "Eu": "7440-53-1", "Gd": "7440-54-2", "Tb": "7440-27-9", "Dy": "7429-91-6",
    "Ho": "7440-60-0", "Er": "7440-52-0", "Tm": "7440-30-4", "Yb": "7440-64-4",
    "Lu": "7439-94-3", "Ga": "7440-55-3", "Ge": "7440-56-4", "Sb": "7440-36-0",
    "W": "7440-33-7", "Te": "13494-80-9", "Bi": "7440-69-9", "Mo": "7439-98-7",
    "In": "7440-74-6", "Li": "7439-93-2", "Co": "7440-48-4",
}

#: Further element symbols common in BOM declarations (not controlled by themselves).
OTHER_ELEMENTS = {
    "Fe", "B", "Cu", "Al", "Ni", "Zn", "Sn", "Pb", "Ag", "Au", "Si", "Mn", "Cr", "Ti",
    "Mg", "C", "O", "N", "P", "S", "Zr", "Nb", "V", "Ta", "Pt", "Pd", "Cd", "Hg", "As", "Se",
}

CAS_ELEMENT: dict[str, str] = {cas: symbol for symbol, cas in ELEMENT_CAS.items()}
_SYMBOLS = {s.casefold(): s for s in (*ELEMENT_CAS, *OTHER_ELEMENTS)}


def resolve_element(substance: str) -> str | None:
    """Element symbol for an element symbol or element CAS number, else None."""
    text = substance.strip()
    if text in CAS_ELEMENT:
        return CAS_ELEMENT[text]
    return _SYMBOLS.get(text.casefold()) if len(text) <= 2 else None
