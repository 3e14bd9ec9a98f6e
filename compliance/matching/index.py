"""Candidate generation: find the listed names worth scoring without scoring them all.

Built once per set of list snapshots. Every listed name (primary and aliases) is
normalised once; its token keys, accepted renderings and adjacent-token joins go into
an inverted index. Close spellings are found by comparing a query token only with the
vocabulary keys that share its first three or last three letters. Keys shared by many names ("technology",
"beijing") do not fetch candidates on their own when a query has rarer words; a query
made only of common words fetches the names that contain its two rarest words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from compliance.lists.model import ListedParty
from compliance.matching.normalize import NormalizedName, has_han, normalize_name
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from compliance.matching.score import FUZZY_CUTOFF, FUZZY_MIN_LENGTH, align, country_adjustment, explain

#: Bump when normalisation, tables or scoring change, so cached indexes are rebuilt.
MATCHER_VERSION = "1"


@dataclass(frozen=True)
class Hit:
    """One listed party a query matched, through its best-matching name."""

    party: ListedParty
    name: str  # the listed name (primary or alias) that matched
    score: float  # 0–100 after country adjustment
    name_score: float  # names alone
    explanation: str


def _entry_keys(name: NormalizedName) -> set[str]:
    keys: set[str] = set()
    tokens = name.tokens
    for i, token in enumerate(tokens):
        keys.update(token.keys())
        if i + 1 < len(tokens) and token.alts is None and tokens[i + 1].alts is None:
            keys.add(token.key + tokens[i + 1].key)
    return keys


def _fuzzable(key: str) -> bool:
    return len(key) >= FUZZY_MIN_LENGTH and key.isalpha()


class NameIndex:
    """All names of a set of listed parties, ready for `search`."""

    def __init__(self, parties: Sequence[ListedParty]) -> None:
        self.parties: list[ListedParty] = list(parties)
        self.entry_party: list[int] = []
        self.entry_name: list[str] = []
        self.normalized: list[NormalizedName] | None = []  # dropped from the disk cache; see entry()
        self.entry_size: list[int] = []
        self.postings: dict[str, list[int]] = {}  # key → entry ids (tuples once built)
        for position, party in enumerate(self.parties):
            seen: set[str] = set()
            for name in party.names:
                if not name.strip() or name in seen:
                    continue
                seen.add(name)
                normalized = normalize_name(name)
                if not normalized.tokens:
                    continue
                entry = len(self.entry_name)
                self.entry_party.append(position)
                self.entry_name.append(name)
                self.normalized.append(normalized)
                self.entry_size.append(len(normalized.tokens))
                for key in _entry_keys(normalized):
                    self.postings.setdefault(key, []).append(entry)
        n = max(1, len(self.entry_name))
        self.idf: dict[str, float] = {k: math.log((n + 1) / (len(v) + 0.5)) for k, v in self.postings.items()}
        self.default_weight = math.log((n + 1) / 0.5)
        # Keys on more names than this are not looked up: they are assumed matched in the bound.
        self.common = max(100, n // 250)
        self.entry_total: list[float] = [
            sum(self.idf.get(t.key, self.default_weight) for t in name.tokens if not t.optional) for name in self.normalized
        ]
        # Close spellings: one slip in a word of 6+ letters cannot touch both its first three and
        # its last three letters, so every fuzzable key is filed under its first three and its last three letters, and a
        # query token is compared (in C, by rapidfuzz) with the keys of its two buckets only.
        prefix: dict[str, list[str]] = {}
        suffix: dict[str, list[str]] = {}
        for key in self.postings:
            if _fuzzable(key):
                prefix.setdefault(key[:3], []).append(key)
                suffix.setdefault(key[-3:], []).append(key)
        self.by_prefix: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in prefix.items()}
        self.by_suffix: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in suffix.items()}
        self.postings = {k: tuple(v) for k, v in self.postings.items()}

    def __getstate__(self):
        state = dict(self.__dict__)
        state["parties"] = None  # re-attached from the snapshots on load
        # Normalised names are cheap to recompute for the few candidates a query scores, and
        # unpickling ~100,000 token objects would cost more than the rest of a CLI run.
        state["normalized"] = None
        # Except names in Han characters: normalising one loads the pinyin dictionaries
        # (~0.3 s), which a run whose queries are all in Latin script should never pay.
        normalized = self.normalized or []
        state["han_normalized"] = {
            entry: normalized[entry] for entry, name in enumerate(self.entry_name) if has_han(name)
        } if normalized else getattr(self, "han_normalized", {})
        return state

    def entry(self, entry: int) -> NormalizedName:
        """The normalised form of listed name number `entry`."""
        if self.normalized is not None:
            return self.normalized[entry]
        kept = getattr(self, "han_normalized", None)
        if kept and entry in kept:
            return kept[entry]
        return normalize_name(self.entry_name[entry])

    def attach(self, parties: Sequence[ListedParty]) -> "NameIndex":
        self.parties = list(parties)
        return self

    def weight(self, key: str) -> float:
        return self.idf.get(key, self.default_weight)

    def __len__(self) -> int:
        return len(self.entry_name)

    def _similar_keys(self, key: str) -> list[str]:
        """Vocabulary keys within the fuzzy cutoff of `key` (excluding itself)."""
        found = []
        for bucket in (self.by_prefix.get(key[:3], ()), self.by_suffix.get(key[-3:], ())):
            for similar, _, _ in process.extract_iter(key, bucket, scorer=Levenshtein.normalized_similarity,
                                                      score_cutoff=FUZZY_CUTOFF):
                if similar != key:
                    found.append(similar)
        return found

    def candidates(self, query: NormalizedName, threshold: float = 0.0) -> dict[int, float]:
        """Entry id → upper bound of its score, for the entries worth scoring.

        Each query token adds, to every entry it can match (same key, accepted rendering,
        one-edit spelling), the most that pair could contribute to the Dice numerator.
        Tokens too common to look up are assumed matched everywhere, so the bound stays
        an upper bound; entries whose bound is under `threshold` are not scored.
        """
        postings = self.postings
        idf = self.idf
        default = self.default_weight
        common_cap = self.common
        acc: dict[int, float] = {}
        assumed = 0.0
        common: list[list[int]] = []
        rare_query = False
        query_total = 0.0
        probes: list[tuple[float, tuple[str, ...], bool]] = []
        for token in query.tokens:
            weight = idf.get(token.key, default)
            if not token.optional:
                query_total += weight
            # Spelling slips are looked for only for words the lists do not contain as written.
            fuzzy = token.alts is None and token.kind != "number" and token.key not in postings and _fuzzable(token.key)
            probes.append((weight, tuple(token.keys()), fuzzy))
        for pair in query.pair_keys:
            if pair in postings:
                probes.append((idf.get(pair, default), (pair,), False))
        for weight, keys, fuzzy in probes:
            best: dict[int, float] = {}
            common_here = 0.0
            looked_up = list(keys)
            if fuzzy:
                looked_up += self._similar_keys(keys[0])
            for key in looked_up:
                posting = postings.get(key)
                if posting is None:
                    if key in keys:
                        rare_query = True
                    continue
                gain = weight + idf.get(key, default)
                if len(posting) > common_cap:
                    common_here = max(common_here, gain)
                    if key in keys:
                        common.append(posting)
                    continue
                if key in keys:
                    rare_query = True
                for entry in posting:
                    if best.get(entry, 0.0) < gain:
                        best[entry] = gain
            assumed += common_here
            for entry, gain in best.items():
                acc[entry] = acc.get(entry, 0.0) + gain
        # Names sharing only the common words can still reach the threshold when the query's
        # rarer words weigh little; then the names holding its two rarest common words are scored.
        common_only_bound = 100.0 * assumed / (query_total + assumed / 2) if assumed else 0.0
        if common and (not rare_query or common_only_bound >= threshold):
            common.sort(key=len)
            pool = (e for e in common[0] if self.entry_size[e] <= 3) if len(common) == 1 else set(common[0]).intersection(common[1])
            for entry in pool:
                acc.setdefault(entry, 0.0)
        totals = self.entry_total
        result: dict[int, float] = {}
        for entry, gain in acc.items():
            bound = 100.0 * (gain + assumed) / (query_total + totals[entry]) if query_total + totals[entry] else 0.0
            if bound >= threshold:
                result[entry] = bound
        return result

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
        for entry in self.candidates(query, threshold):
            position = self.entry_party[entry]
            party = self.parties[position]
            if wanted is not None and party.list not in wanted:
                continue
            name_score = align(query, self.entry(entry), self.weight).score
            if name_score < threshold or name_score <= 0:
                continue
            adjust, _ = country_adjustment(country, party.country)
            score = max(0.0, min(100.0, name_score + adjust))
            if position not in best or (score, name_score) > best[position][:2]:
                best[position] = (score, name_score, entry)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
        if top is not None:
            ranked = ranked[:top]
        hits = []
        for position, (score, name_score, entry) in ranked:
            party = self.parties[position]
            text = ""
            if explain_hits:
                alignment = align(query, self.entry(entry), self.weight)
                _, note = country_adjustment(country, party.country)
                text = f"name score {name_score:g}: " + explain(query, self.entry(entry), alignment, [note])
            hits.append(Hit(party, self.entry_name[entry], round(score, 1), name_score, text))
        return hits
