"""Properties of the ownership fixpoint (hypothesis): monotone, order-independent, equal to the naive iteration."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.parties.ownership import build_graph, propagate
from compliance.model.records import OwnershipLink

FIFTY = Decimal(50)
N = 12


@st.composite
def ownership_tables(draw):
    """Stakes among N entities, each entity's known stakes summing to <= 100 %; some unknown."""
    raw = draw(st.lists(
        st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), st.one_of(st.none(), st.integers(1, 100))),
        max_size=40,
    ))
    totals = [0] * N
    stakes = []
    for owner, owned, percent in raw:
        if owner == owned:
            continue
        if percent is not None:
            if totals[owned] + percent > 100:
                continue
            totals[owned] += percent
        stakes.append((f"E{owner}", f"E{owned}", percent))
    seeds = draw(st.sets(st.integers(0, N - 1), max_size=4))
    return stakes, {f"E{s}" for s in seeds}


def graph_of(stakes):
    links = [
        OwnershipLink(file="t.csv", row=n, owner=o, owned=d, percent=None if p is None else Decimal(p))
        for n, (o, d, p) in enumerate(stakes, start=2)
    ]
    return build_graph(links, "t.csv")


def caught(stakes, seeds):
    graph = graph_of(stakes)
    seed_ids = [graph.index[s.casefold()] for s in seeds if s.casefold() in graph.index]
    prop = propagate(graph, seed_ids, FIFTY)
    return {graph.names[i] for i, flag in enumerate(prop.restricted) if flag}


def naive(stakes, seeds):
    """us.md §2.7 as written: sum restricted direct holders, mark, repeat until nothing changes."""
    entities = {o for o, _, _ in stakes} | {d for _, d, _ in stakes}
    restricted = {s for s in seeds if s in entities}
    while True:
        added = {
            e for e in entities - restricted
            if sum(p for o, d, p in stakes if d == e and p is not None and o in restricted) >= 50
        }
        if not added:
            return restricted
        restricted |= added


@settings(max_examples=200, deadline=None)
@given(ownership_tables())
def test_worklist_equals_the_iterative_definition(table):
    stakes, seeds = table
    assert caught(stakes, seeds) == naive(stakes, seeds)


@settings(max_examples=200, deadline=None)
@given(ownership_tables(), st.integers(0, N - 1))
def test_adding_a_restricted_owner_never_unrestricts_anyone(table, extra):
    stakes, seeds = table
    assert caught(stakes, seeds) <= caught(stakes, seeds | {f"E{extra}"})


@settings(max_examples=200, deadline=None)
@given(ownership_tables(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(table, rnd):
    stakes, seeds = table
    shuffled = list(stakes)
    rnd.shuffle(shuffled)
    assert caught(shuffled, seeds) == caught(stakes, seeds)
