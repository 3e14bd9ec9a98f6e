"""Country names as the lists spell them → ISO 3166-1 alpha-2 codes.

The spellings (ISO names plus the lists' house styles) live in compliance/model/country.py,
the one country type every reader, importer and rule pack uses; this module keeps what
only the list importers need: telling Hong Kong addresses from mainland ones.
"""

from __future__ import annotations

import re

from compliance.model.country import iso2, known_codes  # noqa: F401 (re-exported for the importers)

_HONG_KONG = re.compile(r"\bHong\s*Kong\b|\bKowloon\b", re.IGNORECASE)
_MAINLAND = re.compile(r"\bChina\b|\bP\.?R\.?C\b", re.IGNORECASE)


def is_hong_kong_address(address: str | None) -> bool:
    """True when an address is in Hong Kong and names no place in mainland China.

    The Entity List files Hong Kong entries under "China" (as the eCFR does); the
    address is the only way to tell them apart. "Hong Kong, China" still counts as
    Hong Kong; an address list that also names mainland cities does not.
    """
    if not address or not _HONG_KONG.search(address):
        return False
    without_hk_suffix = re.sub(r"Hong\s*Kong\s*,?\s*(S\.?A\.?R\.?\s*,?\s*)?(of\s+)?(the\s+)?(People's Republic of\s+)?China", "Hong Kong", address, flags=re.IGNORECASE)
    return not _MAINLAND.search(without_hk_suffix)
