"""Fuzz the JSON readers (BOM tables as a list of objects, saved reports): only ComplianceError may escape."""

import sys

import atheris

with atheris.instrument_imports():
    from compliance.model.errors import ComplianceError
    from compliance.readers.bom import read_bom
    from compliance.report.load import load_report

from _common import as_file  # noqa: E402


def test_one_input(data: bytes) -> None:
    path = as_file(data, ".json")
    try:
        result = read_bom(path, "fuzz.json")
        assert result.rows_read == len(result.lines) + len(result.rejected), "a row was lost"
    except ComplianceError:
        pass
    try:
        load_report(path)
    except ComplianceError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
