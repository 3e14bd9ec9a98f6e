"""A wheel built from the repo works from any directory (bundled data via importlib.resources)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_lists_rules(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        capture_output=True, text=True,
    )
    if build.returncode != 0 and "No module named build" in build.stderr:
        pytest.skip("the 'build' package is not installed (pip install '.[test]')")
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = dist.glob("compliance-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    install = subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH"}}
    proc = subprocess.run(
        [str(venv / "bin" / "compliance"), "rules", "list", "--as-of", "2026-01-01", "-f", "json"],
        capture_output=True, text=True, cwd=elsewhere, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"CN-MOFCOM-2025-18-DY"' in proc.stdout
    assert '"CN-MOFCOM-2025-61-ART1-1"' in proc.stdout
