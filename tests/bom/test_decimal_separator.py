"""Decimal commas: a German ERP export must not be read a thousandfold wrong.

`1.000` is one in a file of decimal points and a thousand in a file of decimal commas
(SAP and German Excel write `1.000` for a thousand and `12,5` for twelve and a half).
Left on "auto", the reader keeps refusing `1,234` and now also refuses `1.000` in a file
that proves elsewhere that it writes decimal commas; declared with
`--decimal-separator comma` (or `point`), every number has one reading.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.readers.bom import BomOptions, read_bom
from compliance.readers.values import FieldError, parse_decimal

from tests.test_bad_properties import _grouped  # writes a value with a given grouping and decimal mark

VALUES = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False, allow_infinity=False)


@given(VALUES, st.sampled_from([",", " ", "'", ""]))
@settings(max_examples=300, deadline=None)
def test_declared_decimal_points_read_every_grouping_back(value, group):
    text = _grouped(value, group, ".")
    assert parse_decimal(text, "quantity", "point") == value


@given(VALUES, st.sampled_from([".", " ", ""]))
@settings(max_examples=300, deadline=None)
def test_declared_decimal_commas_read_every_grouping_back(value, group):
    text = _grouped(value, group, ",")
    assert parse_decimal(text, "quantity", "comma") == value


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_one_thousand_has_one_reading_per_declared_separator(whole, frac):
    """1,234 and 1.234: refused on auto (for the comma), a thousand-and-more or one-and-a-bit when declared."""
    comma, dot = f"{whole},{frac:03d}", f"{whole}.{frac:03d}"
    thousands, decimal = Decimal(whole * 1000 + frac), Decimal(f"{whole}.{frac:03d}")
    assert parse_decimal(comma, "q", "point") == thousands and parse_decimal(dot, "q", "point") == decimal
    assert parse_decimal(comma, "q", "comma") == decimal and parse_decimal(dot, "q", "comma") == thousands


@pytest.mark.parametrize(
    "text, separator",
    [("12,5", "point"), ("1.234,5", "point"), ("12.5", "comma"), ("1,234.5", "comma"), ("", "comma"), ("-", "point"), ("1,,5", "comma")],
)
def test_a_number_written_the_other_way_is_refused_not_misread(text, separator):
    with pytest.raises(FieldError, match=f"decimal {separator}s"):
        parse_decimal(text, "quantity", separator)


@given(st.text(max_size=20), st.sampled_from(["point", "comma"]))
@settings(max_examples=300, deadline=None)
def test_declared_separators_give_a_finite_number_or_a_field_error(text, separator):
    try:
        value = parse_decimal(text, "quantity", separator)
    except FieldError as exc:
        assert exc.field == "quantity"
        return
    assert value.is_finite()


GERMAN_BOM = (
    "part_number;description;quantity;unit_value;unit_mass;origin_country;materials\n"
    "MOT-1;Traction motor;1;2.450,00;42.500g;DE;\n"
    'MAG-1;NdFeB magnet;1.000;12,50;0,12kg;CN;"Nd 28,5%; Dy 4%"\n'
    "SHA-1;Shaft;2;3,20;;DE;Fe 98%\n"
)


def test_auto_refuses_a_dotted_thousand_in_a_file_of_decimal_commas_and_names_the_proof(tmp_path):
    path = tmp_path / "stueckliste.csv"
    path.write_text(GERMAN_BOM, encoding="utf-8")
    read = read_bom(path, "stueckliste.csv")
    assert [line.part_number for line in read.lines] == ["SHA-1"]
    assert read.rows_read == 3 and len(read.rejected) == 2  # nothing is lost: every row screened or refused
    by_row = {r.row: r for r in read.rejected}
    assert by_row[2].field == "unit_mass"  # 2.450,00 is unambiguous; 42.500g is not
    assert "42.500" in by_row[2].reason and "may mean 42500" in by_row[2].reason
    assert by_row[3].field == "quantity" and "ambiguous number '1.000'" in by_row[3].reason
    assert re.search(r"decimal commas \(line \d: '", by_row[3].reason) and "--decimal-separator comma" in by_row[3].reason


def test_declared_comma_reads_the_german_file_as_written(tmp_path):
    path = tmp_path / "stueckliste.csv"
    path.write_text(GERMAN_BOM, encoding="utf-8")
    read = read_bom(path, "stueckliste.csv", BomOptions(decimal_separator="comma"))
    assert not read.rejected
    motor, magnet, shaft = read.lines
    assert motor.unit_value == Decimal("2450.00") and motor.unit_mass_g == Decimal("42500")
    assert magnet.quantity == Decimal(1000) and magnet.unit_value == Decimal("12.50") and magnet.unit_mass_g == Decimal("120.00")
    assert [m.share for m in magnet.materials] == [Decimal("0.285"), Decimal("0.04")]
    assert shaft.quantity == 2 and shaft.unit_value == Decimal("3.20")


def test_an_english_file_with_three_decimals_is_read_as_before(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_text('part_number,quantity,unit_value,unit_mass\nA,1.250,"1,234.5",3g\nB,2,0.125,1.000kg\n', encoding="utf-8")
    read = read_bom(path, "bom.csv")
    assert not read.rejected
    assert read.lines[0].quantity == Decimal("1.250") and read.lines[0].unit_value == Decimal("1234.5")
    assert read.lines[1].unit_mass_g == Decimal("1000.000")


def test_materials_file_follows_the_same_rule(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text("part_number;quantity\nMAG-1;1\nMAG-2;1\n", encoding="utf-8")
    materials = tmp_path / "materials.csv"
    materials.write_text("part_number;substance;mass_g;origin_country\nMAG-1;Dy;1.500;CN\nMAG-2;Tb;0,75;CN\n", encoding="utf-8")
    auto = read_bom(bom, "bom.csv", BomOptions(materials=materials))
    assert [r.row for r in auto.rejected] == [2] and "ambiguous number '1.500'" in auto.rejected[0].reason
    assert {line.part_number: len(line.materials) for line in auto.lines} == {"MAG-1": 0, "MAG-2": 1}
    declared = read_bom(bom, "bom.csv", BomOptions(materials=materials, decimal_separator="comma"))
    assert not declared.rejected
    assert [m.mass_g for line in declared.lines for m in line.materials] == [Decimal(1500), Decimal("0.75")]


def test_the_setting_and_the_flag_reach_screen_bom(tmp_path, monkeypatch):
    from compliance.cli import main

    path = tmp_path / "stueckliste.csv"
    path.write_text(GERMAN_BOM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def screened(*extra: str) -> dict:
        out = tmp_path / "r.json"
        with pytest.raises(SystemExit):
            main(["screen", "bom", str(path), "--as-of", "2026-01-01", "-f", f"json={out}", "--fail-on", "none", *extra])
        return json.loads(out.read_text(encoding="utf-8"))["summary"]

    assert screened()["rows_rejected"] == 2
    assert screened("--decimal-separator", "comma")["rows_rejected"] == 0
    (tmp_path / "compliance.yaml").write_text("decimal_separator: comma\n", encoding="utf-8")
    assert screened()["rows_rejected"] == 0
    assert screened("--decimal-separator", "auto")["rows_rejected"] == 2  # the flag wins over the file


def test_a_row_already_refused_is_counted_once(tmp_path):
    """Every row is screened or rejected exactly once, also when it is both ambiguous and bad."""
    bom = tmp_path / "bom.csv"
    bom.write_text("part_number;quantity\nMAG-1;1\nMAG-2;1\n", encoding="utf-8")
    materials = tmp_path / "materials.csv"
    materials.write_text(
        "part_number;substance;mass_g;mass_pct\nMAG-1;Dy;1.500;120\nMAG-2;Tb;0,75;\nMAG-2;Nd;2.250;\n", encoding="utf-8"
    )
    read = read_bom(bom, "bom.csv", BomOptions(materials=materials))
    [provenance] = read.extra_inputs
    assert provenance.rows_read == 3 and provenance.rows_screened == 1 and provenance.rows_rejected == 2
    assert sorted((r.row, r.field) for r in read.rejected) == [(2, "mass_pct"), (4, "mass_g")]
