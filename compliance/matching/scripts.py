"""Script handling: homoglyph folding, Han detection, transliteration to Latin.

Names reach us in Latin with diacritics, in Cyrillic, in Han characters, and
sometimes with Cyrillic look-alike letters inside Latin words ("Technology Со., Ltd."
with a Cyrillic "Со", as one Entity List alias has). Latin-majority text gets its
look-alikes folded to Latin; other scripts are transliterated with anyascii (ISC
licence, per-script tables loaded lazily, ~20 ms import), which follows BGN/PCGN-style
romanisation for Cyrillic. Han text is handled separately by `han.py`.
"""

from __future__ import annotations

import unicodedata

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


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f"


def _is_cyrillic_or_greek(ch: str) -> bool:
    return "\u0370" <= ch <= "\u03ff" or "\u0400" <= ch <= "\u04ff"


def fold_homoglyphs(text: str) -> tuple[str, bool]:
    """Fold Cyrillic/Greek look-alikes when Latin letters dominate. Returns (text, folded?)."""
    latin = sum(1 for ch in text if _is_latin_letter(ch))
    other = sum(1 for ch in text if _is_cyrillic_or_greek(ch))
    if other == 0 or latin <= other:
        return text, False
    folded = text.translate(_HOMOGLYPH_TABLE)
    return folded, folded != text


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_SPECIAL_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th"})


def to_latin(text: str) -> tuple[str, str | None]:
    """Non-Han text in Latin letters; the second value names the script transliterated, if any."""
    text = strip_diacritics(text.translate(_SPECIAL_LATIN))
    if text.isascii():
        return text, None
    script = "Cyrillic" if any("\u0400" <= ch <= "\u04ff" for ch in text) else "non-Latin"
    from anyascii import anyascii

    return anyascii(text), script
