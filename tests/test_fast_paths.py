"""The fast paths for big files give what the general paths give, on generated inputs.

A full-width CSV row reaches the BOM and ownership readers as a list of cells in header
order (tables.read_cell_rows); every other row (XLSX, JSON, a ragged CSV row) as a
SourceRow keyed by header. Reading the same CSV with every row forced through the
SourceRow path must give the same records, the same rejections (field and reason) and
the same row count. The ownership graph, built by an inlined loop, must equal the one
`OwnershipGraph.entity` / `add_stake` build link by link.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from compliance.readers import bom as bom_reader
from compliance.readers import ownership as ownership_reader
from compliance.readers.tables import read_rows

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _source_rows_only(path, display_name=None, sheet=None):
    """read_cell_rows as it reads an XLSX or JSON table: every row a SourceRow."""
    headers, rows, where = read_rows(path, display_name, sheet)
    return headers, ((row.line, None, row) for row in rows), where


def _write(path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


BOM_CELLS = {
    "part_number": st.sampled_from(["P1", "P2", " P3 ", "", "A-1", "P1", "Ü-7"]),
    "description": st.sampled_from(["", "Magnet segment", "sputtering target", "Part 7"]),
    "parent": st.sampled_from(["", "P1", "A-1", " P2 "]),
    "quantity": st.sampled_from(["", "1", "2", "0", "-1", "1.5", "1,5", "1,000", "1.000", "12,5", "x", "1e3", "２", "2000000000"]),
    "unit_value": st.sampled_from(["", "12.25", "0", "-3", "1,234.5", "1.234,5", "abc", "20000000000", "٣.٥"]),
    "currency": st.sampled_from(["", "USD", "eur", " jpy ", "EURO", "U$D"]),
    "unit_mass": st.sampled_from(["", "5g", "0.4kg", "250mg", "12", "heavy", "1.000g"]),
    "supplier": st.sampled_from(["", "Supplier 1", "Maker GmbH"]),
    "manufacturer": st.sampled_from(["", "Maker 2", "Supplier 1"]),
    "origin_country": st.sampled_from(["", "CN", "de", "China", "ZZ"]),
    "hs_code": st.sampled_from(["", "850511", "8505.11"]),
    "materials": st.sampled_from(["", "Nd 27%; Dy 4%@CN; B 1%; Fe 65%", "Fe 98%; Cr 1%; Mo 0.2%", "Cu 99,9%", "Tb 2g",
                                  "nonsense", "Nd 60%; Fe 60%", "Dy 4%@ZZ"]),
    "end_user_country": st.sampled_from(["", "RU", " ", "Atlantis"]),
    "end_use": st.sampled_from(["", "military", " civil "]),
}
#: header spellings a BOM may use for some of the fields (readers/bom.py COLUMN_ALIASES)
BOM_HEADERS = {"part_number": ["part_number", "Part No"], "quantity": ["quantity", "Qty"], "unit_value": ["unit_value", "Unit Price"]}


@st.composite
def bom_tables(draw):
    optional = [f for f in bom_reader.FIELDS if f != "part_number"]
    fields = ["part_number"] + draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional)))
    fields = draw(st.permutations(fields))
    header = [draw(st.sampled_from(BOM_HEADERS.get(f, [f]))) for f in fields]
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = [draw(BOM_CELLS[f]) for f in fields]
        shape = draw(st.sampled_from(["full", "full", "full", "short", "long", "long-empty", "blank"]))
        if shape == "short":
            row = row[: max(1, len(row) - 1)]
        elif shape == "long":
            row = row + ["extra"]
        elif shape == "long-empty":
            row = row + ["", " "]
        elif shape == "blank":
            row = [""] * len(row)
        rows.append(row)
    return header, rows


def _bom_result(path, separator):
    read = bom_reader.read_bom(path, "bom.csv", bom_reader.BomOptions(decimal_separator=separator))
    return repr(read.lines), [(r.row, r.field, r.reason) for r in read.rejected], read.rows_read


@SETTINGS
@given(table=bom_tables(), separator=st.sampled_from(["auto", "point", "comma"]))
def test_bom_cell_rows_read_as_source_rows_do(tmp_path, monkeypatch, table, separator):
    header, rows = table
    path = tmp_path / "bom.csv"
    _write(path, header, rows)
    fast = _bom_result(path, separator)
    with monkeypatch.context() as patch:
        patch.setattr(bom_reader, "read_cell_rows", _source_rows_only)
        general = _bom_result(path, separator)
    assert fast == general
    assert fast[2] == sum(1 for row in rows if any(c.strip() for c in row))  # every non-blank row accounted for


OWNERSHIP_CELLS = {
    "owner": st.sampled_from(["", "E1", "e1", "E2", " E3 ", "Acme  Ltd"]),
    "owned": st.sampled_from(["", "E1", "E2", "acme ltd", "E4"]),
    "percent": st.sampled_from(["", "50", "50 %", "12.5%", "0,5", "101", "-1", "half", "NaN", "30"]),
    "owner_country": st.sampled_from(["", "CN", "hk", "Atlantis", " "]),
    "owned_country": st.sampled_from(["", "RU", "China", "ZZ"]),
    "source": st.sampled_from(["", "registry 2025"]),
    "as_of": st.sampled_from(["", "2025-10-01"]),
}


@st.composite
def ownership_tables(draw):
    optional = ["owner_country", "owned_country", "source", "as_of"]
    fields = draw(st.permutations(["owner", "owned", "percent"] + draw(st.lists(st.sampled_from(optional), unique=True))))
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = [draw(OWNERSHIP_CELLS[f]) for f in fields]
        shape = draw(st.sampled_from(["full", "full", "full", "short", "long", "long-empty"]))
        if shape == "short":
            row = row[: max(1, len(row) - 1)]
        elif shape == "long":
            row = row + ["extra"]
        elif shape == "long-empty":
            row = row + [""]
        rows.append(row)
    return list(fields), rows


def _ownership_result(path):
    table = ownership_reader.OwnershipRows(path, "owners.csv")
    links = list(table)
    return links, [(r.row, r.field, r.reason) for r in table.rejected], table.read


@SETTINGS
@given(table=ownership_tables())
def test_ownership_cell_rows_read_as_source_rows_do(tmp_path, monkeypatch, table):
    header, rows = table
    path = tmp_path / "owners.csv"
    _write(path, header, rows)
    fast = _ownership_result(path)
    with monkeypatch.context() as patch:
        patch.setattr(ownership_reader, "read_cell_rows", _source_rows_only)
        general = _ownership_result(path)
    assert repr(fast) == repr(general)
    assert fast[2] == len(fast[0]) + len(fast[1])


LINKS = st.lists(
    st.tuples(
        st.sampled_from(["E1", "e1", "E2", "E3", " E4", "P-1"]),
        st.sampled_from(["E1", "E2", "E5", "Acme", "p-1"]),
        st.sampled_from([None, Decimal(10), Decimal("2.5")]),
        st.sampled_from([None, "CN", "US"]),
        st.sampled_from([None, "RU", "DE"]),
    ),
    max_size=25,
)


@SETTINGS
@given(links=LINKS, with_parties=st.booleans())
def test_graph_equals_the_one_built_link_by_link(links, with_parties):
    from compliance.model.records import OwnershipLink, Party
    from compliance.parties.affiliates import PartyIndex
    from compliance.parties.ownership import OwnershipGraph, build_graph

    parties = [Party(file="p.csv", row=2, name="Acme", id="P-1", country="CN")] if with_parties else []
    known = PartyIndex.of(parties)
    records = [OwnershipLink("o.csv", n + 2, owner, owned, percent, oc, dc) for n, (owner, owned, percent, oc, dc) in enumerate(links)]
    graph = build_graph(records, "o.csv", known.identify, known.countries())

    expected = OwnershipGraph(file="o.csv")
    countries = known.countries()
    for link in records:
        (owner_key, owner_name), (owned_key, owned_name) = known.identify(link.owner), known.identify(link.owned)
        owner = expected.entity(owner_key, owner_name, countries.get(owner_key) or link.owner_country)
        owned = expected.entity(owned_key, owned_name, countries.get(owned_key) or link.owned_country)
        expected.add_stake(owner, owned, link.percent, link.row)
    for name in ("names", "countries", "owner", "owned", "percent", "row", "out_edges", "in_edges", "index"):
        assert getattr(graph, name) == getattr(expected, name), name


def test_holders_are_indexed_when_stakes_are_added_after_first_use():
    from compliance.parties.ownership import OwnershipGraph

    graph = OwnershipGraph(file="o.csv")
    a, b = graph.entity("a", "A"), graph.entity("b", "B")
    graph.add_stake(a, b, Decimal(60), 2)
    assert graph.in_edges == [[], [0]]
    c = graph.entity("c", "C")
    graph.add_stake(c, b, Decimal(10), 3)
    assert graph.in_edges == [[], [0, 1], []]


@pytest.mark.parametrize("text, plain", [("12", True), ("12.5", True), ("١٢", True), ("12.", False), (".5", False),
                                         ("1.2.3", False), ("", False), ("-1", False), ("1e3", False), ("1,5", False)])
def test_plain_numbers_are_what_the_pattern_took(text, plain):
    import re

    assert bom_reader._plain_number(text) is plain
    assert bool(re.fullmatch(r"\d+(?:\.\d+)?", text)) is plain


def _post_order(lines):
    """build_tree's order as first written: a depth-first walk with (node, done) pairs."""
    children = {}
    for line in lines:
        if line.parent is not None:
            children.setdefault(line.parent, []).append(line)
    order = []
    for root in (line for line in lines if line.parent is None):
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
                continue
            stack.append((node, True))
            stack.extend((child, False) for child in children.get(node.part_number, ()))
    return order


@SETTINGS
@given(parents=st.lists(st.integers(min_value=-1, max_value=40), max_size=40))
def test_tree_order_and_units_are_those_of_the_walk_with_pairs(parents):
    from compliance.bom.content import build_tree
    from compliance.model.records import BomLine

    # line k's parent is an earlier line (or none): a forest
    lines = [BomLine("b.csv", k + 2, f"P{k}", parent=f"P{p % k}" if k and p >= 0 else None, quantity=Decimal(1 + k % 3))
             for k, p in enumerate(parents)]
    tree = build_tree(lines)
    assert list(tree.bottom_up) == _post_order(lines)
    for line in tree.bottom_up:  # quantity per top unit: the product of the quantities up to the top
        units, top, node = line.quantity, line, line
        while node.parent is not None:
            node = tree.by_part[node.parent]
            units *= node.quantity
        assert tree.units_per_top[line.part_number] == units
        assert tree.top_of[line.part_number] == node.part_number


# --- cells noted for the decimal separator: only those that can tell it -------------------------

NUMERIC_CELLS = st.text(alphabet="0123456789.,% gk;@DyCN", max_size=14)


@SETTINGS
@given(text=NUMERIC_CELLS)
def test_a_cell_is_noted_only_when_noting_it_changes_the_evidence(text):
    """may_tell_separator (which the BOM reader asks, once per distinct cell) is False exactly
    when DecimalEvidence.note would leave the evidence as it was."""
    from compliance.readers.values import DecimalEvidence, may_tell_separator

    evidence = DecimalEvidence()
    evidence.note(2, "materials", text)
    learned = evidence.comma_example is not None or bool(evidence.dotted)
    assert may_tell_separator(text) is learned


@SETTINGS
@given(whole=st.text(alphabet="0123456789", max_size=5), fraction=st.text(alphabet="0123456789", max_size=5))
def test_plain_unit_values_are_noted_as_the_pattern_would(whole, fraction):
    """The reader's arithmetic shortcut for a plain `WHOLE.FRACTION` unit value agrees with the pattern."""
    from compliance.readers.values import may_tell_separator

    if not whole:
        return
    text = f"{whole}.{fraction}" if fraction else whole
    assert bom_reader._dotted_thousands(whole, fraction) is may_tell_separator(text)


# --- keyword hits looked up per description shape -------------------------------------------------


@SETTINGS
@given(words=st.lists(st.sampled_from(["magnet", "gallium metal", "battery cell", "part", "12", "x9", "٣", "Ⅻ", "-", "7"]),
                      min_size=1, max_size=6), joiner=st.sampled_from([" ", "", "-", "7", "/"]))
def test_description_keywords_are_those_the_pattern_finds(words, joiner):
    """Descriptions that differ only in digits share one lookup; each still gets exactly the
    keywords the pattern finds in it, in order, once each."""
    from compliance.bom.itemmatch import ItemIndex
    from compliance.model.terms import RuleKind
    from compliance.rulepacks.loader import load_rules

    index = _item_index(ItemIndex, RuleKind, load_rules)
    for description in (joiner.join(words), joiner.join(words).replace("7", "1"), joiner.join(words).upper()):
        found = index._keyword_re.findall(description.casefold())
        assert index._description_keywords(description) == tuple(dict.fromkeys(found))


_INDEX = []


def _item_index(ItemIndex, RuleKind, load_rules):
    if not _INDEX:  # one index for all examples (it is built from the bundled packs)
        _INDEX.append(ItemIndex(r for r in load_rules().rules if r.kind is RuleKind.CONTROLLED_ITEM))
    return _INDEX[0]


# --- subjects strongest first: the per-verdict pass sorts as the one composite key does ----------


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["prohibited", "licence-required", "check", "clear"]),
                          st.sampled_from(["a.csv", "b.csv"]), st.one_of(st.none(), st.integers(1, 6)),
                          st.sampled_from(["P1", "P2", "Q"])), max_size=30))
def test_subjects_sort_strongest_first_as_the_composite_key_does(rows):
    from compliance.model.subjects import VERDICTS, SubjectVerdict, _strongest_first

    for with_rows in (rows, [(v, f, r or 1, s) for v, f, r, s in rows]):  # with and without rowless subjects
        subjects = [SubjectVerdict(subject=s, kind="part", file=f, row=r, verdict=v) for v, f, r, s in with_rows]
        expected = sorted(subjects, key=lambda x: (VERDICTS.index(x.verdict), x.file, x.row or 0, x.subject))
        assert [id(x) for x in _strongest_first(subjects)] == [id(x) for x in expected]
