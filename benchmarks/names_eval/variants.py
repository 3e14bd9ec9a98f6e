"""Variant kinds: how a listed name turns into what an ERP master or a user actually types.

Each maker takes a seeded `random.Random`, the entry and one of its names and returns the
query, or None when the kind does not apply to that name. Nothing here transliterates:
other scripts appear only where the list data itself gives the name in that script.
"""

from __future__ import annotations

import random
import re
import string
from typing import Callable

from .sources import ORG_WORDS, Entry
from .text import ROMAN_VALUES, cardinal_words, fold, has_han, has_latin, ordinal_suffix, ordinal_words, roman

Maker = Callable[[random.Random, Entry, str], "str | None"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


LEGAL_FORMS = frozenset("co ltd llc inc corp plc gmbh ag sa srl bv jsc ooo zao oao pjsc ojsc fze fzc fzco llp lp pte pty".split())


def _letter_spans(name: str, min_len: int, max_len: int = 99) -> list[tuple[int, int]]:
    """Words that can take a slip; legal forms excluded (a slip in "Ltd" tests nothing about the name)."""
    return [m.span() for m in _WORD.finditer(name)
            if min_len <= m.end() - m.start() <= max_len and m.group().isascii() and m.group().lower() not in LEGAL_FORMS]


def _edit(rng: random.Random, word: str, op: str) -> str:
    """One edit of `word`: substitute, insert, delete or transpose two adjacent letters."""
    i = rng.randrange(len(word))
    # the new letter takes the case of the one it replaces or precedes ("Nonferrous" -> "Ponferrous")
    letters = string.ascii_uppercase if word[min(i, len(word) - 1)].isupper() else string.ascii_lowercase
    if op == "transpose":
        i = rng.randrange(len(word) - 1)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "delete":
        return word[:i] + word[i + 1:]
    if op == "insert":
        return word[:i] + rng.choice(letters) + word[i:]
    return word[:i] + rng.choice([c for c in letters if c.lower() != word[i].lower()]) + word[i + 1:]


def _typo(rng: random.Random, name: str, edits: int, ops: tuple[str, ...], min_len: int, max_len: int = 99) -> str | None:
    spans = _letter_spans(name, min_len, max_len)
    if not spans:
        return None
    out = name
    for start, end in sorted(rng.sample(spans, min(edits, len(spans))) if edits > 1 and len(spans) > 1
                             else [rng.choice(spans)] * edits, reverse=True):
        word = out[start:end]
        for _ in range(10):
            edited = _edit(rng, word, rng.choice(ops))
            if edited.lower() != word.lower():
                break
        else:
            return None
        out = out[:start] + edited + out[end:]
    return out if fold(out) != fold(name) else None


ALL_OPS = ("substitute", "insert", "delete", "transpose")


def typo_one(rng, entry, name):
    return _typo(rng, name, 1, ALL_OPS, 4)


def typo_two(rng, entry, name):
    """Two edits: in two different words when the name has them, else twice in one word."""
    return _typo(rng, name, 2, ALL_OPS, 5)


def typo_transposition(rng, entry, name):
    return _typo(rng, name, 1, ("transpose",), 4)


def typo_short_token(rng, entry, name):
    """One edit in a word of 3–5 letters (short words are where fuzzy matching gives up)."""
    return _typo(rng, name, 1, ALL_OPS, 3, 5)


ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "technology": ("Technol.", "Tech.", "Tech"), "technologies": ("Technol.", "Techs", "Tech."),
    "technological": ("Technol.", "Tech."), "international": ("Intl", "Int'l", "Intl."),
    "manufacturing": ("Mfg", "Mfg."), "manufacture": ("Mfr.", "Mfg"), "material": ("Matl", "Mat."),
    "materials": ("Matls", "Matl", "Mat."), "equipment": ("Equip.", "Eqpt"), "engineering": ("Eng.", "Engg", "Engr."),
    "university": ("Univ.", "Univ"), "institute": ("Inst.", "Inst"), "corporation": ("Corp.", "Corp"),
    "group": ("Grp", "Grp."), "research": ("Res.", "Rsch"), "development": ("Dev.", "Devt"),
    "science": ("Sci.", "Sci"), "sciences": ("Sci.", "Scis"), "scientific": ("Sci.", "Scient."),
    "company": ("Co.", "Co", "Cie"), "limited": ("Ltd", "Ltd."), "industrial": ("Ind.", "Indl"),
    "industries": ("Inds", "Ind."), "industry": ("Ind.", "Indy"), "electronics": ("Elec.", "Electr."),
    "electronic": ("Elec.", "Electr."), "laboratory": ("Lab.", "Lab"), "national": ("Natl", "Nat'l"),
    "academy": ("Acad.", "Acad"), "aviation": ("Avn", "Aviat."), "machinery": ("Mach.", "Mchy"),
    "communication": ("Comm.", "Commun."), "communications": ("Comms", "Commun."), "systems": ("Sys.", "Syst."),
    "trading": ("Trdg", "Trad."), "services": ("Svcs", "Serv."), "information": ("Info.", "Inf."),
}


def _rarest(words: list[str], df: dict[str, int]) -> int:
    return min(range(len(words)), key=lambda i: (df.get(fold(words[i]), 0), -len(words[i])))


def dropped_words(df: dict[str, int]) -> Maker:
    """Drop one or two words, never the rarest one; or keep only the rarest word when it is unique to the entry."""

    def make(rng, entry, name):
        if entry.kind != "organisation" or has_han(name):
            return None
        words = name.split()
        if len(words) < 2:
            return None
        keep = _rarest(words, df)
        if rng.random() < 0.15:
            word = words[keep].strip(",.()")
            return word if len(word) >= 5 and df.get(fold(word), 0) == 1 else None
        droppable = [i for i in range(len(words)) if i != keep]
        if len(words) < 3:
            return None
        count = 1 if len(words) < 5 or rng.random() < 0.6 else 2
        gone = set(rng.sample(droppable, min(count, len(droppable))))
        query = " ".join(w for i, w in enumerate(words) if i not in gone).strip(" ,")
        edges = fold(query).split()
        if len(query.split()) < 2 or edges[0] in _CONNECTIVES or edges[-1] in _CONNECTIVES:
            return None
        return query if any(w not in _GENERIC and len(w) >= 3 for w in edges) else None

    return make


_CONNECTIVES = frozenset("and of the for in".split())
#: Words that do not identify an organisation: a dropped-words query must keep at least one other word.
_GENERIC = ORG_WORDS | LEGAL_FORMS | _CONNECTIVES | frozenset(
    fold(a) for forms in ABBREVIATIONS.values() for a in forms) | frozenset(ABBREVIATIONS)
GENERIC_SUFFIXES = ("Branch", "Office", "Plant", "Representative Office", "Subsidiary", "Branch Office", "Factory",
                    "Sales Office", "Procurement Office", "Department", "Liaison Office", "Plant No. 2", "Warehouse")
CITIES = ("Shenzhen", "Shanghai", "Beijing", "Hong Kong", "Moscow", "Dubai", "Tehran", "Istanbul", "Singapore",
          "Frankfurt", "Guangzhou", "Minsk", "Karachi", "Almaty", "Tianjin")


def added_generic_words(rng, entry, name):
    if entry.kind != "organisation" or has_han(name):
        return None
    extra = rng.choice(GENERIC_SUFFIXES)
    if rng.random() < 0.4:
        extra = f"{rng.choice(CITIES)} {extra}"
    form = rng.choice(("{n} {x}", "{n}, {x}", "{n} - {x}", "{n} ({x})"))
    return form.format(n=name, x=extra)


def appended_address(fallback: Callable[[random.Random, Entry], str]) -> Maker:
    """Name, then the entry's own listed address (street part first) or a locale address, in one cell."""

    def make(rng, entry, name):
        if entry.kind in ("vessel", "aircraft") or has_han(name):
            return None
        if entry.addresses:
            parts = [p.strip() for p in rng.choice(entry.addresses).split(",") if p.strip()]
            address = ", ".join(parts[: rng.randint(2, 4)]).rstrip(".")
        else:
            address = fallback(rng, entry)
        if not address:
            return None
        return f"{name}{rng.choice((', ', ' ', '; ', ' - '))}{address}"

    return make




def erp_abbreviation(rng, entry, name):
    if entry.kind != "organisation" or has_han(name):
        return None
    words = name.split(" ")
    spots = [i for i, w in enumerate(words) if fold(w.rstrip(",.;")) in ABBREVIATIONS]
    if not spots:
        return None
    chosen = [i for i in spots if rng.random() < 0.7] or [rng.choice(spots)]
    for i in chosen:
        core = words[i].rstrip(",.;")
        trail = words[i][len(core):]
        abbreviation = rng.choice(ABBREVIATIONS[fold(core)])
        if core.isupper():
            abbreviation = abbreviation.upper()
        if abbreviation.endswith(".") and trail.startswith("."):
            trail = trail[1:]
        words[i] = abbreviation + trail
    return " ".join(words)


def _case(rng: random.Random, text: str) -> str:
    return rng.choice((text, text.upper(), " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))))


def _person_variant(make: Callable[[random.Random, Entry, str, list[str]], "str | None"]) -> Maker:
    """Person variants start from the structured primary name (surname and given names known)."""
    def wrapped(rng, entry, name):
        if name != entry.primary or entry.kind != "person" or not entry.surname or not entry.given:
            return None
        query = make(rng, entry, entry.surname, entry.given)
        return _case(rng, " ".join(query.split())) if query else None
    return wrapped


@_person_variant
def person_initials(rng, entry, surname, given):
    initials = " ".join(g[0].upper() + "." for g in given if g[:1].isalpha())
    if not initials:
        return None
    if rng.random() < 0.5:
        return f"{surname} {initials}" if rng.random() < 0.5 else f"{surname}, {initials}"
    # keep the first given name, initial the rest ("Vladimir V. Putin"), or initials first
    return (f"{given[0]} {' '.join(g[0] + '.' for g in given[1:])} {surname}" if len(given) > 1 and rng.random() < 0.5
            else f"{initials} {surname}")


@_person_variant
def person_no_middle(rng, entry, surname, given):
    if len(given) < 2:
        return None
    return rng.choice((f"{given[0]} {surname}", f"{surname}, {given[0]}", f"{surname} {given[0]}"))


@_person_variant
def person_given_first(rng, entry, surname, given):
    """Natural order where the list writes "SURNAME, Given"."""
    return f"{' '.join(given)} {surname}" if ", " in entry.primary else None


@_person_variant
def person_surname_first(rng, entry, surname, given):
    return f"{surname} {' '.join(given)}"


@_person_variant
def person_surname_comma(rng, entry, surname, given):
    """"SURNAME, Given" where the list writes the natural order."""
    return f"{surname}, {' '.join(given)}" if ", " not in entry.primary else None


TITLES = ("Mr.", "Mr", "Dr.", "Dr", "General", "Gen.", "Prof.", "Colonel")


@_person_variant
def person_title(rng, entry, surname, given):
    body = f"{' '.join(given)} {surname}" if rng.random() < 0.6 else f"{surname}, {' '.join(given)}"
    return f"{rng.choice(TITLES)} {body}"


_NUMBER = re.compile(r"\b(?:No\.\s*)?(\d{1,3})(st|nd|rd|th)?\b|\b([IVXL]{2,6})\b|\b(" + "|".join(
    sorted({w for n in range(1, 21) for w in (ordinal_words(n), cardinal_words(n))}, key=len, reverse=True)) + r")\b",
    re.IGNORECASE)
_WORD_VALUES = {fold(w): n for n in range(1, 21) for w in (cardinal_words(n), ordinal_words(n))}
_ORDINAL_WORDS = {fold(ordinal_words(n)) for n in range(1, 21)}


_NOT_ROMAN = frozenset(("XI", "LI", "DI", "MI", "LX"))  # Chinese syllables and words before numerals


def _plain_number(name: str, m: re.Match) -> bool:
    """A number standing on its own: not part of a range or code ("301-307", "1MC07"), a Roman
    numeral written in capitals and not a syllable ("Xi'an")."""
    before, after = name[max(0, m.start() - 2): m.start()], name[m.end(): m.end() + 2]
    if any(c.isdigit() for c in before + after) or after[:1] in ("'", "-", "/") or before[-1:] in ("-", "/"):
        return False
    token = m.group(3)
    return not token or (token.isupper() and token in ROMAN_VALUES and token not in _NOT_ROMAN)


def number_rendering(rng, entry, name):
    """A number, ordinal or Roman numeral in the name rendered another common way."""
    if has_han(name):
        return None
    matches = [m for m in _NUMBER.finditer(name) if _plain_number(name, m)]
    if not matches:
        return None
    m = rng.choice(matches)
    if m.group(1):
        n, ordinal = int(m.group(1)), bool(m.group(2))
        if ordinal:
            choices = [ordinal_words(n), str(n)] + ([roman(n)] if n <= 30 else [])
        else:
            choices = [cardinal_words(n), f"No. {n}" if not m.group(0).lower().startswith("no") else str(n)]
            choices += [roman(n)] if n <= 30 else []
    elif m.group(3):  # a Roman numeral: "II" as "2" or "2nd"
        n = ROMAN_VALUES[m.group(3)]
        choices = [str(n), ordinal_suffix(n)]
    else:
        n = _WORD_VALUES[fold(m.group(4))]
        choices = [ordinal_suffix(n)] if fold(m.group(4)) in _ORDINAL_WORDS else [str(n)]
    replacement = rng.choice(choices)
    if name.isupper():
        replacement = replacement.upper()
    query = name[: m.start()] + replacement + name[m.end():]
    return query if fold(query) != fold(name) else None


def bilingual_cell(rng, entry, name):
    """A Han name and a Latin name of the same entry in one cell, as Chinese ERPs export them."""
    han = [n for n in entry.names if has_han(n) and not has_latin(n)]
    latin = [n for n in entry.names if has_latin(n) and not has_han(n)]
    if not han or not latin or name not in latin:
        return None
    other = rng.choice(han)
    form = rng.choice(("{h} {l}", "{l} {h}", "{h}（{l}）", "{l} / {h}", "{h}\n{l}", "{l}（{h}）"))
    return form.format(h=other, l=name).replace("\n", " ")
