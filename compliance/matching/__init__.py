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
    """Score two names. `weights` (token → weight, e.g. `NameIndex.idf`) makes common
    words count less; without it every token weighs the same."""
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
