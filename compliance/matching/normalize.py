"""Names → comparable form: tokens with comparison keys, legal forms set aside, notes on what was done.

`normalize_name` is total (never raises) and idempotent on its keys: normalising the
joined keys of a name gives the same keys. It is case-, width- and diacritics-
insensitive (NFKC then case folding then diacritics stripped). Han text goes through
`han.py`, Japanese (kana) through `japanese.py`; other scripts are transliterated (Hangul by
syllable, Arabic-script names name-aware); Cyrillic look-alikes in Latin text folded. A cell
holding the name in two scripts also keeps each script's part (`parts`). Also set aside, and
noted for the explanation: an address written after the name (`addresses.py` reads its shape), titles, the words naming a
site of a company ("branch", "plant No. 2"), and legal forms, these only in an organisation's
name ("Pat Smith" keeps "Pat"; "Pratt" is never the Ukrainian PrAT). Numbers written as words
and Roman numerals where they cannot be a word or an initial become digits ("Forty-Four",
"Solutions II", "XXIX Institute", "TONG HUNG I"; see `_roman`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Iterator

from compliance.matching.addresses import address_start
from compliance.matching.legal_forms import ANYWHERE, looks_like_legal_form, single_forms_as_written, split_legal_forms
from compliance.matching.pinyin import is_pinyin
from compliance.matching.places import PLACE_WORDS
from compliance.matching.scripts import fold_homoglyphs, is_han, is_japanese, script_runs, to_latin
from compliance.matching.words import (
    ADDRESS_WORDS, DOTTED_ABBREVIATIONS, WEAK_ADDRESS_WORDS, GIVEN_NAMES, MULTIPLIERS, NUMBER_WORDS, NUMBERED_UNITS, SET_ASIDE_WORDS, SHIP_PREFIXES, STOP_WORDS,
    TITLES, WORD_VARIANTS, canonical_token, generic_keys, roman_value,
)


class Token:
    """One word of a name as compared: its key, accepted alternatives and where it came from."""

    __slots__ = ("key", "alts", "optional", "pinyin", "surface", "kind")

    def __init__(self, key: str, surface: str, kind: str = "word", alts: frozenset[str] | None = None,
                 optional: bool = False, pinyin: bool = False) -> None:
        self.key = key
        self.alts = alts  # None: only `key`
        self.optional = optional
        self.pinyin = pinyin
        self.surface = surface
        # word | trade | place | industry | number | joined | initial | title | aside | patronymic
        self.kind = kind

    def __getstate__(self):
        return (self.key, self.alts, self.optional, self.pinyin, self.surface, self.kind)

    def __setstate__(self, state) -> None:
        self.key, self.alts, self.optional, self.pinyin, self.surface, self.kind = state

    def accepts(self, key: str) -> bool:
        return key == self.key or (self.alts is not None and key in self.alts)

    def keys(self) -> frozenset[str] | tuple[str]:
        return self.alts if self.alts is not None else (self.key,)

    def __repr__(self) -> str:
        return f"Token({self.key!r}{', alts=' + repr(sorted(self.alts)) if self.alts else ''})"


@dataclass(frozen=True)
class NormalizedName:
    text: str
    tokens: tuple[Token, ...]
    legal_forms: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    key_set: frozenset[str] = frozenset()  # every key and accepted rendering of every token
    person: bool = False  # the name reads as a person's (title, "SURNAME, Given", initials, patronymic, given name)
    address: str = ""  # an address written after the name, set aside
    # where an address may follow the name (tails.py); scoring sets it aside only when the words before it cover
    # a listed name
    tails: tuple[tuple[int, str, bool], ...] = ()  # (position, text, strong: see tails.tail_starts)
    parts: tuple["NormalizedName", ...] = ()  # a cell holding the name in two scripts: each script's part

    def __post_init__(self) -> None:
        keys: set[str] = set()
        for token in self.tokens:
            keys.update(token.keys())
        object.__setattr__(self, "key_set", frozenset(keys))

    @cached_property
    def pair_keys(self) -> frozenset[str]:
        """Adjacent tokens joined ("hua"+"wei", "tian"+"hai"+"da"); computed when first asked for."""
        pairs: set[str] = set()
        for _, _, joined in joined_runs(self.tokens):
            pairs.add(joined)
            canonical = canonical_token(joined)
            if canonical != joined:
                pairs.add(canonical)
        return frozenset(pairs)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tokens)



_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_DOTTED = re.compile(r"\b([a-z]+)\.")
_INITIALS = re.compile(r"\b(?:[a-z]\.\s?){2,}")  # "s.a.", "l.l.c.", "s. a." → "sa", "llc"
_NON_WORD = re.compile(r"[^0-9a-z]+")
_SHIP_SLASHED = re.compile(r"^\s*m\s*/\s*([vt])\b")
_DIGITS = re.compile(r"([0-9]+)")
_PATRONYMIC = re.compile(r"^[a-z]{3,}(?:ovich|evich|ovna|evna|ichna|yevich|yevna|ovic|evic|oglu|ogly|kyzy|qizi)$")


def _expand_dotted(match: re.Match[str], dotted: set[str] | None = None) -> str:
    word = match.group(1)
    if word not in DOTTED_ABBREVIATIONS and dotted is not None:
        dotted.add(word)  # "Aviat.", "Syst.": may stand for a word of the other name that starts so
    return DOTTED_ABBREVIATIONS.get(word, word) + " "


def _join_initials(match: re.Match[str]) -> str:
    """"s.a." → "sa" and "u.s.a." → "usa"; but a person's initials stay letters: two that form no legal
    form ("Kostin A. L."), and any written apart at the start or after a comma ("A. G. Areshev",
    "Maltsev, S. A.", "Arispe J. R. P.")."""
    written = match.group(0).rstrip()
    letters = written.replace(".", "").replace(" ", "")
    from compliance.matching.legal_forms import legal_form_table

    form = (letters,) in legal_form_table()
    if " " in written:  # spaced: initials, unless a legal form closes an organisation's name ("Germay S. A.")
        before = match.string[: match.start()].rstrip()
        # a form never set aside as one word ("D. A.", "E. E.") stays initials: "DUARTE-MARQUEZ D. A."
        if form and letters in single_forms_as_written() and before and not before.endswith(",") and not match.string[match.end():].strip(" .,"):
            return letters + " "
        return " ".join(letters) + " "
    if len(letters) >= 3 or form:
        return letters + " "
    return " ".join(letters) + " "


_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&-]{1,9}(?:\s+[A-Z0-9][A-Z0-9&-]{0,9}){0,2})\)")


def _latin_words(text: str, notes: list[str], dotted: set[str] | None = None) -> list[str]:
    latin = text
    if not text.isascii():
        folded, did_fold = fold_homoglyphs(text)
        if did_fold:
            notes.append("Cyrillic/Greek look-alike letters read as Latin")
        latin, script = to_latin(folded)
        if script:
            notes.append(f"{script} transliterated: {text.strip()} → {latin.strip()}")
    lower = _APOSTROPHES.sub("", latin.casefold().replace("&", " and "))
    if "/" in lower:  # "M/V", "M/T" lead a ship's name: one word, as "MV" and "MT" are (words.SHIP_PREFIXES)
        lower = _SHIP_SLASHED.sub(r"m\1", lower)
    if "." in lower:  # initials and abbreviations are written with a dot
        lower = _DOTTED.sub(lambda m: _expand_dotted(m, dotted), _INITIALS.sub(_join_initials, lower))
    return [raw for raw in _NON_WORD.split(lower) if raw]


def _roman(words: list[str], position: int, dotted: frozenset[str] | set[str]) -> int | None:
    """A Roman numeral where it cannot be a word or an initial: after the first word ("Solutions II");
    first, when four letters long or naming a unit ("XXIX Institute", "IX Plant"); a bare I, V or X
    closing a name of three or more words (but for a legal form) that has no single letter before it
    ("TONG HUNG I", "AGUSTA GRAND I LLC"; not "Malcolm X", "John Smith I", "Kostin A. I.")."""
    word = words[position]
    if len(word) == 1:
        forms = single_forms_as_written()
        last = position >= 2 and all(w in forms for w in words[position + 1 :])  # "AGUSTA GRAND I LLC"
        if not last or word not in "ivx" or word in dotted or words[0] in GIVEN_NAMES \
                or any(len(w) == 1 for w in words[:position]):
            return None
        return {"i": 1, "v": 5, "x": 10}[word]
    if position == 0 and not (len(words) > 1 and (len(word) >= 4 or words[1] in NUMBERED_UNITS)):
        return None
    return roman_value(word)


def _numbers(words: list[str], dotted: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Number words and Roman numerals as digits: "one hundred forty" → "140", "Solutions II" → "2"."""
    out: list[str] = []
    total: int | None = None
    current = 0
    for position, word in enumerate(words):
        if len(words) > 1 and (word in NUMBER_WORDS or (word in MULTIPLIERS and total is not None)):
            if word in MULTIPLIERS:
                total += (current or 1) * MULTIPLIERS[word] - current
                current = 0
            else:
                total = (total or 0) + NUMBER_WORDS[word]
                current += NUMBER_WORDS[word]
            continue
        if total is not None:
            out.append(str(total))
            total, current = None, 0
        roman = _roman(words, position, dotted)
        out.append(str(roman) if roman is not None else word)
    if total is not None:
        out.append(str(total))
    return out


@lru_cache(maxsize=65536)
def _key(raw: str) -> str:
    """canonical_token, except that a word the rewrites would turn into a legal form keeps its spelling
    ("Pratt" does not become "prat", the Ukrainian PrAT; "Aas" not "as")."""
    key = canonical_token(raw)
    if key != raw and key in single_forms_as_written() and raw not in single_forms_as_written() \
            and raw not in WORD_VARIANTS:  # "Cie" is written for "Company"
        return raw
    return key


#: is_pinyin, remembered per word: a run's names repeat their words.
_is_pinyin = lru_cache(maxsize=65536)(is_pinyin)


def _latin_tokens(words: list[str], acronyms: frozenset[str] = frozenset(),
                  dotted: frozenset[str] | set[str] = frozenset()) -> list[Token]:
    tokens = []
    for position, raw in enumerate(words):
        # Stop words ("of", "the", "and") stay in the key but are optional: they cost nothing when absent.
        # Not as the last word: "Electric LES" ends in a name, not in the French article.
        stop = raw in STOP_WORDS and (position < len(words) - 1 or len(words) == 1)
        kind = "number" if raw[0].isdigit() else "abbrev" if raw in dotted and len(raw) >= 3 else "word"
        tokens.append(Token(_key(raw), raw, kind, optional=raw in acronyms or stop,
                            pinyin=len(raw) >= 4 and _is_pinyin(raw)))
    return tokens


def _han_tokens(text: str, notes: list[str], forms: list[str]) -> list[Token]:
    from compliance.matching import han  # tables and converters load only when Han text appears

    simplified = han.to_simplified(text)
    if simplified != text:
        notes.append(f"traditional characters simplified: {text} → {simplified}")
    tokens = []
    seen: set[str] = set()
    for part in han.segment(simplified):
        if part.kind == "legal":
            forms.append(part.text)
            continue
        rendered = []
        for slot in part.slots:
            optional = slot[0].startswith("?")
            keys = [canonical_token(alt.lstrip("?")) for alt in slot if alt.lstrip("?")]
            if not keys:
                continue
            # A word the translation repeats (军事科学院军事医学研究院: "military" twice) may appear once in English.
            optional = optional or keys[0] in seen
            seen.add(keys[0])
            tokens.append(Token(keys[0], part.text, part.kind, alts=frozenset(keys) if len(keys) > 1 else None,
                                optional=optional, pinyin=part.kind == "trade"))
            rendered.append("/".join(alt.lstrip("?") for alt in slot) + (" (optional)" if optional else ""))
        label = {"trade": "trade name read as pinyin", "place": "place", "industry": "industry word",
                 "number": "number"}[part.kind]
        notes.append(f"{label} {part.text} → {' '.join(rendered)}")
    return tokens


def _japanese_words(text: str, notes: list[str], forms: list[str]) -> list[str]:
    from compliance.matching.japanese import romanise

    for form in ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社"):
        if form in text:
            forms.append(form)
            text = text.replace(form, " ")
    words = [w for w in romanise(text)]
    notes.append(f"Japanese read as Japanese: {text.strip()} → {' '.join(words)}")
    return words


_SEPARATOR = re.compile(r"\s+[-–—]\s+|;|,|\(|\)")
#: Endings of one-word street names ("Hessegasse 11", "Corneliasingel 194").
_STREET_SUFFIXES = ("gasse", "strasse", "weg", "straat", "singel", "laan", "gracht", "plein", "vej", "gade", "gatan",
                    "vagen", "katu", "utca", "allee")
_END_FORMS = frozenset("ltd llc inc corp corporation limited gmbh plc llp jsc pjsc ojsc cjsc ooo fze fzco bhd pte".split())
#: Words after an end-of-name form that show the form goes on ("Limited Liability Company"): no address starts there.
_FORM_GOES_ON = frozenset("liability company partnership".split())


def _words(text: str) -> list[str]:
    return [w for w in _NON_WORD.split(text.casefold()) if w]


def _looks_like_address(words: list[str], strong_separator: bool, rest: str = "") -> bool:
    """An address part: an address word, "No." and a number, a postcode-long number, or a house number
    first with more parts after it; after a semicolon or a dash, any of these anywhere in the rest."""
    if not words:
        return False
    digits = any(w[0].isdigit() for w in words)
    if any(w in ADDRESS_WORDS and (digits or w not in WEAK_ADDRESS_WORDS) for w in words):
        return True
    if words[0] == "no" and len(words) > 1 and words[1].isdigit() and not NUMBERED_UNITS.intersection(words[2:4]):
        return True  # not "No. 58 Research Institute"
    if any(w.isdigit() and len(w) >= 5 for w in words):
        return True
    if words[0].isdigit() and "," in rest:
        return True
    if strong_separator:
        later = _words(rest)
        return any((w in ADDRESS_WORDS and w not in WEAK_ADDRESS_WORDS) or (w.isdigit() and len(w) >= 3) for w in later)
    return False


def _split_address(text: str) -> tuple[str, str]:
    """(name, address): the address set aside starts where either reading below or `address_start` puts it,
    whichever is earlier."""
    name, address = _split_address_parts(text)
    start = address_start(text)
    if start is not None and address and start > len(name) and not _SEPARATOR.search(text[len(name) + 1 : start]):
        # "…, Gustavo Enrique 114 Taylor Tunnel": the address starts inside the part that holds it
        return text[:start].rstrip(" ,;-–—("), text[start:].strip(" ,;-–—()")
    if start is not None and start < len(name):
        name = text[:start].rstrip(" ,;-–—(")
        if _words(name):
            return name, text[start:].strip(" ,;-–—()")
    return name, address


def _split_address_parts(text: str) -> tuple[str, str]:
    """(name, address): an address written after the name ("…, No. 555 Qianmo Road, Binjiang") is set aside.

    The address starts at the first part after the name (parts are cut at commas, semicolons,
    brackets and spaced dashes) that holds an address word (road, rue, calle, ulitsa ...), begins
    with "No." and a number, or holds a house number or postcode; or, inside the first part, after
    an end-of-name legal form ("… LLC Pasaje Jorge Boada 508") when digits follow it."""
    separators = list(_SEPARATOR.finditer(text))
    cuts = [0] + [m.end() for m in separators]
    seps = [""] + [m.group(0).strip() for m in separators]
    words = text.split()
    for i in range(1, len(words) - 1):
        word = _NON_WORD.sub("", words[i].casefold())
        if word in _END_FORMS:
            rest = " ".join(words[i + 1 :])
            if any(ch.isdigit() for ch in rest) and _looks_like_address(_words(rest), False, rest) \
                    and _NON_WORD.sub("", words[i + 1].casefold()) not in _FORM_GOES_ON:  # "THE LIMITED LIABILITY COMPANY ..."
                return " ".join(words[: i + 1]).rstrip(" ,;(").strip(), rest.strip(" ,;()")
        if word.endswith(_STREET_SUFFIXES) and any(ch.isdigit() for ch in words[i + 1]):
            return " ".join(words[:i]).rstrip(" ,;(").strip(), " ".join(words[i:]).strip(" ,;()")
    for i in range(1, len(cuts)):
        piece = text[cuts[i] : cuts[i + 1] if i + 1 < len(cuts) else len(text)]
        words = _words(piece)
        if len(words) == 1 and words[0] in _END_FORMS:
            continue  # "…, Ltd." or "(Limited)"
        if _looks_like_address(words, seps[i] not in (",", "(", ")"), text[cuts[i] :]):
            name = text[: cuts[i]].rstrip(" ,;-–—(")
            if _words(name):
                return name, text[cuts[i]:].strip(" ,;-–—()")
    first = text[: cuts[1]] if len(cuts) > 1 else text
    words = first.split()
    for i in range(2, len(words)):
        w = _NON_WORD.sub("", words[i].casefold())
        if (w.isdigit() or w == "no") and any(_NON_WORD.sub("", x.casefold()) in ADDRESS_WORDS - WEAK_ADDRESS_WORDS
                                               for x in words[i:i + 5]):
            return " ".join(words[:i]), (" ".join(words[i:]) + text[len(first):]).strip(" ,;")
    return text, ""


def _comma_person(text: str) -> bool:
    """"PUTIN, Vladimir Vladimirovich": one comma, a short surname part, a short given part, no digits."""
    if text.count(",") != 1 or any(ch.isdigit() for ch in text):
        return False
    left, right = (part.split() for part in text.split(","))
    return 1 <= len(left) <= 2 and 1 <= len(right) <= 3


@lru_cache(maxsize=None)
def _role_keys() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The keys of titles, given names and set-aside words. Keying ~500 words costs a run tens of
    milliseconds before it has read a name, so they are kept in the warm cache, keyed by the code
    that derives them (as syllables.korean_syllables is)."""
    from compliance.support import warmcache

    modules = (__name__, "compliance.matching.words", "compliance.matching.pinyin")
    return warmcache.cached("role-keys", warmcache.key_of(warmcache.code_fingerprint(*modules)), tuple, _make_role_keys)


def _make_role_keys() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return tuple(frozenset(canonical_token(t) for t in table) for table in (TITLES, GIVEN_NAMES, SET_ASIDE_WORDS))


def _ends_name(token: Token) -> bool:
    """A legal form that closes a company's name ("Ltd", "GmbH", "Sirketi"): what follows it is no part of the name."""
    return token.key in ANYWHERE or token.surface in single_forms_as_written()


def _roles(tokens: list[Token], comma_person: bool) -> tuple[bool, bool]:
    """Mark titles, set-aside words, patronymics and initials. Returns (the name reads as a person's,
    it does so by its words alone): legal forms use the second, which does not depend on punctuation,
    so that normalising a name's keys again gives the same keys."""
    generic = generic_keys(places=False)
    title_keys, given_keys, aside_keys = _role_keys()
    org = any(t.key in generic or t.key in ANYWHERE or t.kind in ("industry", "number") for t in tokens)
    person = False
    for t in tokens:
        if t.kind != "word":
            continue
        if _PATRONYMIC.match(t.key):
            t.kind = "patronymic"
            person = True
        elif len(t.key) == 1 and t.key.isalpha() and not t.optional:
            t.kind = "initial"
            person = True
    if len(tokens) > 1 and tokens[0].key in SHIP_PREFIXES and tokens[0].kind == "word":
        tokens[0].kind = "aside"  # "MV SILVIA I": the ship is "SILVIA I"
    leading = 0
    while leading < len(tokens) - 1 and tokens[leading].key in title_keys:
        tokens[leading].kind = "title"
        tokens[leading].optional = True
        leading += 1
        person = True
    if not org:
        first = tokens[leading].key if leading < len(tokens) else ""
        person = person or first in given_keys
    organisation = org or not person
    for i, t in enumerate(tokens):
        if t.key == "no" and i + 1 < len(tokens) and tokens[i + 1].kind == "number":
            t.optional = True  # "No. 360" is "360"
        if t.key in aside_keys and len(tokens) > 1 and organisation:
            t.kind = "aside"
            j = i - 1
            while j >= 0 and tokens[j].kind in ("word", "place") and tokens[j].key in PLACE_WORDS:
                tokens[j].kind = "aside"  # "Shenzhen Branch": the branch's city goes with it
                j -= 1
            if j >= 1 and tokens[j].kind == "word" and tokens[j].key not in aside_keys and _ends_name(tokens[j - 1]):
                tokens[j].kind = "aside"  # "... Co., Ltd. Frankfurt Procurement Office": a city the tables lack
            j = i + 1
            while j < len(tokens) and (tokens[j].kind == "number" or tokens[j].key == "no"):
                tokens[j].kind = "aside"  # "Plant No. 2": the site's number goes with it
                j += 1
    return (person or comma_person) and not org, person and not org


#: ASCII control characters (category Cc) → a space; no ASCII character is a format character (Cf).
_ASCII_CONTROLS = {code: " " for code in (*range(32), 127)}


def _without_controls(text: str) -> str:
    """NFKC, with control and format characters (a backspace, a bidi mark) read as spaces: they are
    never part of a name. ASCII text, most names, needs no NFKC and no per-character look-up."""
    if text.isascii():
        return text.translate(_ASCII_CONTROLS)
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in unicodedata.normalize("NFKC", text))


#: One ASCII word ("E1751", "Huawei", "P17"): no control character, bracket, address, punctuation or second script.
_ONE_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=8192)
def normalize_name(text: str) -> NormalizedName:
    """The comparable form of a name. Total: any string gives a (possibly empty) result."""
    if text and _ONE_WORD.fullmatch(text):
        return _one_word(text)
    return _normalize_text(text)


def _one_word(text: str) -> NormalizedName:
    """What the general steps give one ASCII word, without looking for what it cannot hold (ownership
    tables and party ids are full of such cells; tests/matching compare both on random text): no
    address, initials, number words or second script, and a name of one word keeps it even when it
    is a legal form, so only its key and whether it reads as a person's are left to find."""
    token = _latin_tokens([text.lower()])[0]
    person, _ = _roles([token], False)
    return NormalizedName(text=text, tokens=(token,), person=person)


def _normalize_text(text: str) -> NormalizedName:
    original = _without_controls(text or "")
    # "(BUAA)", "(CSSC)": an acronym in brackets repeats the name; it may be absent from the other name.
    acronyms = frozenset(word.casefold() for m in _BRACKETED_ACRONYM.findall(original) for word in m.split()) \
        if "(" in original else frozenset()
    nfkc = unicodedata.normalize("NFKC", original.casefold())
    main, address = _split_address(nfkc)
    if not nfkc.isascii():
        folded, did_fold = fold_homoglyphs(main)
        main = folded if did_fold else main
    runs = [(script, run) for script, run in script_runs(main) if script is not None] if not main.isascii() else []
    scripts = {script for script, _ in runs}
    name = _normalize_runs(text, runs if runs else [("latin", main)], acronyms, _comma_person(main), address)
    if len(scripts) > 1:
        # A cell holding the name twice ("华为技术有限公司 Huawei Technologies Co., Ltd."): each script's part alone.
        parts = []
        for script in dict.fromkeys(s for s, _ in runs):
            piece = " ".join(run for s, run in runs if s == script)
            part = _normalize_runs(piece, [(s, run) for s, run in runs if s == script], acronyms,
                                   _comma_person(piece), address)
            if part.tokens:
                parts.append(part)
        if len(parts) > 1:
            object.__setattr__(name, "parts", tuple(parts))
    return name


def _normalize_runs(text: str, runs: list[tuple[str, str]], acronyms: frozenset[str], comma_person: bool,
                    address: str) -> NormalizedName:
    notes: list[str] = []
    han_forms: list[str] = []
    tokens: list[Token] = []
    for script, run in runs:
        if script == "cjk" and is_japanese(run):
            words = _japanese_words(run, notes, han_forms)
            han_words = [w for w in words if not w.isascii()]
            tokens.extend(_latin_tokens(_numbers([w for w in words if w.isascii()]), acronyms))
            tokens.extend(Token(w, w, "trade") for w in han_words)  # kanji without a reading: compared as written
        elif script == "cjk":
            for piece in _DIGITS.split("".join(run.split())):  # "第三研究院159厂": 159 is a number, not a name
                if piece.isdigit():
                    tokens.append(Token(canonical_token(piece), piece, "number"))
                elif piece:
                    tokens.extend(_han_tokens(piece, notes, han_forms))
        else:
            dotted: set[str] = set()
            tokens.extend(_latin_tokens(_numbers(_latin_words(run, notes, dotted), dotted), acronyms, dotted))
    person, by_words = _roles(tokens, comma_person)
    # A Han word is checked as its reading ("sa"), as the same name written in pinyin would be.
    written = [t.key if t.kind == "trade" else t.surface for t in tokens]
    # The words of a site ("..., Ltd. Procurement Office") do not hide the legal form before them.
    named = [i for i, t in enumerate(tokens) if t.kind != "aside"]
    kept_named, _ = split_legal_forms([tokens[i].key for i in named], [written[i] for i in named], by_words)
    kept = sorted({named[i] for i in kept_named} | {i for i, t in enumerate(tokens) if t.kind == "aside"})
    if len(kept) > 1:
        kept = [i for i in kept if tokens[i].kind != "word" or not looks_like_legal_form(tokens[i].key)] or kept
    if all(tokens[i].kind == "number" for i in kept):  # "0 SA": a number alone is no name; keep every word
        kept = list(range(len(tokens)))
    kept_set = set(kept)
    surface_forms = [t.surface for i, t in enumerate(tokens) if i not in kept_set] + han_forms
    if address:
        notes.append(f"address set aside: {address}")
    tails = _tails(runs, tokens, kept, address) if len(runs) == 1 and runs[0][0] == "latin" and len(kept) > 1 else ()
    return NormalizedName(
        text=text,
        tokens=tuple(tokens[i] for i in kept),
        legal_forms=tuple(surface_forms),
        notes=tuple(notes),
        person=person,
        address=address,
        tails=tails,
    )


def _tails(runs: list[tuple[str, str]], tokens: list[Token], kept: list[int],
           address: str) -> tuple[tuple[int, str, bool], ...]:
    """Where the kept tokens may turn into an address (tails.py), with the text from there on. Each token is
    found in the cell's text in turn to tell whether a comma, semicolon, bracket or spaced dash comes before it."""
    from compliance.matching.tails import may_hold_address, tail_starts

    text = runs[0][1]
    if not _SEPARATOR.search(text) and not address and not may_hold_address([tokens[i].surface for i in kept[1:]]):
        return ()  # the common case, listed names above all: one part, no address word, place or number
    # one character for one, so that offsets in it are offsets in the text: "cañada" is found as "canada"
    folded = "".join(unicodedata.normalize("NFKD", ch)[:1] for ch in text.casefold()) if not text.isascii() else text.casefold()
    offsets: list[int | None] = []
    boundary: list[bool] = []
    position = 0
    for token in tokens:
        found = folded.find(token.surface, position) if token.surface.isascii() else -1
        if found < 0:
            offsets.append(None)
            boundary.append(False)
            continue
        offsets.append(found)
        boundary.append(position > 0 and bool(_SEPARATOR.search(folded[position:found] + " ")))
        position = found + len(token.surface)
    kept_set = set(kept)
    words, parts, after_form, where = [], [], [], []
    last_form = max((j for j in range(len(tokens)) if j not in kept_set), default=-1)
    goes_on = [i < last_form for i in kept]  # a legal form set aside after it: the name goes on
    for rank, i in enumerate(kept):
        dropped = [j for j in range(kept[rank - 1] + 1 if rank else 0, i) if j not in kept_set]
        words.append(tokens[i].surface)
        parts.append(boundary[i] or any(boundary[j] for j in dropped))
        after_form.append(bool(dropped) and _ends_name(tokens[dropped[-1]]))
        where.append(offsets[i])
    starts = tail_starts(words, parts, after_form, bool(address), goes_on)
    return tuple((i, text[where[i]:].strip(" ,;-–—()"), strong) for i, strong in starts if where[i] is not None)


@lru_cache(maxsize=8192)
def as_person(name: NormalizedName) -> NormalizedName:
    """The same name read as a person's, when its list says it is one: middle names and initials apply."""
    person = replace(name, person=True)
    object.__setattr__(person, "parts", name.parts)
    return person


#: A bare Roman numeral closing a ship's or an aircraft's name ("SILVIA I", "ARGO I"), as _roman reads it in longer names.
_SHIP_NUMERALS = {"i": "1", "v": "5", "x": "10"}


def as_non_person(name: NormalizedName) -> NormalizedName:
    """The same name read as no person's, when its list says it is a vessel or an aircraft: "SILVIA I" is a ship
    and its "I" an ordinal, not an initial that "Silvia Ivanova" could match."""
    tokens = [Token(t.key, t.surface, "word", t.alts, t.optional, t.pinyin) if t.kind == "initial" else t
              for t in name.tokens]
    last = name.tokens[-1] if name.tokens else None
    if last is not None and last.kind == "initial" and last.key in _SHIP_NUMERALS and len(tokens) > 1:
        # "SILVIA I" is the first of its name, as "MV SILVIA I" (three words) reads: a number that takes the letter too
        value = _SHIP_NUMERALS[last.key]
        tokens[-1] = Token(value, last.surface, "number", frozenset({value, last.key}), last.optional)
    tokens = tuple(tokens)
    thing = replace(name, tokens=tokens, person=False)
    object.__setattr__(thing, "parts", name.parts)
    return thing


def comparison_key(text: str) -> str:
    """A name's keys joined by spaces: a stable, script-free form for display and tests."""
    return " ".join(normalize_name(text).keys)


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)


def mixes_initial(run) -> bool:
    """A single letter beside a longer word: spelt letters ("a b c") join, an initial and a name do not."""
    short = [len(t.key) == 1 for t in run]
    return any(short) and not all(short)


def joined_runs(tokens) -> Iterator[tuple[int, int, str]]:
    """(start, length, joined key) of each run of 2-4 adjacent tokens that may be one word
    spaced apart ("hua wei" → "huawei", "tian hai da"): runs of 3 or 4 only of short syllables."""
    for i in range(len(tokens)):
        for size in (2, 3, 4):
            run = tokens[i : i + size]
            if len(run) < size or any(t.alts is not None or t.kind == "number" for t in run):
                break
            if size > 2 and not all(len(t.key) <= 4 for t in run):
                break  # longer runs only for spaced syllables ("tian hai da", "kim jong un")
            if mixes_initial(run):
                break  # "Morgovsky I." is a surname and an initial, not "Morgovskyi"
            yield i, size, "".join(t.key for t in run)
