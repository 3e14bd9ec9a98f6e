"""Integrity checks an import must pass before it may replace a snapshot.

A truncated download or a broken parser shows up as a list that suddenly has far
fewer entries. An import fails (unless forced) when it yields fewer records than
the list's floor, or more than 10 % fewer than the snapshot it replaces. Floors
sit below the sizes of the real lists we have seen (Entity List 3,409 in July
2026, DPL 564, ...) so that a normal update passes and a truncated one does not.
"""

from __future__ import annotations

import dataclasses

from compliance.model.base import DataError, validate
from compliance.model.errors import ListDataError
from compliance.lists.model import ListedParty

FLOORS: dict[str, int] = {
    "entity-list": 3000,
    "meu": 50,
    "dpl": 400,
    "sdn": 5000,
    "dow-1260h": 40,
    "ofac-ns-cmic": 50,
    "dhs-uflpa": 100,
    "cn-control-list": 100,
    "cn-uel": 50,
    "cn-watch-list": 20,
    "cn-countermeasures": 1,
}
DEFAULT_FLOOR = 1
MAX_SHRINK = 0.10


def floor_of(list_id: str) -> int:
    return FLOORS.get(list_id, DEFAULT_FLOOR)


def count_problems(list_id: str, records: int, previous_records: int | None) -> list[str]:
    """Why an import of `records` entries must not replace the current snapshot."""
    problems = []
    floor = floor_of(list_id)
    if records < floor:
        problems.append(f"{list_id}: {records} record(s) is below the floor of {floor} for this list")
    if previous_records and records < previous_records * (1 - MAX_SHRINK):
        drop = 100 * (previous_records - records) / previous_records
        problems.append(
            f"{list_id}: {records} record(s) is {drop:.0f} % fewer than the {previous_records} of the snapshot it replaces "
            f"(more than {MAX_SHRINK:.0%})"
        )
    return problems


def validate_parties(list_id: str, parties: list[ListedParty], source: str) -> list[ListedParty]:
    """Full pydantic validation of every record, unique ids, and the list id on each.

    Importers build records without validation for speed; this is where a
    mapping bug becomes a clear error instead of a corrupt snapshot.
    """
    validated = []
    seen: set[str] = set()
    for index, party in enumerate(parties):
        try:
            checked = validate(ListedParty, dataclasses.asdict(party))
        except DataError as exc:  # message names the field
            first = exc.errors[0] if exc.errors else {}
            field = ".".join(str(p) for p in first.get("loc", ())) or None
            raise ListDataError(
                f"record {index + 1} ({party.names[0] if party.names else '?'}) fails the schema: {first.get('msg', exc)}",
                file=source,
                field=field,
            ) from None
        if not checked.id:
            raise ListDataError(f"record {index + 1} has no id", file=source, field="id")
        if checked.id in seen:
            raise ListDataError(f"duplicate id {checked.id}", file=source, field="id")
        if checked.list != list_id:
            raise ListDataError(f"record {index + 1} belongs to list {checked.list!r}, not {list_id!r}", file=source, field="list")
        seen.add(checked.id)
        validated.append(checked)
    return validated
