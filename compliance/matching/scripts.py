"""Script handling: homoglyph folding, Han detection, transliteration to Latin.

Names reach us in Latin with diacritics, in Cyrillic, in Han characters, and
sometimes with Cyrillic look-alike letters inside Latin words ("Technology Со., Ltd."
with a Cyrillic "Со", as one Entity List alias has). Latin-majority text gets its
look-alikes folded to Latin; other scripts are transliterated with anyascii (ISC
licence, per-script tables loaded lazily, ~20 ms import), which follows BGN/PCGN-style
romanisation for Cyrillic. Han text is handled separately by `han.py`, kana by
`japanese.py`; Hangul goes syllable by syllable through `hangul.py` and Arabic, Persian and
Hebrew names through `arabic.py` before anyascii sees what is left.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Cyrillic and Greek letters that look like Latin ones.
HOMOGLYPHS: dict[str, str] = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
}
_HOMOGLYPH_TABLE = str.maketrans(HOMOGLYPHS)


def is_han(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2EBEF
        or 0xF900 <= code <= 0xFAFF
        or code == 0x3007  # 〇
    )


#: Latin letters (ASCII and Latin-1 Supplement to Latin Extended-B) and Cyrillic or Greek letters, counted in C.
_LATIN_LETTERS = re.compile("[A-Za-z\u00c0-\u024f]")
_CYRILLIC_OR_GREEK = re.compile("[\u0370-\u04ff]")


def fold_homoglyphs(text: str) -> tuple[str, bool]:
    """Fold Cyrillic/Greek look-alikes when Latin letters dominate. Returns (text, folded?)."""
    other = len(_CYRILLIC_OR_GREEK.findall(text))
    if other == 0:
        return text, False
    if len(_LATIN_LETTERS.findall(text)) <= other:
        return text, False
    folded = text.translate(_HOMOGLYPH_TABLE)
    return folded, folded != text


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_SPECIAL_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th"})


@lru_cache(maxsize=1 << 16)  # per character: called for every character of every non-ASCII name
def script_of(ch: str) -> str | None:
    """The script group of one character: cjk (Han and kana), hangul, arabic, hebrew, cyrillic, latin; None for
    digits, punctuation and spaces, which belong to whatever script surrounds them."""
    if not ch.isalpha():
        return None
    code = ord(ch)
    if is_han(ch) or is_kana(ch):
        return "cjk"
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "arabic"
    if 0x0590 <= code <= 0x05FF:
        return "hebrew"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    return "latin"


def script_runs(text: str) -> list[tuple[str | None, str]]:
    """Text cut where its script changes; neutral characters stay with the run before them."""
    runs: list[tuple[str | None, str]] = []
    for ch in text:
        script = script_of(ch)
        if runs and (script is None or runs[-1][0] in (None, script)):
            runs[-1] = (runs[-1][0] or script, runs[-1][1] + ch)
        else:
            runs.append((script, ch))
    return runs


def is_kana(ch: str) -> bool:
    code = ord(ch)
    return 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D


#: Written only in Japanese: the iteration mark and forms written with kana-era characters. 株式会社
#: alone is not a sign: Chinese lists write Japanese companies' names in Chinese with it
#: (日本电气航空宇宙系统株式会社), and those read best as Chinese words.
_JAPANESE_MARKERS = ("々", "有限会社", "合同会社", "合資会社", "合名会社")


def is_japanese(text: str) -> bool:
    """Kana or a Japanese-only mark: read as Japanese, never as Chinese pinyin."""
    return any(is_kana(ch) for ch in text) or any(marker in text for marker in _JAPANESE_MARKERS)


_SCRIPT_NAMES = {"cyrillic": "Cyrillic", "hangul": "Hangul (Revised Romanisation, by syllable)",
                 "arabic": "Arabic script (name-aware)", "hebrew": "Hebrew"}


def to_latin(text: str) -> tuple[str, str | None]:
    """Non-Han text in Latin letters; the second value names the script transliterated, if any."""
    scripts = set(map(script_of, text)) - {None, "latin"}
    if "hangul" in scripts:  # before diacritics are stripped: NFKD splits a syllable into its letters
        from compliance.matching.hangul import romanise_hangul

        text = romanise_hangul(text)
    text = strip_diacritics(text.translate(_SPECIAL_LATIN))
    if text.isascii():
        return text, ", ".join(sorted(_SCRIPT_NAMES.get(s or "", "non-Latin") for s in scripts)) or None
    if scripts & {"arabic", "hebrew"}:
        from compliance.matching.arabic import transliterate_names

        text = transliterate_names(text)
    script = ", ".join(sorted(_SCRIPT_NAMES.get(s or "", "non-Latin") for s in scripts)) or "non-Latin"
    if text.isascii():
        return text, script
    from anyascii import anyascii

    return anyascii(text), script
