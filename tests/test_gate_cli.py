"""The gate as a pipeline runs it: real subprocesses, real exit codes, real files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest

from _reports import EXAMPLE, REPO
from compliance.model.base import jsonable

RUN_ENV_DROP = ("COMPLIANCE_", "GITHUB_STEP_SUMMARY", "NO_COLOR")


def run(*args, cwd=None, env=None):
    """Run the CLI in-process (as `compliance ...` would, same exit codes), in `cwd` with `env`."""
    from compliance.cli import main

    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    try:
        for key in [k for k in os.environ if k.startswith(RUN_ENV_DROP)]:
            del os.environ[key]
        os.environ.update(env or {})
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exit_:
                code = exit_.code
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def run_process(*args, cwd=None, env=None):
    """The real thing: a subprocess, for the exit codes a pipeline sees."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(RUN_ENV_DROP)}
    return subprocess.run(
        [sys.executable, "-m", "compliance", *map(str, args)], capture_output=True, text=True, cwd=cwd, env={**base, **(env or {})}
    )


def screen(*args, cwd=None, env=None, bom=EXAMPLE):
    return run("screen", "bom", bom, "--as-of", "2026-01-01", *args, cwd=cwd, env=env)


def write_waivers(directory: Path, expires="2026-06-30", part="MAG-SP-*", name=".compliance-waivers.yaml") -> Path:
    path = directory / name
    path.write_text(
        textwrap.dedent(
            f"""\
            waivers:
              - id: W-001
                rule: CN-MOFCOM-2025-18-*
                match:
                  part_number: {part}
                justification: Spare magnets come from stock imported before 2025-04-04.
                approved_by: J. Meyer (Trade Compliance)
                approved_on: 2025-12-01
                expires: {expires}
            """
        ),
        encoding="utf-8",
    )
    return path


def json_of(proc):
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)


# --- exit codes ----------------------------------------------------------------------------


def test_exit_1_when_an_open_high_finding_exists_and_0_with_fail_on_none(tmp_path):
    gate = ("screen", "bom", EXAMPLE, "--as-of", "2026-01-01", "-f", "json")
    assert run_process(*gate, cwd=tmp_path).returncode == 1
    assert run_process(*gate, "--fail-on", "none", cwd=tmp_path).returncode == 0
    assert run_process(*gate, "--fail-on", "severe", cwd=tmp_path).returncode == 2
    assert screen("-f", "json", "--fail-on", "critical", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (("--fail-on", "severe"), "--fail-on: must be one of critical, high, medium, low, info, none"),
        (("--min-severity", "none"), "--min-severity: must be one of"),
        (("-f", "pdf"), "unknown format 'pdf'"),
        (("--waivers", "missing.yaml"), "no such waiver file"),
        (("--baseline", "missing.json"), "missing.json: no such file"),
        (("--as-of", "2026-02-30"), "invalid date"),
    ],
)
def test_exit_2_for_usage_errors_with_one_line(tmp_path, args, message):
    proc = screen(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_exit_2_for_a_malformed_waiver_file_names_file_and_line(tmp_path):
    (tmp_path / ".compliance-waivers.yaml").write_text("waivers:\n  - id: W-1\n    rule: X\n    expires: soon\n", encoding="utf-8")
    proc = screen("-f", "json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("compliance: error: .compliance-waivers.yaml:2: waivers[0].match: required field is missing")


def test_exit_2_for_a_malformed_baseline_names_file_and_line(tmp_path):
    (tmp_path / "old.json").write_text('{\n  "schema_version": "1.0",\n  "findings": [,]\n}\n', encoding="utf-8")
    proc = screen("--baseline", "old.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "old.json:3: invalid JSON" in proc.stderr


def test_exit_130_when_interrupted_and_2_for_an_unexpected_error(monkeypatch, capsys):
    import compliance.pipeline as screening
    from compliance.cli import main

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(screening, "screen_bom", interrupted)
    with pytest.raises(SystemExit) as exit_:
        main(["screen", "bom", str(EXAMPLE), "-f", "json"])
    assert exit_.value.code == 130

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(screening, "screen_bom", broken)
    with pytest.raises(SystemExit) as exit_:
        main(["screen", "bom", str(EXAMPLE), "-f", "json"])
    assert exit_.value.code == 2  # never Python's default 1, which means "findings"
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err


# --- waivers, strict, min-severity ---------------------------------------------------------


def test_default_waiver_file_waives_the_spare_magnet_and_json_keeps_it_as_waived(tmp_path):
    write_waivers(tmp_path)
    data = json_of(proc := screen("-f", "json", "--fail-on", "high", cwd=tmp_path))
    spare = [f for f in data["findings"] if f["subject"]["part_number"] == "MAG-SP-CN"]
    assert spare and all(f["status"] == "waived" and f["waiver"] == "W-001" for f in spare)
    assert data["provenance"]["waivers"][0]["approved_by"] == "J. Meyer (Trade Compliance)"
    assert data["provenance"]["waiver_file"] == ".compliance-waivers.yaml"
    still_failing = [f for f in data["findings"] if f["status"] == "open" and f["severity"] in ("high", "critical")]
    assert proc.returncode == (1 if still_failing else 0)


def test_expired_waiver_reopens_loudly_and_fails(tmp_path):
    write_waivers(tmp_path, expires="2025-12-31")
    proc = screen("-f", "json", cwd=tmp_path)
    assert proc.returncode == 1
    assert "REOPENED CN-MOFCOM-2025-18-DY on MAG-SP-CN" in proc.stderr
    assert "waiver W-001 (.compliance-waivers.yaml:2) expired on 2025-12-31" in proc.stderr
    # --strict: the expired waiver is a warning, and warnings exit 2
    assert screen("-f", "json", "--strict", cwd=tmp_path).returncode == 2


def test_unused_waiver_warns_and_strict_exits_2(tmp_path):
    write_waivers(tmp_path, part="NO-SUCH-PART")
    relaxed = screen("-f", "json", "--fail-on", "none", cwd=tmp_path)
    assert relaxed.returncode == 0 and "matched no finding" in relaxed.stderr
    strict = screen("-f", "json", "--fail-on", "none", "--strict", cwd=tmp_path)
    assert strict.returncode == 2 and "--strict: 1 warning(s)" in strict.stderr


def test_min_severity_filters_output_but_never_the_exit_code(tmp_path):
    full = json_of(screen("-f", "json", cwd=tmp_path))
    proc = screen("-f", "json", "--min-severity", "critical", cwd=tmp_path)
    shown = json_of(proc)
    assert proc.returncode == 1  # the high finding still fails the gate
    assert shown["findings"] == []
    assert shown["summary"]["hidden"] == len(full["findings"])
    assert "below --min-severity critical and not shown" in proc.stderr


# --- baseline ------------------------------------------------------------------------------


def test_baseline_survives_reordered_rows_and_a_renamed_file_and_only_new_findings_fail(tmp_path):
    old = tmp_path / "old.json"
    assert screen("-f", f"json={old}", cwd=tmp_path).returncode == 1
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    reordered = tmp_path / "bom-v2.csv"  # renamed, rows reversed
    reordered.write_text(header + "".join(reversed(body)), encoding="utf-8")
    proc = screen("-f", "json", "--baseline", old, cwd=tmp_path, bom=reordered)
    data = json_of(proc)
    assert proc.returncode == 0
    assert {f["status"] for f in data["findings"]} == {"baseline"}
    assert data["provenance"]["baseline"]["matched"] == len(data["findings"])
    # a new supplier magnet of Chinese origin is new, and fails
    grown = tmp_path / "bom-v3.csv"
    grown.write_text(reordered.read_text(encoding="utf-8") + "MAG-NEW,NdFeB magnet,ROT-200,8,2.10,USD,30g,Ningbo Supplier,Ningbo Supplier,CN,850511,Nd 28%; Dy 5%; Fe 66%\n", encoding="utf-8")
    proc = screen("-f", "json", "--baseline", old, cwd=tmp_path, bom=grown)
    data = json_of(proc)
    assert proc.returncode == 1
    assert {f["subject"]["part_number"] for f in data["findings"] if f["status"] == "open"} == {"MAG-NEW"}


# --- config precedence ---------------------------------------------------------------------


def test_config_precedence_file_then_environment_then_flag(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.compliance]\nfail-on = "critical"\n', encoding="utf-8")
    trust = {"COMPLIANCE_TRUST_REPO_CONFIG": "1"}  # "critical" loosens the gate: the pipeline must trust the file
    assert screen("-f", "json", cwd=tmp_path, env=trust).returncode == 0
    assert screen("-f", "json", cwd=tmp_path, env={"COMPLIANCE_FAIL_ON": "high"}).returncode == 1
    assert screen("-f", "json", "--fail-on", "none", cwd=tmp_path, env={"COMPLIANCE_FAIL_ON": "high"}).returncode == 0
    shown = json.loads(run("config", "show", "-f", "json", cwd=tmp_path, env={"COMPLIANCE_STRICT": "yes", **trust}).stdout)
    assert shown["fail_on"] == {"value": "critical", "source": "pyproject.toml [tool.compliance]"}
    assert shown["strict"] == {"value": True, "source": "environment COMPLIANCE_STRICT"}
    assert shown["max_waiver_days"] == {"value": 365, "source": "default"}


def test_bad_config_values_exit_2_with_where(tmp_path):
    (tmp_path / "compliance.yaml").write_text("fail_on: high\nmax_waiver_days: forever\n", encoding="utf-8")
    proc = run("config", "show", cwd=tmp_path)
    assert proc.returncode == 2 and "compliance.yaml:2: max_waiver_days: must be a whole number" in proc.stderr
    (tmp_path / "compliance.yaml").write_text("fail_on: high\n", encoding="utf-8")
    proc = run("config", "show", cwd=tmp_path, env={"COMPLIANCE_STRICT": "maybe"})
    assert proc.returncode == 2 and "environment COMPLIANCE_STRICT: must be true or false" in proc.stderr


def test_max_waiver_days_setting_is_enforced(tmp_path):
    write_waivers(tmp_path, expires="2026-06-30")  # approved 2025-12-01: 211 days
    (tmp_path / "compliance.yaml").write_text("max_waiver_days: 180\n", encoding="utf-8")
    proc = screen("-f", "json", cwd=tmp_path)
    assert proc.returncode == 2 and "waiver runs 211 days" in proc.stderr and ".compliance-waivers.yaml:9: waivers[0].expires" in proc.stderr


# --- determinism, schema, render -----------------------------------------------------------


def _without_timestamp(text: str) -> str:
    return "\n".join(l for l in text.splitlines() if not l.strip().startswith('"generated_at"'))


def test_two_runs_give_byte_identical_json_apart_from_generated_at(tmp_path):
    write_waivers(tmp_path)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    screen("-f", f"json={a}", cwd=tmp_path)
    screen("-f", f"json={b}", cwd=tmp_path)
    assert a.read_bytes() != b"" and _without_timestamp(a.read_text()) == _without_timestamp(b.read_text())
    assert a.read_text().count('"generated_at"') == 1


def test_committed_schema_matches_the_model_and_real_reports_validate(tmp_path):
    from compliance.report.schema import schema_text

    committed = (REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate: python -m compliance.report.schema schemas/report.schema.json"
    schema = json.loads(committed)
    write_waivers(tmp_path)
    old = tmp_path / "old.json"
    screen("-f", f"json={old}", cwd=tmp_path)
    with_everything = json_of(screen("-f", "json", "--baseline", old, cwd=tmp_path))
    for doc in (json.loads(old.read_text()), with_everything):
        jsonschema.Draft202012Validator(schema).validate(doc)
    from _reports import party_report

    jsonschema.Draft202012Validator(schema).validate(jsonable(party_report()))


def test_render_a_saved_report_gives_the_same_output_as_the_run(tmp_path):
    saved, direct = tmp_path / "r.json", tmp_path / "direct.sarif"
    screen("-f", f"json={saved}", "-f", f"sarif={direct}", cwd=tmp_path)
    proc = run("report", "render", saved, "-f", f"sarif={tmp_path / 'again.sarif'}", "-f", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "again.sarif").read_text() == direct.read_text()
    assert len(list(csv.DictReader(io.StringIO(proc.stdout)))) == len(json.loads(saved.read_text())["findings"])


def test_render_malformed_json_exits_2_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "schema_version": "1.0",\n  "findings": [\n    {"a": 1,}\n  ]\n}\n', encoding="utf-8")
    proc = run("report", "render", bad, "-f", "table", cwd=tmp_path)
    assert proc.returncode == 2 and f"{bad}:4: invalid JSON" in proc.stderr
    other = tmp_path / "other.json"
    other.write_text('{"schema_version": "2.0"}', encoding="utf-8")
    proc = run("report", "render", other, cwd=tmp_path)
    assert proc.returncode == 2 and "schema version 2.0 is not supported" in proc.stderr


def test_render_combines_reports_and_refuses_different_as_of(tmp_path):
    a, b, c = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    screen("-f", f"json={a}", cwd=tmp_path)
    screen("-f", f"json={b}", "--fail-on", "none", cwd=tmp_path)
    run("screen", "bom", EXAMPLE, "--as-of", "2026-02-01", "-f", f"json={c}", cwd=tmp_path)
    both = json.loads(run("report", "render", a, b, "-f", "json", cwd=tmp_path).stdout)
    assert both["summary"]["rows_read"] == 22 and len(both["provenance"]["inputs"]) == 2
    proc = run("report", "render", a, c, cwd=tmp_path)
    assert proc.returncode == 2 and "different as-of" in proc.stderr


def test_markdown_is_appended_to_the_github_step_summary(tmp_path):
    summary = tmp_path / "step-summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    proc = screen("-f", "markdown=report.md", "-f", "json=r.json", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## Export-control compliance report")
    assert text.endswith((tmp_path / "report.md").read_text(encoding="utf-8"))
    assert proc.returncode == 1


def test_every_format_writes_a_file_atomically_in_one_run(tmp_path):
    from compliance.report.registry import FORMATS

    args = [a for name in sorted(FORMATS) for a in ("-f", f"{name}=out.{name}")]
    proc = screen(*args, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    for name in FORMATS:
        assert (tmp_path / f"out.{name}").stat().st_size > 0
    assert not list(tmp_path.glob(".*.tmp-*"))


def test_scenario_setting_applies_unless_a_flag_overrides_it(tmp_path):
    as_of = ("--as-of", "2026-11-28")
    env = {"COMPLIANCE_SCENARIO": "suspensions-extended"}
    written = json_of(run("screen", "bom", EXAMPLE, *as_of, "-f", "json", cwd=tmp_path))
    extended = json_of(run("screen", "bom", EXAMPLE, *as_of, "-f", "json", cwd=tmp_path, env=env))
    flagged = json_of(run("screen", "bom", EXAMPLE, *as_of, "-f", "json", "--scenario", "as-written", cwd=tmp_path, env=env))
    assert (written["scenario"], extended["scenario"], flagged["scenario"]) == ("as-written", "suspensions-extended", "as-written")
    bad = run("screen", "bom", EXAMPLE, "-f", "json", cwd=tmp_path, env={"COMPLIANCE_SCENARIO": "truce"})
    assert bad.returncode == 2 and "environment COMPLIANCE_SCENARIO: unknown scenario 'truce'" in bad.stderr


def test_render_gate_judges_the_combined_report_so_a_waiver_used_in_one_file_is_not_unused(tmp_path):
    write_waivers(tmp_path)  # waives MAG-SP-* parts: used in the BOM, matches nothing in the clean file
    clean = tmp_path / "clean-bom.csv"
    clean.write_text("part_number,description,origin_country,materials\nP1,steel shaft,DE,Fe 98%; Cr 2%\n", encoding="utf-8")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert screen("-f", f"json={a}", "--fail-on", "none", cwd=tmp_path).returncode == 0
    alone = screen("-f", f"json={b}", "--fail-on", "none", "--strict", cwd=tmp_path, bom=clean)
    assert alone.returncode == 2 and "matched no finding" in alone.stderr  # judged alone, the waiver is unused
    proc = run("report", "render", a, b, "--gate", "--strict", "-f", "json", cwd=tmp_path)
    combined = json_of(proc)
    assert proc.returncode == 2 and "--strict: 0 warning(s), " in proc.stderr, proc.stderr  # only coverage gaps remain
    assert combined["warnings"] == [] and combined["coverage"]
    (waiver,) = combined["provenance"]["waivers"]
    assert waiver["state"] in ("active", "expiring") and waiver["matched"]
    assert run("report", "render", a, b, "--gate", "--fail-on", "high", "-f", "json", cwd=tmp_path).returncode == (
        1 if [f for f in combined["findings"] if f["status"] == "open" and f["severity"] in ("high", "critical")] else 0
    )
