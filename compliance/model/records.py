"""What readers produce: one typed record per input row, each knowing its source row.

Readers know files, not rules; screening knows records, not files. The `row` and
`file` fields let every finding and every rejection point back at the line a user
can open in their editor.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from compliance.model.base import model


class Material(NamedTuple):
    """One substance in one unit of a part.

    `mass_g` is the mass in one unit; `share` the mass fraction (0–1) when the
    declaration gave a percentage. Either may be missing; `origin` None = unknown.
    A NamedTuple, not a pydantic model: BOMs run to 100,000 lines and the readers
    (readers/bom.py, readers/materials.py) have already checked every field.
    """

    substance: str  # as written: "Dy", "7429-91-6", "Dy2O3", "Dy-Fe"
    element: str | None = None  # resolved element symbol where known
    canonical: str | None = None  # resolved material name (e.g. "Dy2O3")
    cas: str | None = None
    mass_g: Decimal | None = None
    share: Decimal | None = None
    origin: str | None = None
    source: str | None = None  # where it was declared when not in the BOM row: "decl.xml:12"


class BomLine(NamedTuple):
    """One BOM row (a NamedTuple for the same reason as Material)."""

    file: str
    row: int
    part_number: str
    description: str = ""
    parent: str | None = None
    quantity: Decimal = Decimal(1)
    unit_value: Decimal | None = None
    currency: str = "USD"
    unit_mass_g: Decimal | None = None
    supplier: str | None = None
    manufacturer: str | None = None
    origin_country: str | None = None
    hs_code: str | None = None
    materials: tuple[Material, ...] = ()
    end_user_country: str | None = None  # where the item ends up, when the BOM says (end-use rules)
    end_use: str | None = None


@model(frozen=True)
class Party:
    """One counterparty row (built by readers/parties.py, which checks every field)."""

    file: str
    row: int
    name: str
    id: str | None = None
    country: str | None = None
    address: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    end_user_country: str | None = None  # where the goods end up, when the file says (end-use rules)
    end_use: str | None = None  # what they are used for, as written


class OwnershipLink(NamedTuple):
    """One stake: `owner` holds `percent` % of `owned` (line `row` of `file`).

    A NamedTuple, not a pydantic model: ownership tables run to millions of rows, and
    the reader (readers/ownership.py) has already checked every field.
    """

    file: str
    row: int
    owner: str
    owned: str
    percent: Decimal | None = None  # None = unknown stake
    owner_country: str | None = None
    owned_country: str | None = None
    source: str | None = None
    as_of: str | None = None


@model(frozen=True)
class Rejected:
    """An input row that could not be screened, and why. Nothing is dropped silently."""

    file: str
    row: int | None
    field: str | None
    reason: str
