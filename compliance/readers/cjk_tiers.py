"""How ordinary a text is in a legacy East Asian encoding, by the tiers the standards define.

Without a byte-order mark the same bytes often decode cleanly in GB18030, Big5, Shift_JIS
and EUC-KR, and a short cell gives a statistical detector too little to go on: "钕铁硼磁铁"
(NdFeB magnet) in GB18030 read as mixed Hanja and Hangul in EUC-KR, "稀土" as half-width
katakana in Shift_JIS. Each character set splits its repertoire by frequency of use: GB2312
level 1 (3,755 common hanzi) and level 2; Big5 levels 1 and 2; JIS X 0208 level 1 kanji
and the kana, level 2; KS X 1001's 2,350 modern Hangul syllables and its Hanja, rare in
modern Korean. A text that decodes to common characters of the encoding beats one that
decodes to its rare corners, and the tier of a character is read off its bytes.
"""

from __future__ import annotations

#: Cost of a character by tier: a text's cost is the sum over its non-ASCII characters.
COMMON, SYMBOL, UNCOMMON, RARE = 0, 0, 1, 3


def _gb(raw: bytes) -> int:
    if len(raw) != 2 or not (0xA1 <= raw[1] <= 0xFE):
        return RARE  # GBK and GB18030 extensions: outside GB2312
    lead = raw[0]
    if 0xB0 <= lead <= 0xD7:
        return COMMON  # level 1
    if 0xD8 <= lead <= 0xF7:
        return UNCOMMON  # level 2
    return SYMBOL if 0xA1 <= lead <= 0xA9 else RARE


def _big5(raw: bytes) -> int:
    if len(raw) != 2:
        return RARE
    code = raw[0] << 8 | raw[1]
    if 0xA440 <= code <= 0xC67E:
        return COMMON  # level 1
    if 0xC940 <= code <= 0xF9D5:
        return UNCOMMON  # level 2
    return SYMBOL if 0xA140 <= code <= 0xA3BF else RARE


def _shift_jis(raw: bytes) -> int:
    if len(raw) == 1:
        # half-width katakana: legacy systems write names in it; its punctuation (｡｢｣､･) inside
        # a word is what a Chinese text's second bytes become
        return UNCOMMON if raw[0] <= 0xA5 else COMMON
    code = raw[0] << 8 | raw[1]
    if 0x829F <= code <= 0x8396 or 0x889F <= code <= 0x9872:
        return COMMON  # hiragana, katakana, level-1 kanji
    if 0x989F <= code <= 0xEAA4:
        return UNCOMMON  # level-2 kanji
    return SYMBOL if 0x8140 <= code <= 0x84BE else RARE  # vendor extensions are rare


def _euc_kr(raw: bytes) -> int:
    if len(raw) != 2:
        return RARE
    lead, trail = raw
    if 0xA1 <= trail <= 0xFE:
        if 0xB0 <= lead <= 0xC8:
            return COMMON  # KS X 1001 Hangul syllables
        if 0xA1 <= lead <= 0xAC:
            return SYMBOL
        return RARE  # Hanja, seldom written in modern Korean
    return UNCOMMON  # Unified Hangul Code extension syllables


_TIERS = {"gb18030": _gb, "cp950": _big5, "cp932": _shift_jis, "cp949": _euc_kr}


def unusualness(text: str, encoding: str) -> int:
    """The summed tier cost of `text`'s non-ASCII characters in `encoding` (one of the
    keys of _TIERS); lower is a more ordinary text for that encoding."""
    tier = _TIERS[encoding]
    cost = 0
    for char in text:
        if char < "\x80":
            continue
        try:
            cost += tier(char.encode(encoding))
        except UnicodeEncodeError:
            cost += RARE
    return cost
