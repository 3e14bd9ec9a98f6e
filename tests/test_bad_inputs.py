"""The hostile-input corpus (tests/data/bad/) through the real CLI.

Each case runs `python -m compliance ...` in a fresh folder holding copies of its input
files and asserts what a user would see: the exact exit code, at most one one-line
error naming file, line (or sheet / XML element) and field, never a traceback, and -
whenever a report is written - that every input row is accounted for:
rows_read == rows_screened + rows_rejected, with each rejected row listed in `rejected`.
The cases run in parallel once per session; each test checks one of them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "data" / "bad"
GOOD_BOM = "bom/enc-utf8.csv"
AS_OF = ["--as-of", "2026-11-28", "--fail-on", "none"]


@dataclass(frozen=True)
class Case:
    """One run: `files` are copied (by base name) into the run's folder; `args` use those names."""

    id: str
    args: tuple[str, ...]
    files: tuple[str, ...]
    exit: int
    error: str | None = None  # regex the single `compliance: error:` line must match (after the prefix)
    report: bool = False  # a JSON report is written to out.json and checked for accounting
    rejected_fields: tuple[str, ...] = ()  # fields of the rejected rows, in order
    generated: dict = field(default_factory=dict)  # name → bytes, written before the run (big inputs)


def bom(name: str, exit: int, error: str | None = None, rejected: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> Case:
    base = Path(name).name
    report = error is None
    args = ("screen", "bom", base, *AS_OF, *extra) + (("-f", "json=out.json") if report else ())
    return Case(f"bom/{base}" + ("+" + "+".join(extra) if extra else ""), args, (name,), exit, error, report, rejected)


def materials(name: str, exit: int, error: str | None = None, rejected: tuple[str, ...] = ()) -> Case:
    base = Path(name).name
    report = error is None
    args = ("screen", "bom", "enc-utf8.csv", "--materials", base, *AS_OF) + (("-f", "json=out.json") if report else ())
    return Case(f"materials/{base}", args, (GOOD_BOM, name), exit, error, report, rejected)


def parties(name: str, exit: int, error: str | None = None, rejected: tuple[str, ...] = ()) -> Case:
    base = Path(name).name
    report = error is None
    args = ("screen", "parties", base, *AS_OF) + (("-f", "json=out.json") if report else ())
    return Case(f"parties/{base}", args, (name,), exit, error, report, rejected)


def ownership(name: str, exit: int, error: str | None = None, rejected: tuple[str, ...] = ()) -> Case:
    base = Path(name).name
    report = error is None
    args = ("screen", "parties", "parties.csv", "--ownership", base, *AS_OF) + (("-f", "json=out.json") if report else ())
    return Case(f"ownership/{base}", args, ("ownership/parties.csv", name), exit, error, report, rejected)


def yaml_case(name: str, how: str, error: str) -> Case:
    base = Path(name).name
    if how == "rules":
        args: tuple[str, ...] = ("rules", "validate", base)
    elif how == "waivers":
        args = ("screen", "bom", "enc-utf8.csv", "--waivers", base, *AS_OF)
    else:  # config: the settings file of the folder the command runs in
        args = ("config", "show")
        return Case(f"yaml/{base}", args, (), 2, error, generated={"compliance.yaml": (BAD / name).read_bytes()})
    return Case(f"yaml/{base}", args, (GOOD_BOM, name), 2, error)


def render(name: str, error: str, generated: dict | None = None) -> Case:
    base = Path(name).name
    return Case(f"reports/{base}", ("report", "render", base, "-f", "json"), () if generated else (name,), 2, error,
                generated=generated or {})


IPC = (BAD / "materials" / "ipc-good.xml").read_text(encoding="utf-8")
HEADER = "part_number,description,parent,quantity,unit_value,currency,unit_mass,origin_country,materials\n"

#: Legacy East Asian encodings (each also "decodes" as GB18030) and the names they hold.
EAST_ASIAN_NAMES = {
    "enc-big5.csv": ["台灣積體電路製造股份有限公司", "鴻海精密工業股份有限公司"],
    "enc-shift-jis.csv": ["トヨタ自動車株式会社", "三菱重工業株式会社"],
    "enc-euc-kr.csv": ["삼성전자 주식회사", "현대자동차 주식회사"],
}
SUBSTANCES_READ = ("subst-lowercase.csv", "subst-fullwidth.csv", "subst-chinese.csv", "subst-comma-list.csv")
SUBSTANCES_UNKNOWN = {"subst-misspelt.csv": ("Dysprosum", "Dysprosium (Dy)"), "subst-formula-typo.csv": ("Dy203", "Dy2O3")}

CASES = [
    # --- encodings: each decodes to the same two lines, or is refused naming its line
    *[bom(f"bom/{n}", 0) for n in ("enc-utf8.csv", "enc-utf8-bom.csv", "enc-utf16le.csv", "enc-utf16be.csv",
                                   "enc-gb18030.csv", "enc-gbk.csv", "enc-latin1.csv")],
    bom("bom/enc-cp1252-one-utf8.csv", 2, r"enc-cp1252-one-utf8\.csv:10: mixed encodings: this line is UTF-8 but 9 other line\(s\) are Windows-1252"),
    bom("bom/enc-mixed.csv", 2, r"enc-mixed\.csv:3: mixed encodings: .*save the file in one encoding"),
    bom("bom/enc-invalid-utf16.csv", 2, r"enc-invalid-utf16\.csv:4: invalid utf-16 byte sequence"),
    bom("bom/enc-nul-bytes.csv", 2, r"enc-nul-bytes\.csv:2: file contains NUL bytes"),
    # --- CSV structure
    bom("bom/csv-semicolon.csv", 0),
    bom("bom/csv-tab.tsv", 0),
    bom("bom/csv-quoted-newline.csv", 0),
    bom("bom/csv-wrong-delimiter.csv", 2, r"csv-wrong-delimiter\.csv:2: this row is separated by ',' but the header by ';'"),
    bom("bom/csv-unbalanced-quote.csv", 2, r"csv-unbalanced-quote\.csv:3: malformed CSV: unexpected end of file inside a quoted field"),
    bom("bom/csv-ragged.csv", 2, rejected=("(row)",)),
    bom("bom/csv-ragged.csv", 0, rejected=("(row)",), extra=("--max-rejected-rows", "1")),
    bom("bom/csv-duplicate-header.csv", 2, r"csv-duplicate-header\.csv:1: duplicate column 'Quantity'"),
    bom("bom/csv-empty-header.csv", 2, r"csv-empty-header\.csv:1: column 2 has an empty header"),
    bom("bom/csv-missing-part-column.csv", 2, r"csv-missing-part-column\.csv:1: required column 'part_number' is missing"),
    bom("bom/csv-headers-only.csv", 0),
    bom("bom/csv-empty.csv", 2, r"csv-empty\.csv: file is empty"),
    bom("bom/csv-blank-lines.csv", 2, r"csv-blank-lines\.csv: file is empty"),
    Case("bom/long-field.csv", ("screen", "bom", "long-field.csv", *AS_OF), (), 2,
         r"long-field\.csv:2: malformed CSV: a field longer than 131,072 characters",
         generated={"long-field.csv": (HEADER + "MOT-1," + "x" * 200_000 + ",,1,1,USD,1kg,DE,\n").encode()}),
    Case("bom/long-line.csv", ("screen", "bom", "long-line.csv", *AS_OF), (), 2,
         r"long-line\.csv:3: line longer than 1,048,576 characters",
         generated={"long-line.csv": (HEADER + "A,a,,1,1,USD,1g,DE,\n" + ",".join(["x" * 1000] * 1100) + "\n").encode()}),
    # --- cell values
    bom("bom/csv-formula-cells.csv", 2, rejected=("quantity",)),
    bom("bom/csv-number-formats.csv", 2, rejected=("quantity",)),  # 1.200 beside 3,20: see below
    bom("bom/csv-ambiguous-thousands.csv", 2, rejected=("quantity",)),
    bom("bom/csv-absurd-values.csv", 2, rejected=("quantity", "quantity", "unit_value", "unit_value", "quantity")),
    bom("bom/csv-percent-over-100.csv", 2, rejected=("materials",)),
    bom("bom/csv-shares-sum-over-100.csv", 2, rejected=("materials",)),
    # --- graphs
    bom("bom/graph-parent-cycle.csv", 2, r"graph-parent-cycle\.csv:2: parent: cycle in parent links: A \(row 2\) -> B \(row 3\) -> A"),
    bom("bom/graph-self-parent.csv", 2, r"graph-self-parent\.csv:2: parent: cycle in parent links: A \(row 2\) -> A"),
    bom("bom/graph-unknown-parent.csv", 2, r"graph-unknown-parent\.csv:3: parent: parent 'NOT-THERE' of part 'MAG-1' is not a part_number"),
    bom("bom/graph-duplicate-part.csv", 2, rejected=("part_number",)),
    # --- JSON tables
    bom("bom/json-bad-values.json", 2, rejected=("quantity", "quantity")),
    bom("bom/json-not-objects.json", 2, r"json-not-objects\.json:3: expected an object, got int"),
    Case("bom/deep.json", ("screen", "bom", "deep.json", *AS_OF), (), 2, r"deep\.json:1: invalid JSON: nested too deeply",
         generated={"deep.json": b"[" * 100_000 + b"]" * 100_000}),
    # --- workbooks
    bom("bom/xlsx-several-sheets.xlsx", 2, r"xlsx-several-sheets\.xlsx!Cover:1: required column 'part_number' is missing"),
    bom("bom/xlsx-several-sheets.xlsx", 0, extra=("--sheet", "BOM")),
    bom("bom/xlsx-merged-title.xlsx", 0),
    bom("bom/xlsx-merged-header.xlsx", 2, r"xlsx-merged-header\.xlsx!BOM:1: column 3 \(C1\) has an empty header \(a merged header cell\?\)"),
    bom("bom/xlsx-formula-no-result.xlsx", 2, r"xlsx-formula-no-result\.xlsx!BOM:2: cell B2 holds a formula with no saved result \(=6\*8\)"),
    bom("bom/xlsx-not-a-zip.xlsx", 2, r"xlsx-not-a-zip\.xlsx: not a readable XLSX workbook \(BadZipFile"),
    bom("bom/xlsx-zip-bomb.xlsx", 2, r"xlsx-zip-bomb\.xlsx: part xl/worksheets/sheet1\.xml compresses \d+:1 \(limit 200:1\); refusing a possible zip bomb"),
    bom("bom/xlsx-cell-bomb.xlsx", 2, r"xlsx-cell-bomb\.xlsx!BOM:\d+: more than 20,000,000 cells; refusing a possible cell bomb"),
    # --- substances: read however written, or a finding naming the row (never dropped)
    *[bom(f"bom/{n}", 0) for n in (*SUBSTANCES_READ, *SUBSTANCES_UNKNOWN)],
    # --- numbers nobody would believe: a finding naming the rows, not a result
    bom("bom/end-use.csv", 0),
    bom("bom/plaus-share-over-100.csv", 0),
    bom("bom/plaus-mass-over-unit.csv", 0),
    # --- material declarations (CSV and IPC-1752A XML)
    materials("materials/good.csv", 0),
    materials("materials/csv-bad-rows.csv", 2, rejected=("part_number", "mass_pct", "origin_country", "part_number")),
    materials("materials/ipc-good.xml", 0),
    materials("materials/ipc-bad-values.xml", 2, rejected=("Product[1]/HomogeneousMaterial[1]/Substance[2]/Amount",)),
    materials("materials/ipc-xxe.xml", 2, r"ipc-xxe\.xml: <!DOCTYPE>: refused unsafe XML: a document type declaration"),
    materials("materials/ipc-billion-laughs.xml", 2, r"ipc-billion-laughs\.xml: <!DOCTYPE>: refused unsafe XML: a document type declaration"),
    materials("materials/ipc-dtd.xml", 2, r"ipc-dtd\.xml: <!DOCTYPE>: refused unsafe XML: a document type declaration"),
    materials("materials/ipc-wrong-namespace.xml", 2, r"ipc-wrong-namespace\.xml:1: MainDeclaration@xmlns: <MainDeclaration> is in namespace 'urn:example:not-ipc'"),
    materials("materials/ipc-wrong-root.xml", 2, r"ipc-wrong-root\.xml:1: not an IPC-1752A declaration \(root element <Declaration>"),
    materials("materials/ipc-truncated.xml", 2, r"ipc-truncated\.xml:5: invalid XML: unclosed token"),
    Case("materials/ipc-huge-attribute.xml", ("screen", "bom", "enc-utf8.csv", "--materials", "huge.xml", *AS_OF, "-f", "json=out.json"),
         (GOOD_BOM,), 0, report=True,
         generated={"huge.xml": IPC.replace('name="magnet"', 'name="' + "A" * 5_000_000 + '"').encode()}),
    # --- counterparties
    parties("parties/enc-gb18030.csv", 0),  # GB18030 read and 中国 read as CN: no row rejected
    parties("parties/enc-latin1.csv", 0),
    *[parties(f"parties/{n}", 0) for n in EAST_ASIAN_NAMES],
    parties("parties/formula-name.csv", 0),
    # --- countries: every ISO 3166-1 code and short name; UK/EL read with their ISO code; ZZ refused
    parties("parties/iso-every-code.csv", 0),
    parties("parties/iso-names.csv", 0),
    # --- end-use rules decided from end_user_country / end_use; a country that is none is refused
    parties("parties/end-use.csv", 2, rejected=("end_user_country",)),
    bom("bom/country-codes.csv", 2, rejected=("origin_country", "materials")),
    ownership("ownership/country-codes.csv", 2, rejected=("owner_country",)),
    parties("parties/bad-rows.csv", 2, rejected=("name", "country", "(row)")),
    parties("parties/missing-name-column.csv", 2, r"missing-name-column\.csv:1: required column 'name' is missing"),
    # --- ownership graphs
    ownership("ownership/cycle.csv", 0),
    ownership("ownership/unknown-party.csv", 0),
    ownership("ownership/self-ownership.csv", 2, rejected=("owned",)),
    ownership("ownership/stakes-over-100.csv", 2, rejected=("percent", "percent", "percent")),
    ownership("ownership/stakes-sum-over-100.csv", 2, r"stakes-sum-over-100\.csv:2: percent: stakes in 'Beta Manufacturing' sum to 130 %"),
    Case("ownership/bom+parties", ("screen", "bom", "enc-utf8.csv", "--ownership", "stakes-over-100.csv", "--parties", "bad-rows.csv",
                                   *AS_OF, "-f", "json=out.json"),
         (GOOD_BOM, "ownership/stakes-over-100.csv", "parties/bad-rows.csv"), 2, report=True,
         rejected_fields=("name", "country", "(row)", "percent", "percent", "percent")),
    # --- YAML: rule packs, waivers, settings
    yaml_case("yaml/rules-object-tag.yaml", "rules", r"rules-object-tag\.yaml:2: rules: unsupported tag tag:yaml\.org,2002:python/object/apply:os\.system"),
    yaml_case("yaml/rules-alias-bomb.yaml", "rules", r"rules-alias-bomb\.yaml:1: .*document unfolds into more than 200000 values"),
    yaml_case("yaml/rules-duplicate-key.yaml", "rules", r"rules-duplicate-key\.yaml:3: title: duplicate key 'title'"),
    yaml_case("yaml/rules-tabs.yaml", "rules", r"rules-tabs\.yaml:3: invalid YAML: .*(tab|'\\t')"),
    yaml_case("yaml/rules-wrong-types.yaml", "rules", r"rules-wrong-types\.yaml:7: version: input should be a valid string"),
    yaml_case("yaml/waivers-object-tag.yaml", "waivers", r"waivers-object-tag\.yaml:1: waivers: unsupported tag .*python/object/new:subprocess\.Popen"),
    yaml_case("yaml/waivers-alias-bomb.yaml", "waivers", r"waivers-alias-bomb\.yaml:1: .*document unfolds into more than 200000 values"),
    yaml_case("yaml/waivers-duplicate-key.yaml", "waivers", r"waivers-duplicate-key\.yaml:4: waivers\[0\]\.rule: duplicate key 'rule'"),
    yaml_case("yaml/waivers-wrong-types.yaml", "waivers", r"waivers-wrong-types\.yaml:2: waivers\[0\]\.\w+: "),
    yaml_case("yaml/config-tabs.yaml", "config", r"(.*/)?compliance\.yaml:2: invalid YAML: .*(tab|'\\t')"),
    yaml_case("yaml/config-wrong-types.yaml", "config", r"compliance\.yaml:1: fail_on: must be one of critical, high, medium, low, info, none"),
    yaml_case("yaml/config-duplicate-key.yaml", "config", r"(.*/)?compliance\.yaml:2: fail_on: duplicate key 'fail_on'"),
    # --- saved reports to re-render
    render("reports/truncated.json", r"truncated\.json:1: invalid JSON: "),
    render("reports/not-a-report.json", r"not-a-report\.json:1: not a compliance JSON report"),
    render("reports/binary.json", r"binary\.json: cannot read report: "),
    render("deep.json", r"deep\.json:1: invalid JSON: nested too deeply", {"deep.json": b"[" * 100_000 + b"]" * 100_000}),
    # --- list imports: refused, nothing written
    Case("lists/csl-truncated.csv", ("lists", "import", "csl-csv", "csl-truncated.csv", "--data-dir", "lists"),
         ("lists/csl-truncated.csv",), 2, r"csl-truncated\.csv:2: malformed CSV: unexpected end of file inside a quoted field"),
    Case("lists/csl-renamed-column.csv", ("lists", "import", "csl-csv", "csl-renamed-column.csv", "--data-dir", "lists"),
         ("lists/csl-renamed-column.csv",), 2, r"csl-renamed-column\.csv:1: missing column\(s\): name"),
    Case("lists/csl-headers-only.csv", ("lists", "import", "csl-csv", "csl-headers-only.csv", "--data-dir", "lists"),
         ("lists/csl-headers-only.csv",), 2, r"no list records found in csl-headers-only\.csv — nothing was written"),
    # --- list imports without a date in their content: refused unless the user gives one
    Case("lists/user-no-date.yaml", ("lists", "import", "user", "user-no-date.yaml", "--data-dir", "lists"),
         ("lists/user-no-date.yaml",), 2, r"user-no-date\.yaml: --snapshot-date: a user list carries no publication date"),
    Case("lists/cn-no-date.csv", ("lists", "import", "cn-csv", "cn-no-date.csv", "--data-dir", "lists"),
         ("lists/cn-no-date.csv",), 2, r"cn-no-date\.csv: --snapshot-date: a china-parties\.csv file carries no publication date"),
    # --- output paths
    Case("paths/missing-dir", ("screen", "bom", "enc-utf8.csv", *AS_OF, "-f", "json=no/such/dir/out.json"), (GOOD_BOM,), 2,
         r"--format: output directory does not exist: no/such/dir"),
    Case("paths/output-is-input", ("screen", "bom", "enc-utf8.csv", *AS_OF, "-f", "json=enc-utf8.csv"), (GOOD_BOM,), 2,
         r"--format: output enc-utf8\.csv is an input file \(enc-utf8\.csv\)"),
    Case("paths/output-is-materials", ("screen", "bom", "enc-utf8.csv", "--materials", "good.csv", *AS_OF, "-f", "json=good.csv"),
         (GOOD_BOM, "materials/good.csv"), 2, r"--format: output good\.csv is an input file"),
    Case("paths/output-is-a-directory", ("screen", "bom", "enc-utf8.csv", *AS_OF, "-f", "json=."), (GOOD_BOM,), 2,
         r"--format: cannot write \.: it is a directory"),
]


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_")}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"), NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("GITHUB_STEP_SUMMARY", None)
    return env


@dataclass
class Outcome:
    folder: Path
    returncode: int
    stderr: str


def _run(case: Case, root: Path) -> Outcome:
    folder = root / re.sub(r"[^A-Za-z0-9.+-]", "_", case.id)
    folder.mkdir(parents=True)
    for name in case.files:
        shutil.copy(BAD / name, folder / Path(name).name)
    for name, data in case.generated.items():
        (folder / name).write_bytes(data)
    done = subprocess.run([sys.executable, "-m", "compliance", *case.args], cwd=folder, env=_environment(root),
                          capture_output=True, text=True, timeout=300)
    return Outcome(folder, done.returncode, done.stderr)


@pytest.fixture(scope="session")
def outcomes():
    root = Path(tempfile.mkdtemp(prefix="compliance-bad-"))
    try:
        with ThreadPoolExecutor(max_workers=max(2, min(6, (os.cpu_count() or 2) * 2))) as pool:
            results = dict(zip((c.id for c in CASES), pool.map(lambda c: _run(c, root), CASES)))
        yield results
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_every_corpus_file_has_a_case():
    used = {name for c in CASES for name in c.files} | {f"yaml/{c.id.split('/', 1)[1]}" for c in CASES if c.id.startswith("yaml/")}
    corpus = {str(p.relative_to(BAD)) for p in BAD.rglob("*") if p.is_file() and p.parent != BAD and p.parent.name != "fuzz"}
    assert corpus - used - {"ownership/parties.csv"} == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case: Case, outcomes):
    outcome = outcomes[case.id]
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, outcome.stderr
    assert outcome.returncode == case.exit, outcome.stderr
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("compliance: error: ")]
    if case.error is not None:
        assert len(errors) == 1, outcome.stderr
        assert re.match(case.error, errors[0].removeprefix("compliance: error: ")), errors[0]
    if case.report:
        report = json.loads((outcome.folder / "out.json").read_text(encoding="utf-8"))
        assert_every_row_accounted_for(report)
        assert [r["field"] for r in report["rejected"]] == list(case.rejected_fields)
        if case.exit == 2:
            assert errors == [f"compliance: error: {len(case.rejected_fields)} input row(s) rejected (allowed: 0); "
                              "see 'rejected' in the report or use --max-rejected-rows"]
    elif case.exit == 0:
        assert not errors


def assert_every_row_accounted_for(report: dict) -> None:
    summary = report["summary"]
    assert summary["rows_read"] == summary["rows_screened"] + summary["rows_rejected"]
    assert summary["rows_rejected"] == len(report["rejected"])
    for source in report["provenance"]["inputs"]:
        assert source["rows_read"] == source["rows_screened"] + source["rows_rejected"], source
        assert source["rows_rejected"] == sum(1 for r in report["rejected"] if r["file"].split("!")[0] == source["path"]), source
    for row in report["rejected"]:
        assert row["reason"] and row["field"]


def test_encodings_read_the_same_text(outcomes):
    """UTF-8 (± BOM), UTF-16 LE/BE read identically; GB18030/GBK and Latin-1 keep their names."""
    def lines(case_id):
        report = json.loads((outcomes[case_id].folder / "out.json").read_text(encoding="utf-8"))
        return [i["records"] for i in report["provenance"]["inputs"]]

    same = {lines(f"bom/{n}").__repr__() for n in ("enc-utf8.csv", "enc-utf8-bom.csv", "enc-utf16le.csv", "enc-utf16be.csv")}
    assert len(same) == 1


def _findings(outcomes, case_id: str) -> list[dict]:
    return json.loads((outcomes[case_id].folder / "out.json").read_text(encoding="utf-8"))["findings"]


def test_substances_read_however_written(outcomes):
    """Lower-case and full-width symbols, Chinese names and a `,`-joined cell give the findings
    the canonical spelling gives (the Chinese file declares Dy as 2 g rather than 4.5 %)."""
    def triggered(case_id):
        return {(f["rule_id"], f["subject"]["part_number"], f["severity"]) for f in _findings(outcomes, case_id)}

    expected = triggered("bom/enc-utf8.csv")
    assert any(rule.startswith("CN-MOFCOM-2025-18-DY") for rule, _, _ in expected)
    for name in SUBSTANCES_READ:
        assert triggered(f"bom/{name}") == expected, name


@pytest.mark.parametrize("name", sorted(SUBSTANCES_UNKNOWN))
def test_unknown_substance_is_a_failing_finding(name, outcomes):
    written, meant = SUBSTANCES_UNKNOWN[name]
    [finding] = [f for f in _findings(outcomes, f"bom/{name}") if "unrecognised substance" in f["message"]]
    assert finding["severity"] == "high" and finding["outcome"] == "red-flag"
    assert finding["subject"] == {**finding["subject"], "row": 3, "field": "materials[1]", "value": written, "part_number": "MAG-1"}
    assert f"did you mean {meant}?" in finding["message"] and "No. 18 of 2025" in finding["message"]


def test_an_implausible_share_is_a_finding_not_a_result(outcomes):
    [mag] = [f for f in _findings(outcomes, "bom/plaus-share-over-100.csv") if f["rule_id"] == "CN-MOFCOM-2025-61-ART1-1"
             and f["subject"]["part_number"] == "MAG-1"]
    assert mag["severity"] == "high" and "share" not in mag["evidence"]
    assert "more than the item itself" in mag["message"] and "row 3" in mag["message"]


def test_substances_heavier_than_their_part_are_a_finding_naming_the_rows(outcomes):
    found = {(f["subject"]["part_number"], f["evidence"].get("implausible")): f for f in _findings(outcomes, "bom/plaus-mass-over-unit.csv")}
    heavy = next(f for f in found.values() if f["evidence"].get("declared_in"))
    assert heavy["severity"] == "high" and heavy["evidence"]["declared_in"] == ["plaus-mass-over-unit.csv:3"]
    assert "88.2 g, more than the part's unit mass of 40 g" in heavy["message"]
    for part in ("MOT-1", "MAG-1"):  # no No. 61 share is computed from the impossible masses
        assert found[(part, "declared masses above the unit mass")]["severity"] == "high"
    assert not [f for f in found.values() if "share" in f["evidence"]]


def test_a_substance_in_the_bom_and_in_materials_counts_once(outcomes):
    """enc-utf8.csv declares Dy 4.5 % for MAG-1; materials/good.csv declares it again."""
    def shares(case_id):
        return {f["subject"]["part_number"]: f["evidence"].get("share") for f in _findings(outcomes, case_id) if "share" in f["evidence"]}

    assert shares("materials/good.csv") == shares("bom/enc-utf8.csv") != {}
    notices = json.loads((outcomes["materials/good.csv"].folder / "out.json").read_text(encoding="utf-8"))["notices"]
    assert notices == ["MAG-1: Dysprosium is declared in the BOM (enc-utf8.csv:3) and in good.csv:2; counted once, as the BOM declares it"]


def test_end_use_rules_are_evaluated_from_the_parties_file(outcomes):
    report = json.loads((outcomes["parties/end-use.csv"].folder / "out.json").read_text(encoding="utf-8"))
    found = {(f["rule_id"], f["subject"]["party_name"]): (f["outcome"], f["severity"]) for f in report["findings"]}
    assert found[("CN-MOFCOM-2026-1-JAPAN", "Kawasaki Heavy Industries")] == ("prohibited", "critical")
    assert found[("CN-MOFCOM-2026-1-JAPAN", "Toyota Motor Corporation")] == ("red-flag", "medium")  # 日本: no end use given
    assert found[("CN-MOFCOM-2024-46-ART1", "General Dynamics")] == ("red-flag", "medium")
    assert not [k for k in found if k[1] == "Denso Corporation"]  # a civil end use in Japan
    unevaluated = {g["subject"] for g in report["coverage"] if g["kind"] == "rule-not-evaluated"}
    assert {"CN-MOFCOM-2026-1-JAPAN", "CN-MOFCOM-2024-46-ART1"}.isdisjoint(unevaluated)
    assert {"CN-MOFCOM-2024-46-ART2", "CN-MOFCOM-2025-62-ART7"} <= unevaluated  # they need items or name no destination


def test_end_use_rules_are_evaluated_from_the_bom(outcomes):
    found = {(f["rule_id"], f["subject"]["part_number"]): (f["outcome"], f["severity"]) for f in _findings(outcomes, "bom/end-use.csv")}
    assert found[("CN-MOFCOM-2026-1-JAPAN", "MOT-1")] == ("prohibited", "critical")  # "Self-Defense Force": a military end user
    assert found[("CN-MOFCOM-2024-46-ART1", "SPARE")] == ("red-flag", "medium")  # no end use recorded
    assert ("CN-MOFCOM-2026-1-JAPAN", "MAG-1") not in found  # no end-user country on the line


def test_decoded_names_survive(tmp_path):
    """The characters, not just the row count: read the Chinese and Latin-1 files directly."""
    from compliance.readers.bom import read_bom

    gbk = read_bom(BAD / "bom" / "enc-gbk.csv", "enc-gbk.csv").lines
    assert [l.description for l in gbk] == ["牵引电机", "钕铁硼磁体 (稀土永磁)"]
    from compliance.readers.parties import read_parties

    for name, names in EAST_ASIAN_NAMES.items():
        assert [p.name for p in read_parties(BAD / "parties" / name, name)[0]] == names, name
    latin = read_bom(BAD / "bom" / "enc-latin1.csv", "enc-latin1.csv").lines
    assert latin[0].description == "Moteur de traction Société Générale Électrique"
    assert latin[1].description == "Magnetsegment Müller"


def test_number_formats_are_read_as_written():
    from decimal import Decimal

    from compliance.readers.bom import read_bom

    read = read_bom(BAD / "bom" / "csv-number-formats.csv", "x.csv")
    lines = {l.part_number: l for l in read.lines}
    assert lines["MOT-1"].unit_value == Decimal("1850.00")
    assert lines["MAG-1"].unit_value == Decimal("3.20") and lines["MAG-1"].unit_mass_g == Decimal("40")
    assert lines["NUT"].quantity == Decimal("1200.5")  # 1.200,5: dot groups, comma decimal
    # 1.200 alone: one point two in a file of decimal points, twelve hundred in this file,
    # which writes 3,20 two lines up; refused rather than guessed.
    assert "BOLT" not in lines
    [bolt] = read.rejected
    assert bolt.row == 4 and bolt.field == "quantity" and "may mean 1200" in bolt.reason


def test_formula_text_is_neutralised_in_csv_output(outcomes, tmp_path):
    """A `=HYPERLINK(...)` name is data: screened as text, and never a live formula in the CSV report."""
    folder = outcomes["parties/formula-name.csv"].folder
    done = subprocess.run([sys.executable, "-m", "compliance", "report", "render", "out.json", "-f", f"csv={tmp_path / 'r.csv'}"],
                          cwd=folder, env=_environment(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    assert report["summary"]["rows_screened"] == 1
    assert not re.search(r"(^|,)=HYPERLINK", (tmp_path / "r.csv").read_text(encoding="utf-8"), re.M)


def test_refused_list_import_keeps_the_previous_snapshot(tmp_path):
    """A truncated or shrunk download never replaces the snapshot in use."""
    env = _environment(tmp_path)
    source = BAD.parent / "lists" / "csl" / "consolidated.csv"
    first = subprocess.run([sys.executable, "-m", "compliance", "lists", "import", "csl-csv", str(source), "--data-dir", "lists", "--force"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in (tmp_path / "lists").rglob("*") if p.is_file()}
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    shrunk = tmp_path / "shrunk.csv"
    shrunk.write_text(lines[0] + lines[1], encoding="utf-8")  # cut at a line boundary: parses, but too few records
    for bad in (shrunk, BAD / "lists" / "csl-truncated.csv", BAD / "lists" / "csl-renamed-column.csv"):
        done = subprocess.run([sys.executable, "-m", "compliance", "lists", "import", "csl-csv", str(bad), "--data-dir", "lists"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        after = {p: p.read_bytes() for p in (tmp_path / "lists").rglob("*") if p.is_file()}
        assert after == before, bad.name
    assert "fewer than the" in done.stderr or "missing column" in done.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unwritable_output_directory(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(BAD / GOOD_BOM, tmp_path / "bom.csv")
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root ignores permissions; a file stands in for a folder then
            target = "bom.csv/out.json"
        else:
            target = "locked/out.json"
        done = subprocess.run([sys.executable, "-m", "compliance", "screen", "bom", "bom.csv", *AS_OF, "-f", f"json={target}"],
                              cwd=tmp_path, env=_environment(tmp_path), capture_output=True, text=True, timeout=120)
    finally:
        locked.chmod(0o700)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = [l for l in done.stderr.splitlines() if l.startswith("compliance: error: ")]
    assert line.startswith("compliance: error: --format: ") and ("locked" in line or "bom.csv" in line)
    assert not list(locked.iterdir())


def test_workbook_cells_read_as_a_user_sees_them():
    """Dates as ISO dates, whole numbers without `.0`, a title row above the header skipped."""
    from compliance.readers.tables import read_rows

    headers, rows, where = read_rows(BAD / "bom" / "xlsx-several-sheets.xlsx", "book.xlsx", sheet="BOM")
    first, second = list(rows)
    assert where == "book.xlsx!BOM" and (first.line, second.line) == (2, 3)
    assert first.cells["released"] == "2026-01-05" and first.cells["qty"] == "48" and first.cells["unit price"] == "3.2"
    assert second.cells["released"] == "46000"  # a serial number without a date format stays a number
    headers, rows, _ = read_rows(BAD / "bom" / "xlsx-merged-title.xlsx", "t.xlsx")
    assert headers == ["part no", "description", "qty", "coo"] and [r.line for r in rows] == [3]
