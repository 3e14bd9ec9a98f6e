"""Fuzz the IPC-1752A reader (defusedxml): only ComplianceError may escape."""

import sys

import atheris

with atheris.instrument_imports():
    import defusedxml.ElementTree  # noqa: F401 - imported lazily by the reader; instrument it too

    from compliance.model.errors import ComplianceError
    from compliance.readers.ipc1752 import read_ipc1752

from _common import as_file  # noqa: E402


def test_one_input(data: bytes) -> None:
    path = as_file(data, ".xml")
    try:
        read_ipc1752(path, "fuzz.xml")
    except ComplianceError:
        return


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
