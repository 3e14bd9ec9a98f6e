"""Importers: one module per source format, one interface (interface.ListImporter)."""

from __future__ import annotations

from compliance.model.errors import UsageError
from compliance.lists.importers.cn_csv import CnCsvImporter
from compliance.lists.importers.csl_csv import CslCsvImporter
from compliance.lists.importers.csl_json import CslJsonImporter
from compliance.lists.importers.ecfr_json import EcfrJsonImporter
from compliance.lists.importers.interface import ImportedList, ListImporter
from compliance.lists.importers.ofac_sdn import OfacSdnImporter
from compliance.lists.importers.user import UserListImporter

IMPORTERS: dict[str, ListImporter] = {
    importer.format: importer
    for importer in (
        CslJsonImporter(),
        CslCsvImporter(),
        OfacSdnImporter(),
        EcfrJsonImporter(),
        CnCsvImporter(),
        UserListImporter(),
    )
}


def get_importer(name: str) -> ListImporter:
    try:
        return IMPORTERS[name]
    except KeyError:
        raise UsageError(f"unknown list format {name!r} (known: {', '.join(IMPORTERS)})", field="FORMAT") from None


__all__ = ["IMPORTERS", "ImportedList", "ListImporter", "get_importer"]
