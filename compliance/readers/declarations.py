"""Material declarations per part number — what the CSV and the IPC-1752A readers both
produce, so that neither needs the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from compliance.model.records import Material, Rejected
from compliance.readers.substances import resolve


@dataclass
class Declarations:
    """Materials per part number, with the rows that could not be read."""

    file: str
    kind: str
    by_part: dict[str, list[Material]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # part → first row declaring it
    rejected: list[Rejected] = field(default_factory=list)
    rows_read: int = 0


def make_material(substance: str, cas: str | None, mass_g: Decimal | None, share: Decimal | None, origin: str | None, source: str) -> Material:
    hit = resolve(substance, cas)
    return Material(
        substance=substance or (cas or ""),
        element=hit.element if hit else None,
        canonical=hit.canonical if hit else None,
        cas=cas or (hit.cas if hit else None),
        mass_g=mass_g,
        share=share,
        origin=origin,
        source=source,
    )
