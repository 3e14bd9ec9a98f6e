"""The `cli` fixture of the list tests (import it into a test module): any `compliance` command run in this process, as the console script would."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """`cli("screen", "parties", ...)` with an isolated user data home and no colour."""
    from compliance.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COMPLIANCE_CSL_URL", raising=False)
    monkeypatch.delenv("COMPLIANCE_OFAC_URL", raising=False)

    def cli(*args: str) -> Run:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        out = capsys.readouterr()
        return Run(int(exit_info.value.code or 0), out.out, out.err)

    return cli
