"""The Python API and the CLI are one pipeline: a script gets exactly the findings the
command reports, and each input file is read once per run."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

import compliance
from compliance.cli import main

AS_OF = "2025-10-15"  # the Affiliates Rule in force (its suspension starts 2025-11-10)

BOM = (
    "part_number,description,quantity,unit_value,currency,origin_country,supplier,manufacturer,materials\n"
    "M-1,traction motor,1,1850,USD,DE,\"Huawei Technologies Co., Ltd.\",Acme Magnetics Ltd,\n"
)
OWNERSHIP = (
    "owner,owned,percent\n"
    "\"Huawei Technologies Co., Ltd.\",Shenzhen Holdco Ltd,100\n"
    "Shenzhen Holdco Ltd,Acme Magnetics Ltd,51\n"
)
PARTIES = (
    "id,name,country\n"
    "P-1,\"Huawei Technologies Co., Ltd.\",CN\n"
    "P-2,Acme Magnetics Ltd,MY\n"
    "P-3,Clean Supplier GmbH,DE\n"
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "bom.csv").write_text(BOM, encoding="utf-8")
    (tmp_path / "ownership.csv").write_text(OWNERSHIP, encoding="utf-8")
    (tmp_path / "parties.csv").write_text(PARTIES, encoding="utf-8")
    return tmp_path


def cli_fingerprints(cwd, *args) -> dict[str, str]:
    out = cwd / "cli.json"
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", *args, "--as-of", AS_OF, "-f", f"json={out}", "--fail-on", "none"],
        cwd=cwd, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return {f["fingerprint"]: f["rule_id"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]}


def api_fingerprints(result) -> dict[str, str]:
    return {f.fingerprint: f.rule_id for f in result.findings}


def test_screen_bom_api_equals_cli_with_a_listed_supplier_and_an_ownership_table(files):
    cli = cli_fingerprints(files, "screen", "bom", "bom.csv", "--ownership", "ownership.csv")
    api = compliance.screen_bom(files / "bom.csv", ownership=files / "ownership.csv", as_of=dt.date.fromisoformat(AS_OF),
                                display_name="bom.csv")
    assert api_fingerprints(api) == cli
    rules = set(cli.values())
    assert "US-BIS-EL-744.11" in rules  # the supplier itself is listed
    assert any("AFFILIATES" in rule for rule in rules)  # the manufacturer is 51 % owned through a holding


def test_screen_parties_api_equals_cli_with_an_ownership_table(files):
    cli = cli_fingerprints(files, "screen", "parties", "parties.csv", "--ownership", "ownership.csv")
    api = compliance.screen_parties(files / "parties.csv", ownership=files / "ownership.csv",
                                    as_of=dt.date.fromisoformat(AS_OF))
    assert api_fingerprints(api) == cli
    assert any("AFFILIATES" in rule for rule in cli.values()) and "US-BIS-EL-744.11" in cli.values()


def test_screen_ownership_api_gives_the_affiliate_findings_of_the_cli(files):
    cli = cli_fingerprints(files, "screen", "parties", "parties.csv", "--ownership", "ownership.csv")
    api = compliance.screen_ownership(files / "ownership.csv", parties=files / "parties.csv",
                                      as_of=dt.date.fromisoformat(AS_OF))
    affiliates = {fp: rule for fp, rule in cli.items() if "AFFILIATES" in rule or "50PCT" in rule or "ART2" in rule}
    assert affiliates and api_fingerprints(api) == affiliates
    assert [i.kind for i in api.inputs] == ["parties", "ownership"]  # every row accounted for


def test_options_object_and_keywords_are_the_same_run(files):
    options = compliance.ScreenOptions(as_of=dt.date.fromisoformat(AS_OF), threshold=90)
    by_object = compliance.screen_parties(files / "parties.csv", options=options)
    by_keywords = compliance.screen_parties(files / "parties.csv", as_of=dt.date.fromisoformat(AS_OF), threshold=90)
    assert api_fingerprints(by_object) == api_fingerprints(by_keywords) != {}
    assert by_object.settings == {"threshold": 90}


@pytest.mark.parametrize(
    "command, reader",
    [
        (["screen", "bom", "bom.csv", "--parties", "parties.csv", "--ownership", "ownership.csv"], "compliance.readers.bom.read_bom"),
        (["screen", "bom", "bom.csv", "--parties", "parties.csv", "--ownership", "ownership.csv"], "compliance.readers.parties.read_parties"),
        (["screen", "parties", "parties.csv", "--ownership", "ownership.csv"], "compliance.readers.parties.read_parties"),
    ],
)
def test_each_input_is_read_once(files, monkeypatch, capsys, command, reader):
    module_name, _, name = reader.rpartition(".")
    module = __import__(module_name, fromlist=[name])
    original, calls = getattr(module, name), []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    monkeypatch.chdir(files)
    with pytest.raises(SystemExit):
        main([*command, "--as-of", AS_OF, "-f", "json=out.json", "--fail-on", "none"])
    assert len(calls) == 1, calls
