"""`screen parties` on an engine: the records cut into slices, each screened where the
engine runs it, the findings joined in record order.

Joining slices in order gives exactly the local findings: a party's findings depend on
that party alone (grouping merges hits of one subject only), so neither the cut nor the
workers can change them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from compliance.engines.interface import Engine
from compliance.engines.tasks import screen_party_chunk
from compliance.model.records import Party
from compliance.model.result import ScreenResult
from compliance import pipeline
from compliance.pipeline import ScreenOptions


def slices(records: Sequence, pieces: int) -> list[Sequence]:
    """`records` cut into `pieces` contiguous slices of (nearly) equal size, none empty."""
    pieces = max(1, min(pieces, len(records)))
    size, extra = divmod(len(records), pieces)
    out, start = [], 0
    for i in range(pieces):
        end = start + size + (1 if i < extra else 0)
        out.append(records[start:end])
        start = end
    return out


def screen_parties_on(
    engine: Engine,
    source: str | Path | Sequence[Party],
    *,
    options: ScreenOptions,
    ownership: str | Path | None = None,
    display_name: str | None = None,
) -> ScreenResult:
    """The pipeline's `screen_parties`, its record screening spread by `engine`."""
    if not engine.spreads:
        return pipeline.screen_parties(source, ownership=ownership, display_name=display_name, options=options)
    loaded = pipeline.load_lists(options)

    def spread(parties, index, rules, as_of, scenario, *, threshold, situation):
        pieces = slices(list(parties), engine.partitions(len(parties)))
        found = engine.map(screen_party_chunk, pieces, loaded, loaded.key, as_of, scenario, threshold, situation)
        return [finding for piece in found for finding in piece]

    return pipeline.screen_parties(source, ownership=ownership, display_name=display_name, options=options,
                                   loaded=loaded, screen_records=spread)
