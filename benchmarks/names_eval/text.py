"""Plain text helpers of the generator: an equality key for names, scripts, number words.

Deliberately independent of `compliance.matching.normalize`: the key decides which
generated rows are ambiguous or actually listed, so it must not inherit the matcher's
choices (legal-form tables, transliteration).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=None)
def fold(text: str) -> str:
    """NFKC, case-folded, accents removed, punctuation to spaces, single-spaced."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text.lower()).replace("_", " ").split())


def name_key(text: str) -> str:
    """Order-free equality key: the folded tokens, sorted ("PUTIN, Vladimir" == "vladimir putin")."""
    return " ".join(sorted(fold(text).split()))


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile("[A-Za-z]")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def has_latin(text: str) -> bool:
    return _LATIN.search(text) is not None


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                      "nine": "ninth", "twelve": "twelfth"}


def cardinal_words(n: int) -> str:
    """English words for 0–999, hyphenated the usual way ("Forty-Four", "Seven Hundred Fourteen")."""
    if n < 20:
        words = _ONES[n]
    elif n < 100:
        words = _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    else:
        words = _ONES[n // 100] + " hundred" + (" " + cardinal_words(n % 100).lower() if n % 100 else "")
    return "-".join(w.capitalize() for w in words.split("-")).title()


def ordinal_words(n: int) -> str:
    """English ordinal words for 1–999 ("Fourteenth", "Twenty-First")."""
    words = cardinal_words(n)
    head, sep, last = words.rpartition("-") if "-" in words.split()[-1] else words.rpartition(" ")
    last_l = last.lower()
    if last_l in _ORDINAL_IRREGULAR:
        ordinal = _ORDINAL_IRREGULAR[last_l]
    elif last_l.endswith("y"):
        ordinal = last_l[:-1] + "ieth"
    else:
        ordinal = last_l + "th"
    return head + sep + ordinal.capitalize()


def ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


ROMAN_VALUES = {roman(n): n for n in range(1, 100)}
