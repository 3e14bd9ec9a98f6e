"""BOM readers: encodings, delimiters, XLSX with ERP headers, JSON, mapping, IPC-1752A."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from compliance.model.errors import InputError
from compliance.readers.bom import BomOptions, parse_materials, read_bom
from compliance.readers.values import FieldError
from tests.bom.conftest import ART11, by_rule

ROWS = [
    ["part_number", "description", "origin_country", "unit_mass", "materials"],
    ["M-1", "烧结钕铁硼磁体 (sintered NdFeB)", "CN", "40g", "Nd 27%; Dy 3.5%@CN; B 1%; Fe 68.5%"],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_encoding_and_delimiter_reads_the_same_line(tmp_path, encoding, delimiter):
    path = tmp_path / "bom.csv"
    text = "\n".join(delimiter.join(f'"{c}"' if delimiter in c or ";" in c else c for c in row) for row in ROWS) + "\n"
    path.write_bytes(text.encode(encoding))
    read = read_bom(path, "bom.csv")
    (line,) = read.lines
    assert line.description == "烧结钕铁硼磁体 (sintered NdFeB)"
    assert line.unit_mass_g == Decimal(40) and line.origin_country == "CN"
    assert [m.canonical for m in line.materials] == ["Nd", "Dy", "B", "Fe"]
    assert line.materials[1].origin == "CN" and line.materials[1].share == Decimal("0.035")


def test_xlsx_export_with_aliased_headers_keeps_sheet_and_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.active["A1"] = "exported from ERP"
    ws = wb.create_sheet("BOM")
    ws.append(["P/N", "Part Description", "Parent Part", "Qty", "Unit Price", "Curr", "Weight", "Vendor", "COO", "HS Code", "Material Content"])
    ws.append(["MOT", "Motor", None, 1, 1000, "USD", "40kg", "Acme", "Germany", "850152", None])
    ws.append(["MAG", "Dy-NdFeB magnet", "MOT", 20, 10.0, "USD", "10g", "Kansai", "JP", 850511, "Nd 20%; Dy 10%@CN; B 1%"])
    path = tmp_path / "erp.xlsx"
    wb.save(path)
    read = read_bom(path, "erp.xlsx", BomOptions(sheet="BOM"))
    mot, mag = read.lines
    assert (mot.file, mot.row, mot.origin_country) == ("erp.xlsx!BOM", 2, "DE")
    assert (mag.row, mag.parent, mag.quantity, mag.unit_value, mag.hs_code) == (3, "MOT", Decimal(20), Decimal(10), "850511")
    assert mag.supplier == "Kansai"
    with pytest.raises(InputError, match="no sheet named 'Nope'"):
        read_bom(path, "erp.xlsx", BomOptions(sheet="Nope"))


def test_json_list_of_objects_keeps_the_line_of_each_object(tmp_path, screen):
    path = tmp_path / "bom.json"
    path.write_text('[\n  {"part_number": "MOT", "unit_value": 1000, "origin_country": "DE"},\n'
                    '  {"part_number": "MAG", "parent": "MOT", "quantity": 20, "unit_value": 10,\n'
                    '   "unit_mass": "10g", "origin_country": "JP", "materials": "Nd 20%; Dy 10%@CN; B 1%"}\n]\n', encoding="utf-8")
    read = read_bom(path, "bom.json")
    assert [(l.part_number, l.row) for l in read.lines] == [("MOT", 2), ("MAG", 3)]


def test_mapping_file_names_the_columns_of_any_export(tmp_path):
    (tmp_path / "map.yaml").write_text("columns:\n  part_number: Materialnummer\n  parent: Baugruppe\n  quantity: Menge\n", encoding="utf-8")
    (tmp_path / "sap.csv").write_text("Materialnummer;Baugruppe;Menge\nA;;1\nB;A;2,5\n", encoding="utf-8")
    read = read_bom(tmp_path / "sap.csv", "sap.csv", BomOptions(mapping=tmp_path / "map.yaml"))
    assert [(l.part_number, l.parent, l.quantity) for l in read.lines] == [("A", None, 1), ("B", "A", Decimal("2.5"))]
    (tmp_path / "bad.yaml").write_text("columns:\n  part_no: X\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_bom(tmp_path / "sap.csv", "sap.csv", BomOptions(mapping=tmp_path / "bad.yaml"))
    assert exc.value.line == 2 and exc.value.field == "columns.part_no"


IPC = """<?xml version="1.0" encoding="UTF-8"?>
<MainDeclaration xmlns="http://webstds.ipc.org/175x/2.0" version="2.0">
  <Product unitType="Each"><ProductID itemNumber="MAG" itemName="Dy-NdFeB magnet"/>
    <MaterialInfo><HomogeneousMaterialList>
      <HomogeneousMaterial name="Magnet body"><Amount value="10" UOM="g"/>
        <SubstanceCategoryList><SubstanceCategory name="Supplier">
          <Substance name="Neodymium"><SubstanceID identity="7440-00-8" authority="CAS"/><Concentration value="29"/></Substance>
          <Substance name="Dysprosium"><SubstanceID identity="7429-91-6" authority="CAS"/><Amount value="100" UOM="mg"/></Substance>
          <Substance name="Boron"><SubstanceID identity="7440-42-8" authority="CAS"/><Concentration value="1"/></Substance>
        </SubstanceCategory></SubstanceCategoryList>
      </HomogeneousMaterial>
    </HomogeneousMaterialList></MaterialInfo>
  </Product>
  <Product><ProductID itemNumber="NOT-IN-BOM"/><MaterialInfo><HomogeneousMaterialList>
    <HomogeneousMaterial name="x"><Amount value="1" UOM="g"/><SubstanceCategoryList><SubstanceCategory>
      <Substance name="Terbium"><SubstanceID identity="7440-27-9" authority="CAS"/><Amount value="1" UOM="g"/></Substance>
    </SubstanceCategory></SubstanceCategoryList></HomogeneousMaterial></HomogeneousMaterialList></MaterialInfo></Product>
</MainDeclaration>
"""


def test_ipc1752a_declaration_is_joined_by_part_number(tmp_path, screen):
    decl = tmp_path / "decl.xml"
    decl.write_text(IPC, encoding="utf-8")
    result = screen("MAG,Dy-NdFeB magnet,,1,10,USD,10g,JP,\n", options=BomOptions(materials=decl))
    # Dy by CAS, 100 mg, origin unknown (IPC-1752A carries none): if Chinese,
    # 0.1 g x 0.4 USD/g = 0.04 USD / 10 USD = 0.4 % → cannot rule out.
    (f,) = by_rule(result, ART11)
    assert f.outcome.value == "red-flag"
    assert f.evidence["unknown_origin_part_i_content"][0]["grams_per_item"] == "0.1"
    kinds = {i.kind: i for i in result.inputs}
    assert kinds["ipc-1752a"].rows_read == 4 and kinds["ipc-1752a"].rows_screened == 3
    assert any("NOT-IN-BOM" in r.reason for r in result.rejected)


def test_ipc1752a_refuses_entity_expansion(tmp_path):
    from compliance.readers.ipc1752 import read_ipc1752

    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><MainDeclaration>&a;</MainDeclaration>', encoding="utf-8")
    with pytest.raises(InputError, match="refused unsafe XML"):
        read_ipc1752(bomb)


def test_materials_csv_is_joined_and_every_row_accounted_for(tmp_path, screen):
    decl = tmp_path / "materials.csv"
    decl.write_text("part_number,substance,cas,mass_g,mass_pct,origin_country\n"
                    "MAG,Dy,,0.1,,CN\nMAG,Nd,,,29,\nMAG,B,,,1,\nGHOST,Tb,,1,,CN\nMAG,Tb,,,,CN\n", encoding="utf-8")
    result = screen("MAG,Dy-NdFeB magnet,,1,10,USD,10g,JP,\n", options=BomOptions(materials=decl))
    (f,) = by_rule(result, ART11)
    assert f.outcome.value == "license-required" and f.evidence["share"] == "0.4000 %"
    reasons = {(r.row, r.field) for r in result.rejected}
    assert (6, "mass_g") in reasons and (5, "part_number") in reasons
    decl_input = next(i for i in result.inputs if i.kind == "materials")
    assert decl_input.rows_read == 5 == decl_input.rows_screened + decl_input.rows_rejected


# ---------------------------------------------------------------- property tests

SUBSTANCES = st.sampled_from(["Dy", "Tb", "Nd", "Fe", "7429-91-6", "Dy2O3", "Dy-Fe", "SmCo", "dysprosium oxide"])
ORIGINS = st.sampled_from(["", "@CN", "@JP", "@de"])
AMOUNTS = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100"), places=3)
UNITS = st.sampled_from(["%", "g", "kg", "mg", "ppm"])


@given(st.lists(st.tuples(SUBSTANCES, AMOUNTS, UNITS, ORIGINS), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_materials_cell_round_trips(entries):
    text = "; ".join(f"{s} {a}{u}{o}" for s, a, u, o in entries)
    total = sum(a / (100 if u == "%" else 1_000_000) for s, a, u, o in entries if u in ("%", "ppm"))
    if total > 1:  # fractions of one unit cannot add up to more than the unit
        with pytest.raises(FieldError, match="more than 100 %"):
            parse_materials(text)
        return
    parsed = parse_materials(text)
    assert len(parsed) == len(entries)
    for m, (s, a, u, o) in zip(parsed, entries):
        assert m.substance == s
        assert m.origin == (o[1:].upper() if o else None)
        if u in ("%", "ppm"):
            assert m.share == a / (100 if u == "%" else 1_000_000) and m.mass_g is None
        else:
            assert m.mass_g == a * {"g": 1, "kg": 1000, "mg": Decimal("0.001")}[u] and m.share is None


@given(st.lists(AMOUNTS, min_size=2, max_size=6))
@settings(max_examples=100, deadline=None)
def test_shares_over_100_percent_reject_the_cell(amounts):
    text = "; ".join(f"Fe {a}%" for a in amounts)
    if sum(amounts) > 100:
        with pytest.raises(FieldError, match="add up to"):
            parse_materials(text)
    else:
        assert len(parse_materials(text)) == len(amounts)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_materials_parser_never_crashes(text):
    try:
        parse_materials(text)
    except FieldError as exc:
        assert exc.field == "materials"


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(str.strip)


@given(st.lists(st.tuples(st.from_regex(r"[A-Z][A-Z0-9-]{0,8}", fullmatch=True), CELL), min_size=1, max_size=8, unique_by=lambda r: r[0]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
@settings(max_examples=80, deadline=None)
def test_csv_reader_round_trips_any_description(tmp_path_factory, rows, encoding):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["part_number", "description"])
    writer.writerows(rows)
    try:
        raw = buffer.getvalue().encode(encoding)
        if encoding == "gb18030":
            # Without a BOM, GB18030 is told from Windows-1252, Big5, Shift_JIS and EUC-KR by
            # its characters being simplified Chinese (GB2312) — what Chinese ERP exports
            # contain. Symbols alone ("¨") read the same in all of them; see detect_encoding.
            buffer.getvalue().encode("gb2312")
            if not any("\u4e00" <= char <= "\u9fff" for _, description in rows for char in description):
                return
    except UnicodeEncodeError:
        return
    path = tmp_path_factory.mktemp("csv") / "bom.csv"
    path.write_bytes(raw)
    read = read_bom(path, "bom.csv")
    assert [(l.part_number, l.description) for l in read.lines] == rows
    assert read.rows_read == len(rows) and not read.rejected


def test_example_bom_and_json_rows_validate_against_the_bom_schema(repo, tmp_path):
    import csv
    import json

    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((repo / "schemas" / "bom.schema.json").read_text(encoding="utf-8"))
    with (repo / "examples" / "ev-traction-motor.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    jsonschema.validate(rows, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"part_number": "X", "materials": "Dy four percent"}], schema)
    # the reader accepts what the schema accepts
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    assert len(read_bom(path, "bom.json").lines) == len(rows)


@pytest.mark.parametrize("text, encoding", [
    ("钕铁硼磁铁", "gb18030"), ("稀土¨", "gb18030"), ("氧化镝", "gb18030"), ("碳化硅", "gb18030"),
    ("釹鐵硼磁鐵", "big5"), ("台灣積體電路製造股份有限公司", "big5"),
    ("네오디뮴 자석", "euc_kr"), ("삼성전자", "euc_kr"),
    ("ネオジム磁石", "shift_jis"), ("株式会社日立", "shift_jis"), ("ｶﾌﾞｼｷｶﾞｲｼｬ", "shift_jis"),
])
def test_a_short_legacy_east_asian_cell_is_read_in_its_own_encoding(tmp_path, text, encoding):
    """Short cells decode cleanly in several legacy encodings; the reading made of the
    encoding's ordinary characters wins ("钕铁硼磁铁" was read as Korean, "稀土" as katakana)."""
    path = tmp_path / "bom.csv"
    path.write_bytes(f"part_number,description\nA,{text}\n".encode(encoding))
    assert [line.description for line in read_bom(path, "bom.csv").lines] == [text]
