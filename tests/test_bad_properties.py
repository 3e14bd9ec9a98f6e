"""Property tests: every reader turns arbitrary input into records or a ComplianceError.

Arbitrary bytes go through each file reader (CSV tables for BOMs, counterparties,
ownership and materials; XLSX; IPC-1752A XML; saved JSON reports; YAML rule packs and
waivers). Nothing else may escape, and every row read is kept or rejected. The number
parser reads every spelling it accepts back to the value that was written.
(Name normalisation properties live in tests/matching/test_normalize.py.)
"""

from __future__ import annotations

import codecs
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from compliance.model.errors import ComplianceError
from compliance.readers.values import FieldError, parse_decimal

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Bytes that look like the files we get: a header, delimiters, quotes, newlines, high bytes.
CSV_PIECES = st.sampled_from([
    b"part_number", b"name", b"owner", b"owned", b"percent", b"quantity", b"materials", b"country", b"substance",
    b"mass_pct", b",", b";", b"\t", b"|", b'"', b"\n", b"\r\n", b"\r", b" ", b"1", b"-3", b"1,5", b"1e9", b"50%",
    b"Nd 28%@CN", b"CN", b"\xc3\xbc", b"\xfc", b"\xd6\xd0", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"=A1",
])
CSV_BYTES = st.one_of(st.binary(max_size=300), st.lists(CSV_PIECES, max_size=60).map(b"".join))


def _readers():
    from compliance.readers.bom import read_bom
    from compliance.readers.materials import read_declarations
    from compliance.readers.ownership import read_ownership
    from compliance.readers.parties import read_parties

    def bom(path):
        r = read_bom(path, path.name)
        return r.rows_read, len(r.lines), len(r.rejected)

    def parties(path):
        kept, rejected, read = read_parties(path, path.name)
        return read, len(kept), len(rejected)

    def ownership(path):
        kept, rejected, read = read_ownership(path, path.name)
        return read, len(kept), len(rejected)

    def materials(path):
        d = read_declarations(path, path.name)
        return d.rows_read, sum(len(v) for v in d.by_part.values()), len(d.rejected)

    return {"bom": bom, "parties": parties, "ownership": ownership, "materials": materials}


READERS = _readers()


@pytest.mark.parametrize("kind", sorted(READERS))
@SETTINGS
@given(data=CSV_BYTES)
def test_csv_readers_raise_only_user_errors_and_lose_no_row(kind, data, tmp_path):
    path = tmp_path / "input.csv"
    path.write_bytes(data)
    try:
        read, kept, rejected = READERS[kind](path)
    except ComplianceError as exc:
        assert str(exc).startswith("input.csv"), str(exc)
        return
    assert read == kept + rejected


@SETTINGS
@given(body=st.binary(max_size=400), where=st.sampled_from(["sheet", "strings", "whole"]))
def test_xlsx_reader_raises_only_user_errors(body, where, tmp_path):
    import io
    import zipfile

    import openpyxl

    from compliance.readers.bom import read_bom

    if where == "whole":
        blob = body
    else:
        buffer = io.BytesIO()
        wb = openpyxl.Workbook()
        wb.active.append(["part_number", "quantity"])
        wb.active.append(["A-1", 2])
        wb.save(buffer)
        member = "xl/worksheets/sheet1.xml" if where == "sheet" else "xl/workbook.xml"
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                dst.writestr(info.filename, body if info.filename == member else src.read(info.filename))
        blob = out.getvalue()
    path = tmp_path / "input.xlsx"
    path.write_bytes(blob)
    try:
        result = read_bom(path, "input.xlsx")
    except ComplianceError as exc:
        assert str(exc).startswith("input.xlsx"), str(exc)
        return
    assert result.rows_read == len(result.lines) + len(result.rejected)


XML_PIECES = st.sampled_from([
    '<MainDeclaration xmlns="http://webstds.ipc.org/175x/2.0">', "</MainDeclaration>", "<Product>", "</Product>",
    '<ProductID itemNumber="P-1"/>', '<ProductID itemNumber=""/>', "<HomogeneousMaterial>", "</HomogeneousMaterial>",
    '<Amount value="10" UOM="g"/>', '<Amount value="x" UOM="lb"/>', '<Substance name="Dy">', "</Substance>",
    '<Concentration value="4.5"/>', '<Concentration value="NaN"/>', '<SubstanceID identity="7429-91-6" authority="CAS"/>',
    "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "<?xml version='1.0'?>", "<![CDATA[x]]>", "<", ">", '"',
])


@SETTINGS
@given(text=st.one_of(st.text(max_size=200), st.lists(XML_PIECES, max_size=25).map("".join)))
def test_ipc1752_reader_raises_only_user_errors(text, tmp_path):
    from compliance.readers.ipc1752 import read_ipc1752

    path = tmp_path / "input.xml"
    path.write_bytes(text.encode("utf-8", "replace"))
    try:
        read_ipc1752(path, "input.xml")
    except ComplianceError as exc:
        assert str(exc).startswith("input.xml"), str(exc)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_report_loader_raises_only_user_errors(data, tmp_path):
    from compliance.report.load import load_report

    path = tmp_path / "report.json"
    path.write_bytes(data)
    with pytest.raises(ComplianceError):
        load_report(path)


@SETTINGS
@given(text=st.text(max_size=200))
def test_waiver_loader_raises_only_user_errors(text, tmp_path):
    from compliance.gate import load_waivers

    path = tmp_path / "waivers.yaml"
    path.write_bytes(text.encode("utf-8", "replace"))
    try:
        load_waivers(path)
    except ComplianceError as exc:
        assert str(exc).startswith(str(path)) or str(exc).startswith("waivers.yaml"), str(exc)


# --------------------------------------------------------------- numbers

@given(st.text(max_size=30))
@settings(max_examples=500, deadline=None)
def test_parse_decimal_returns_a_finite_number_or_a_field_error(text):
    try:
        value = parse_decimal(text, "quantity")
    except FieldError as exc:
        assert exc.field == "quantity"
        return
    assert value.is_finite()


VALUES = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False, allow_infinity=False)


def _grouped(value: Decimal, group: str, point: str) -> str:
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):.3f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + group.join(groups) + point + frac


@given(VALUES, st.sampled_from([(",", "."), (".", ","), (" ", ","), ("\u00a0", ","), ("'", "."), ("", "."), ("", ",")]))
@settings(max_examples=300, deadline=None)
def test_grouped_numbers_read_back_to_their_value(value, style):
    """1,234,567.125 · 1.234.567,125 · 1 234 567,125 · 1'234'567.125 all read as written."""
    text = _grouped(value, *style)
    if re.fullmatch(r"-?[1-9]\d{0,2},\d{3}", text):  # 1,000: a thousand, or one? refused, see below
        with pytest.raises(FieldError, match="ambiguous"):
            parse_decimal(text, "unit_value")
        return
    assert parse_decimal(text, "unit_value") == value


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_lone_comma_before_three_digits_is_ambiguous(whole, frac):
    with pytest.raises(FieldError, match="ambiguous"):
        parse_decimal(f"{whole},{frac:03d}", "quantity")


# --------------------------------------------------------------- encodings

NAMES = st.sampled_from(["Müller Präzision GmbH", "Société Générale", "Ångström AB", "Niño S.A.", "Łódź Sp. z o.o.",
                         "华为技术有限公司", "北京航空航天大学", "中芯国际集成电路制造有限公司", "Acme Ltd"])


@given(names=st.lists(NAMES, min_size=1, max_size=5),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "gb18030", "cp1252"]))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_real_names_survive_every_encoding_they_fit(names, encoding, tmp_path):
    from compliance.readers.tabular import read_csv_rows

    text = "name,id\n" + "".join(f"{n},{i}\n" for i, n in enumerate(names))
    try:
        raw = codecs.BOM_UTF16_BE + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
    except UnicodeEncodeError:
        return
    path = tmp_path / "names.csv"
    path.write_bytes(raw)
    _, rows = read_csv_rows(path, "names.csv")
    assert [r.cells["name"] for r in rows] == names


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["part_number", "quantity", "parent", "materials", "x"]), inner, max_size=5),
    max_leaves=20,
)


@SETTINGS
@given(value=JSON_VALUES)
def test_json_table_reader_raises_only_user_errors(value, tmp_path):
    import json

    from compliance.readers.bom import read_bom

    path = tmp_path / "input.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        result = read_bom(path, "input.json")
    except ComplianceError as exc:
        assert str(exc).startswith("input.json"), str(exc)
        return
    assert result.rows_read == len(result.lines) + len(result.rejected)
