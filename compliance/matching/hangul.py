"""Hangul → Latin, one word per syllable, in Revised Romanisation.

Korean names are written in Latin with a space or hyphen between syllables ("Kim Jong Un",
"Choe Ryong-hae"), so each syllable becomes its own word; anyascii would glue a whole word
into one token. A syllable block is decomposed arithmetically (Unicode Hangul Syllables,
U+AC00–U+D7A3: 19 initials × 21 vowels × 28 finals) and each part read by the Revised
Romanisation tables (National Institute of the Korean Language, 2000). The first syllable of
a word of two to four syllables is the family name in Korean order and is written as the
name's holders usually write it in Latin (김 Kim, 이 Lee, 박 Park), not by the table (Gim, I, Bak).
"""

from __future__ import annotations

_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
_VOWELS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t"]

#: Family names as their holders write them in Latin (the usual passport spellings).
FAMILY_NAMES: dict[str, str] = {
    "김": "kim", "이": "lee", "리": "ri", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho",
    "윤": "yoon", "장": "jang", "임": "lim", "림": "rim", "한": "han", "오": "oh", "서": "seo", "신": "shin",
    "권": "kwon", "황": "hwang", "안": "ahn", "송": "song", "류": "ryu", "홍": "hong", "전": "jeon", "고": "ko",
    "문": "moon", "손": "son", "양": "yang", "배": "bae", "백": "baek", "허": "heo", "노": "noh", "현": "hyun",
}


def _syllable(ch: str) -> str:
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return ch
    initial, rest = divmod(code, 588)
    vowel, final = divmod(rest, 28)
    head = _INITIALS[initial].replace("-", "")
    return head + _VOWELS[vowel] + _FINALS[final]


def romanise_hangul(text: str) -> str:
    """Each Hangul syllable as a separate Latin word; other characters unchanged."""
    out: list[str] = []
    for word in text.split():
        syllables = [ch for ch in word if 0xAC00 <= ord(ch) <= 0xD7A3]
        pieces = []
        for position, ch in enumerate(word):
            if 0xAC00 <= ord(ch) <= 0xD7A3:
                family = position == 0 and 2 <= len(syllables) <= 4 and ch in FAMILY_NAMES
                pieces.append(" " + (FAMILY_NAMES[ch] if family else _syllable(ch)) + " ")
            else:
                pieces.append(ch)
        out.append("".join(pieces).strip())
    return " ".join(" ".join(out).split())
