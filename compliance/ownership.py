"""Who is restricted by ownership: stakes of restricted holders summed through chains.

The calculation is OFAC's (FAQ 401), which the BIS Affiliates Rule mirrors and MOFCOM's
No. 61 Art. 2 states in the same words (us.md §2.7):

1. every listed party is restricted;
2. an entity that is not exempt (e.g. a US entity under a US rule) is restricted when
   the stakes held in it *directly* by restricted parties sum to >= the threshold;
3. repeat until nothing changes.

Percentages are never multiplied down a chain, and a holder that is not restricted
contributes nothing however large its stake. The fixpoint is computed with a worklist:
each restricted entity passes its stakes on once, so the run is linear in the number of
links and cycles terminate. Pure: no I/O; entity identity is decided by the caller.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable, Sequence

from compliance.errors import InputError
from compliance.records import OwnershipLink

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def entity_key(name: str) -> str:
    """Identity of an entity named in an ownership table: case- and spacing-insensitive."""
    return " ".join(name.split()).casefold()


@dataclass
class OwnershipGraph:
    """Entities and stakes, indexed both ways. Built once per input, reused for every rule.

    Edge `e` says: `owner[e]` holds `percent[e]` % (None = unknown) of `owned[e]`,
    stated on line `row[e]` of the ownership file.
    """

    file: str
    names: list[str] = field(default_factory=list)
    countries: list[str | None] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    owned: list[int] = field(default_factory=list)
    percent: list[Decimal | None] = field(default_factory=list)
    row: list[int] = field(default_factory=list)
    out_edges: list[list[int]] = field(default_factory=list)
    in_edges: list[list[int]] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def entity(self, key: str, name: str, country: str | None = None) -> int:
        """Index of the entity with this key, added if new; the first country seen sticks."""
        i = self.index.get(key)
        if i is None:
            i = len(self.names)
            self.index[key] = i
            self.names.append(name)
            self.countries.append(country)
            self.out_edges.append([])
            self.in_edges.append([])
        elif country and not self.countries[i]:
            self.countries[i] = country
        return i

    def add_stake(self, owner: int, owned: int, percent: Decimal | None, row: int) -> None:
        e = len(self.owner)
        self.owner.append(owner)
        self.owned.append(owned)
        self.percent.append(percent)
        self.row.append(row)
        self.out_edges[owner].append(e)
        self.in_edges[owned].append(e)

    def __len__(self) -> int:
        return len(self.names)


def build_graph(
    links: Iterable[OwnershipLink],
    file: str,
    identify: Callable[[str], tuple[str, str]] | None = None,
    countries: dict[str, str] | None = None,
) -> OwnershipGraph:
    """Index ownership links; raise InputError when stakes in one entity exceed 100 %.

    `identify(reference)` returns (key, display name) for an owner/owned cell, so the
    caller decides that "P-17" and "Acme Ltd" are the same party. `countries` gives
    known countries by key (e.g. from the parties file); link columns fill the gaps.
    """
    identify = identify or (lambda ref: (entity_key(ref), ref.strip()))
    countries = countries or {}
    graph = OwnershipGraph(file=file)
    for link in links:
        owner_key, owner_name = identify(link.owner)
        owned_key, owned_name = identify(link.owned)
        owner = graph.entity(owner_key, owner_name, countries.get(owner_key) or link.owner_country)
        owned = graph.entity(owned_key, owned_name, countries.get(owned_key) or link.owned_country)
        graph.add_stake(owner, owned, link.percent, link.row)
    check_stake_totals(graph)
    return graph


def check_stake_totals(graph: OwnershipGraph) -> None:
    """Known stakes in one entity cannot exceed 100 %: name the entity and every row."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for owned, percent in zip(graph.owned, graph.percent):
        if percent is not None:
            totals[owned] += percent
    over = [i for i, total in totals.items() if total > HUNDRED]
    if not over:
        return
    first = min(over, key=lambda i: min(graph.row[e] for e in graph.in_edges[i]))
    rows = sorted(graph.row[e] for e in graph.in_edges[first] if graph.percent[e] is not None)
    raise InputError(
        f"stakes in {graph.names[first]!r} sum to {format_percent(totals[first])} % (> 100 %) on rows "
        + ", ".join(str(r) for r in rows),
        file=graph.file,
        line=rows[0],
        field="percent",
    )


@dataclass
class Propagation:
    """The fixpoint for one set of listed seeds and one threshold."""

    threshold: Decimal
    seeds: frozenset[int]
    restricted: bytearray  # 1 = restricted (listed or by ownership)
    held: list[Decimal]  # per entity: known stakes held in it by restricted parties

    def is_restricted(self, i: int) -> bool:
        return bool(self.restricted[i])

    def by_ownership(self) -> list[int]:
        """Entities restricted by ownership alone (not listed themselves), in index order."""
        return [i for i, flag in enumerate(self.restricted) if flag and i not in self.seeds]


def propagate(graph: OwnershipGraph, seeds: Iterable[int], threshold: Decimal, exempt: Sequence[bool] | None = None) -> Propagation:
    """Restricted entities: the seeds, then every non-exempt entity whose restricted holders hold >= threshold.

    Linear in links: a restricted entity passes each known stake on exactly once, and an
    entity becomes restricted at most once, so cycles terminate. The result is the least
    fixpoint of the iterative rule, hence independent of input order, and monotone:
    more seeds never restrict fewer entities.
    """
    n = len(graph)
    restricted = bytearray(n)
    held = [ZERO] * n
    seed_set = frozenset(seeds)
    queue = list(seed_set)
    for s in queue:
        restricted[s] = 1
    owned_of, percent_of, out_edges = graph.owned, graph.percent, graph.out_edges
    while queue:
        holder = queue.pop()
        for e in out_edges[holder]:
            percent = percent_of[e]
            if percent is None:
                continue
            target = owned_of[e]
            total = held[target] + percent
            held[target] = total
            if not restricted[target] and total >= threshold and not (exempt is not None and exempt[target]):
                restricted[target] = 1
                queue.append(target)
    return Propagation(threshold=threshold, seeds=seed_set, restricted=restricted, held=held)


def unknown_stakes_from_restricted(graph: OwnershipGraph, prop: Propagation, i: int) -> list[int]:
    """Edges into `i` from restricted holders whose percentage is unknown (Red Flag 29)."""
    return [e for e in graph.in_edges[i] if graph.percent[e] is None and prop.restricted[graph.owner[e]]]


def restricted_stakes(graph: OwnershipGraph, prop: Propagation, i: int) -> list[int]:
    """Edges into `i` with a known stake held by a restricted party: the stakes that were summed."""
    return [e for e in graph.in_edges[i] if graph.percent[e] is not None and prop.restricted[graph.owner[e]]]


@dataclass(frozen=True)
class Hop:
    """One link of an ownership path: `owner` holds `percent` % of the next entity (row in the file)."""

    owner: int
    percent: Decimal
    row: int


@dataclass
class Explanation:
    """Why an entity is restricted (or nearly so): paths from listed owners and the sums that decided each step."""

    entity: int
    listed_owners: list[int]  # seeds whose restrictions reach the entity through restricted holders
    paths: list[list[Hop]]  # each from a listed owner down to the entity
    paths_truncated: bool
    decided: dict[int, list[int]]  # entity -> edges (restricted holders' stakes) that were summed for it


def explain(graph: OwnershipGraph, prop: Propagation, i: int, max_paths: int = 8) -> Explanation:
    """Walk back from `i` through restricted holders to the listed owners.

    Only stakes held by restricted parties are followed: those are the ones that count.
    """
    decided: dict[int, list[int]] = {}
    listed: set[int] = set()
    stack = [i]
    seen = {i}
    while stack:
        node = stack.pop()
        if node in prop.seeds and node != i:
            listed.add(node)
            continue
        edges = restricted_stakes(graph, prop, node)
        decided[node] = edges
        for e in edges:
            holder = graph.owner[e]
            if holder not in seen:
                seen.add(holder)
                stack.append(holder)
    paths: list[list[Hop]] = []
    truncated = False

    def walk(node: int, suffix: list[Hop], on_path: set[int]) -> None:
        nonlocal truncated
        if len(paths) >= max_paths:
            truncated = True
            return
        for e in sorted(decided.get(node, ()), key=lambda e: graph.row[e]):
            holder = graph.owner[e]
            if holder in on_path:
                continue
            hop = Hop(owner=holder, percent=graph.percent[e], row=graph.row[e])  # type: ignore[arg-type]
            if holder in prop.seeds:
                if len(paths) >= max_paths:
                    truncated = True
                    return
                paths.append([hop] + suffix)
            else:
                walk(holder, [hop] + suffix, on_path | {holder})

    walk(i, [], {i})
    return Explanation(entity=i, listed_owners=sorted(listed), paths=paths, paths_truncated=truncated, decided=decided)


def format_path(graph: OwnershipGraph, path: list[Hop], end: int) -> str:
    """`X —50 %→ A —50 %→ B`: who holds what of whom, never a product of percentages."""
    parts = [graph.names[path[0].owner]]
    for k, hop in enumerate(path):
        target = path[k + 1].owner if k + 1 < len(path) else end
        parts.append(f" —{format_percent(hop.percent)} %→ {graph.names[target]}")
    return "".join(parts)


def format_percent(value: Decimal) -> str:
    """`50.00` → `50`, `12.5` → `12.5`: percentages as people write them."""
    return format(value.normalize(), "f")
