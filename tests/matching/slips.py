"""Test helpers for spelling slips: one edit of a word, and the listed words a slip property draws from."""

from __future__ import annotations

from compliance.lists.model import ListedParty
from compliance.matching.index import FUZZY_LOOKUP_MAX, NameIndex
from compliance.matching.normalize import Token


def index_of(*names: str, others: int = 300) -> NameIndex:
    """An index of `names` (list "t") beside `others` filler names of list "x" ("Other Party N"): the words of
    `names` stay rare, as a listed name's distinctive words are."""
    filler = [ListedParty(id=f"x:{n}", list="x", names=[f"Other Party {n}"]) for n in range(others)]
    return NameIndex(filler + [ListedParty(id=f"t:{n}", list="t", names=[name]) for n, name in enumerate(names)])


def edit(word: str, op: str, i: int, letter: str) -> str:
    """`word` with one edit: "transpose", "delete", "insert" or (anything else) substitute, at `i`."""
    i = i % len(word)
    if op == "transpose":
        i = min(i, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if op == "insert":
        return word[:i] + letter + word[i:]
    return word[:i] + letter + word[i + 1 :]


def rarest_words(index: NameIndex, step: int, min_length: int) -> list[tuple[int, Token]]:
    """(entry, token) for the rarest word of every `step`-th listed name, when it is written in
    `min_length`+ letters and few names have it (so a slip of it is looked up)."""
    found = []
    for entry in range(0, len(index), step):
        tokens = [t for t in index.entry(entry).tokens if t.kind == "word" and t.alts is None]
        if not tokens:
            continue
        rarest = max(tokens, key=lambda t: index.weight(t.key))
        if len(rarest.surface) >= min_length and rarest.surface.isalpha() \
                and len(index.postings[rarest.key]) <= FUZZY_LOOKUP_MAX:
            found.append((entry, rarest))
    return found
