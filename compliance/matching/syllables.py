"""One-syllable words of romanised Chinese and Korean names, to tell another name from a slip.

The given names and surnames of Chinese and Korean persons are single syllables ("Kim Yong Su",
"Wang Jian Guo"), so two of them one consonant apart ("Kim"/"Lim", "Hong"/"Jong", "Hun"/"Jun")
are two names, not one name misspelt; a changed vowel ("Jong"/"Jung", "Song"/"Sung") is how the
same syllable is spelt in different romanisations. The Chinese syllables are the pinyin table
(`pinyin.SYLLABLES`); the Korean ones are every syllable the Revised Romanisation tables of
`hangul.py` give, plus the McCune-Reischauer spellings most Latin names of North Korean
persons use (k/t/p/ch for g/d/b/j, o/u/yo for eo/eu/yeo).
"""

from __future__ import annotations

from functools import lru_cache

from compliance.matching import hangul
from compliance.matching.pinyin import SYLLABLES
from compliance.matching.words import canonical_token

_MR_INITIALS = ("k", "t", "p", "ch", "l", "sh", "tch")
_MR_VOWELS = ("o", "u", "yo", "wo", "oe", "ou", "oo", "ee")
_FINALS = ("", "k", "n", "t", "l", "m", "p", "ng", "g", "d", "b", "r")


@lru_cache(maxsize=1)
def korean_syllables() -> frozenset[str]:
    """Every romanised Korean syllable, as written and as its comparison key.

    Keying ~6,000 syllables costs ~0.1 s, a third of a 10-row screen, so the set is kept in the
    warm cache, keyed by the code that derives it."""
    from compliance.support import warmcache

    modules = (__name__, "compliance.matching.hangul", "compliance.matching.words", "compliance.matching.pinyin")
    return warmcache.cached("korean-syllables", warmcache.key_of(warmcache.code_fingerprint(*modules)),
                            frozenset, _korean_syllables)


def _korean_syllables() -> frozenset[str]:
    initials = {i.replace("-", "") for i in hangul._INITIALS} | set(_MR_INITIALS)
    vowels = set(hangul._VOWELS) | set(_MR_VOWELS)
    found = {i + v + f for i in initials for v in vowels for f in _FINALS}
    found |= set(hangul.FAMILY_NAMES.values())
    return frozenset(found | {canonical_token(s) for s in found})


def one_syllable(word: str) -> bool:
    """True for a word that is a single syllable of a Chinese or Korean name ("kim", "jong", "xin")."""
    return len(word) <= 6 and (word in SYLLABLES or word in korean_syllables())
