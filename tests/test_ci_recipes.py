"""The CI recipes in the repository: their structure, and the commands they run, run here."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from junitparser import JUnitXml

from _reports import EXAMPLE, REPO

BIN = Path(sys.executable).parent


def env_with_tool(**extra):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("COMPLIANCE_", "GITHUB_"))}
    base["PATH"] = f"{BIN}{os.pathsep}{base.get('PATH', '')}"  # the `compliance` console script
    return {**base, **extra}


# --- GitHub composite action ---------------------------------------------------------------


@pytest.fixture(scope="module")
def action():
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def test_action_is_composite_and_passes_inputs_only_through_env(action):
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    for step in steps:
        if "run" in step:
            assert "${{" not in step["run"], f"expression interpolated into a script: {step['run']!r}"
            assert step["shell"] == "bash"
    screen = next(s for s in steps if s.get("id") == "screen")
    referenced = set(re.findall(r"inputs\.([a-z-]+)", json.dumps(screen["env"])))
    assert {"bom", "parties", "fail-on", "waivers", "baseline", "strict", "sarif"} <= referenced <= set(action["inputs"])
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "steps.screen.outputs.sarif" in upload["with"]["sarif_file"]
    assert steps[-1]["env"]["GATE_EXIT_CODE"] == "${{ steps.screen.outputs.exit-code }}"
    assert (REPO / "ci" / "github-action.sh").is_file()
    key = next(s for s in steps if s.get("id") == "cache-key")
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert key["run"] == 'python -m compliance.cli.cachekey >> "$GITHUB_OUTPUT"'
    assert restore["with"]["path"] == "${{ steps.cache-key.outputs.dir }}"
    assert "steps.cache-key.outputs.key" in restore["with"]["key"]
    assert steps.index(key) < steps.index(restore) < steps.index(screen)


def test_warm_cache_key_output_is_stable_and_names_the_folder(tmp_path):
    """What the action's cache step reads: `dir=` and `key=` lines; same data, same key."""
    env = env_with_tool(COMPLIANCE_CACHE_DIR=str(tmp_path / "warm"))
    runs = [subprocess.run([sys.executable, "-m", "compliance.cli.cachekey"], env=env, capture_output=True, text=True, check=True) for _ in range(2)]
    first = dict(line.split("=", 1) for line in runs[0].stdout.splitlines())
    assert first["dir"] == str(tmp_path / "warm") and re.fullmatch(r"[0-9a-f]{24}", first["key"])
    assert runs[0].stdout == runs[1].stdout


def run_action_script(tmp_path, **inputs):
    outputs, summary = tmp_path / "github-output", tmp_path / "step-summary.md"
    env = env_with_tool(
        RUNNER_TEMP=str(tmp_path / "runner"),
        GITHUB_OUTPUT=str(outputs),
        GITHUB_STEP_SUMMARY=str(summary),
        **{f"INPUT_{k.upper()}": v for k, v in inputs.items()},
    )
    (tmp_path / "runner").mkdir()
    proc = subprocess.run(["bash", str(REPO / "ci" / "github-action.sh")], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr  # the verdict travels in the exit-code output
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    return proc, values, summary


def test_action_script_screens_a_bom_writes_sarif_annotations_and_summary(tmp_path):
    bom = tmp_path / "boms" / "motor bom.csv"  # a space in the name must survive
    bom.parent.mkdir()
    bom.write_bytes(EXAMPLE.read_bytes())
    proc, out, summary = run_action_script(tmp_path, bom="boms/motor bom.csv\n", as_of="2026-01-01", fail_on="high")
    assert out["exit-code"] == "1"
    sarif = json.loads((tmp_path / out["sarif"]).read_text())
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"boms/motor%20bom.csv"}
    assert "::error file=boms/motor bom.csv,line=10," in proc.stdout
    assert summary.read_text().startswith("## Export-control compliance report")


def test_action_script_with_fail_on_none_passes_and_with_no_files_gives_2(tmp_path):
    _, out, _ = run_action_script(tmp_path, bom=str(EXAMPLE), as_of="2026-01-01", fail_on="none")
    assert out["exit-code"] == "0"
    empty = tmp_path / "empty"
    empty.mkdir()
    _, out, _ = run_action_script(empty, bom="", parties="")
    assert out["exit-code"] == "2"


def test_action_script_bad_input_gives_2_and_no_injection(tmp_path):
    marker = tmp_path / "pwned"
    _, out, _ = run_action_script(tmp_path, bom=f"$(touch {marker})", fail_on="high; touch {marker}")
    assert out["exit-code"] == "2"
    assert not marker.exists()


# --- pre-commit ----------------------------------------------------------------------------


def test_pre_commit_hooks_match_bom_and_supplier_files_and_run(tmp_path):
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"compliance-bom", "compliance-parties"}
    bom_re, party_re = re.compile(hooks["compliance-bom"]["files"]), re.compile(hooks["compliance-parties"]["files"])
    assert bom_re.search("examples/ev-traction-motor-BOM.csv") and bom_re.search("bom.xlsx")
    assert not bom_re.search("src/bomb.py")
    assert party_re.search("data/suppliers.csv") and party_re.search("Customers-2026.xlsx")
    assert not party_re.search("README.md")
    for hook in hooks.values():
        assert hook["language"] == "python"
    # the entry, with the file names pre-commit appends
    entry = shlex.split(hooks["compliance-bom"]["entry"])
    assert entry[:3] == ["python", "-m", "compliance.cli.precommit"]
    good = tmp_path / "clean-bom.csv"
    good.write_text("part_number,description,origin_country,materials\nP1,steel shaft,DE,Fe 98%; Cr 2%\n", encoding="utf-8")
    cmd = [sys.executable, *entry[1:], "--as-of=2026-01-01"]
    assert subprocess.run([*cmd, str(good)], capture_output=True, env=env_with_tool()).returncode == 0
    assert subprocess.run([*cmd, str(good), str(EXAMPLE)], capture_output=True, env=env_with_tool()).returncode == 1
    assert subprocess.run([*cmd, str(EXAMPLE), str(tmp_path / "missing.csv")], capture_output=True, env=env_with_tool()).returncode == 2


# --- GitLab CI -----------------------------------------------------------------------------


def test_gitlab_example_runs_and_produces_junit_and_code_quality(tmp_path):
    doc = yaml.safe_load((REPO / "docs" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = doc["compliance"]
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    commands = [c for c in job["script"] if c.lstrip().startswith("compliance ")]
    assert commands
    variables = {k: v.replace("$CI_PROJECT_DIR", str(tmp_path)) for k, v in job["variables"].items()}
    variables["COMPLIANCE_BOM"] = str(EXAMPLE)
    env = env_with_tool(**variables)
    for command in commands:
        pinned = command + (" --as-of 2026-01-01" if command.startswith("compliance screen") else "")
        proc = subprocess.run(["bash", "-c", pinned], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert proc.returncode in (0, 1), proc.stderr
    junit = JUnitXml.fromfile(str(tmp_path / reports["junit"]))
    assert list(junit)[0].tests == 11
    quality = json.loads((tmp_path / reports["codequality"]).read_text())
    assert quality and all({"description", "check_name", "fingerprint", "severity", "location"} <= set(i) for i in quality)
    for path in job["artifacts"]["paths"]:
        assert (tmp_path / path).stat().st_size > 0
    [cached] = job["cache"]["paths"]  # the warm cache lands where GitLab keeps it between jobs
    assert any((tmp_path / cached).glob("rules-*.pickle"))


def test_pre_commit_runner_judges_files_together_under_strict(tmp_path):
    (tmp_path / ".compliance-waivers.yaml").write_text(
        "waivers:\n  - id: W-1\n    rule: CN-MOFCOM-2025-18-*\n    match: {part_number: MAG-SP-*}\n"
        "    justification: stock bought before the controls\n    approved_by: J. Meyer\n"
        "    approved_on: 2025-12-01\n    expires: 2026-05-01\n",
        encoding="utf-8",
    )
    clean = tmp_path / "clean-bom.csv"
    clean.write_text("part_number,description,origin_country,materials\nP1,steel shaft,DE,Fe 98%; Cr 2%\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "compliance.cli.precommit", "bom", "--as-of=2026-01-01", "--fail-on=none", "--strict"]
    together = subprocess.run([*cmd, str(clean), str(EXAMPLE)], capture_output=True, text=True, cwd=tmp_path, env=env_with_tool())
    # The waiver is used by the example: no warning; --strict still fails on the coverage gaps
    # (rules in force that no input lets the run evaluate, e.g. technology transfers).
    assert together.returncode == 2 and "--strict: 0 warning(s), " in together.stderr, together.stdout + together.stderr
    alone = subprocess.run([*cmd, str(clean)], capture_output=True, text=True, cwd=tmp_path, env=env_with_tool())
    assert alone.returncode == 2 and "matched no finding" in alone.stderr
