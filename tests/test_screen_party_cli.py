"""One-shot screening for pipelines: `screen party`, `screen parties -`, the verdict line,
and the small CLI defects (rules validate on the bundled folder, COLUMNS for piped output)."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from _reports import EXAMPLE, REPO
from compliance.cli import main


def run(capsys, *argv: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_screen_party_exits_1_for_huawei_as_customer_and_0_for_siemens(capsys):
    code, out, _ = run(capsys, "screen", "party", "Huawei Technologies Co., Ltd.", "--country", "CN", "--role", "customer",
                       "--as-of", "2026-11-28", "-f", "json")
    assert code == 1
    report = json.loads(out)
    (subject,) = report["subjects"]
    assert subject["subject"] == "Huawei Technologies Co., Ltd." and subject["role"] == "customer"
    assert subject["verdict"] == "licence-required" and subject["who"] and subject["action"]
    assert report["provenance"]["inputs"][0]["path"] == "<command line>"

    code, out, _ = run(capsys, "screen", "party", "Siemens AG", "--country", "DE", "--as-of", "2026-11-28", "-f", "json")
    assert code == 0
    assert [(s["subject"], s["verdict"]) for s in json.loads(out)["subjects"]] == [("Siemens AG", "clear")]


def test_screen_party_rejects_an_unknown_country_in_one_line(capsys):
    code, _, err = run(capsys, "screen", "party", "ACME", "--country", "Atlantis")
    assert code == 2 and "--country" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "piped",
    [
        b'name,country,role\n"Huawei Technologies Co., Ltd.",CN,customer\nSiemens AG,DE,supplier\n',
        b'{"name": "Huawei Technologies Co., Ltd.", "country": "CN", "role": "customer"}\n{"name": "Siemens AG", "country": "DE"}\n',
        b'[{"name": "Huawei Technologies Co., Ltd.", "country": "CN"}, {"name": "Siemens AG", "country": "DE"}]',
    ],
    ids=["csv", "json-lines", "json-array"],
)
def test_screen_parties_reads_stdin(capsys, monkeypatch, tmp_path, piped):
    out_file = tmp_path / "report.json"
    code, out, err = run(capsys, "screen", "parties", "-", "--as-of", "2026-11-28", "-f", f"json={out_file}",
                         stdin=piped, monkeypatch=monkeypatch)
    assert code == 1 and out == ""
    report = json.loads(out_file.read_text(encoding="utf-8"))
    assert {s["subject"]: s["verdict"] for s in report["subjects"]} == {
        "Huawei Technologies Co., Ltd.": "licence-required", "Siemens AG": "clear"}
    assert report["summary"]["rows_read"] == 2 and report["provenance"]["inputs"][0]["path"] == "<stdin>"
    # every output went to a file: one verdict line on stderr, with counts, exit reason and where the report is
    line = next(l for l in err.splitlines() if "verdict:" in l)
    assert "1 licence-required, 1 clear" in line and "exit 1" in line and str(out_file) in line


def test_json_lines_errors_name_the_piped_line(capsys, monkeypatch):
    piped = b'{"name": "Siemens AG", "country": "DE"}\n\n{"name": "ACME", "country": "XX"}\n'
    code, out, err = run(capsys, "screen", "parties", "-", "-f", "json", stdin=piped, monkeypatch=monkeypatch)
    assert code == 2
    rejected = json.loads(out)["rejected"]
    assert [(r["file"], r["row"], r["field"]) for r in rejected] == [("<stdin>", 3, "country")]


def test_verdict_line_for_a_bom_written_to_files(capsys, tmp_path):
    code, out, err = run(capsys, "screen", "bom", str(EXAMPLE), "--as-of", "2026-11-28",
                         "-f", f"json={tmp_path / 'r.json'}", "-f", f"html={tmp_path / 'r.html'}")
    assert code == 1 and out == ""
    (line,) = [l for l in err.splitlines() if "verdict:" in l]
    assert "11 subject(s)" in line and "clear" in line and "r.json" in line and "r.html" in line


def test_no_verdict_line_when_the_report_goes_to_stdout(capsys):
    code, out, err = run(capsys, "screen", "party", "Siemens AG", "--country", "DE", "-f", "json")
    assert code == 0 and "verdict:" not in err


def test_rules_validate_accepts_the_bundled_folder_and_prints_every_error(capsys, tmp_path):
    code, out, _ = run(capsys, "rules", "validate", str(REPO / "rules"))
    assert code == 0 and out.startswith("ok: ")
    bad = tmp_path / "bad"
    bad.mkdir()
    text = (REPO / "rules" / "us" / "bis-entity-list.yaml").read_text(encoding="utf-8")
    (bad / "a.yaml").write_text(text.replace("severity: high", "severity: hihg").replace("kind: listed-party", "kind: listed-partyy"), encoding="utf-8")
    shutil.copy(REPO / "rules" / "us" / "dhs-uflpa.yaml", bad / "b.yaml")
    (bad / "b.yaml").write_text((bad / "b.yaml").read_text(encoding="utf-8").replace("id: us-dhs-uflpa", "id: my-uflpa"), encoding="utf-8")
    code, _, err = run(capsys, "rules", "validate", str(bad))
    assert code == 2
    assert "rules[0].kind" in err and "rules[0].severity" in err, "both errors of one file"
    assert "duplicate rule id 'US-DHS-UFLPA'" in err, "and the error of the other file"
    assert "4 error(s) in 2 pack file(s)" in err  # kind and severity of a.yaml (rule and direction), the duplicate of b.yaml


def test_piped_table_output_honours_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")
    code, out, _ = run(capsys, "screen", "bom", str(EXAMPLE), "--as-of", "2026-11-28")
    widths = [len(line) for line in out.splitlines()]
    assert code == 1 and max(widths) == 140
    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = run(capsys, "screen", "bom", str(EXAMPLE), "--as-of", "2026-11-28")
    assert max(len(line) for line in out.splitlines()) == 100


def test_as_of_default_is_documented_as_the_utc_date(capsys):
    _, out, _ = run(capsys, "screen", "bom", "--help")
    assert "UTC" in out


def test_progress_only_on_a_terminal_outside_ci_and_not_with_quiet(monkeypatch):
    from compliance.cli import common

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Tty())
    monkeypatch.delenv("CI", raising=False)
    assert common.show_progress() is True
    assert common.show_progress(quiet=True) is False
    monkeypatch.setenv("CI", "true")
    assert common.show_progress() is False
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert common.show_progress() is False
    with common.working("screening", quiet=False):  # no terminal: nothing is drawn, nothing fails
        pass


def test_a_process_run_leaves_its_objects_to_the_os_with_every_output_written(tmp_path):
    """The command line's own run freezes what is alive before it exits (the interpreter's last
    collection would walk it all for nothing): its reports are complete files and stdout is
    flushed all the same, and the warm cache's exit handlers still run."""
    import os
    import subprocess
    import sys

    (tmp_path / "p.csv").write_text("name,country\nHuawei Technologies Co Ltd,CN\nAcme Widgets GmbH,DE\n", encoding="utf-8")
    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, file=sys.stderr))\n"
             "from compliance.cli import main\n"
             "sys.argv = ['compliance', 'screen', 'parties', 'p.csv', '-f', 'json=r.json', '-f', 'sarif=r.sarif',"
             " '-f', 'markdown', '--fail-on', 'none']\n"
             "main()\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=dict(os.environ), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "frozen True" in proc.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(report["subjects"]) == 2 and json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))["runs"]
    assert "Huawei" in proc.stdout and proc.stdout.endswith("\n")  # the markdown report, whole, on stdout
    assert not list(tmp_path.glob(".r.*.tmp-*"))
