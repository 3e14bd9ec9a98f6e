"""Fuzz the BOM CSV reader (encoding detection, delimiter sniffing, cells, materials): only ComplianceError may escape."""

import sys

import atheris

with atheris.instrument_imports():
    from compliance.errors import ComplianceError
    from compliance.readers.bom import read_bom

from _common import as_file  # noqa: E402


def test_one_input(data: bytes) -> None:
    path = as_file(data, ".csv")
    try:
        result = read_bom(path, "fuzz.csv")
    except ComplianceError:
        return
    assert result.rows_read == len(result.lines) + len(result.rejected), "a row was lost"


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
