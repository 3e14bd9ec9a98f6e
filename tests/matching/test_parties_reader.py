"""The counterparty reader accounts for every row and fails only with InputError."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.model.errors import InputError
from compliance.readers.parties import read_parties

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(cell, cell, cell), max_size=12))
def test_every_row_is_screened_or_rejected(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "country", "aliases"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "parties.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        try:
            parties, rejected, read = read_parties(path)
        except InputError:
            return
    assert read == len(parties) + len(rejected)
    assert all(p.name.strip() for p in parties)
    assert all(r.field and r.reason for r in rejected)


def test_country_names_and_codes(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text('Company Name,Country,Aliases\nA Co,China,"A1; A2"\nB Co,de,\nC Co,Narnia,\nD Co;x\n', encoding="utf-8")
    parties, rejected, read = read_parties(path)
    assert [(p.name, p.country, p.aliases) for p in parties] == [("A Co", "CN", ("A1", "A2")), ("B Co", "DE", ()), ("D Co;x", None, ())]
    assert [(r.row, r.field) for r in rejected] == [(4, "country")] and read == 4
