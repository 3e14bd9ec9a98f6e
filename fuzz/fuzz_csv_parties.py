"""Fuzz the counterparty CSV reader and name normalisation: only ComplianceError may escape."""

import sys

import atheris

with atheris.instrument_imports():
    from compliance.model.errors import ComplianceError
    from compliance.matching.normalize import normalize_name
    from compliance.readers.parties import read_parties

from _common import as_file  # noqa: E402


def test_one_input(data: bytes) -> None:
    path = as_file(data, ".csv")
    try:
        parties, rejected, read = read_parties(path, "fuzz.csv")
    except ComplianceError:
        return
    assert read == len(parties) + len(rejected), "a row was lost"
    for party in parties[:20]:
        normalize_name(party.name)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
