"""Japanese → Latin (Hepburn), never Chinese pinyin.

Kana are read with the modified Hepburn table below (small ya/yu/yo after an i-row kana
form one syllable, small tsu doubles the next consonant, the long-vowel mark repeats the
vowel and is then dropped as in passport spelling). Kanji in a Japanese name have
readings only a dictionary knows; when the optional `pykakasi` is installed (extra
`japanese`; GPL-3.0-or-later, hence not a core dependency of this Apache-2.0 project)
it gives them, otherwise the kanji are compared as characters (高市 ≠ 高石), which is
still never a Chinese reading.
"""

from __future__ import annotations

import re

from functools import lru_cache

_GOJUON = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo "
    "ya - yu - yo ra ri ru re ro wa wi - we wo n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo "
    "pa pi pu pe po vu"
).split()
_HIRAGANA = ("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもや-ゆ-よらりるれろわゐ-ゑをん"
             "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔ")
_SMALL = {"ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o", "ゃ": "ya", "ゅ": "yu", "ょ": "yo"}
KANA: dict[str, str] = {h: r for h, r in zip(_HIRAGANA, _GOJUON) if h != "-"}


def _to_hiragana(ch: str) -> str:
    code = ord(ch)
    return chr(code - 0x60) if 0x30A1 <= code <= 0x30F6 else ch


def kana_to_latin(text: str) -> str:
    """Hiragana and katakana in modified Hepburn; other characters unchanged."""
    out: list[str] = []
    double = False
    for ch in (_to_hiragana(c) for c in text):
        if ch in ("っ",):
            double = True
            continue
        if ch == "ー":
            continue
        if ch in _SMALL and out:
            small = _SMALL[ch]
            last = out[-1]
            if small.startswith("y") and last.endswith("i") and len(last) > 1:
                stem = last[:-1]  # ki + ya → kya; shi + ya → sha, chi + yo → cho, ji + yo → jo
                out[-1] = stem + small[1:] if stem.endswith(("sh", "ch", "j")) else stem + small
            else:
                out.append(small)
            continue
        reading = KANA.get(ch)
        if reading is None:
            out.append(ch)
            double = False
            continue
        if double:
            reading = ("t" if reading.startswith("ch") else reading[0]) + reading
            double = False
        out.append(reading)
    return "".join(out)


@lru_cache(maxsize=1)
def _kakasi():
    try:
        import pykakasi
    except ImportError:
        return None
    return pykakasi.kakasi()


_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def romanise(text: str) -> tuple[str, ...]:
    """The words of a Japanese text in Latin letters; kanji stay as they are without pykakasi."""
    kakasi = _kakasi()
    if kakasi is not None:
        latin = " ".join(item.get("hepburn") or "" for item in kakasi.convert(text))
    else:
        latin = kana_to_latin(text)
    return tuple(_NON_WORD.sub(" ", latin).split())  # punctuation beside kana is no part of a word
