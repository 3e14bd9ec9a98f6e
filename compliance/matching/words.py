"""Latin word tables: abbreviations, spelling variants and stop words, as data.

Every token of every name (query and list alike) goes through `canonical_token`, so
"Tech.", "Technologies" and "technology" meet, and Russian transliteration variants
("Kh"/"H", "-iy"/"-y"/"-yi", "Ts"/"C") collapse to one key. Both sides get the same
treatment, so a rewrite can only make two spellings meet, never make one disappear.
"""

from __future__ import annotations

import re
from functools import lru_cache

from compliance.matching.pinyin import is_pinyin

#: Abbreviations written with a full stop ("Man.", "Ind.") → the word. Only applied when
#: the dot is present: "man" alone is a word (and a pinyin syllable).
DOTTED_ABBREVIATIONS: dict[str, str] = {
    "man": "manufacturing", "mfg": "manufacturing", "ind": "industry", "dev": "development",
    "nat": "national", "natl": "national", "equip": "equipment", "std": "standard",
    "inst": "institute", "univ": "university", "sci": "science", "acad": "academy",
    "res": "research", "tech": "technology", "intl": "international", "int": "international",
    "eng": "engineering", "engg": "engineering", "assn": "association", "assoc": "association",
    "admin": "administration", "dept": "department", "elec": "electronic", "electr": "electronic",
    "mach": "machinery", "prod": "product", "aero": "aeronautic", "aeronaut": "aeronautic",
    "chem": "chemical", "pharm": "pharmaceutical", "mgmt": "management", "svcs": "service",
    "mil": "military", "def": "defense", "sys": "system", "comm": "communication",
    "telecom": "telecommunication", "bros": "brother", "hldgs": "holding", "hldg": "holding",
}

#: Whole-word rewrites applied to every token (after case folding).
WORD_VARIANTS: dict[str, str] = {
    "co": "company", "corp": "corporation", "ltd": "limited", "inc": "incorporated",
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
    "medicine": "medical", "physic": "physics",
    "tech": "technology", "technologies": "technology", "technological": "technology",
    "technic": "technology", "technics": "technology", "technique": "technology",
    "intl": "international", "internat": "international", "natl": "national",
    "mfg": "manufacturing", "manufacture": "manufacturing", "manufacturer": "manufacturing",
    "univ": "university", "inst": "institute", "dept": "department",
    "electronics": "electronic", "electronical": "electronic", "electrical": "electric",
    "industries": "industry", "industrial": "industry",
    "aeronautics": "aeronautic", "aeronautical": "aeronautic", "astronautics": "astronautic",
    "astronautical": "astronautic", "centre": "center", "defence": "defense",
    "organisation": "organization", "optics": "optic", "optical": "optic",
    "pharmaceuticals": "pharmaceutical", "telecommunications": "telecommunication",
    "communications": "communication", "holdings": "holding", "logistic": "logistics",
    "trade": "trading", "machines": "machinery", "machine": "machinery", "mechanical": "machinery",
    "polytechnic": "polytechnical", "polytechnique": "polytechnical",
    "sciences": "science", "scientific": "science", "systems": "system",
    "materials": "material", "instruments": "instrument", "instrumentation": "instrument",
    "services": "service", "products": "product", "solutions": "solution", "devices": "device",
    "semiconductors": "semiconductor", "automotive": "automobile", "auto": "automobile",
}

#: Words that carry no identity; dropped before matching.
STOP_WORDS: frozenset[str] = frozenset(
    "and of the for in at on by to del della les des du und et van von der den".split()
)
# Not "a", "an", "de", "da", "le", "e": they are also pinyin syllables, as in "Xi 'an".

#: Russian (and other) romanisation variants, as ordered regex rewrites.
_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch", "sch"),
        (r"kh", "h"),
        (r"ts", "c"),
        (r"tz", "c"),
        (r"ks", "x"),
        (r"(?:iy|yy|yi|ij|yj|ii)$", "y"),
        (r"iu", "yu"),
        (r"ia", "ya"),
        (r"(.)\1+", r"\1"),  # repeated letters: "Obshchestvo"/"Obshestvo", "Gazpromm"
    )
)

_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


@lru_cache(maxsize=262144)
def canonical_token(token: str) -> str:
    """The comparison key of one lower-case token (a fixed point: canonical of canonical is itself)."""
    word = token
    for _ in range(8):
        rewritten = _rewrite(word)
        if rewritten == word:
            break
        word = rewritten
    return word


def _rewrite(token: str) -> str:
    word = WORD_VARIANTS.get(token, token)
    if word.isdigit():
        return word.lstrip("0") or "0"
    ordinal = _ORDINAL.match(word)
    if ordinal:
        return ordinal.group(1).lstrip("0") or "0"
    if any(ch.isdigit() for ch in word):
        return word
    if len(word) > 4:
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        word = WORD_VARIANTS.get(word, word)
    if is_pinyin(word):  # romanised Chinese: its spelling is exact (Lixin ≠ Lixing)
        return word
    for pattern, replacement in _VARIANTS:
        word = pattern.sub(replacement, word)
    return word
