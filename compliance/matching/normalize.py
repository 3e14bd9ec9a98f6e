"""Names → comparable form: tokens with comparison keys, legal forms set aside, notes on what was done.

`normalize_name` is total (never raises) and idempotent on its keys: normalising the
joined keys of a name gives the same keys. It is case-, width- and diacritics-
insensitive (NFKC then case folding then diacritics stripped). Han text goes through
`han.py`; other scripts are transliterated; Cyrillic look-alikes in Latin text folded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from compliance.matching.legal_forms import looks_like_legal_form, split_legal_forms
from compliance.matching.pinyin import is_pinyin
from compliance.matching.scripts import fold_homoglyphs, is_han, to_latin
from compliance.matching.words import DOTTED_ABBREVIATIONS, STOP_WORDS, canonical_token


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
        self.kind = kind  # word | trade | place | industry | number

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
    pair_keys: frozenset[str] = frozenset()  # adjacent tokens joined ("hua"+"wei")

    def __post_init__(self) -> None:
        keys: set[str] = set()
        pairs: set[str] = set()
        tokens = self.tokens
        for i, token in enumerate(tokens):
            keys.update(token.keys())
            if i + 1 < len(tokens) and token.alts is None and tokens[i + 1].alts is None:
                joined = token.key + tokens[i + 1].key
                pairs.add(joined)
                pairs.add(canonical_token(joined))
        object.__setattr__(self, "key_set", frozenset(keys))
        object.__setattr__(self, "pair_keys", frozenset(pairs))

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tokens)


_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_DOTTED = re.compile(r"\b([a-z]+)\.")
_INITIALS = re.compile(r"\b(?:[a-z]\.\s?){2,}")  # "s.a.", "l.l.c.", "s. a." → "sa", "llc"
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _expand_dotted(match: re.Match[str]) -> str:
    word = match.group(1)
    return DOTTED_ABBREVIATIONS.get(word, word) + " "


_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&-]{1,9}(?:\s+[A-Z0-9][A-Z0-9&-]{0,9}){0,2})\)")


def _latin_tokens(text: str, notes: list[str], acronyms: frozenset[str] = frozenset()) -> list[Token]:
    latin = text
    if not text.isascii():
        folded, did_fold = fold_homoglyphs(text)
        if did_fold:
            notes.append("Cyrillic/Greek look-alike letters read as Latin")
        latin, script = to_latin(folded)
        if script:
            notes.append(f"{script} transliterated: {text.strip()} → {latin.strip()}")
    lower = latin.casefold().replace("&", " and ")
    lower = _INITIALS.sub(lambda m: m.group(0).replace(".", "").replace(" ", "") + " ", _APOSTROPHES.sub("", lower))
    lower = _DOTTED.sub(_expand_dotted, lower)
    tokens = []
    for raw in _NON_WORD.split(lower):
        if raw:
            # Stop words ("of", "the", "and") stay in the key but are optional: they cost nothing when absent.
            tokens.append(Token(canonical_token(raw), raw, "number" if raw[0].isdigit() else "word",
                                optional=raw in acronyms or raw in STOP_WORDS, pinyin=len(raw) >= 4 and is_pinyin(raw)))
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


@lru_cache(maxsize=8192)
def normalize_name(text: str) -> NormalizedName:
    """The comparable form of a name. Total: any string gives a (possibly empty) result."""
    original = unicodedata.normalize("NFKC", text or "")
    # "(BUAA)", "(CSSC)": an acronym in brackets repeats the name; it may be absent from the other name.
    acronyms = frozenset(word.casefold() for m in _BRACKETED_ACRONYM.findall(original) for word in m.split())
    nfkc = unicodedata.normalize("NFKC", original.casefold())
    notes: list[str] = []
    han_forms: list[str] = []
    tokens: list[Token] = []
    if nfkc.isascii():
        tokens = _latin_tokens(nfkc, notes, acronyms)
    else:
        from compliance.matching.han import han_runs

        for is_han_run, run in han_runs(nfkc):
            tokens.extend(_han_tokens(run, notes, han_forms) if is_han_run else _latin_tokens(run, notes, acronyms))
    kept, _ = split_legal_forms([t.key for t in tokens])
    if len(kept) > 1:
        kept = [i for i in kept if tokens[i].kind != "word" or not looks_like_legal_form(tokens[i].key)] or kept
    kept_set = set(kept)
    surface_forms = [t.surface for i, t in enumerate(tokens) if i not in kept_set] + han_forms
    return NormalizedName(
        text=text,
        tokens=tuple(tokens[i] for i in kept),
        legal_forms=tuple(surface_forms),
        notes=tuple(notes),
    )


def comparison_key(text: str) -> str:
    """A name's keys joined by spaces: a stable, script-free form for display and tests."""
    return " ".join(normalize_name(text).keys)


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)
