"""Arabic, Persian and Hebrew names → Latin, reading well-known names as they are usually spelt.

These scripts leave short vowels unwritten, so a letter-by-letter transliteration
(anyascii, ICU's Arabic-Latin) gives consonant strings: محمد → "mhmd", علي → "`ly", which
meet no Latin spelling. No transliteration library restores the vowels, so each word is
reduced to its consonant skeleton and, when that is the skeleton of a common name
(`words.NAME_VARIANTS`: Muhammad, Ali, Hasan, Husayn ...), read as that name; the Latin
spelling variants of the same name are then one key (Mohammed = Muhammad). Other words
keep anyascii's letters. The article "al-" is split off like the Latin "Al-".
"""

from __future__ import annotations

import re
from functools import lru_cache

from compliance.matching.words import NAME_VARIANTS

_NON_LETTER = re.compile(r"[^a-z]")
_VOWELS = re.compile(r"[aeiou]")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(word: str) -> str:
    """Consonants of a Latin word, doubles collapsed and a final y/w (a long vowel) dropped: Mohammed → mhmd, Ali → l."""
    letters = _REPEATS.sub(r"\1", _VOWELS.sub("", _NON_LETTER.sub("", word.casefold())))
    return letters[:-1] if len(letters) > 1 and letters[-1] in "yw" else letters.rstrip("yw") or letters


@lru_cache(maxsize=1)
def _names_by_skeleton() -> dict[str, str]:
    table: dict[str, str] = {}
    for spelling, name in NAME_VARIANTS.items():
        if len(name) > 2:
            table.setdefault(skeleton(name), name)
    for name in ("abdullah", "abdulrahman", "abdulaziz", "fatima", "zainab", "maryam", "khamenei", "nasrallah",
                 "mohsen", "mahdi", "javad", "rouhani", "soleimani", "qasem", "yaqub", "jawad", "jabir"):
        table.setdefault(skeleton(name), name)
    return table


def transliterate_names(text: str) -> str:
    """Each Arabic-script or Hebrew word in Latin letters, common names in their usual spelling."""
    from anyascii import anyascii

    out = []
    for word in text.split():
        if word.isascii():
            out.append(word)
            continue
        latin = anyascii(word)
        article = ""
        if latin.startswith("al") and len(latin) > 4 and word[:2] in ("ال", "אל"):
            article, latin = "al ", latin[2:]
        known = _names_by_skeleton().get(skeleton(latin))
        out.append(article + (known or latin))
    return " ".join(out)
