"""The Consolidated Screening List's source lists: CSL code → our list id and title.

Kept apart from the importer so that code which only needs to know which lists the
CSL carries (e.g. `lists info`'s update paths) does not import the importers.
"""

from __future__ import annotations

# CSL code → (list id, title). OFAC lists key on entity_number (= OFAC ent_num).
SOURCES: dict[str, tuple[str, str]] = {
    "EL": ("entity-list", "BIS Entity List (15 CFR Part 744, Supplement No. 4)"),
    "MEU": ("meu", "BIS Military End-User List (15 CFR Part 744, Supplement No. 7)"),
    "UVL": ("uvl", "BIS Unverified List (15 CFR Part 744, Supplement No. 6)"),
    "DPL": ("dpl", "BIS Denied Persons List"),
    "DTC": ("itar-debarred", "State Department ITAR Debarred Parties (DDTC)"),
    "ISN": ("isn", "State Department Nonproliferation Sanctions (ISN)"),
    "SDN": ("sdn", "OFAC Specially Designated Nationals and Blocked Persons List (SDN)"),
    "CMIC": ("ofac-ns-cmic", "OFAC Non-SDN Chinese Military-Industrial Complex Companies List"),
    "FSE": ("fse", "OFAC Foreign Sanctions Evaders List"),
    "SSI": ("ssi", "OFAC Sectoral Sanctions Identifications List"),
    "PLC": ("plc", "OFAC Palestinian Legislative Council List"),
    "CAP": ("capta", "OFAC CAPTA List"),
    "NS-MBS LIST": ("ns-mbs", "OFAC Non-SDN Menu-Based Sanctions List"),
    "MBS": ("ns-mbs", "OFAC Non-SDN Menu-Based Sanctions List"),
}
OFAC_CODES = {"SDN", "CMIC", "FSE", "SSI", "PLC", "CAP", "NS-MBS LIST", "MBS"}
