"""A user's own block list (internal denied parties, customer-specific lists): CSV or YAML.

CSV columns (header names, any case): `name` (required), `aliases` ("; "-separated),
`country` (name or ISO-2), `address`, `listed_on` (YYYY-MM-DD), `reason`, `reference`.
YAML: a list of mappings with the same keys (`aliases` and `addresses` may be
lists), or a mapping with a `parties:` list. Errors name the file, line and field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from compliance.model.errors import InputError
from compliance.lists.countries import iso2
from compliance.lists.ids import assign_ids
from compliance.lists.importers.interface import ImportedList, ListImporter, given_snapshot_date
from compliance.lists.model import ListedParty
from compliance.readers.tabular import read_csv_rows
from compliance.support.yamlfile import load_yaml_file

LIST_ID = "user"
KEYS = {"name", "aliases", "country", "address", "addresses", "listed_on", "reason", "reference"}


class UserListImporter(ListImporter):
    format = "user"
    version = "1"
    description = "your own block list, CSV or YAML (name, aliases, country, address, listed_on, reason, reference)"

    def read(self, files: list[Path], snapshot_date: dt.date | None = None) -> list[ImportedList]:
        date = given_snapshot_date(snapshot_date, files, "a user list")
        parties: list[ListedParty] = []
        for path in files:
            if path.suffix.casefold() in {".yaml", ".yml"}:
                parties.extend(_from_yaml(path))
            else:
                parties.extend(_from_csv(path))
        assign_ids(parties)
        return [
            ImportedList(
                list_id=LIST_ID,
                title="User block list",
                source="user list: " + ", ".join(p.name for p in files),
                snapshot_date=date,
                parties=parties,
            )
        ]


def _party(values: dict[str, Any], file: str, line: int | None) -> ListedParty:
    name = str(values.get("name") or "").strip()
    if not name:
        raise InputError("a party needs a name", file=file, line=line, field="name")
    aliases = values.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split(";")]
    addresses = values.get("addresses") or values.get("address") or []
    if isinstance(addresses, str):
        addresses = [addresses]
    if not isinstance(aliases, list) or not isinstance(addresses, list):
        raise InputError("aliases and addresses must be text or a list", file=file, line=line, field="aliases")
    country_text = str(values.get("country") or "").strip()
    country = iso2(country_text) if country_text else None
    if country_text and country is None:
        raise InputError(f"unknown country {country_text!r} (use an ISO-2 code or an English name)", file=file, line=line, field="country")
    listed_on = values.get("listed_on")
    if listed_on and not isinstance(listed_on, dt.date):
        try:
            listed_on = dt.date.fromisoformat(str(listed_on))
        except ValueError:
            raise InputError(f"invalid date {listed_on!r} (expected YYYY-MM-DD)", file=file, line=line, field="listed_on") from None
    extras = {k: str(values[k]) for k in ("reason", "reference") if values.get(k)}
    names = list(dict.fromkeys([name] + [str(a).strip() for a in aliases if str(a).strip()]))
    return ListedParty(
        id="",
        list=LIST_ID,
        names=names,
        addresses=[str(a).strip() for a in addresses if str(a).strip()],
        country=country,
        listed_on=listed_on or None,
        extras=extras,
    )


def _from_csv(path: Path) -> list[ListedParty]:
    headers, rows = read_csv_rows(path)
    if "name" not in headers:
        raise InputError("missing column: name", file=str(path), line=1)
    unknown = [h for h in headers if h.replace(" ", "_") not in KEYS]
    if unknown:
        raise InputError(f"unknown column(s): {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})", file=str(path), line=1)
    return [_party({k.replace(" ", "_"): v for k, v in row.cells.items()}, str(path), row.line) for row in rows]


def _from_yaml(path: Path) -> list[ListedParty]:
    doc = load_yaml_file(path, InputError)
    data = doc.data
    prefix: tuple[Any, ...] = ()
    if isinstance(data, dict) and "parties" in data:
        data, prefix = data["parties"], ("parties",)
    if not isinstance(data, list):
        raise InputError("expected a list of parties (or a mapping with 'parties:')", file=str(path), line=1)
    parties = []
    for index, item in enumerate(data):
        line = doc.line_of(prefix + (index,))
        if not isinstance(item, dict):
            raise InputError("each party must be a mapping", file=str(path), line=line)
        for key in item:
            if key not in KEYS:
                raise InputError(f"unknown key (known: {', '.join(sorted(KEYS))})", file=str(path), line=doc.line_of(prefix + (index, key)), field=str(key))
        parties.append(_party(item, str(path), line))
    return parties
