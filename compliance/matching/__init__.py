"""Name matching as a library layer: it knows names, not files or rules.

`compare(a, b)` scores two names (0–100) and explains the score; `NameIndex` finds the
listed names close to a query without comparing it with every name.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.matching.normalize import NormalizedName, normalize_name
from compliance.matching.score import align, country_adjustment, explain

#: Default score at or above which a name is reported as a hit.
DEFAULT_THRESHOLD = 85.0

#: Weight of a token when no list statistics are given (pairwise comparison).
FLAT_WEIGHT = 1.0


@dataclass(frozen=True)
class Comparison:
    score: float  # 0–100, after country adjustment
    name_score: float  # 0–100, names alone
    explanation: str


def compare(
    a: str,
    b: str,
    *,
    country_a: str | None = None,
    country_b: str | None = None,
    weights: dict[str, float] | None = None,
) -> Comparison:
    """Score two names and say why.

    Scale: 0–100. 100 means every word that identifies either name found its partner in the
    other (same word, accepted rendering, translation or transliteration); words that say
    nothing about identity are set aside first (legal forms in an organisation's name, titles,
    stop words, "branch"/"office"/"plant" and the site's number, an address after the name).
    Below 100 the score is the matched weight over the matched weight plus the cost of what
    only one name has (see `compliance.matching.score`): a missing generic word or place costs
    little, a missing rare word, a different number or an unmatched word in a name identified
    only by generic words costs much, and a close spelling (transposition = one edit) counts
    a little less than the same word. 0 means nothing aligned.

    Threshold: DEFAULT_THRESHOLD (85) is the score at or above which screening reports a
    hit. At 85 a name that differs from a listed one only by spelling slips, generic or
    set-aside words, initials, a patronymic, word order, script or a dropped city is a hit;
    one that adds or lacks a distinctive word, or differs in a number, is not. The country
    adjustment (`score` vs `name_score`) corroborates or weakens a hit but a hit needs
    `name_score` alone to reach the threshold.

    `weights` (token → weight, e.g. `NameIndex.idf`) makes words common on the lists count
    less; without it every word weighs the same. A cell holding the name in two scripts is
    also scored part by part, and the best part is named in the explanation."""
    na, nb = normalize_name(a), normalize_name(b)
    if weights is None:
        weight = lambda key: FLAT_WEIGHT  # noqa: E731
    else:
        default = max(weights.values(), default=FLAT_WEIGHT)
        weight = lambda key: weights.get(key, default)  # noqa: E731
    alignment = align(na, nb, weight)
    adjust, note = country_adjustment(country_a, country_b)
    score = max(0.0, min(100.0, alignment.score + adjust)) if alignment.score else 0.0
    return Comparison(round(score, 1), alignment.score, explain(na, nb, alignment, [note]))


__all__ = ["Comparison", "DEFAULT_THRESHOLD", "NormalizedName", "compare", "normalize_name"]
