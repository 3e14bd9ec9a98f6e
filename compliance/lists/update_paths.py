"""How each list is kept current: `lists update` where an official machine-readable
source exists, a documented manual import where none does.

The ITA Consolidated Screening List JSON carries the Entity List, MEU, UVL, DPL, SDN,
NS-CMIC, ISN and the other CSL lists (formats/csl.md §4); OFAC publishes the SDN and
the non-SDN consolidated list as CSV sets. DHS publishes the UFLPA Entity List only as
a web page and the Department of War the Sec. 1260H list only as a Federal Register
notice, and MOFCOM China's lists only as announcements: for those, advice to run
`lists update` could not be followed, so it is never given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compliance.lists.csl_sources import SOURCES as CSL_SOURCES

CSL_LIST_IDS = frozenset(list_id for list_id, _ in CSL_SOURCES.values())


@dataclass(frozen=True)
class UpdatePath:
    automatic: bool  # `compliance lists update` refreshes it
    how: str


MANUAL: dict[str, UpdatePath] = {
    "dhs-uflpa": UpdatePath(
        False,
        "no official machine-readable source: copy the table of https://www.dhs.gov/uflpa-entity-list into a CSV "
        "(name, aliases, listed_on, reference) and run 'compliance lists import user FILE --as dhs-uflpa'",
    ),
    "dow-1260h": UpdatePath(
        False,
        "no official machine-readable source: copy the list of the newest Sec. 1260H Federal Register notice "
        "(https://www.federalregister.gov/documents/2026/06/10/2026-11571/notice-of-availability-of-designation-of-chinese-military-companies) "
        "into a CSV and run 'compliance lists import user FILE --as dow-1260h'",
    ),
}
CN_MANUAL = UpdatePath(
    False,
    "no official machine-readable source: add MOFCOM's announcements to a china-parties.csv file and run "
    "'compliance lists import cn-csv FILE'",
)


def update_path(list_id: str) -> UpdatePath:
    if list_id == "sdn":
        return UpdatePath(True, "compliance lists update (CSL JSON), or --source ofac for OFAC's SDN CSV set")
    if list_id == "ofac-cons":
        return UpdatePath(True, "compliance lists update --source ofac-cons (OFAC's non-SDN consolidated CSV set)")
    if list_id in CSL_LIST_IDS:
        return UpdatePath(True, "compliance lists update (CSL JSON)")
    if list_id in MANUAL:
        return MANUAL[list_id]
    if list_id.startswith("cn-"):
        return CN_MANUAL
    return UpdatePath(False, "re-import the current files with 'compliance lists import FORMAT FILE...'")


def stale_advice(list_ids: Iterable[str]) -> str:
    """What to do about stale lists: `lists update` only for lists it can refresh."""
    ids = list(dict.fromkeys(list_ids))
    automatic = [i for i in ids if update_path(i).automatic]
    manual = [i for i in ids if not update_path(i).automatic]
    parts = []
    if automatic:
        sources = " --source ofac-cons" if automatic == ["ofac-cons"] else ""
        parts.append(f"run 'compliance lists update{sources}' for {', '.join(automatic)}")
    if manual:
        parts.append(f"import current files by hand for {', '.join(manual)} (no official machine-readable source; see 'compliance lists info')")
    return "; ".join(parts)


def stale_warning(snapshots, older_than_days: int) -> str | None:
    """The one-line warning for snapshots older than `older_than_days`, with how to refresh
    each; None when all are fresh."""
    old = [s for s in snapshots if s.age_days() > older_than_days]
    if not old:
        return None
    detail = ", ".join(f"{s.list_id} ({s.manifest.snapshot_date}, {s.age_days()} days)" for s in old)
    return (
        f"list snapshot(s) older than {older_than_days} days: {detail}; "
        f"{stale_advice(s.list_id for s in old)} (--max-list-age DAYS makes this an error)"
    )
