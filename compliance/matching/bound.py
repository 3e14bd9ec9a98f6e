"""A safe upper bound of one listed name's score, from both names' tokens, before aligning them.

The index's candidate bound (index.NameIndex.candidates) sees only postings: words shared by
many names are assumed matched on every candidate, close spellings at their best. Here the
entry's own tokens are at hand, so a token that can pair with no token of the other name is
known to stay unaligned and to cost at least its cheapest reading. Scoring (score._score) is
`100 · M / (M + C)`; M only grows and C only shrinks when a token moves from unaligned to
aligned, so counting every token that *may* align as aligned at full similarity, and every
other at its cheapest cost, bounds the score from above. Names that align part by part or
by joined words are not bounded (100): the search aligns them.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from compliance.matching.normalize import NormalizedName, Token
from compliance.matching.score import (
    ADDED_NAME_COST, DROPPED_WORD_COST, MIDDLE_NAME_COST, SUBSET_COST, Weight, _abbreviates, _form_keys, _han,
    _slipped_abbreviation, close_spelling, cost_factor, dropped_letter, slipped_form, spellings,
)

#: Rounding of the score (one decimal) and float sums in another order: a bound this close under the
#: threshold is still aligned.
MARGIN = 0.1


def may_pair(a: Token, b: Token) -> bool:
    """Whether any rule of score._align can pair the two tokens (a superset: never False for a pair it makes)."""
    key_a, key_b, alts_a, alts_b = a.key, b.key, a.alts, b.alts
    if key_a == key_b:
        return True
    if alts_a is not None or alts_b is not None:  # accepted renderings (score._same)
        if (alts_a is not None and key_b in alts_a) or (alts_b is not None and key_a in alts_b) \
                or (alts_a is not None and alts_b is not None and not alts_a.isdisjoint(alts_b)):
            return True
    kind_a, kind_b = a.kind, b.kind
    if kind_a == "initial" or kind_b == "initial":  # score._align_initials
        return True
    if _han(a) and _han(b):  # compared as characters (score.token_similarity)
        return a.surface == b.surface
    written_a, written_b = spellings(a), spellings(b)
    if kind_a == kind_b == "word":  # score._align_short_words: "Al" / "Ali"
        for x in written_a:
            for y in written_b:
                if len(x) + len(y) == 5 and (dropped_letter(x, y) or dropped_letter(y, x)):
                    return True
    if kind_a == "number" or kind_b == "number" or alts_a is not None or alts_b is not None:
        return False
    if kind_a == "abbrev" or kind_b == "abbrev":
        if _abbreviates(a, b) or _abbreviates(b, a) or _slipped_abbreviation(a, b) or _slipped_abbreviation(b, a):
            return True
    if not key_a.isalpha() or not key_b.isalpha():
        return False
    for x in written_a:
        size = len(x)
        for y in written_b:
            if -2 <= size - len(y) <= 2 and OSA.distance(x, y, score_cutoff=2) <= 2 and close_spelling(x, y):
                return True
    return False


def _lengths(token: Token) -> tuple[int, int] | None:
    """(shortest, longest) spelling of a token that pairs only with its own keys or a close spelling (None for
    renderings, initials, abbreviations and Han): two such tokens more than two letters apart never pair."""
    if token.alts is not None or token.kind in ("initial", "abbrev") or _han(token):
        return None
    sizes = [len(s) for s in spellings(token)]
    return min(sizes), max(sizes)


def _least_cost(token: Token, listed: bool, subset: bool) -> float:
    """The least cost share an unaligned token can have (score._score), a subset reading allowed or not."""
    factor = cost_factor(token)
    if not subset or not factor:
        return factor
    if token.kind == "word":
        return min(factor, MIDDLE_NAME_COST, DROPPED_WORD_COST, SUBSET_COST) if listed else min(factor, ADDED_NAME_COST,
                                                                                                SUBSET_COST)
    if token.kind == "initial" and listed:
        return min(factor, MIDDLE_NAME_COST)
    return factor


class TokenTable:
    """Per index, for bounding many queries: each distinct token of the listed names (by what scoring reads of
    it) numbered once with its weight and cost shares, and each listed name's tokens as numbers. Built as
    queries reach the names; it never grows past the lists' own words."""

    def __init__(self, weight: Weight) -> None:
        self.weight = weight
        self._numbers: dict[tuple, int] = {}
        self.tokens: list[Token] = []
        self.weights: list[float] = []
        self.factors: list[float] = []
        self.least: list[float] = []  # least cost share of a listed token in a subset reading
        self.lengths: list[tuple[int, int] | None] = []  # see _lengths
        self._entries: dict[int, tuple[int, ...]] = {}

    def number(self, token: Token) -> int:
        signature = (token.key, token.surface, token.kind, token.alts, token.optional)
        found = self._numbers.get(signature)
        if found is None:
            found = self._numbers[signature] = len(self.tokens)
            self.tokens.append(token)
            self.weights.append(self.weight(token.key))
            self.factors.append(cost_factor(token))
            self.least.append(_least_cost(token, True, True))
            self.lengths.append(_lengths(token))
        return found

    def entry(self, entry: int, name: NormalizedName) -> tuple[int, ...]:
        """The numbers of listed name `entry`'s tokens."""
        found = self._entries.get(entry)
        if found is None:
            found = self._entries[entry] = tuple(self.number(t) for t in name.tokens)
        return found


class QueryBound:
    """`score_bound` for one query against many listed names: what depends on an entry token alone (which
    query tokens it may pair with, its gain and least costs) is worked out once per distinct token."""

    def __init__(self, query: NormalizedName, table: TokenTable) -> None:
        self.query = query
        self.table = table
        self.tokens = query.tokens
        self.weights = [table.weight(t.key) for t in query.tokens]
        self.factors = [cost_factor(t) for t in query.tokens]
        self.least = [_least_cost(t, False, True) for t in query.tokens]
        self.lengths = [_lengths(t) for t in query.tokens]
        self.most = max(self.weights, default=0.0)
        self.tail = min((t[0] for t in query.tails), default=len(query.tokens))  # an address may be set aside
        self.forms = _form_keys(query) if query.legal_forms else frozenset()
        self.unbounded = bool(query.parts)
        self.pair_keys = query.pair_keys
        self._tokens: dict[int, tuple[int, float, bool, float, float]] = {}
        self._forms: dict[tuple[str, ...], tuple[int, int]] = {}
        self._sides: dict[tuple[int, tuple[str, ...]], tuple[float, bool, float, float]] = {}

    def _token(self, number: int) -> tuple[int, float, bool, float, float]:
        """(mask of the query tokens it may pair with, gain when paired, breaks a subset reading, least cost
        unpaired, least cost unpaired in a subset reading) of an entry token."""
        table = self.table
        token = table.tokens[number]
        mask = 0
        sizes = table.lengths[number]
        for i, (own, own_sizes) in enumerate(zip(self.tokens, self.lengths)):
            if sizes is not None and own_sizes is not None and (sizes[0] - own_sizes[1] > 2
                                                                 or own_sizes[0] - sizes[1] > 2):
                continue  # may_pair's answer, quickly
            if may_pair(own, token):
                mask |= 1 << i
        weight, factor = table.weights[number], table.factors[number]
        forms = self.query.legal_forms
        slipped = bool(forms) and slipped_form(token, forms) is not None
        free = slipped or token.key in self.forms
        gain = max(weight, self.most) if token.kind == "initial" else weight
        found = self._tokens[number] = (mask, gain, bool(factor) and not slipped, 0.0 if free else weight * factor,
                                        0.0 if free else weight * table.least[number])
        return found

    def _entry_forms(self, entry: NormalizedName) -> tuple[int, int]:
        """Masks of the query tokens that cost nothing unpaired against a name with these legal forms: words of
        its forms (they still count against a subset reading), and misspellings of them (set aside)."""
        forms = entry.legal_forms
        found = self._forms.get(forms)
        if found is None:
            keys = _form_keys(entry) if forms else frozenset()
            free = slipped = 0
            for i, token in enumerate(self.tokens):
                if forms and slipped_form(token, forms) is not None:
                    slipped |= 1 << i
                elif token.key in keys:
                    free |= 1 << i
            found = self._forms[forms] = (free, slipped)
        return found

    def _query_side(self, paired: int, entry: int, name: NormalizedName) -> tuple[float, bool, float, float]:
        """(gain, breaks a subset reading, least cost, least cost in a subset reading) of the query's tokens,
        `paired` the mask of those that may pair with a token of listed name number `entry`."""
        table = self.table
        free, slipped = self._entry_forms(name)
        breaks = False
        gain = cost = cost_subset = 0.0
        most_b = None
        initials = False
        for i, token in enumerate(self.tokens):
            bit = 1 << i
            if paired & bit:
                if token.kind == "initial":  # an initial's pair weighs twice the word it stands for
                    initials = True
                    if most_b is None:
                        most_b = max(table.weights[n] for n in table.entry(entry, name))
                    gain += max(self.weights[i], most_b)
                else:
                    gain += self.weights[i]
            elif i < self.tail and not slipped & bit:
                factor = self.factors[i]
                breaks = breaks or bool(factor)
                if not free & bit:
                    cost += self.weights[i] * factor
                    cost_subset += self.weights[i] * self.least[i]
        side = (gain, breaks, cost, cost_subset)
        if not initials:  # else it depends on the listed name's words
            self._sides[(paired, name.legal_forms)] = side
        return side

    def bound(self, entry: int, name: NormalizedName) -> float:
        """An upper bound of `align(query, name).score`, `name` being listed name number `entry`."""
        query = self.query
        if not name.tokens:
            return 0.0
        if self.unbounded or name.parts or not self.pair_keys.isdisjoint(name.key_set) \
                or not name.pair_keys.isdisjoint(query.key_set):
            return 100.0
        paired = 0
        gain = cost_b = cost_b_subset = 0.0
        breaks_b = False
        known = self._tokens
        numbers = self.table._entries.get(entry) or self.table.entry(entry, name)
        for number in numbers:
            facts = known.get(number) or self._token(number)
            if facts[0]:
                paired |= facts[0]
                gain += facts[1]
            else:
                breaks_b = breaks_b or facts[2]
                cost_b += facts[3]
                cost_b_subset += facts[4]
        if not paired:
            return 0.0
        side = self._sides.get((paired, name.legal_forms))
        if side is None:
            side = self._query_side(paired, entry, name)
        gain += side[0]
        breaks_a, cost_a, cost_a_subset = side[1:]
        # one name wholly inside the other may make the other's words cheaper: not when both keep a costly word
        cost = cost_a + cost_b if breaks_a and breaks_b else cost_a_subset + cost_b_subset
        return 100.0 * gain / (gain + cost)


def score_bound(query: NormalizedName, entry: NormalizedName, weight: Weight) -> float:
    """An upper bound of `align(query, entry).score` (see module docstring)."""
    return QueryBound(query, TokenTable(weight)).bound(-1, entry)
