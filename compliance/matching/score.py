"""Scores in 0–100 with a plain-language explanation.

The score is a rarity-weighted Dice coefficient over aligned tokens:
`100 · (matched weight of A + matched weight of B) / (total weight of A + total weight of B)`.
A token's weight is its inverse document frequency across the lists, so "technology",
"beijing" or "international" weigh little and cannot carry a match alone, while a rare
trade name ("huawei") weighs a lot. Tokens align when equal (or one is an accepted
rendering of the other: 技术 → technology), when two adjacent tokens join into the other's
one ("Hua Wei" / "Huawei"), or when they are close spellings (Levenshtein ≥ 0.8, tokens of
5+ letters). Two different romanised Chinese names never align as typos: "Lixin" and
"Lixing" are different syllables, not one letter apart. Numbers align only when equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from rapidfuzz.distance import Levenshtein

from compliance.matching.normalize import NormalizedName, Token
from compliance.matching.words import canonical_token

FUZZY_CUTOFF = 0.8
FUZZY_MIN_LENGTH = 6

Weight = Callable[[str], float]


@dataclass
class Alignment:
    """How two names lined up: the score and each matched or unmatched token."""

    score: float
    pairs: list[tuple[Token, Token, float]] = field(default_factory=list)
    unmatched_a: list[Token] = field(default_factory=list)
    unmatched_b: list[Token] = field(default_factory=list)


def token_similarity(a: Token, b: Token) -> float:
    """1.0 for the same word, a fuzzy similarity for close spellings, else 0."""
    if a.key == b.key or b.accepts(a.key) or a.accepts(b.key):
        return 1.0
    if a.alts is not None and b.alts is not None and a.alts & b.alts:
        return 1.0
    if a.kind == "number" or b.kind == "number" or a.alts is not None or b.alts is not None:
        return 0.0
    if a.pinyin and b.pinyin:
        return 0.0
    if len(a.key) < FUZZY_MIN_LENGTH or len(b.key) < FUZZY_MIN_LENGTH:
        return 0.0
    return Levenshtein.normalized_similarity(a.key, b.key, score_cutoff=FUZZY_CUTOFF)


def _joined(tokens: tuple[Token, ...], other_keys: set[str]) -> tuple[Token, ...]:
    """Merge adjacent tokens whose concatenation is one token of the other name."""
    if len(tokens) < 2:
        return tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i].alts is None and tokens[i + 1].alts is None:
            joined = tokens[i].key + tokens[i + 1].key
            if joined in other_keys or canonical_token(joined) in other_keys:
                key = joined if joined in other_keys else canonical_token(joined)
                out.append(Token(key, f"{tokens[i].surface} {tokens[i + 1].surface}", "joined",
                                 pinyin=tokens[i].pinyin or tokens[i + 1].pinyin))
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return tuple(out)


#: Points taken off per token, on either side, that found no partner: a listed "TCL" is not
#: "TCL Technology Group", however rare "tcl" is. Not applied when one name was translated
#: from Han characters: English renderings of Chinese names add and drop words ("Research",
#: "China", "PLA") by habit, so an unmatched word there says little.
UNMATCHED_PENALTY = 4.0


def _translated(tokens: tuple[Token, ...]) -> bool:
    return any(t.kind in ("place", "industry", "trade") for t in tokens)


def _fuzzable(token: Token) -> bool:
    return token.alts is None and token.kind != "number" and len(token.key) >= FUZZY_MIN_LENGTH


def align(a: NormalizedName, b: NormalizedName, weight: Weight) -> Alignment:
    """Align the tokens of two names and score them (see module docstring)."""
    ta, tb = a.tokens, b.tokens
    if not ta or not tb:
        return Alignment(0.0, [], list(ta), list(tb))
    keys_a, keys_b = a.key_set, b.key_set
    if a.pair_keys & keys_b or b.pair_keys & keys_a:
        ta = _joined(ta, keys_b)
        keys_a = frozenset(k for t in ta for k in t.keys())
        tb = _joined(tb, keys_a)
        keys_b = frozenset(k for t in tb for k in t.keys())
    b_fuzzable = any(_fuzzable(t) for t in tb)
    used = [False] * len(tb)
    pairs: list[tuple[Token, Token, float]] = []
    unmatched_a: list[Token] = []
    for tok in sorted(ta, key=lambda t: -weight(t.key)) if len(ta) > 1 else ta:
        exact_possible = tok.key in keys_b or (tok.alts is not None and not tok.alts.isdisjoint(keys_b))
        if not exact_possible and not (b_fuzzable and _fuzzable(tok)):
            if tok.alts is None or not any(o.alts is not None for o in tb):
                unmatched_a.append(tok)
                continue
        best, best_j = 0.0, -1
        for j, other in enumerate(tb):
            if used[j]:
                continue
            sim = token_similarity(tok, other)
            if sim > best:
                best, best_j = sim, j
                if sim == 1.0:
                    break
        if best_j >= 0:
            used[best_j] = True
            pairs.append((tok, tb[best_j], best))
        else:
            unmatched_a.append(tok)
    unmatched_b = [t for j, t in enumerate(tb) if not used[j]]
    matched = total = 0.0
    for x, y, sim in pairs:
        w = weight(x.key) + weight(y.key)
        matched += w * sim
        total += w
    missing = 0
    for t in unmatched_a:
        if not t.optional:
            total += weight(t.key)
            missing += 1
    for t in unmatched_b:
        if not t.optional:
            total += weight(t.key)
            missing += 1
    score = 100.0 * matched / total if total else 0.0
    if matched and UNMATCHED_PENALTY and not _translated(ta) and not _translated(tb):
        score = max(0.0, score - UNMATCHED_PENALTY * missing)
    return Alignment(round(score, 1), pairs, unmatched_a, unmatched_b)


#: Score adjustments from the other facts about a party. They weaken or corroborate a name
#: match; they never make one: a hit needs the name score alone to reach the threshold.
COUNTRY_AGREES = 3.0
COUNTRY_DIFFERS = -10.0


def country_adjustment(query_country: str | None, entry_country: str | None) -> tuple[float, str]:
    if not query_country or not entry_country:
        return 0.0, "country not compared (not given on both sides)"
    if query_country.upper() == entry_country.upper():
        return COUNTRY_AGREES, f"country agrees ({entry_country.upper()}): corroborates"
    return COUNTRY_DIFFERS, f"country differs ({query_country.upper()} vs listed {entry_country.upper()}): weakens"


def explain(a: NormalizedName, b: NormalizedName, alignment: Alignment, extra: list[str] | None = None) -> str:
    """A sentence an analyst can check: what matched, what was set aside, what bridged scripts."""
    parts = []
    if alignment.pairs:
        described = []
        for x, y, sim in alignment.pairs:
            shown_x = x.surface if x.kind in ("word", "number", "joined") else f"{x.surface} ({x.key})"
            shown_y = y.surface if y.kind in ("word", "number", "joined") else f"{y.surface} ({y.key})"
            if sim < 1.0:
                described.append(f"'{shown_x}'≈'{shown_y}' ({sim:.0%} similar spelling)")
            elif shown_x.casefold() == shown_y.casefold():
                described.append(f"'{shown_x}'")
            else:
                described.append(f"'{shown_x}'='{shown_y}'")
        parts.append("matched " + ", ".join(dict.fromkeys(described)))
    missing = [t.surface for t in alignment.unmatched_a if not t.optional]
    if missing:
        parts.append("not in the listed name: " + ", ".join(f"'{m}'" for m in missing))
    extra_b = [t.surface for t in alignment.unmatched_b if not t.optional]
    if extra_b:
        parts.append("listed name also has: " + ", ".join(f"'{m}'" for m in extra_b))
    forms = sorted(set(a.legal_forms) | set(b.legal_forms))
    if forms:
        parts.append("legal form set aside: " + ", ".join(forms))
    notes = list(dict.fromkeys(a.notes + b.notes))
    if notes:
        parts.append("; ".join(notes))
    parts.extend(extra or [])
    return "; ".join(parts)
