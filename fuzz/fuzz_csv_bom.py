"""Fuzz the BOM CSV reader (encoding detection, delimiter sniffing, cells, materials): only ComplianceError may escape."""

import sys

import atheris

with atheris.instrument_imports():
    from compliance.model.errors import ComplianceError
    from compliance.readers.bom import BomOptions, read_bom

from _common import as_file  # noqa: E402


SEPARATORS = ("auto", "point", "comma")


def test_one_input(data: bytes) -> None:
    separator = SEPARATORS[data[0] % 3] if data else "auto"  # the first byte picks the declared decimal separator
    path = as_file(data, ".csv")
    try:
        result = read_bom(path, "fuzz.csv", BomOptions(decimal_separator=separator))
    except ComplianceError:
        return
    assert result.rows_read == len(result.lines) + len(result.rejected), "a row was lost"


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
