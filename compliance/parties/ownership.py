"""Who is restricted by ownership: stakes of restricted holders summed through chains.

The calculation is OFAC's (FAQ 401), which the BIS Affiliates Rule mirrors and MOFCOM's
No. 61 Art. 2 states in the same words (us.md §2.7):

1. every listed party is restricted;
2. an entity is restricted when the stakes held in it *directly* by restricted parties
   sum to >= the threshold;
3. repeat until nothing changes.

An exempt entity (e.g. a US entity under a US rule) that is owned past the threshold is
not itself caught, but it is still owned: it passes its stakes on like any restricted
holder, because ownership counts "directly or indirectly" and an intermediary's location
does not stop the chain (only whether the affiliate itself is covered depends on where
it is). Such pass-through entities are the Propagation's `conduits`.

Percentages are never multiplied down a chain, and a holder that is not restricted
contributes nothing however large its stake. The fixpoint is computed with a worklist:
each restricted entity passes its stakes on once, so the run is linear in the number of
links and cycles terminate. Pure: no I/O; entity identity is decided by the caller.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from decimal import Decimal
from typing import Callable, Iterable, Sequence

from compliance.model.errors import InputError
from compliance.model.records import OwnershipLink

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def entity_key(name: str) -> str:
    """Identity of an entity named in an ownership table: case- and spacing-insensitive."""
    return " ".join(name.split()).casefold()


@dataclass
class OwnershipGraph:
    """Entities and stakes, indexed both ways. Built once per input, reused for every rule.

    Edge `e` says: `owner[e]` holds `percent[e]` % (None = unknown) of `owned[e]`,
    stated on line `row[e]` of the ownership file: the table is kept as columns, one
    list per field. The per-entity edge lists (`out_edges`, `in_edges`) are built on
    first use: a table screened without a parties file, whose owners no list names, never
    asks for either, and a list per entity of a million-link table costs a second and
    tens of megabytes.
    """

    file: str
    names: list[str] = field(default_factory=list)
    countries: list[str | None] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    owned: list[int] = field(default_factory=list)
    percent: list[Decimal | None] = field(default_factory=list)
    row: list[int] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    _out_edges: list[list[int]] | None = field(default=None, repr=False, compare=False)
    _in_edges: list[list[int]] | None = field(default=None, repr=False, compare=False)

    @property
    def out_edges(self) -> list[list[int]]:
        """Per entity, the edges out of it (the stakes it holds), in file order."""
        if self._out_edges is None:
            self._out_edges = self._edges_by(self.owner)
        return self._out_edges

    @property
    def in_edges(self) -> list[list[int]]:
        """Per entity, the edges into it (its holders' stakes), in file order."""
        if self._in_edges is None:
            self._in_edges = self._edges_by(self.owned)
        return self._in_edges

    def _edges_by(self, ends: list[int]) -> list[list[int]]:
        edges: list[list[int]] = [[] for _ in self.names]
        for e, end in enumerate(ends):
            edges[end].append(e)
        return edges

    def holders(self) -> set[int]:
        """The entities that hold a stake in another: only they can pass a restriction on."""
        return set(self.owner)

    def entity(self, key: str, name: str, country: str | None = None) -> int:
        """Index of the entity with this key, added if new; the first country seen sticks."""
        i = self.index.get(key)
        if i is None:
            i = len(self.names)
            self.index[key] = i
            self.names.append(name)
            self.countries.append(country)
            for edges in (self._out_edges, self._in_edges):
                if edges is not None:
                    edges.append([])
        elif country and not self.countries[i]:
            self.countries[i] = country
        return i

    def add_stake(self, owner: int, owned: int, percent: Decimal | None, row: int) -> None:
        e = len(self.owner)
        self.owner.append(owner)
        self.owned.append(owned)
        self.percent.append(percent)
        self.row.append(row)
        if self._out_edges is not None:
            self._out_edges[owner].append(e)
        if self._in_edges is not None:
            self._in_edges[owned].append(e)

    def __len__(self) -> int:
        return len(self.names)


#: A stake as `stake_graph` reads it: (row, owner cell, owned cell, percent, owner country, owned country).
Stake = tuple[int, str, str, Decimal | None, str | None, str | None]
_STAKE_OF_LINK = itemgetter(1, 2, 3, 4, 5, 6)  # OwnershipLink → Stake


def build_graph(
    links: Iterable[OwnershipLink],
    file: str,
    identify: Callable[[str], tuple[str, str]] | None = None,
    countries: dict[str, str] | None = None,
) -> OwnershipGraph:
    """`stake_graph` over ownership links (records)."""
    return stake_graph(map(_STAKE_OF_LINK, links), file, identify, countries)


def stake_graph(
    stakes: Iterable[Stake],
    file: str,
    identify: Callable[[str], tuple[str, str]] | None = None,
    countries: dict[str, str] | None = None,
) -> OwnershipGraph:
    """Index stakes as columns; raise InputError when stakes in one entity exceed 100 %.

    `identify(reference)` returns (key, display name) for an owner/owned cell, so the
    caller decides that "P-17" and "Acme Ltd" are the same party. `countries` gives
    known countries by key (e.g. from the parties file); link columns fill the gaps.
    """
    identify = identify or (lambda ref: (entity_key(ref), " ".join(ref.split())))
    countries = countries or {}
    graph = OwnershipGraph(file=file)
    resolved: dict[str, int] = {}  # raw cell → entity index (names repeat across rows)
    # graph.entity and graph.add_stake, inlined: this loop runs once per link.
    names, entity_country, index = graph.names, graph.countries, graph.index

    def new_entity(reference: str, country: str | None) -> int:
        key, name = identify(reference)
        country = countries.get(key) or country
        i = index.get(key)
        if i is None:
            i = index[key] = len(names)
            names.append(name)
            entity_country.append(country)
        elif country and not entity_country[i]:
            entity_country[i] = country
        resolved[reference] = i
        return i

    known = resolved.get
    add_owner, add_owned, add_percent, add_row = graph.owner.append, graph.owned.append, graph.percent.append, graph.row.append
    for row, owner_ref, owned_ref, percent, owner_country, owned_country in stakes:
        owner = known(owner_ref)
        if owner is None:
            owner = new_entity(owner_ref, owner_country)
        elif owner_country and not entity_country[owner]:
            entity_country[owner] = owner_country
        owned = known(owned_ref)
        if owned is None:
            owned = new_entity(owned_ref, owned_country)
        elif owned_country and not entity_country[owned]:
            entity_country[owned] = owned_country
        add_owner(owner)
        add_owned(owned)
        add_percent(percent)
        add_row(row)
    check_stake_totals(graph)
    return graph


def holders_above(graph: OwnershipGraph, entities: Iterable[int]) -> list[int]:
    """Every entity that holds a stake in one of `entities`, directly or through others, in
    index order (`entities` themselves included).

    Whether an entity is restricted depends only on these: a stake flows from holder to
    held, so a listing anywhere else cannot reach `entities`. Screening a parties file
    against a million-link table then looks up the owners above the parties, not every owner.
    """
    seen = set(entities)
    stack = list(seen)
    in_edges, owner_of = graph.in_edges, graph.owner
    while stack:
        for e in in_edges[stack.pop()]:
            holder = owner_of[e]
            if holder not in seen:
                seen.add(holder)
                stack.append(holder)
    return sorted(seen)


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
    order: list[int]  # per entity: when it became restricted (seeds 0); NEVER if it did not
    conduits: frozenset[int] = frozenset()  # exempt entities owned past the threshold: they pass stakes on

    def is_restricted(self, i: int) -> bool:
        return bool(self.restricted[i]) and i not in self.conduits

    def by_ownership(self) -> list[int]:
        """Entities restricted by ownership alone (not listed themselves, not exempt), in index order."""
        return [i for i, flag in enumerate(self.restricted) if flag and i not in self.seeds and i not in self.conduits]


NEVER = 1 << 62


def propagate(graph: OwnershipGraph, seeds: Iterable[int], threshold: Decimal, exempt: Sequence[bool] | None = None) -> Propagation:
    """Restricted entities: the seeds, then every entity whose restricted holders hold >= threshold.

    An exempt entity past the threshold becomes a conduit: it is not caught, but its own
    stakes are passed on, so a chain through it is followed.

    Linear in links: a restricted entity passes each known stake on exactly once, and an
    entity becomes restricted at most once, so cycles terminate. The result is the least
    fixpoint of the iterative rule, hence independent of input order, and monotone:
    more seeds never restrict fewer entities.
    """
    n = len(graph)
    restricted = bytearray(n)
    held = [ZERO] * n
    order = [NEVER] * n
    seed_set = frozenset(seeds)
    queue = sorted(seed_set)
    for s in queue:
        restricted[s] = 1
        order[s] = 0
    step = 0
    conduits: set[int] = set()
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
            if not restricted[target] and total >= threshold:
                restricted[target] = 1
                step += 1
                order[target] = step
                queue.append(target)
                if exempt is not None and exempt[target]:
                    conduits.add(target)
    return Propagation(threshold=threshold, seeds=seed_set, restricted=restricted, held=held, order=order, conduits=frozenset(conduits))


def unknown_stakes_from_restricted(graph: OwnershipGraph, prop: Propagation, i: int) -> list[int]:
    """Edges into `i` from restricted holders whose percentage is unknown (Red Flag 29)."""
    return [e for e in graph.in_edges[i] if graph.percent[e] is None and prop.restricted[graph.owner[e]]]


def restricted_stakes(graph: OwnershipGraph, prop: Propagation, i: int) -> list[int]:
    """Edges into `i` with a known stake held by a restricted party: the stakes that were summed."""
    percent, owner, restricted = graph.percent, graph.owner, prop.restricted
    return [e for e in graph.in_edges[i] if percent[e] is not None and restricted[owner[e]]]


def inherited_max(graph: OwnershipGraph, prop: Propagation, own: dict[int, tuple]) -> dict[int, tuple]:
    """For every restricted entity, the largest value among its restricted holders, recursively.

    `own` gives the listed entities' values (e.g. (strictness, entry id)); values only grow,
    so a worklist reaches the fixpoint in a bounded number of passes even through cycles.
    Used for "the most restrictive terms of any owner apply" (us.md §2.4).
    """
    best: dict[int, tuple] = dict(own)
    queue = list(own)
    owned_of, percent_of, out_edges, restricted = graph.owned, graph.percent, graph.out_edges, prop.restricted
    while queue:
        holder = queue.pop()
        value = best[holder]
        for e in out_edges[holder]:
            target = owned_of[e]
            if percent_of[e] is None or not restricted[target] or target in prop.seeds:
                continue
            current = best.get(target)
            if current is None or value > current:
                best[target] = value
                queue.append(target)
    return best


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
    listed_owners: list[int]  # listed entities at the start of the paths shown
    paths: list[list[Hop]]  # each from a listed owner down to the entity
    paths_truncated: bool
    decided: dict[int, list[int]]  # entity on a path -> restricted holders' stakes that were summed for it


def explain(graph: OwnershipGraph, prop: Propagation, i: int, max_paths: int = 8, max_steps: int = 2000) -> Explanation:
    """Paths from listed owners down to `i`, through restricted holders only.

    Each step goes to a holder restricted *earlier* than the entity it holds, so every
    walk ends at a listed owner without dead ends or cycles; at most `max_paths` paths
    (and `max_steps` steps) are listed, and `paths_truncated` says when more exist.
    """
    decided: dict[int, list[int]] = {}
    paths: list[list[Hop]] = []
    truncated = False
    steps = 0
    order, seeds = prop.order, prop.seeds
    stack: list[tuple[int, list[Hop]]] = [(i, [])]
    while stack:
        node, suffix = stack.pop()
        edges = decided.get(node)
        if edges is None:
            edges = decided[node] = restricted_stakes(graph, prop, node)
        below = order[node]
        nexts = []
        for e in sorted(edges, key=lambda e: (order[graph.owner[e]], graph.row[e])):
            holder = graph.owner[e]
            if order[holder] >= below:
                continue
            hop = Hop(owner=holder, percent=graph.percent[e], row=graph.row[e])  # type: ignore[arg-type]
            if holder in seeds:
                if len(paths) >= max_paths:
                    truncated = True
                    break
                paths.append([hop] + suffix)
            else:
                nexts.append((holder, [hop] + suffix))
        steps += 1
        if len(paths) >= max_paths or steps >= max_steps:
            truncated = truncated or bool(stack) or bool(nexts)
            break
        stack.extend(reversed(nexts))
    on_paths = {hop.owner for path in paths for hop in path} | {i}
    decided = {node: edges for node, edges in decided.items() if node in on_paths and node not in seeds}
    listed = sorted({path[0].owner for path in paths})
    return Explanation(entity=i, listed_owners=listed, paths=paths, paths_truncated=truncated, decided=decided)


def format_path(graph: OwnershipGraph, path: list[Hop], end: int) -> str:
    """`X —50 %→ A —50 %→ B`: who holds what of whom, never a product of percentages."""
    parts = [graph.names[path[0].owner]]
    for k, hop in enumerate(path):
        target = path[k + 1].owner if k + 1 < len(path) else end
        parts.append(f" —{format_percent(hop.percent)} %→ {graph.names[target]}")
    return "".join(parts)


@lru_cache(maxsize=4096)
def format_percent(value: Decimal) -> str:
    """`50.00` → `50`, `12.5` → `12.5`: percentages as people write them."""
    return format(value.normalize(), "f")
