"""The screened repository may only make its gate stricter; the pipeline decides the rest.

A pull request controls the repository's `compliance.yaml` / `[tool.compliance]`; it must
not be able to turn a red run green with them. Flags and environment variables belong to
the pipeline and may set anything."""

from __future__ import annotations

import json

import pytest

from _reports import EXAMPLE
from test_gate_cli import json_of, run, screen

TRUST = {"COMPLIANCE_TRUST_REPO_CONFIG": "1"}


def _accept_all(tmp_path) -> None:
    """A baseline holding every finding of the example BOM: with it the gate passes."""
    report = json_of(screen("-f", "json", cwd=tmp_path))
    (tmp_path / "accept-all.json").write_text(json.dumps(report), encoding="utf-8")


@pytest.mark.parametrize("config_file", ["compliance.yaml", "pyproject.toml"])
def test_a_baseline_in_repository_config_cannot_turn_the_gate_green(tmp_path, config_file):
    _accept_all(tmp_path)
    if config_file == "compliance.yaml":
        (tmp_path / config_file).write_text("fail_on: high\nbaseline: accept-all.json\n", encoding="utf-8")
        where = "compliance.yaml:2: baseline:"
    else:
        (tmp_path / config_file).write_text('[tool.compliance]\nbaseline = "accept-all.json"\n', encoding="utf-8")
        where = "pyproject.toml: tool.compliance.baseline:"
    refused = screen("-f", "json", cwd=tmp_path)
    assert refused.returncode == 2
    assert where in refused.stderr and "may only make the gate stricter" in refused.stderr
    assert screen("-f", "json", cwd=tmp_path, env=TRUST).returncode == 0  # the pipeline trusts the repository
    assert screen("-f", "json", "--trust-repo-config", cwd=tmp_path).returncode == 0
    assert screen("-f", "json", "--baseline", "accept-all.json", cwd=tmp_path, env=TRUST).returncode == 0


@pytest.mark.parametrize(
    "line",
    [
        "fail_on: none", "fail_on: critical", "threshold: 99", "max_waiver_days: 3650", "max_rejected_rows: 10",
        "lists: [cn-uel]", "data_dir: fake-lists", "scenario: suspensions-extended", "allow_blanket_waivers: true",
    ],
)
def test_repository_config_cannot_loosen_any_setting(tmp_path, line):
    (tmp_path / "compliance.yaml").write_text(line + "\n", encoding="utf-8")
    proc = screen("-f", "json", cwd=tmp_path)
    assert proc.returncode == 2 and "compliance.yaml:1:" in proc.stderr and "may only make the gate stricter" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "line",
    ["fail_on: medium", "fail_on: info", "threshold: 70", "max_waiver_days: 90", "strict: true", "max_list_age: 4000",
     "min_severity: high", "scenario: as-written", "max_rejected_rows: 0"],
)
def test_repository_config_may_make_the_gate_stricter(tmp_path, line):
    (tmp_path / "compliance.yaml").write_text(line + "\n", encoding="utf-8")
    proc = screen("-f", "json", cwd=tmp_path)
    # The example BOM has open high findings (1); under strict, the run's coverage gaps (rules in
    # force that no input lets it evaluate) exit 2 first.
    assert proc.returncode == (2 if line == "strict: true" else 1), proc.stderr


def test_the_pipeline_environment_may_loosen_what_the_repository_may_not(tmp_path):
    (tmp_path / "compliance.yaml").write_text("fail_on: none\n", encoding="utf-8")
    assert screen("-f", "json", cwd=tmp_path).returncode == 2
    assert screen("-f", "json", cwd=tmp_path, env={"COMPLIANCE_FAIL_ON": "none"}).returncode == 0  # the pipeline's own value
    assert screen("-f", "json", "--fail-on", "none", cwd=tmp_path).returncode == 2  # the file still asks for too much


def test_the_action_limits_repository_config_to_stricter_only_by_default(repo):
    import yaml

    action = yaml.safe_load((repo / "action.yml").read_text(encoding="utf-8"))
    assert action["inputs"]["trust-repo-config"]["default"] == "false"
    assert action["inputs"]["allow-blanket-waivers"]["default"] == "false"
    screen_step = next(s for s in action["runs"]["steps"] if s.get("id") == "screen")
    assert screen_step["env"]["COMPLIANCE_TRUST_REPO_CONFIG"] == "${{ inputs.trust-repo-config }}"
    from compliance.trust import trusted

    assert not trusted({"COMPLIANCE_TRUST_REPO_CONFIG": "false"}) and trusted({"COMPLIANCE_TRUST_REPO_CONFIG": "true"})


BLANKET = """\
waivers:
  - id: W-ALL
    rule: "*"
    match: {part_number: "*"}
    justification: make it green
    approved_by: Someone
    approved_on: 2025-12-01
    expires: 2026-06-30
"""


def test_a_blanket_waiver_needs_the_pipelines_switch_and_is_reported(tmp_path):
    (tmp_path / ".compliance-waivers.yaml").write_text(BLANKET, encoding="utf-8")
    refused = screen("-f", "json", cwd=tmp_path)
    assert refused.returncode == 2
    assert ".compliance-waivers.yaml:4: waivers[0].match: a blanket waiver" in refused.stderr
    (tmp_path / "compliance.yaml").write_text("allow_blanket_waivers: true\n", encoding="utf-8")
    assert screen("-f", "json", cwd=tmp_path).returncode == 2  # the repository cannot allow it itself
    (tmp_path / "compliance.yaml").unlink()
    allowed = screen("-f", "json", cwd=tmp_path, env={"COMPLIANCE_ALLOW_BLANKET_WAIVERS": "1"})
    report = json_of(allowed)
    assert "BLANKET waiver W-ALL" in allowed.stderr
    assert any(n.startswith("BLANKET waiver W-ALL") for n in report["notices"])
    assert report["provenance"]["settings"]["allow_blanket_waivers"] is True


def test_a_narrow_waiver_is_not_blanket():
    from compliance.trust import is_blanket

    assert is_blanket("*", {"part_number": "*", "party": None}) and is_blanket("US-*", {"party": "**"})
    assert not is_blanket("*", {"part_number": "MAG-*"}) and not is_blanket("*", {"fingerprint": "a" * 32, "file": "*"})


def test_the_pre_commit_runner_passes_trust_to_every_step(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "compliance.yaml").write_text("fail_on: none\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_TRUST")}
    cmd = [sys.executable, "-m", "compliance.cli.precommit", "bom", "--as-of=2026-01-01", str(EXAMPLE)]
    assert subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True).returncode == 2
    trusted_run = subprocess.run([*cmd, "--trust-repo-config"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert trusted_run.returncode == 0, trusted_run.stderr
