"""Boilerplate left in listed names (State Department ISN rows of the CSL, a.k.a. text)
becomes structured aliases and remarks, in the CSV and JSON importers alike."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.lists.cleaning import clean_names, split_name_boilerplate
from compliance.lists.importers import get_importer
from list_cli import cli  # noqa: F401  (the fixture)

SCOPE = "and any successor, sub-unit, or subsidiary thereof"
SINOBRIGHT = "Sinobright Import and Export Company"


def _excerpt(shared):
    path = shared / "data" / "csl-excerpt-2025-06" / "consolidated.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return path, rows


def _isn_row(rows):
    [row] = [r for r in rows if "(ISN)" in r["source"]]
    return row


def _write_csv(tmp_path, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "consolidated.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _isn_party(batches):
    [party] = {b.list_id: b for b in batches}["isn"].parties
    return party


# One test per pattern, each on the real ISN row of the CSL excerpt (the row as
# published, then its name cell in the other spellings the patterns cover).
@pytest.mark.parametrize(
    "name_cell, aliases, remarks",
    [
        (None, [], [SCOPE]),  # the real cell: "...Company; and any successor, sub-unit, or subsidiary thereof"
        (f"{SINOBRIGHT} {SCOPE}", [], [SCOPE]),  # "and any successor ..." without the semicolon
        (f"{SINOBRIGHT}, {SCOPE}", [], [SCOPE]),
        (f"{SINOBRIGHT} (a.k.a. Sinobright Trading); {SCOPE}", ["Sinobright Trading"], [SCOPE]),  # a.k.a. left in the name
        (f"{SINOBRIGHT} (a.k.a. Sinobright Trading)", ["Sinobright Trading"], []),
    ],
)
def test_isn_boilerplate_patterns_become_aliases_and_remarks(shared, tmp_path, name_cell, aliases, remarks):
    path, rows = _excerpt(shared)
    row = dict(_isn_row(rows))
    if name_cell is None:
        assert row["name"] == f"{SINOBRIGHT}; {SCOPE}"  # the defect as published
    else:
        row["name"] = name_cell
    party = _isn_party(get_importer("csl-csv").read([_write_csv(tmp_path, [row])]))
    assert party.names == [SINOBRIGHT, *aliases]
    assert party.extras.get("name_remarks", []) == remarks


def test_csl_json_shares_the_record_mapping(shared, tmp_path):
    _, rows = _excerpt(shared)
    row = _isn_row(rows)
    record = {k: v for k, v in row.items() if v and k != "_id"} | {"id": row["_id"], "programs": [row["programs"]]}
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps({"results": [record]}), encoding="utf-8")
    party = _isn_party(get_importer("csl-json").read([path]))
    assert party.names == [SINOBRIGHT] and party.extras["name_remarks"] == [SCOPE]


def test_search_finds_the_isn_entry_at_100_after_importing_the_excerpt(shared, tmp_path, cli):
    path, _ = _excerpt(shared)
    data_dir = str(tmp_path / "lists")
    imported = cli("lists", "import", "csl-csv", str(path), "--data-dir", data_dir, "--force")
    assert imported.code == 0, imported.err
    found = cli("search", SINOBRIGHT, "--data-dir", data_dir, "-f", "json").json()
    best = found["hits"][0]
    assert (best["list"], best["name"], best["score"]) == ("isn", SINOBRIGHT, 100.0)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_names_without_boilerplate_are_left_exactly_as_they_are(name):
    if "successor" in name.casefold() or "k.a." in name.casefold() or "known as" in name.casefold():
        return
    assert split_name_boilerplate(name).name == name


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[A-Z][A-Za-z]{2,12}( [A-Z][a-z]{2,10}){0,3}", fullmatch=True), st.sampled_from(["; ", " ", ", "]))
def test_scope_clause_always_comes_off_and_is_kept_once(name, glue):
    names, remarks = clean_names(f"{name}{glue}{SCOPE}", [f"{name}{glue}{SCOPE}"])
    assert names == [name] and remarks == [SCOPE]
