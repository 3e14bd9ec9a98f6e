"""Bad settings are one-line errors (exit 2), never an internal error; an internal error's
log holds no argument values (they may be tokens or confidential names) and old logs go."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from compliance import cli


@pytest.mark.parametrize(
    "name, value",
    [("COMPLIANCE_THRESHOLD", "abc"), ("COMPLIANCE_THRESHOLD", "0"), ("COMPLIANCE_THRESHOLD", "nan"), ("COMPLIANCE_MAX_LIST_AGE", "soon")],
)
def test_a_bad_setting_in_the_environment_is_a_one_line_error(tmp_path, name, value):
    (tmp_path / "p.csv").write_text("name,country\nAcme GmbH,DE\n", encoding="utf-8")
    env = {**os.environ, name: value, "XDG_STATE_HOME": str(tmp_path / "state")}
    proc = subprocess.run([sys.executable, "-m", "compliance", "screen", "parties", "p.csv"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.startswith("compliance: error:")]
    assert errors == [line for line in proc.stderr.splitlines() if "error" in line] and len(errors) == 1
    assert f"environment {name}" in errors[0] and repr(value) in errors[0]
    assert "internal error" not in proc.stderr and not (tmp_path / "state").exists()


def test_a_bad_threshold_in_the_config_file_names_file_line_and_key(tmp_path):
    from compliance.config import load_settings
    from compliance.model.errors import ConfigError

    (tmp_path / "compliance.yaml").write_text("fail_on: high\nthreshold: lots\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path, environ={})
    assert str(err.value).startswith("compliance.yaml:2: threshold:")
    (tmp_path / "compliance.yaml").write_text("threshold: 80\n", encoding="utf-8")
    assert load_settings(tmp_path, environ={}).value("threshold") == 80.0


def test_a_pyproject_that_does_not_configure_compliance_is_read_only_when_it_does(tmp_path):
    """Another tool's pyproject.toml (even one our TOML parser would refuse) is not ours to check;
    once it has a [tool.compliance] table it is parsed and checked."""
    from compliance.config import load_settings
    from compliance.model.errors import ConfigError

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "motor"\n[tool.black\n', encoding="utf-8")
    assert load_settings(tmp_path, environ={}).value("threshold") is None  # nothing configured
    (tmp_path / "pyproject.toml").write_text('[tool.compliance]\nthreshold = 80\n', encoding="utf-8")
    assert load_settings(tmp_path, environ={}).value("threshold") == 80.0
    (tmp_path / "pyproject.toml").write_text('[tool.compliance]\nthreshold = \n', encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(tmp_path, environ={})


def test_a_crash_log_holds_no_argument_values_and_old_logs_are_pruned(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = cli.crash_log_dir()
    folder.mkdir(parents=True)
    month_ago = time.time() - (cli.CRASH_LOG_MAX_DAYS + 1) * 86400
    old = folder / "compliance-crash-old.log"
    old.write_text("x")
    os.utime(old, (month_ago, month_ago))
    for i in range(cli.CRASH_LOGS_KEPT + 3):
        recent = folder / f"compliance-crash-recent-{i:02d}.log"
        recent.write_text("x")
        os.utime(recent, (time.time() - 1000 + i, time.time() - 1000 + i))

    def explode(commands):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(cli, "build_app", explode)
    argv = ["lists", "update", "--csl-url", "https://user:s3cret-token@mirror.example/csl.json", "--data-dir=/home/x/secret-dir"]
    with pytest.raises(SystemExit) as done:
        cli.main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: unexpected" in err
    log = next(p for p in folder.glob("compliance-crash-2*.log"))
    text = log.read_text(encoding="utf-8")
    assert "command: compliance lists update --csl-url <value> --data-dir=<value>" in text
    assert "s3cret" not in text and "secret-dir" not in text
    assert "Traceback" in text and "RuntimeError: unexpected" in text
    logs = list(folder.glob("compliance-crash-*.log"))
    assert not old.exists() and len(logs) <= cli.CRASH_LOGS_KEPT + 1  # the kept ones and the new one
