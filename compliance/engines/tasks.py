"""What a worker runs: one piece of a screening, against the lists shipped to it once.

Top-level functions, so a Dask worker finds them by name in its own installation.
"""

from __future__ import annotations

from typing import Any, Callable

from compliance.model.errors import ComplianceError
from compliance.model.finding import Finding
from compliance.model.result import ScreenResult
from compliance import pipeline
from compliance.pipeline import LoadedLists, ScreenOptions
from compliance.support.util import gc_paused


def screen_party_chunk(parties: list, loaded: LoadedLists, as_of, scenario, threshold: float, situation) -> list[Finding]:
    """The findings of a slice of the party records, in record order."""
    from compliance.parties.screening import screen_party_records

    with gc_paused():  # a worker holds the whole index: collections would walk it for nothing
        return screen_party_records(parties, loaded.index, loaded.rules, as_of, scenario, threshold=threshold, situation=situation)


def screen_bom_file(file: tuple[str, str], loaded: LoadedLists | None, options: ScreenOptions) -> ScreenResult:
    """One BOM of a portfolio: `file` is (path to read, name to report)."""
    path, name = file
    return pipeline.screen_bom(path, display_name=name, options=options, loaded=loaded)


def guarded(task: Callable, piece: Any, shared: Any, *args: Any) -> tuple[bool, Any]:
    """(True, result), or (False, error) for a problem the user can fix (a bad BOM file):
    handed back as a value, so the client reports it as one line and the worker does not
    log it as a crash."""
    try:
        return True, task(piece, shared, *args)
    except ComplianceError as error:
        return False, error
