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
    UNSEEN_KEY, ADDED_NAME_COST, DROPPED_WORD_COST, MIDDLE_NAME_COST, SUBSET_COST, Weight, _abbreviates, _form_keys, _han,
    _slipped_abbreviation, close_spelling, cost_factor, dropped_letter, loose_spelling, misspelt_number, slipped_form,
    spellings,
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
    # score._align_initials: an initial and a name (or patronymic) written with its letter first
    if (kind_a == "initial" and kind_b in ("word", "patronymic") and b.surface[:1] == key_a) \
            or (kind_b == "initial" and kind_a in ("word", "patronymic") and a.surface[:1] == key_b):
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
        # score._align_number_slips: a query word that misspells the number word of a listed number
        return kind_a == "word" and kind_b == "number" and alts_a is None and _spells_number(a.surface, key_b)
    if kind_a == "abbrev" or kind_b == "abbrev":
        if _abbreviates(a, b) or _abbreviates(b, a) or _slipped_abbreviation(a, b) or _slipped_abbreviation(b, a):
            return True
    if not key_a.isalpha() or not key_b.isalpha():
        return False
    vouchable = kind_a == kind_b == "word"  # score._align_vouched_slip: two slips anywhere in the word
    for x in written_a:
        size = len(x)
        for y in written_b:
            if -2 <= size - len(y) <= 2 and OSA.distance(x, y, score_cutoff=2) <= 2 and (
                    close_spelling(x, y) or (vouchable and loose_spelling(x, y))):
                return True
    return False


def _spells_number(word: str, digits: str) -> bool:
    read = misspelt_number(word) if word.isalpha() else None
    return read is not None and read[1] == digits


def _lengths(token: Token) -> tuple[int, int] | None:
    """(shortest, longest) spelling of a token that pairs only with its own keys or a close spelling (None for
    renderings, initials, abbreviations, numbers and Han): two such tokens more than two letters apart never pair."""
    if token.alts is not None or token.kind in ("initial", "abbrev", "number") or _han(token):
        return None
    sizes = [len(s) for s in spellings(token)]
    return min(sizes), max(sizes)


#: Most letters two slips change in a spelling's set of letters: a substitution swaps one for another, an added or
#: dropped letter changes one, a transposition none.
SLIP_LETTERS = 4


def _letters(token: Token) -> tuple[int, ...] | None:
    """The letters of each spelling of a token as bits (several letters may share one: only fewer differences are
    seen), for a token may_pair pairs only by its key or by spellings at most two slips apart; None for the others
    (renderings, initials, abbreviations, numbers, Han). Two such tokens whose spellings all differ in more than
    SLIP_LETTERS bits never pair, which is told without may_pair."""
    if token.alts is not None or token.kind in ("initial", "abbrev", "number") or _han(token):
        return None
    return tuple(letter_bits(s) for s in spellings(token))


def letter_bits(spelling: str) -> int:
    """The letters of a spelling as bits of an int (letters whose codes agree in their last six bits share one)."""
    return sum(1 << (ord(c) & 63) for c in set(spelling))


def far_apart(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Whether every spelling of one token differs from every spelling of the other in more than SLIP_LETTERS letters."""
    for x in a:
        for y in b:
            if (x ^ y).bit_count() <= SLIP_LETTERS:
                return False
    return True


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


#: Answers of may_pair a TokenTable keeps (~100 bytes each).
KEPT_PAIRS = 20_000
#: Answers of slipped_form a TokenTable keeps (~150 bytes each, at most ~8 MB): a listed word is asked about once
#: per distinct set of legal forms the queries write, and a run's queries write few.
KEPT_SLIPS = 50_000
#: How the two token numbers share the key of a may_pair answer.
PAIR_SHIFT = 32


class TokenTable:
    """Per index, for bounding many queries: each distinct token (by what scoring reads of it) numbered once with
    its weight and cost shares, each listed name's tokens as numbers, and what depends on a pair of tokens alone
    (may they pair) or on a token and a name's legal forms (does it misspell one), remembered across queries: a
    run's queries repeat their words. It grows with the distinct words of the lists and of the queries a run
    bounds, never with the number of queries."""

    def __init__(self, weight: Weight) -> None:
        self.weight = weight
        self._numbers: dict[tuple, int] = {}
        self.tokens: list[Token] = []
        self.weights: list[float] = []
        self.factors: list[float] = []
        self.least: list[float] = []  # least cost share of a listed token in a subset reading
        self.least_query: list[float] = []  # the same for a query token
        self.lengths: list[tuple[int, int] | None] = []  # see _lengths
        self.letters: list[tuple[int, ...] | None] = []  # see _letters
        self.written_letters: list[tuple[int, ...] | None] = []  # the same and the word as written
        self._entries: dict[int, tuple[int, ...]] = {}
        self._pairs: dict[int, bool] = {}  # query token << PAIR_SHIFT | listed token → may_pair (see pairs)
        self._slips: dict[tuple[int, tuple[str, ...]], bool] = {}  # (token, legal forms) → misspells one of them
        self._form_keys: dict[tuple[str, ...], frozenset[str]] = {}
        self._letter_memo: dict[tuple[str, ...], tuple[int, ...]] = {}

    def number(self, token: Token) -> int:
        signature = (token.key, token.surface, token.kind, token.alts, token.optional)
        found = self._numbers.get(signature)
        if found is None:
            found = self._numbers[signature] = len(self.tokens)
            self.tokens.append(token)
            self.weights.append(self.weight(token.key))
            self.factors.append(cost_factor(token))
            self.least.append(_least_cost(token, True, True))
            self.least_query.append(_least_cost(token, False, True))
            self.lengths.append(_lengths(token))
            letters = _letters(token)
            self.letters.append(letters)
            self.written_letters.append(None if letters is None else letters + (letter_bits(token.surface),))
        return found

    def entry(self, entry: int, name: NormalizedName) -> tuple[int, ...]:
        """The numbers of listed name `entry`'s tokens."""
        found = self._entries.get(entry)
        if found is None:
            found = self._entries[entry] = tuple(self.number(t) for t in name.tokens)
        return found

    def pairs(self, own: int, listed: int) -> bool:
        """may_pair of query token number `own` and listed token number `listed` (remembered under
        `own << PAIR_SHIFT | listed`, up to KEPT_PAIRS answers: a 50,000-name run must stay small)."""
        known = self._pairs
        if len(known) >= KEPT_PAIRS:
            known.clear()
        found = known[own << PAIR_SHIFT | listed] = may_pair(self.tokens[own], self.tokens[listed])
        return found

    def slips(self, number: int, forms: tuple[str, ...]) -> bool:
        """Whether token number `number` misspells or repeats one of `forms` (score.slipped_form)."""
        known = self._slips
        found = known.get((number, forms))
        if found is None:
            if len(known) >= KEPT_SLIPS:
                known.clear()
            token = self.tokens[number]
            letters = self.letters[number]
            if letters is not None and far_apart(self.written_letters[number], self._form_letters(forms)):
                known[(number, forms)] = False  # neither the same word nor two slips from one
                return False
            found = known[(number, forms)] = slipped_form(token, forms) is not None or (
                token.kind == "word" and token.key.isalpha() and self.weights[number] >= self.weight(UNSEEN_KEY)
                and any(form.isascii() and form.isalpha() and loose_spelling(x, form)
                        for form in forms for x in spellings(token)))  # score._vouched_form_slip
        return found

    def _form_letters(self, forms: tuple[str, ...]) -> tuple[int, ...]:
        """The letters of each of `forms` as bits (see _letters), remembered."""
        found = self._letter_memo.get(forms)
        if found is None:
            found = self._letter_memo[forms] = tuple(letter_bits(form) for form in forms)
        return found

    def form_keys(self, name: NormalizedName) -> frozenset[str]:
        """score._form_keys of a name, by its legal forms."""
        found = self._form_keys.get(name.legal_forms)
        if found is None:
            found = self._form_keys[name.legal_forms] = _form_keys(name) if name.legal_forms else frozenset()
        return found


class QueryBound:
    """`score_bound` for one query against many listed names: what depends on an entry token alone (which
    query tokens it may pair with, its gain and least costs) is worked out once per distinct token."""

    def __init__(self, query: NormalizedName, table: TokenTable) -> None:
        self.query = query
        self.table = table
        self.tokens = query.tokens
        self.numbers = numbers = [table.number(t) for t in query.tokens]
        self.weights = [table.weights[n] for n in numbers]
        self.factors = [table.factors[n] for n in numbers]
        self.least = [table.least_query[n] for n in numbers]
        self.lengths = [table.lengths[n] for n in numbers]
        self.letters = [table.letters[n] for n in numbers]
        self.most = max(self.weights, default=0.0)
        self.tail = min((t[0] for t in query.tails), default=len(query.tokens))  # an address may be set aside
        self.forms = table.form_keys(query)
        self.unbounded = bool(query.parts)
        self.pair_keys = query.pair_keys
        self._tokens: dict[int, tuple[int, float, bool, float, float]] = {}
        self._reach: dict[tuple[int, int] | None, tuple[int, ...]] = {}  # see _within_reach
        self._forms: dict[tuple[str, ...], tuple[int, int]] = {}
        self._sides: dict[tuple[int, tuple[str, ...]], tuple[float, bool, float, float]] = {}

    def _token(self, number: int) -> tuple[int, float, bool, float, float]:
        """(mask of the query tokens it may pair with, gain when paired, breaks a subset reading, least cost
        unpaired, least cost unpaired in a subset reading) of an entry token."""
        table = self.table
        token = table.tokens[number]
        mask = 0
        sizes = table.lengths[number]
        letters = table.letters[number]
        pairs = table._pairs
        numbers, own_letters = self.numbers, self.letters
        reach = self._reach.get(sizes)
        if reach is None:
            reach = self._within_reach(sizes)
        for i in reach:
            if letters is not None and own_letters[i] is not None and far_apart(letters, own_letters[i]):
                continue  # may_pair's answer, quickly
            own = numbers[i]
            found = pairs.get(own << PAIR_SHIFT | number)
            if found if found is not None else table.pairs(own, number):
                mask |= 1 << i
        weight, factor = table.weights[number], table.factors[number]
        forms = self.query.legal_forms
        slipped = bool(forms) and table.slips(number, forms)
        free = slipped or token.key in self.forms
        gain = max(weight, self.most) if token.kind == "initial" else weight
        found = self._tokens[number] = (mask, gain, bool(factor) and not slipped, 0.0 if free else weight * factor,
                                        0.0 if free else weight * table.least[number])
        return found

    def _within_reach(self, sizes: tuple[int, int] | None) -> tuple[int, ...]:
        """The query tokens a listed token with spellings of `sizes` letters may pair with by their lengths (see
        _lengths: more than two letters apart, two such tokens never pair), remembered per query: a long query
        bounds many names whose words have the same few lengths."""
        found = self._reach[sizes] = tuple(
            i for i, own in enumerate(self.lengths)
            if sizes is None or own is None or not (sizes[0] - own[1] > 2 or own[0] - sizes[1] > 2))
        return found

    def _entry_forms(self, entry: NormalizedName) -> tuple[int, int]:
        """Masks of the query tokens that cost nothing unpaired against a name with these legal forms: words of
        its forms (they still count against a subset reading), and misspellings of them (set aside)."""
        forms = entry.legal_forms
        found = self._forms.get(forms)
        if found is None:
            keys = self.table.form_keys(entry)
            slips = self.table.slips
            free = slipped = 0
            for i, (token, number) in enumerate(zip(self.tokens, self.numbers)):
                if forms and slips(number, forms):
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
