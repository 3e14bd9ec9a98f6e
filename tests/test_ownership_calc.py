"""The ownership fixpoint, read against OFAC FAQ 401 and us.md §2.7 (arithmetic written out)."""

from decimal import Decimal

import pytest

from compliance.model.errors import InputError
from compliance.parties.ownership import build_graph, explain, format_path, propagate
from compliance.model.records import OwnershipLink

FIFTY = Decimal(50)


def graph_of(*stakes, countries=None):
    """stakes: (owner, owned, percent or None); rows count from 2 (line 1 is the header)."""
    links = [
        OwnershipLink(file="own.csv", row=n, owner=o, owned=d, percent=None if p is None else Decimal(str(p)),
                      owned_country=(countries or {}).get(d))
        for n, (o, d, p) in enumerate(stakes, start=2)
    ]
    return build_graph(links, "own.csv")


def restricted(graph, *listed, exempt=None):
    prop = propagate(graph, [graph.index[x.casefold()] for x in listed], FIFTY, exempt)
    return {graph.names[i] for i in prop.by_ownership()}, prop


def test_ofac_example_1_full_attribution_down_a_chain():
    # X (listed) owns 50 % of A; A owns 50 % of B. A: 50 ≥ 50 → restricted. B: A's 50 ≥ 50 → restricted
    # (X "indirectly owns 50 %" of B; not 50 % × 50 % = 25 %).
    g = graph_of(("X", "A", 50), ("A", "B", 50))
    caught, prop = restricted(g, "X")
    assert caught == {"A", "B"}
    why = explain(g, prop, g.index["b"])
    assert [format_path(g, p, g.index["b"]) for p in why.paths] == ["X —50 %→ A —50 %→ B"]


def test_ofac_example_2_aggregate_through_two_restricted_subsidiaries():
    # X owns 50 % of A and of B; A and B each own 25 % of C. C: 25 + 25 = 50 ≥ 50 → restricted.
    g = graph_of(("X", "A", 50), ("X", "B", 50), ("A", "C", 25), ("B", "C", 25))
    caught, prop = restricted(g, "X")
    assert caught == {"A", "B", "C"}
    assert prop.held[g.index["c"]] == 50
    assert len(explain(g, prop, g.index["c"]).paths) == 2


def test_ofac_example_3_direct_plus_indirect():
    # X owns 50 % of A and 10 % of B; A owns 40 % of B. B: 10 (X) + 40 (A, restricted) = 50 → restricted.
    g = graph_of(("X", "A", 50), ("X", "B", 10), ("A", "B", 40))
    caught, prop = restricted(g, "X")
    assert caught == {"A", "B"}
    assert prop.held[g.index["b"]] == 50


def test_two_listed_owners_25_plus_25_aggregate():
    g = graph_of(("L1", "C", 25), ("L2", "C", 25))
    assert restricted(g, "L1", "L2")[0] == {"C"}
    # One of them alone is 25 < 50.
    assert restricted(g, "L1")[0] == set()


def test_40_percent_then_100_percent_is_not_caught():
    # Listed owns 40 % of X (40 < 50: X not restricted); X owns 100 % of Y, but X is not restricted,
    # so its 100 % counts for nothing.
    g = graph_of(("L", "X", 40), ("X", "Y", 100))
    caught, prop = restricted(g, "L")
    assert caught == set()
    assert prop.held[g.index["x"]] == 40
    assert prop.held[g.index["y"]] == 0


def test_unlisted_holder_contributes_nothing_however_large():
    g = graph_of(("L", "C", 30), ("Big", "C", 70))
    assert restricted(g, "L")[0] == set()


def test_just_below_threshold_is_not_caught():
    g = graph_of(("L1", "C", "24.99"), ("L2", "C", 25))
    assert restricted(g, "L1", "L2")[0] == set()


def test_unknown_percentage_contributes_nothing_to_the_sum():
    g = graph_of(("L", "C", None), ("L", "D", 60))
    caught, prop = restricted(g, "L")
    assert caught == {"D"}
    assert prop.held[g.index["c"]] == 0


def test_cycle_terminates_and_is_caught_once():
    # L owns 50 % of A; A owns 50 % of B; B owns 50 % of A (a cross-holding cycle).
    g = graph_of(("L", "A", 50), ("A", "B", 50), ("B", "A", 50))
    caught, _ = restricted(g, "L")
    assert caught == {"A", "B"}


def test_cycle_without_a_listed_entry_point_stays_clear():
    g = graph_of(("A", "B", 60), ("B", "A", 40), ("L", "Z", 10))
    assert restricted(g, "L")[0] == set()


def test_exempt_entities_are_not_caught_but_pass_their_stakes_on():
    # A US subsidiary is not caught by a rule that covers foreign entities only, but it is
    # still 100 % owned by L: L indirectly owns 100 % of its foreign subsidiary, which is caught.
    # "Directly or indirectly": the intermediary's location does not stop the chain.
    g = graph_of(("L", "US Sub", 100), ("US Sub", "Foreign Grandchild", 100), countries={"US Sub": "US"})
    exempt = [c == "US" for c in g.countries]
    caught, prop = restricted(g, "L", exempt=exempt)
    assert caught == {"Foreign Grandchild"}
    assert prop.conduits == {g.index["us sub"]} and not prop.is_restricted(g.index["us sub"])
    why = explain(g, prop, g.index["foreign grandchild"])
    assert [format_path(g, p, g.index["foreign grandchild"]) for p in why.paths] == ["L —100 %→ US Sub —100 %→ Foreign Grandchild"]


def test_exempt_intermediary_below_the_threshold_passes_nothing_on():
    # L owns 40 % of a US holding (40 < 50: not owned past the threshold), which owns 100 % of F:
    # L does not own 50 % of F directly or indirectly, so F is not caught.
    g = graph_of(("L", "US Hold", 40), ("US Hold", "F", 100), countries={"US Hold": "US"})
    caught, prop = restricted(g, "L", exempt=[c == "US" for c in g.countries])
    assert caught == set() and not prop.conduits


def test_stakes_over_100_percent_name_the_rows():
    with pytest.raises(InputError) as info:
        graph_of(("A", "C", 60), ("B", "C", 30), ("D", "C", 20))
    message = info.value.format() if hasattr(info.value, "format") else str(info.value)
    assert "rows 2, 3, 4" in message and "110" in message
    assert info.value.line == 2 and info.value.field == "percent"


def test_exactly_100_percent_is_fine():
    g = graph_of(("A", "C", "33.34"), ("B", "C", "33.33"), ("D", "C", "33.33"))
    assert len(g) == 4


def test_names_compare_case_and_space_insensitively():
    g = graph_of(("ACME  Holdings", "Sub", 50), ("acme holdings", "Sub2", 50))
    assert len(g) == 3
