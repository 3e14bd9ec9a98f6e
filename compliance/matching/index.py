"""Candidate generation: find the listed names worth scoring without scoring them all.

Built once per set of list snapshots. Every listed name (primary and aliases) is
normalised once; its token keys, accepted renderings and adjacent-token joins go into
an inverted index. Close spellings are found by comparing a query token (its key and the word
as written) only with the vocabulary spellings filed in the same buckets (shared first or last
letters, see NameIndex.__init__; a word the lists lack is also looked up two
slips away, by its middle letters, or by its first and last letters and length when one word of the pair has
6 or 7 letters); a query word close to a legal-form word of the lists may be
that form misspelt and costs nothing in the bound. A word the lists have as written, or a short
word, may still be a slip of another ("Grup", "Gic" for "Gil"): its close spellings count only for
the names the query's other words fetch. Keys shared by many names ("technology",
"beijing") do not fetch candidates on their own when a query has rarer words; a query
made only of common words fetches the names that contain its two rarest words (a title, a legal-form or
an address word only when it has no other: the listed name may lack it). A two-letter word is looked
up, among the names the other words fetch, as a three-letter word with a letter dropped ("Cavok US" / "Cavok UAS");
a listed word beside only common words ("KOI Engineering", "Mehmet Khan" / "KHANI, Mohammad") among the names those
words hold; a common word (and its slip: "Internaeional") fetches the names holding any key it may be.
A query's initial may align with a listed name it starts ("A." / "Andrey"), which its postings do not show: the
bound counts what that pair can weigh (_initial_gain). A query word the lists lack may be two slips from a listed word
anywhere when the words beside it vouch for it
(score._align_vouched_slip): it is compared with the words of the names its other words fetch (_vouched_slips).
A query word looked up by close spelling that misspells a number word also fetches the names holding that number
(score._align_number_slips).
"""

from __future__ import annotations

import math
import zlib
from bisect import bisect_left, bisect_right
from array import array
from dataclasses import dataclass
from itertools import repeat
from typing import Any, Iterable, Sequence

from compliance.lists.model import ListedParty
from compliance.matching.normalize import NormalizedName, Token, as_non_person, as_person, joined_runs, normalize_name
from compliance.matching.words import canonical_token
from rapidfuzz import process
from rapidfuzz.distance import OSA

from compliance.matching.bound import MARGIN as BOUND_MARGIN, QueryBound, TokenTable, far_apart, letter_bits
from compliance.matching.legal_forms import legal_form_keys
from compliance.matching.score import (
    ADDED_NAME_COST, DROPPED_WORD_COST, FORM_IDENTIFYING_LENGTH, FORM_SLIP_MIN_LENGTH, FUZZY_SIMILARITY_FLOOR, IDENTIFYING_LENGTH,
    INITIAL_SIMILARITY, MIDDLE_NAME_COST, NUMBER_COST, SUBSET_COST, TWO_EDITS_LENGTH, TWO_SLIPS_MIN_LENGTH,
    VOUCHED_SLIP_MIN_LENGTH, align, close_spelling, corroborated, cost_factor, country_adjustment, dropped_letter,
    edit_budget, explain, loose_spelling, misspelt_number, spellings, Alignment,
)

#: Bump when normalisation, tables or scoring change, so cached indexes are rebuilt.
MATCHER_VERSION = "14"

#: Listed entry types (the SDN's) that name no person, whatever the name's shape.
NOT_PERSONS = frozenset({"vessel", "aircraft"})

#: A query word on at most this many listed names is also looked up by close spelling; a
#: three-letter word only when at most SHORT_LOOKUP_MAX names have it (most three-letter words
#: are one edit from dozens of listed ones, "Sam" from "Sum", "Sim", "Saw": a listed one is
#: taken as written, an unlisted one, "Lue" or "Tna", as a slip).
FUZZY_LOOKUP_MAX = 20
SHORT_LOOKUP_MAX = 0

#: Answers each of an index's per-token memos holds before it starts afresh (see NameIndex._memo): a run's
#: queries repeat their words, and a 50,000-name run must still stay small.
MEMO_SIZE = 20_000


def _bucket_names(key: str) -> list[str]:
    """The close-spelling buckets a vocabulary spelling is filed under (see NameIndex.__init__)."""
    size = len(key)
    names = []
    if size >= 6:
        names += ["<" + key[:3], ">" + key[-3:]]
    if size <= TWO_EDITS_LENGTH + 1:  # from 7 letters only for _ends_buckets
        names.append(f"{key[0]}{key[-1]}{size}")
    if 4 <= size <= 5:
        names += ["<<" + key[:2], ">>" + key[-2:]]
    if size == 3:  # not under its first or last two letters: those buckets would fill with acronyms
        names += ["#" + "".join(sorted(key)), "^" + key[:2], "$" + key[1:]]  # the last two: see _near_buckets
    return names


def _middle_names(key: str) -> list[str]:
    """The middle buckets a vocabulary spelling is filed under (see _middle_buckets)."""
    size = len(key)
    if size >= TWO_EDITS_LENGTH:
        return ["|" + key[3:-3], "|<" + key[:2] + key[4:-3], "|>" + key[3:-4] + key[-2:],
                "|=" + key[:2] + key[4:-4] + key[-2:]]
    return []


#: Middle buckets are hashed into this many slots, kept as two flat integer arrays (a slot's word numbers
#: and where each slot starts): some 270,000 tiny buckets as a dict would double the warm cache's size.
MIDDLE_SLOTS = 1 << 16


def _slot(bucket: str, slots: int = MIDDLE_SLOTS) -> int:
    return zlib.crc32(bucket.encode()) % slots


def _middle_buckets(key: str) -> list[str]:
    """Where a word two slips from `key` is filed when one slip touches its first three letters and the other
    its last three (the buckets of _probe_buckets miss it): its middle letters are then intact, and they start
    in `key` one or two letters off when a slip added or dropped a letter before them. The length of the middle
    tells the listed word's length, so each bucket holds words of one length. A swap across the middle's first
    (last) letter leaves the first (last) two letters and the rest of the middle: buckets "|<" and "|>"; a swap
    across each end leaves the first two, the last two and what lies between the swaps: bucket "|="."""
    size = len(key)
    names = []
    for before in range(-2, 3):  # letters a slip added (+) or dropped (-) in the first three
        for after in range(-2 + abs(before), 3 - abs(before)):  # the same in the last three
            length = size - before - after  # of the listed word
            start = 3 + before
            if length >= TWO_EDITS_LENGTH:
                names.append("|" + key[start : start + length - 6])
                if not before:  # a swap across the middle's first letter, a slip in the last three
                    names.append("|<" + key[:2] + key[4 : 4 + length - 7])
                if not after:  # a slip in the first three, a swap across the middle's last letter
                    names.append("|>" + key[start : start + length - 7] + key[-2:])
                if not before and not after:  # a swap across each end of the middle
                    names.append("|=" + key[:2] + key[4 : length - 4] + key[-2:])
    return list(dict.fromkeys(names))


def _ends_buckets(key: str) -> list[str]:
    """The buckets of the words that may be two slips inside `key` (first and last letters kept, the shorter word
    of 6 or 7 letters: score.close_spelling): those of the same first and last letters and a length at most two
    apart. Two slips there ("Manpoar" / "Manohar") leave no bucket of _probe_buckets intact; two longer words
    are found through their middle (_middle_buckets)."""
    size = len(key)
    return [f"{key[0]}{key[-1]}{n}" for n in range(TWO_SLIPS_MIN_LENGTH, TWO_EDITS_LENGTH + 2)
            if abs(n - size) <= 2 and min(n, size) < TWO_EDITS_LENGTH]


def _near_buckets(key: str) -> list[str]:
    """Further buckets for a short word looked up only among the names the query's other words fetch:
    the three-letter words that share its first or last two letters ("Gic"/"Gil", "Kusa"/"Usa")."""
    return ["^" + key[:2], "$" + key[-2:]] if len(key) <= 4 else []


def _close_in(key: str, spellings: Sequence[str], edits: int) -> list[tuple[str, int, int]]:
    """The spellings at most `edits` slips (OSA) from `key`, as (spelling, slips, position), in their order.

    One C call that returns a list: `process.extract_iter`, a generator, left nine objects in reference
    cycles per call, and with the cyclic collector paused while a file is screened they piled up
    (~45 MB over 20,000 names)."""
    found = process.extract(key, spellings, scorer=OSA.distance, score_cutoff=edits, limit=None)
    if len(found) > 1:
        found.sort(key=_position)
    return found


def _probe_buckets(key: str) -> list[str]:
    """The buckets where spellings within the edit budget of `key` are filed."""
    size = len(key)
    names = ["<" + key[:3], ">" + key[-3:]] if size >= 5 else []
    if size <= 7:  # a word of 3-6 letters may have its slip where its first and last three letters overlap
        names += [f"{key[0]}{key[-1]}{n}" for n in (size - 1, size, size + 1) if LOOKUP_MIN_LENGTH <= n <= 6]
    if size <= 6:
        names += ["<<" + key[:2], ">>" + key[-2:]]
    if size == 3:
        names.append("#" + "".join(sorted(key)))
    return names


@dataclass(frozen=True)
class Hit:
    """One listed party a query matched, through its best-matching name."""

    party: ListedParty
    name: str  # the listed name (primary or alias) that matched
    score: float  # 0–100 after country adjustment
    name_score: float  # names alone
    explanation: str


def _vouchers(query: NormalizedName, facts: list[tuple], unseen: float) -> list[tuple[str, float]]:
    """(key, weight) of the query's words that may vouch for a slipped word beside them (score._align_vouched_slip):
    distinctive words some listed name has as written, of IDENTIFYING_LENGTH letters or more, or of
    FORM_IDENTIFYING_LENGTH when the query has a legal form or two such words (either may make the score count them)."""
    found = [(t.key, facts[i][0]) for i, t in enumerate(query.tokens) if t.kind == "word"
             and len(t.key) >= FORM_IDENTIFYING_LENGTH and facts[i][0] < unseen and cost_factor(t) == 1.0]
    if query.legal_forms or len(found) >= 2:
        return found
    return [(key, weight) for key, weight in found if len(key) >= IDENTIFYING_LENGTH]


def _within(key: str, bucket: Sequence[str], cutoff: int) -> list[tuple[str, int]]:
    """(spelling, edits) of the spellings of `bucket` (sorted by length, NameIndex.__init__) at most `cutoff` edits
    from `key`, in bucket order: only those whose length is within `cutoff` of the key's are compared (more edits
    apart otherwise), in one call into rapidfuzz."""
    size = len(key)
    start = bisect_left(bucket, size - cutoff, key=len)
    end = bisect_right(bucket, size + cutoff, start, key=len)
    if start >= end:
        return []
    return [(similar, edits) for similar, edits, _ in _close_in(key, bucket[start:end], cutoff)]


def _position(found: tuple) -> int:
    return found[2]


def _entry_keys(name: NormalizedName) -> set[str]:
    return set(name.key_set) | set(name.pair_keys)


#: Shortest word looked up by close spelling (score.edit_budget allows one edit from three letters).
LOOKUP_MIN_LENGTH = 3


def _fuzzable(key: str) -> bool:
    return len(key) >= LOOKUP_MIN_LENGTH and key.isalpha()


def _two_letters(key: str) -> bool:
    """A two-letter word: looked up only among the names the query's other words fetch, as a three-letter word
    with a letter dropped ("Cavok US" / "Cavok UAS")."""
    return len(key) == 2 and key.isalpha()


def _cost_floor(token: Token, listed: bool = False) -> float:
    """The least an unaligned token can cost (a word may turn out to be a person's middle name, a word the
    query leaves out of a listed name, or a word the other name set aside as its legal form)."""
    if token.kind in ("initial", "abbrev"):  # may align with any word it starts, which no posting shows
        return 0.0
    if token.key in legal_form_keys():
        return 0.0
    factor = cost_factor(token)
    if token.kind != "word":
        return factor
    return min(factor, SUBSET_COST, MIDDLE_NAME_COST, DROPPED_WORD_COST) if listed else min(factor, SUBSET_COST,
                                                                                           ADDED_NAME_COST)


def _entry_cost(name: NormalizedName, weight) -> float:
    if name.parts:  # scored part by part: a part may leave any token of the whole unaligned for free
        return 0.0
    return sum(weight(t.key) * _cost_floor(t, listed=True) for t in name.tokens)


def _free(query: NormalizedName, position: int) -> bool:
    """A word the listed name may lack at no cost and without holding anything in its place: a title, a word set
    aside, a legal-form word, a word of an address after the name (an initial or an abbreviation is no such word:
    the listed name holds it or a word it starts)."""
    token = query.tokens[position]
    if token.kind in ("initial", "abbrev"):
        return False
    return token.optional or token.kind in ("aside", "title") or token.key in legal_form_keys() or (
        bool(query.tails) and position >= query.tails[0][0])


def _may_be_initialled(token: Token) -> bool:
    """A query word a listed name may hold as its initial (score._align_initials)."""
    return token.kind in ("word", "patronymic") and token.surface[:1].isalpha()


#: A query's common word as the subset rule reads it: (how many names have the word as written, the names holding
#: any key it may be, those keys).
Anchor = tuple[int, Sequence[int], tuple[str, ...]]


def _anchors(common: list[Anchor], free: list[Anchor]) -> list[Anchor]:
    """The query's common words the subset rule takes its names from, rarest first: a word the listed name may lack
    (_free) is no anchor ("General 'Ali Husayn" / "HUSAYN, 'Ali"), nor an initial (the name may write the word it
    starts: "Ahmed, I. F. R." / "AHMED, Isma'il Fu'ad Rasul"), unless the query has nothing else."""
    return sorted(common or free, key=lambda anchor: anchor[0])


#: What an index keeps for the process only: memos of what queries looked up, the packed form it was loaded from.
UNSTORED = ("_similar_cache", "_packed", "_token_numbers", "_later", "_facts_memo", "_readings_memo", "_probe_memo",
            "_form_buckets", "_initials_memo", "_family_memo", "_short_memo", "_family_sets", "_light_memo",
            "_loose_memo", "_loose_form_words", "_initialled_memo")


class NameIndex:
    """All names of a set of listed parties, ready for `search`."""

    def __init__(self, parties: Sequence[ListedParty]) -> None:
        self.parties: list[ListedParty] = list(parties)
        self.entry_party: list[int] = []
        self.entry_name: list[str] = []
        self.normalized: list[NormalizedName] = []  # stored pre-normalised (matching/stored.py)
        self.entry_size: list[int] = []
        self.postings: dict[str, list[int]] = {}  # key → entry ids (tuples once built)
        pair_only: set[str] = set()  # keys that are, on some name, adjacent tokens joined
        for position, party in enumerate(self.parties):
            seen: set[str] = set()
            for name in party.names:
                if not name.strip() or name in seen:
                    continue
                seen.add(name)
                normalized = normalize_name(name)
                kind = party.extras.get("type")
                if kind == "individual" and not normalized.person:
                    normalized = as_person(normalized)  # the list says so: "ALEX YUN CHEONG YUE"
                elif kind in NOT_PERSONS and normalized.person:
                    normalized = as_non_person(normalized)  # the vessel "CARLOTA C" is not "Carlota Cabello"
                if not normalized.tokens:
                    continue
                entry = len(self.entry_name)
                self.entry_party.append(position)
                self.entry_name.append(name)
                self.normalized.append(normalized)
                self.entry_size.append(len(normalized.tokens))
                for key in _entry_keys(normalized):
                    self.postings.setdefault(key, []).append(entry)
                pair_only.update(normalized.pair_keys - normalized.key_set)
        self.pair_only: frozenset[str] = frozenset(pair_only)
        n = max(1, len(self.entry_name))
        self.idf: dict[str, float] = {k: math.log((n + 1) / (len(v) + 0.5)) for k, v in self.postings.items()}
        self.default_weight = math.log((n + 1) / 0.5)
        # Keys on more names than this are not looked up: they are assumed matched in the bound.
        self.common = max(100, n // 250)
        self.entry_cost: list[float] = [_entry_cost(name, self.weight) for name in self.normalized]
        # Close spellings (see score.edit_budget): a word of 6+ letters is filed under its first and
        # its last three letters (one slip cannot touch both; two can, see below),
        # a word of 3-9 letters also under (first letter, last letter, length) (a slip inside it; two inside a word of
        # 6 or 7 letters, see _ends_buckets), a
        # word of 4-5 letters under its first and its last two letters (a slip at either end,
        # transpositions included) and a word of 3 letters under its sorted letters (a swap). A word of 8+
        # letters is also filed under its middle (all but its first and last three letters): two slips that
        # touch both ends leave it (see _middle_buckets; these buckets are hashed into MIDDLE_SLOTS slots of
        # word numbers). Only a query word of 8+ letters is looked up there: shorter ones are too many to pay for.
        # A query token is compared, in C, with its buckets' spellings only.
        # Words are filed as written too when the canonical rewrites changed them (see score.spellings).
        # So are the words of the legal forms set aside from listed names: a query word close to one
        # may be that form misspelt (score.slipped_form), which costs nothing when the name has it.
        written: dict[str, set[str]] = {}
        forms: dict[str, set[int]] = {}  # legal-form word → the names that have it
        for entry, name in enumerate(self.normalized):
            for token in name.tokens:
                for spelling in spellings(token)[1:]:
                    written.setdefault(spelling, set()).add(token.key)
            for form in name.legal_forms:
                if form.isascii() and form.isalpha():
                    forms.setdefault(form, set()).add(entry)
        self.written_keys: dict[str, tuple[str, ...]] = {k: tuple(sorted(v)) for k, v in written.items()}
        self.form_words: dict[str, frozenset[int]] = {k: frozenset(v) for k, v in forms.items()}
        buckets: dict[str, list[str]] = {}
        vocabulary: list[str] = []  # the spellings filed in middle buckets, numbered
        slots: list[dict[int, None]] = [{} for _ in range(MIDDLE_SLOTS)]
        for key in dict.fromkeys([*self.postings, *written, *(f for f in forms if len(f) >= FORM_SLIP_MIN_LENGTH)]):
            if _fuzzable(key):
                for bucket in _bucket_names(key):
                    buckets.setdefault(bucket, []).append(key)
                middle = _middle_names(key)
                if middle:
                    vocabulary.append(key)
                    for bucket in middle:
                        slots[_slot(bucket)][len(vocabulary) - 1] = None
        # each bucket's spellings by length (stably): a lookup compares only those its edit budget can reach (_within)
        self.buckets: dict[str, tuple[str, ...]] = {k: tuple(sorted(v, key=len)) for k, v in buckets.items()}
        self.middle_words: tuple[str, ...] = tuple(vocabulary)
        self.middle_ids = array("I", (number for slot in slots for number in slot))
        self.middle_starts = array("I", [0])
        for slot in slots:
            self.middle_starts.append(self.middle_starts[-1] + len(slot))
        self.postings = {k: tuple(v) for k, v in self.postings.items()}

    def __getstate__(self):
        """Stored compactly (matching/stored.py): text and arrays that load in a few milliseconds,
        every listed name pre-normalised, so a loaded index never normalises a listed name."""
        from compliance.matching import stored

        state = {k: v for k, v in self.__dict__.items() if k not in UNSTORED}
        state["parties"] = None  # re-attached from the snapshots on load
        packed = self.__dict__.get("_packed")
        if packed is not None:  # loaded from the cache: stored again as it was loaded
            return {k: v for k, v in state.items() if k not in stored.PACKED} | {"packed": packed}
        try:
            return stored.pack(state)
        except ValueError:  # a name holding the separator: kept as objects
            return state

    def __setstate__(self, state) -> None:
        if "packed" in state:
            from compliance.matching import stored

            state = stored.unpack(state)
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        """An array of a loaded index, read from the warm cache entry when first used (matching/stored.py)."""
        later = self.__dict__.get("_later")
        if not later or name not in later:
            raise AttributeError(name)
        from compliance.matching import stored

        return stored.made(self, name)

    def entry(self, entry: int) -> NormalizedName:
        """The normalised form of listed name number `entry`."""
        return self.normalized[entry]

    def attach(self, parties: Sequence[ListedParty]) -> "NameIndex":
        """Give a loaded index its parties: any sequence by position (a lazy one stays lazy)."""
        # (by its methods: an isinstance check against the Sequence ABC costs a 10-row run milliseconds)
        indexable = hasattr(parties, "__getitem__") and hasattr(parties, "__len__")
        self.parties = parties if indexable else list(parties)  # type: ignore[assignment]
        return self

    def forget(self) -> None:
        """Drop what queries have looked up so far (the per-token memos and the bound's token table): the next
        search starts as the first of a run does. Answers never depend on it (tests/matching/test_batch_search.py)."""
        for name in UNSTORED:
            if name not in ("_packed", "_later"):  # what the index is, not what queries looked up
                self.__dict__.pop(name, None)

    def _token_table(self) -> TokenTable:
        """The tokens of the listed names as bound.py numbers them, built as queries need them (not stored)."""
        table = self.__dict__.get("_token_numbers")
        if table is None:
            table = self.__dict__["_token_numbers"] = TokenTable(self.weight)
        return table

    def weight(self, key: str) -> float:
        return self.idf.get(key, self.default_weight)

    def __len__(self) -> int:
        return len(self.entry_name)

    def _similar(self, spelling: str, near: bool = False) -> tuple[dict[str, float], tuple[str, ...]]:
        """(vocabulary key → best similarity, for the keys within the edit budget of `spelling`; the
        legal-form words of the lists it is a close spelling of); remembered per spelling. `near` also
        looks in the buckets of _near_buckets."""
        cache = self.__dict__.setdefault("_similar_cache", {})
        found = cache.get((spelling, near))
        if found is None:
            if len(cache) > 100_000:
                cache.clear()
            cache[(spelling, near)] = found = self._find_similar(spelling, near)
        return found

    def _similar_keys(self, key: str) -> tuple[str, ...]:
        """Vocabulary keys within the edit budget of `key` (excluding itself)."""
        return tuple(self._similar(key)[0])

    def _find_similar(self, key: str, near: bool = False) -> tuple[dict[str, float], tuple[str, ...]]:
        found: dict[str, float] = {}
        postings, written, forms = self.postings, self.written_keys, self.form_words
        near_forms: list[str] = []
        cutoff = 2 if len(key) >= TWO_EDITS_LENGTH else 1
        for probe in _probe_buckets(key) + _near_buckets(key) if near else _probe_buckets(key):
            bucket = self.buckets.get(probe)
            if not bucket:
                continue
            for similar, edits in _within(key, bucket, cutoff):
                similarity = close_spelling(key, similar) if similar != key else 0.0
                if not similarity and near and dropped_letter(key, similar):  # "us" / "uas" (score._align_short_words)
                    similarity = FUZZY_SIMILARITY_FLOOR
                if not similarity:
                    continue
                self._file(found, similar, similarity)
                if similar in forms and len(similar) >= FORM_SLIP_MIN_LENGTH \
                        and edits <= edit_budget(min(len(key), len(similar))):  # as score.slipped_form reads it
                    near_forms.append(similar)
        found.pop(key, None)
        if len(key) >= TWO_EDITS_LENGTH and not near and key not in postings and key not in written:
            # A word the lists lack: look for those two slips away with a slip at both ends of the word
            # ("Manritec" / "Maritech", see _middle_buckets). Only then, so a word the lists have costs no more time;
            # also when a listed word is one slip away ("Montez" / "Monte"): score.align may pair the word with one
            # two slips away in another name ("MENDEZ"), and the bound must count that name.
            ids, starts, words = self.middle_ids, self.middle_starts, self.middle_words
            slots = len(starts) - 1  # as the index was built (a cached one may predate a change of MIDDLE_SLOTS)
            pool = list({words[number] for slot in {_slot(probe, slots) for probe in _middle_buckets(key)}
                         for number in ids[starts[slot] : starts[slot + 1]]})
            for similar, _, _ in _close_in(key, pool, 2):
                similarity = close_spelling(key, similar)
                if similarity:
                    self._file(found, similar, similarity)
            found.pop(key, None)
        if len(key) >= TWO_SLIPS_MIN_LENGTH and not near and key not in postings \
                and key not in written:  # as for the middle buckets above
            self._two_slips_inside(key, found)
        return found, tuple(near_forms)

    def _two_slips_inside(self, key: str, found: dict[str, float]) -> None:
        """File in `found` the listed spellings two slips inside `key` (see _ends_buckets). Looked up, like the
        middle buckets, only for a word the lists lack."""
        pool = [word for bucket in _ends_buckets(key) for word in self.buckets.get(bucket, ())]
        for similar, _, _ in _close_in(key, pool, 2):
            similarity = close_spelling(key, similar) if similar != key else 0.0
            if similarity:
                self._file(found, similar, similarity)

    def _file(self, found: dict[str, float], similar: str, similarity: float) -> None:
        """Record `similar` (a vocabulary spelling) and the keys it was written for at `similarity`, keeping the best."""
        for listed in (similar,) + self.written_keys.get(similar, ()) if similar in self.postings \
                else self.written_keys.get(similar, ()):
            if similarity > found.get(listed, 0.0):
                found[listed] = similarity

    def _form_holders(self, query: NormalizedName) -> tuple[frozenset[int], ...]:
        """For each legal-form word of the query, the names that have it. A slip of a listed word is looked up among
        the names the query's other words fetch, and also among those with the query's legal forms: the same form
        vouches for a one-word name's slip (score.align: "Cal Group Co., Ltd." / "Calb Group Co., Ltd."). Not for
        a word the lists lack: an acronym one letter from a listed one with the same form is most often another
        company ("BGC Group" / "BGI Group", "SEB Group" / "SES Group" among the negatives)."""
        forms = self.form_words
        return tuple(forms[form] for form in query.legal_forms if form in forms)

    def _form_readings(self, token: Token, spellings_: tuple[str, ...]) -> list[frozenset[int]]:
        """The names that have a legal form `token` may be read as (score.slipped_form), one set per form."""
        if token.kind not in ("word", "abbrev"):
            return []
        forms = self.form_words
        readings = {w for w in (token.key, token.surface) if w in forms}
        known = self.__dict__.get("_similar_cache", {})
        for spelling in spellings_:
            found = known.get((spelling, False))
            readings.update(found[1] if found is not None else self._near_forms(spelling))
        return [forms[w] for w in readings]

    def _near_forms(self, key: str) -> tuple[str, ...]:
        """What `_find_similar(key)[1]` gives (the legal-form words of the lists `key` is a close spelling of),
        comparing `key` only with the form words of its buckets, not with every word filed there."""
        found = []
        cutoff = 2 if len(key) >= TWO_EDITS_LENGTH else 1
        for probe in _probe_buckets(key):
            bucket = self._form_bucket(probe)
            if not bucket:
                continue
            for similar, edits in _within(key, bucket, cutoff):
                if similar != key and close_spelling(key, similar) and edits <= edit_budget(min(len(key), len(similar))):
                    found.append(similar)
        return tuple(found)

    def _form_bucket(self, probe: str) -> tuple[str, ...]:
        """The legal-form words (as _find_similar files them in near_forms) of a close-spelling bucket, remembered."""
        memo = self._memo("_form_buckets")
        found = memo.get(probe)
        if found is None:
            forms = self.form_words
            filed = [w for w in self.buckets.get(probe, ()) if w in forms]
            found = memo[probe] = tuple(w for w in filed if len(w) >= FORM_SLIP_MIN_LENGTH)
        return found

    def _memo(self, name: str) -> dict:
        """A memo of this index's, kept for the process (never stored): started afresh when it holds MEMO_SIZE answers."""
        memo = self.__dict__.get(name)
        if memo is None or len(memo) >= MEMO_SIZE:
            memo = self.__dict__[name] = {}
        return memo

    def _token_facts(self, token: Token) -> tuple[float, tuple[str, ...], tuple[str, ...], float]:
        """(weight, the spellings looked up by close spelling, those looked up only among the names the query's
        other words fetch, least cost share) of a query token: what `_candidates` reads of a token alone,
        worked out once per distinct token (by what it reads of it) and remembered."""
        signature = (token.key, token.surface, token.kind, token.alts, token.optional)
        memo = self.__dict__.get("_facts_memo")
        found = memo.get(signature) if memo is not None else None
        if found is not None:
            return found
        postings = self.postings
        # Spelling slips are looked for for words the lists do not contain as written or contain
        # rarely (a listed "Nicholas" for a written "Nicolas" that another listed name has).
        listed = len(postings.get(token.key, ()))
        fuzzy = token.alts is None and token.kind != "number" and listed <= FUZZY_LOOKUP_MAX
        looked_for = tuple(s for s in spellings(token) if _fuzzable(s) and (len(s) > 3 or listed <= SHORT_LOOKUP_MAX)) if fuzzy else ()
        # A listed word may itself be a slip of another ("Grup", "Gil" for "Gic"): its close spellings
        # are looked for only in the names the query's other words fetch.
        # So is a short word's slip at either end ("Gic"/"Gil", "Kusa"/"Usa"; see _near_buckets).
        nearby = () if token.alts is not None or token.kind == "number" or listed > self.common \
            or (looked_for and len(token.key) > 4) else tuple(s for s in spellings(token) if _fuzzable(s) or _two_letters(s))
        found = (self.idf.get(token.key, self.default_weight), looked_for, nearby, _cost_floor(token))
        self._memo("_facts_memo")[signature] = found
        return found

    def _token_readings(self, token: Token, facts: tuple) -> list[frozenset[int]]:
        """_form_readings of a query token, remembered per distinct token (the index's own sets, not copies)."""
        signature = (token.kind, token.key, token.surface, facts[1] or facts[2])
        memo = self._memo("_readings_memo")
        found = memo.get(signature)
        if found is None:
            found = self._form_readings(token, facts[1] or facts[2])
            if facts[0] >= self.default_weight and token.kind == "word" and token.key.isalpha():
                found = found + self._loose_forms(spellings(token))  # score._vouched_form_slip
            found = memo[signature] = found
        return found

    def _loose_forms(self, written: tuple[str, ...]) -> list[frozenset[int]]:
        """The names that have a legal-form word two slips from a spelling of an unlisted query word (score.loose_spelling),
        which the query's other words may vouch for as that form misspelt (score._vouched_form_slip)."""
        words = self.__dict__.get("_loose_form_words")
        if words is None:
            words = self.__dict__["_loose_form_words"] = [w for w in self.form_words
                                                          if VOUCHED_SLIP_MIN_LENGTH <= len(w) < TWO_EDITS_LENGTH + 2]
        found = {w for x in written for w, _, _ in _close_in(x, words, 2) if loose_spelling(x, w)}
        return [self.form_words[w] for w in found]

    def _probe(self, weight: float, keys: tuple[str, ...], fuzzy: tuple[str, ...]):
        """What one probe of `_candidates` (a token's keys and the spellings looked up close to it, at the token's
        weight) finds, the same for every query that has it, so remembered: (hits: a (posting, gain, spare) for one
        listed key, arrays (entries, gains, spares) of the best of several, () for none; whether it hit a key too
        common to look up, the most such a key adds to the matched weight and to the entry cost covered; the
        (key, posting) of the common keys it reached (its own or a close spelling's); whether one of its own keys is
        rare or unlisted)."""
        signature = (weight, keys, fuzzy)
        memo = self.__dict__.get("_probe_memo")
        found = memo.get(signature) if memo is not None else None
        if found is not None:
            return found
        postings, idf, default, common_cap, pair_only = self.postings, self.idf, self.default_weight, self.common, \
            self.pair_only
        looked_up = dict.fromkeys(keys, 1.0)  # key → the most similar its words can be to the token's
        for spelling in fuzzy:
            for key, similarity in self._similar(spelling)[0].items():
                similarity = corroborated(similarity)  # the most it can be worth (score.CORROBORATED_SLIP_SHARE)
                if similarity > looked_up.get(key, 0.0):
                    looked_up[key] = similarity
            read = misspelt_number(spelling) if spelling.isalpha() else None  # score._align_number_slips
            if read is not None and read[2] > looked_up.get(read[1], 0.0):
                looked_up[read[1]] = read[2]
        hits: list[tuple[Sequence[int], float, float]] = []
        common_here = common_cover = 0.0
        hit_common = rare = False
        commons: list[tuple[str, Sequence[int]]] = []
        for key, similarity in looked_up.items():
            posting = postings.get(key)
            if posting is None:
                rare = rare or key in keys
                continue
            entry_weight = idf.get(key, default)
            gain = (weight + entry_weight) * similarity
            # the entry-side cost a hit may spare: a whole pair of tokens when the key is a join
            spare = math.inf if key in pair_only else entry_weight * (NUMBER_COST if key[:1].isdigit() else 1.0)
            if len(posting) > common_cap:
                common_here = max(common_here, gain)
                common_cover = max(common_cover, spare)
                hit_common = True
                commons.append((key, posting))
                continue
            rare = rare or key in keys
            hits.append((posting, gain, spare))
        merged: object = ()
        if len(hits) > 1:  # several keys (renderings, close spellings): the best of each per entry
            best: dict[int, tuple[float, float]] = {}
            for posting, gain, spare in hits:
                for entry in posting:
                    old = best.get(entry)
                    best[entry] = (gain, spare) if old is None else (max(old[0], gain), max(old[1], spare))
            # kept as arrays (entries, gains, spares): a 50,000-name run remembers tens of thousands of them
            merged = (array("I", best), array("d", [g for g, _ in best.values()]), array("d", [s for _, s in best.values()]))
        elif hits:
            merged = hits[0]
        found = (merged, hit_common, common_here, common_cover, tuple(commons), rare)
        self._memo("_probe_memo")[signature] = found
        return found

    def _short_names(self, keys: tuple[str, ...]) -> frozenset[int]:
        """The names of three words or fewer among those holding `keys` (_family): the subset rule's names for a word
        on very many, remembered."""
        memo = self._memo("_short_memo")
        found = memo.get(keys)
        if found is None:
            sizes = self.entry_size
            found = memo[keys] = frozenset(e for e in self._family(keys) if sizes[e] <= 3)
        return found

    def _family_set(self, keys: tuple[str, ...]) -> frozenset[int]:
        """_family as a set, remembered: the names a slip or an initial of the query's rarer words is looked for in."""
        memo = self._memo("_family_sets")
        found = memo.get(keys)
        if found is None:
            found = memo[keys] = frozenset(self._family(keys))
        return found

    def _family(self, keys: tuple[str, ...]) -> Sequence[int]:
        """The names holding any of `keys` (the common keys a query word reached, see _candidates), remembered: what
        the subset rule takes its names from for that word."""
        if len(keys) == 1:
            return self.postings[keys[0]]
        memo = self._memo("_family_memo")
        found = memo.get(keys)
        if found is None:
            postings = self.postings
            found = memo[keys] = tuple(sorted(set().union(*(postings[k] for k in keys))))
        return found

    def candidates(self, query: NormalizedName, threshold: float = 0.0) -> dict[int, float]:
        """Entry id → upper bound of its score, for the entries worth scoring.

        A bilingual query is looked up whole and part by part (each part is scored alone).
        """
        result = self._candidates(query, threshold)
        for part in query.parts:
            for entry, bound in self._candidates(part, threshold).items():
                if bound > result.get(entry, -1.0):
                    result[entry] = bound
        return result

    def _candidates(self, query: NormalizedName, threshold: float) -> dict[int, float]:
        """Each query token adds, to every entry it can match (same key, accepted rendering,
        close spelling), the most that pair could add to the matched weight; what the query
        and the entry then have left over costs at least its cheapest reading. Tokens too
        common to look up are assumed matched everywhere, so the bound stays an upper bound;
        entries whose bound is under `threshold` are not scored.
        """
        postings = self.postings
        idf = self.idf
        default = self.default_weight
        common_cap = self.common
        pair_only = self.pair_only
        assumed = assumed_entry = 0.0
        common: list[Anchor] = []
        free_common: list[Anchor] = []  # the same for words that may go unaligned at no cost (_anchors)
        free = {i for i in range(len(query.tokens)) if _free(query, i)}
        rare_query = False
        query_cost = 0.0
        rare_cost = 0.0
        initials = any(t.kind == "initial" for t in query.tokens)
        common_keys: set[str] = set()
        common_pairs: list[tuple[int, ...]] = []  # postings of common joins ("huawei" from "hua wei")
        probes: list[tuple[float, float, tuple[str, ...], tuple[str, ...], bool]] = []
        form_spares: list[tuple[float, list[frozenset[int]]]] = []  # (cost, the names holding each form it may be)
        near_probes: list[tuple[float, float, frozenset[int], tuple[str, ...]]] = []
        tokens = query.tokens
        facts = [self._token_facts(t) for t in tokens]
        costs_of = [f[0] * f[3] for f in facts]  # weight · least cost share
        if query.tails:  # an address after the name may be set aside (score._set_aside_tail): its words may cost nothing
            first = query.tails[0][0]
            costs_of[first:] = [0.0] * (len(tokens) - first)
        for i, token in enumerate(tokens):
            weight, looked_for, nearby, _ = facts[i]
            if nearby:
                near_probes.append((weight, costs_of[i], len(probes), nearby))
            query_cost += costs_of[i]
            probes.append((weight, costs_of[i], tuple(token.keys()), looked_for, True))
        # Adjacent tokens joined ("hua wei" → "huawei"): a name holding the join spares their cost.
        seen_pairs: set[str] = set()
        for i, size, joined in joined_runs(tokens):
            variants = (joined,) if joined in postings or len(joined) > 14 else (joined, canonical_token(joined))
            for pair in variants:
                if pair in postings and pair not in seen_pairs:
                    seen_pairs.add(pair)
                    probes.append((idf.get(pair, default), sum(costs_of[i : i + size]), (pair,), (), False))
        acc: dict[int, list[float]] = {}  # entry → [gain, query cost spared, entry cost covered]
        reached: dict[int, set[int]] = {}  # probe number → the entries its token already counts for
        wanted = {probe for _, _, probe, _ in near_probes}
        for number, (weight, cost, keys, fuzzy, own) in enumerate(probes):
            hits, hit_common, common_here, common_cover, commons, rare = self._probe(weight, keys, fuzzy)
            if rare and own:
                rare_query = True
            if commons and own:
                # the subset rule takes its names from all the word may be: its own common keys and those its close
                # spellings reached ("AHD Internaeional" / "Ahad International": "international" is common)
                family = tuple(sorted(key for key, _ in commons))
                names = self._family(family)
                # as rare as its own keys say (the subset rule's choice below); a slip alone, as all it may be
                rarity = max((len(posting) for key, posting in commons if key in keys), default=len(names))
                if family not in common_keys:
                    common_keys.add(family)
                    # an initial is no anchor either: the listed name may hold a word it starts instead (_anchors)
                    (free_common if number in free or tokens[number].kind == "initial" else common).append(
                        (rarity, names, family))
                commons = ()
            for key, posting in commons:
                if key not in common_keys:
                    common_keys.add(key)
                    common_pairs.append(posting)
            if hit_common:
                assumed += common_here
                assumed_entry += common_cover
                query_cost -= cost  # assumed matched everywhere
            elif own:
                rare_cost += cost
            if hit_common and not own:
                rare_cost = max(0.0, rare_cost - cost)  # its tokens may all be spared by the join
            spared = 0.0 if hit_common else cost
            if hits:
                if hits[0].__class__ is array and hits[1].__class__ is array:  # the best of several keys
                    entries, gains = hits[0], zip(*hits)
                else:  # one posting, one gain and spare for all of it
                    entries = hits[0]
                    gains = zip(entries, repeat(hits[1]), repeat(hits[2]))
                if number in wanted and not hit_common:
                    reached[number] = set(entries)
                for entry, gain, spare in gains:
                    slot = acc.get(entry)
                    if slot is None:
                        acc[entry] = [gain, spared, spare]
                    else:
                        slot[0] += gain
                        slot[1] += spared
                        slot[2] += spare
            elif number in wanted and not hit_common:
                reached[number] = set()
        # A misspelt legal form costs nothing against a name that has the form. Read after the probes: a token's
        # close spellings are then known (_similar), and its readings need not look them up again (_form_readings).
        for i, token in enumerate(tokens):
            if costs_of[i]:
                readings = self._token_readings(token, facts[i])
                if readings:
                    form_spares.append((costs_of[i], readings))
        # Names sharing only the common words can still reach the threshold when the query's
        # rarer words cost little; then the names holding its two rarest common words are scored.
        rare_cost = max(0.0, rare_cost - sum(cost for cost, _ in form_spares))  # each may be a form the name has
        # A listed word may be a slip of another ("KOI Engineering" / "OKI Engineering", "Mehmet Khan" / "KHANI,
        # Mohammad"): the names the common words hold may then be the one, and are looked up for it below (near_probes).
        # So may a word align with a listed name's initial it starts ("Meteor Zavod" / "M. Zavod", _listed_initials).
        plain_bound = 100.0 * assumed / (assumed + rare_cost) if assumed else 0.0
        initialled = [i for i, token in enumerate(tokens) if costs_of[i] and _may_be_initialled(token)
                      and self._initial_holders(token.surface[:1])]
        slip_cost = sum(cost for _, cost, _, _ in near_probes) + sum(costs_of[i] for i in initialled)
        common_only_bound = 100.0 * assumed / (assumed + max(0.0, rare_cost - slip_cost)) if assumed else 0.0
        common = _anchors(common, free_common)
        slip_pool: frozenset[int] | tuple[()] = ()  # names only a slip or an initial of a rarer word may lift
        if common and (not rare_query or common_only_bound >= threshold):
            (rarest, names, family), *others = common
            if not rare_query or plain_bound >= threshold:
                if not others or rarest <= 3 * common_cap:  # subset rule: every name with the rarest word
                    if rarest <= 3 * common_cap:
                        pool = names
                    else:  # a word on very many names: those of three words or fewer, and longer ones as below
                        pool, slip_pool = self._short_names(family), self._family_set(family)
                else:
                    pool = set(names).intersection(others[0][1])
                for entry in pool:
                    acc.setdefault(entry, [0.0, 0.0, 0.0])
            else:  # only a slip of a rarer word can lift them
                slip_pool = self._family_set(family) if not others else self._family_set(family).intersection(others[0][1])
            if slip_pool:
                # those the near probe of a rarer word's slip finds join (below), and the names holding an initial a
                # rarer word starts, however long ("Mansoor Ahmhd Malik" / "ALAQAD, Ahmed M. M.")
                for i in initialled:
                    for entry in slip_pool.intersection(self._initial_holders(tokens[i].surface[:1])):
                        acc.setdefault(entry, [0.0, 0.0, 0.0])
                # and, for a query's initials, the names writing in full a word one of them starts ("Ahmed, I. F. R." /
                # "AHMED, Isma'il Fu'ad Rasul": score._align_initials), however long
                written_initials = tuple(sorted({t.key for t in tokens if t.kind == "initial"}))
                if written_initials:
                    for entry in self._initialled_names(slip_pool, written_initials):
                        acc.setdefault(entry, [0.0, 0.0, 0.0])
        if common_pairs and common_only_bound >= threshold:
            for posting in common_pairs:
                if len(posting) <= 3 * common_cap:
                    for entry in posting:
                        acc.setdefault(entry, [0.0, 0.0, 0.0])
        vouching = self._form_holders(query) if near_probes else ()
        for weight, cost, number, nearby in near_probes:
            if number not in reached:  # its own word is on more names than are looked up: assumed matched
                continue
            exact = reached[number]
            vouched = vouching if any(key in postings for key in probes[number][2]) else ()  # see _form_holders
            best: dict[int, tuple[float, float]] = {}
            for spelling in nearby:
                for key, similarity in self._similar(spelling, near=True)[0].items():
                    posting = postings.get(key)
                    if posting is None:
                        continue
                    entry_weight = idf.get(key, default)
                    gain = (weight + entry_weight) * corroborated(similarity)
                    spare = math.inf if key in pair_only else entry_weight
                    # the names found already, those only a slip may lift, and those the legal forms vouch for
                    found = acc.keys() & posting
                    if slip_pool:
                        found |= slip_pool.intersection(posting)
                    if vouched:
                        found |= set(posting).intersection(*vouched)
                    for entry in found - exact:
                        old = best.get(entry)
                        best[entry] = (gain, spare) if old is None else (max(old[0], gain), max(old[1], spare))
            for entry, (gain, spare) in best.items():
                slot = acc.setdefault(entry, [0.0, 0.0, 0.0])
                slot[0] += gain
                slot[1] += cost
                slot[2] += spare
        self._listed_initials(tokens, costs_of, acc)
        for cost, readings in form_spares:
            holding = readings[0].intersection(acc)  # looks through acc (a set's intersection with a dict does)
            for names in readings[1:]:
                holding |= names.intersection(acc)
            for entry in holding:
                acc[entry][1] += cost
        entry_cost = self.entry_cost
        loose = self._unlisted_words(tokens, facts, costs_of)
        vouchers = _vouchers(query, facts, self.default_weight) if loose else []
        default = self.default_weight
        letters = [t.key for t in tokens if t.kind == "initial"]
        if vouchers:  # the most an unlisted word's pair can add and spare (_vouched_slips), for a quick first test
            most_gain = max(word[1] for word in loose) + default
            most_spared = max(word[2] for word in loose)
        result: dict[int, float] = {}
        for entry, (gain, spared, covered) in acc.items():
            if letters:  # a query initial may align with a listed name it starts (score._align_initials)
                gain += self._initial_gain(entry, letters)
            matched = gain + assumed
            # the costs left, never negative however often a cost was spared (conditionals: max() is slower here)
            left_query = query_cost - spared
            left_query = left_query if left_query > 0.0 else 0.0
            left_entry = 0.0 if initials else entry_cost[entry] - covered - assumed_entry
            left_entry = left_entry if left_entry > 0.0 else 0.0
            bound = 100.0 * matched / (matched + left_query + left_entry) if matched else 0.0
            # one unlisted word may pair with a listed word two slips away (_vouched_slips): looked at when even the
            # heaviest such pair could lift the name to the threshold
            if vouchers and 100.0 * (matched + most_gain) >= threshold * (
                    matched + most_gain + max(0.0, query_cost - spared - most_spared)
                    + (0.0 if initials else max(0.0, entry_cost[entry] - covered - assumed_entry - default))):
                # the listed word weighs no more than the query's words the name has as written
                keys = self.entry(entry).key_set
                ceiling = sum(w for key, w in vouchers if key in keys)
                if ceiling and query.legal_forms:  # the same legal form on both names vouches too (score._align_vouched_slip)
                    ceiling = default
                if ceiling and self._bound(matched + most_gain - default + min(ceiling, default),
                                           query_cost - spared - most_spared,
                                           0.0 if initials else entry_cost[entry] - covered - assumed_entry - ceiling) \
                        >= threshold:
                    for extra, spare, cover in self._vouched_slips(entry, loose, ceiling):
                        bound = max(bound, self._bound(gain + assumed + extra, query_cost - spared - spare,
                                                       0.0 if initials else entry_cost[entry] - covered - assumed_entry - cover))
            if bound >= threshold and bound > 0:
                result[entry] = bound
        return result

    @staticmethod
    def _bound(matched: float, left_query: float, left_entry: float) -> float:
        """The candidate bound: `100 · M / (M + C)`, the costs left never negative, however often one was spared."""
        if not matched:
            return 0.0
        return 100.0 * matched / (matched + max(0.0, left_query) + max(0.0, left_entry))

    def _listed_initials(self, tokens: Sequence[Token], costs_of: list[float], acc: dict[int, list[float]]) -> None:
        """A query word may align with a listed name's lone initial it starts with (score._align_initials: "Dean
        Miles" / "LAVILLA, Mile D."), which no posting of the word shows: for each entry found holding such an
        initial, add what that pair can weigh (twice the word's weight, at INITIAL_SIMILARITY) and spare the word's
        cost, so the bound stays an upper bound. The entry's initial already costs nothing in the bound."""
        if not acc:  # only entries found already are given the pair
            return
        for i, token in enumerate(tokens):
            if not _may_be_initialled(token):
                continue
            holders = self._initial_holders(token.surface[:1])
            if not holders:
                continue
            gain = 2 * self.weight(token.key) * INITIAL_SIMILARITY
            cost = costs_of[i]
            for entry in holders.intersection(acc):  # looks through acc, in C (a set's intersection with a dict does)
                slot = acc[entry]
                slot[0] += gain
                slot[1] += cost

    def _unlisted_words(self, tokens: Sequence[Token], facts: list[tuple], costs_of: list[float]
                        ) -> list[tuple[tuple[str, ...], float, float, tuple[int, ...]]]:
        """(spellings, weight, least cost, each spelling's letters as bound.letter_bits) of the query's words no listed
        name carries, which may align with a word two slips away anywhere when the rest of the name vouches for it
        (score._align_vouched_slip). Only spellings of a length score.loose_spelling can pair are kept (see
        _light_words); a word with none is left out."""
        default = self.default_weight
        found = []
        for i, token in enumerate(tokens):
            if token.kind == "word" and token.alts is None and token.key.isalpha() and facts[i][0] >= default:
                written = tuple(s for s in spellings(token) if VOUCHED_SLIP_MIN_LENGTH <= len(s) <= TWO_EDITS_LENGTH + 1)
                if written:
                    found.append((written, facts[i][0], costs_of[i], tuple(letter_bits(s) for s in written)))
        return found

    def _vouched_slips(self, entry: int, loose: list[tuple[tuple[str, ...], float, float, tuple[int, ...]]],
                       ceiling: float) -> list[tuple[float, float, float]]:
        """For each of the query's unlisted words (_unlisted_words) that may pair with a word of listed name `entry`
        two slips away (score.loose_spelling) no heavier than `ceiling`, which no posting shows: (the most the pair
        adds to the matched weight, the query cost it spares, the heaviest entry cost it covers). Only one such pair
        is made (score._align_vouched_slip), so each is a bound of its own."""
        light = self._light_words(entry)
        if not light or light[0][0] > ceiling:
            return []
        options = []
        known = self._memo("_loose_memo")
        for mine, weight, cost, own in loose:
            best = cover = 0.0
            for listed, written, letters in light:
                if listed > ceiling:
                    break
                similarity = known.get((mine, written))
                if similarity is None:  # the same pairs of words recur across a run's names
                    # two slips change at most SLIP_LETTERS of a spelling's letters: most pairs are told apart by them
                    similarity = known[(mine, written)] = 0.0 if far_apart(own, letters) else max(
                        loose_spelling(x, y) for y in written for x in mine)
                if similarity:
                    best, cover = max(best, (weight + listed) * corroborated(similarity)), listed
            if best:
                options.append((best, cost, cover))
        return options

    def _light_words(self, entry: int) -> tuple[tuple[float, tuple[str, ...], tuple[int, ...]], ...]:
        """(weight, spellings, their letters as bound.letter_bits) of the words of listed name `entry`
        (score._align_vouched_slip pairs only those), lightest first, remembered per entry. Only spellings of a length
        score.loose_spelling can pair (4 to TWO_EDITS_LENGTH + 1 letters: a longer one is two slips from no word
        shorter than TWO_EDITS_LENGTH) are kept, so a name's long and short words cost its lookups nothing."""
        memo = self._memo("_light_memo")
        found = memo.get(entry)
        if found is None:
            weigh = self.weight
            light = []
            for token in self.entry(entry).tokens:
                if token.kind == "word" and token.alts is None:
                    written = tuple(s for s in spellings(token) if VOUCHED_SLIP_MIN_LENGTH <= len(s) <= TWO_EDITS_LENGTH + 1)
                    if written:
                        light.append((weigh(token.key), written, tuple(letter_bits(s) for s in written)))
            found = memo[entry] = tuple(sorted(light))
        return found

    def _initial_gain(self, entry: int, letters: list[str]) -> float:
        """The most the query's initials (`letters`) can add to the matched weight of listed name `entry` by aligning
        with names it writes in full that start with them (score._align_initials: "A." / "Andrey", the pair weighing
        twice the name at INITIAL_SIMILARITY), which no posting of the initial shows."""
        weigh = self.weight
        tokens = self.entry(entry).tokens
        gain = 0.0
        for letter in letters:
            heaviest = max((weigh(t.key) for t in tokens if t.kind in ("word", "patronymic") and t.surface[:1] == letter),
                           default=0.0)
            gain += 2 * heaviest * INITIAL_SIMILARITY
        return gain

    def _initialled_names(self, pool: frozenset[int], letters: tuple[str, ...]) -> tuple[int, ...]:
        """The names of `pool` holding one of `letters` as an initial, or a name or patronymic written in full that
        one of them starts (what score._align_initials pairs a query's initial with), remembered per pool and
        letters: a pool is the names of a word on very many (a common surname), which persons' names repeat."""
        memo = self._memo("_initialled_memo")
        found = memo.get((pool, letters))
        if found is None:
            found = memo[(pool, letters)] = tuple(
                entry for entry in pool
                if any(t.kind in ("word", "patronymic", "initial") and t.surface[:1] in letters
                       for t in self.entry(entry).tokens))
        return found

    def _initial_holders(self, letter: str) -> frozenset[int]:
        """The entries holding `letter` as a one-letter token (an initial, or a letter an organisation's name has:
        more than the initials, which only loosens the bound), remembered per letter."""
        memo = self.__dict__.setdefault("_initials_memo", {})
        found = memo.get(letter)
        if found is None:
            found = memo[letter] = frozenset(self.postings.get(letter, ()))
        return found

    def score_entry(self, query: NormalizedName, entry: int) -> float:
        return align(query, self.entry(entry), self.weight).score

    def search(
        self,
        name: str,
        *,
        country: str | None = None,
        lists: Iterable[str] | None = None,
        threshold: float = 0.0,
        top: int | None = None,
        explain_hits: bool = True,
    ) -> list[Hit]:
        """Listed parties whose best name scores at least `threshold` (by name alone), best first."""
        query = normalize_name(name)
        if not query.tokens:
            return []
        wanted = set(lists) if lists else None
        best: dict[int, tuple[float, float, int]] = {}
        aligned: dict[int, Alignment] = {}
        bounds = None
        for entry in self.candidates(query, threshold):
            if threshold > 0:  # before the party is read: a stored one is built when first read
                if bounds is None:
                    bounds = QueryBound(query, self._token_table())
                if bounds.bound(entry, self.entry(entry)) + BOUND_MARGIN < threshold:
                    continue  # cannot reach the threshold (bound.py)
            position = self.entry_party[entry]
            party = None
            if wanted is not None:
                party = self.parties[position]
                if party.list not in wanted:
                    continue
            alignment = align(query, self.entry(entry), self.weight)
            name_score = alignment.score
            if name_score < threshold or name_score <= 0:
                continue
            if party is None:  # read only for a name that scores: a stored party is built when first read
                party = self.parties[position]
            adjust, _ = country_adjustment(country, party.country)
            score = max(0.0, min(100.0, name_score + adjust))
            if position not in best or (score, name_score, -entry) > (*best[position][:2], -best[position][2]):
                best[position] = (score, name_score, entry)  # of names scoring alike, the first listed
                aligned[position] = alignment  # explained below without aligning again
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
        if top is not None:
            ranked = ranked[:top]
        hits = []
        for position, (score, name_score, entry) in ranked:
            party = self.parties[position]
            text = ""
            if explain_hits:
                _, note = country_adjustment(country, party.country)
                text = f"name score {name_score:g}: " + explain(query, self.entry(entry), aligned[position], [note])
            hits.append(Hit(party, self.entry_name[entry], round(score, 1), name_score, text))
        return hits
