"""What a list entry adds to screening beyond its names: weak aliases, merged sources.

Weak aliases. OFAC marks some aliases "weak": broad or generic names (nicknames,
short acronyms) that produce many false hits. OFAC does not expect them to be
screened on their own but expects them to help decide whether a hit from other
identifiers is accurate (OFAC FAQs 122 and 124). So each entry with weak aliases
gets a second, flagged screening entry holding only those names; the name index
treats it like any entry (its construction is unchanged), and the party-screening
layer reads the flag: a lower score weight, the label "weak alias" in the finding,
and a red flag instead of the rule's prohibition.

Merged Entity List entries (lists.entity_merge) carry both sources' fields; the
finding shows them and any conflict.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from compliance.lists.model import ListedParty

WEAK_FLAG = "weak_alias"
WEAK_WEIGHT = 0.9  # an exact weak-alias hit scores 90: above the default threshold, below any strong exact hit
WEAK_GUIDANCE = (
    "weak alias: OFAC does not expect weak AKAs to be screened on their own; they help decide whether "
    "a hit from other identifiers is accurate, so a weak-alias hit alone is not a match (OFAC FAQs 122, 124)"
)
WEAK_GUIDANCE_URLS = ("https://ofac.treasury.gov/faqs/122", "https://ofac.treasury.gov/faqs/124")
#: Bump when the derived entries change, so cached name indexes are rebuilt.
ENTRIES_VERSION = "weak-aliases 1"


class WeakAliasEntry:
    """A listed party seen through its weak aliases only: `names` are the weak aliases,
    everything else (id, list, programmes, primary name, ...) is the party's own.

    A light view rather than a copied record: building 2,000 copies on every run would
    cost a screening run a fifth of a second."""

    __slots__ = ("party", "names", "extras")

    def __init__(self, party: ListedParty) -> None:
        self.party = party
        self.names = list(party.extras["weak_aliases"])
        self.extras = {WEAK_FLAG: True, "type": party.extras.get("type")}

    @property
    def primary_name(self) -> str:
        return self.party.primary_name

    def __getattr__(self, name: str) -> Any:
        return getattr(self.party, name)

    def __reduce__(self):
        # rebuilt from its party: pickle's default would look up slots through __getattr__ forever
        return (WeakAliasEntry, (self.party,))

    def __repr__(self) -> str:
        return f"WeakAliasEntry({self.party.id}, {self.names!r})"


def weak_alias_entries(parties: Iterable[ListedParty]) -> list[WeakAliasEntry]:
    """One flagged entry per listed party with weak aliases, holding only those names."""
    return [WeakAliasEntry(party) for party in parties if party.extras.get("weak_aliases")]


def screening_entries(parties: Sequence[ListedParty]) -> list[ListedParty | WeakAliasEntry]:
    """The listed parties, then their weak-alias entries (positions of the parties unchanged)."""
    return [*parties, *weak_alias_entries(parties)]


class LazyScreeningEntries(Sequence):
    """`screening_entries` over several snapshots' records, each entry built when first read.

    Same entries in the same positions; a record stored compactly by the warm cache
    (lists.store.StoredParties) is built only when the matcher reads it, so a short run
    does not build the 20,000 records of the lists it screens against."""

    def __init__(self, parts: Sequence[Sequence[ListedParty]]) -> None:
        self.parts = [part for part in parts if len(part)]
        self.starts: list[int] = []
        weak: list[int] = []
        total = 0
        for part in self.parts:
            self.starts.append(total)
            positions = getattr(part, "weak", None)  # known without building the records
            if positions is None:
                positions = [i for i, party in enumerate(part) if party.extras.get("weak_aliases")]
            weak += [total + i for i in positions]
            total += len(part)
        self.size = total
        self.weak = weak
        self.weak_built: dict[int, WeakAliasEntry] = {}

    def __len__(self) -> int:
        return self.size + len(self.weak)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if position < self.size:
            part = bisect_right(self.starts, position) - 1
            return self.parts[part][position - self.starts[part]]
        found = self.weak_built.get(position)
        if found is None:
            found = self.weak_built[position] = WeakAliasEntry(self[self.weak[position - self.size]])  # IndexError past the end
        return found


def is_weak(party: ListedParty | WeakAliasEntry) -> bool:
    return type(party) is WeakAliasEntry


def weighted_score(party: ListedParty | WeakAliasEntry, score: float) -> float:
    return round(score * WEAK_WEIGHT, 1) if is_weak(party) else score


def entry_evidence(party: ListedParty | WeakAliasEntry) -> dict[str, Any]:
    """Evidence fields a finding adds for this entry: the weak-alias label, merged sources."""
    evidence: dict[str, Any] = {}
    if is_weak(party):
        evidence["weak_alias"] = True
        evidence["weak_alias_guidance"] = WEAK_GUIDANCE
        evidence["weak_alias_guidance_urls"] = list(WEAK_GUIDANCE_URLS)
    merged = party.extras.get("merged")
    if merged:
        evidence["sources"] = {side: fields for side, fields in merged.items() if side != "conflicts"}
        if merged.get("conflicts"):
            evidence["source_conflicts"] = merged["conflicts"]
    return evidence
