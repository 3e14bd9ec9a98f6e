"""Cell values → typed values: numbers, masses, country codes. Errors name the field."""

from __future__ import annotations

import re
from functools import lru_cache
from decimal import Decimal, InvalidOperation

_MASS = re.compile(r"^\s*(?P<num>[0-9][0-9.,]*)\s*(?P<unit>g|kg|mg|t)?\s*$", re.IGNORECASE)
TO_GRAMS = {"g": Decimal(1), "kg": Decimal(1000), "mg": Decimal("0.001"), "t": Decimal(1_000_000)}


class FieldError(ValueError):
    """A cell that cannot be read; becomes a Rejected row naming the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def parse_decimal(text: str, field: str) -> Decimal:
    """`1,234.5`, `1234,5` or `12` → Decimal; a comma alone is a decimal comma."""
    text = text.strip()
    try:
        if "," in text and "." in text:
            value = Decimal(text.replace(",", ""))
        else:
            value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise FieldError(field, f"not a number: {text!r}") from None
    if not value.is_finite():
        raise FieldError(field, f"not a finite number: {text!r}")
    return value


@lru_cache(maxsize=1 << 14)
def parse_mass(text: str, field: str = "unit_mass") -> Decimal:
    """`12g`, `0.4kg`, `250mg` or a bare number of grams → grams (repeated cells parsed once)."""
    m = _MASS.match(text)
    if not m:
        raise FieldError(field, f"not a mass: {text!r} (use e.g. 12g or 0.4kg)")
    value = parse_decimal(m.group("num"), field) * TO_GRAMS[(m.group("unit") or "g").lower()]
    if value < 0:
        raise FieldError(field, f"negative mass: {text!r}")
    return value


def country_code(text: str, field: str) -> str:
    """An ISO-2 code or English country name → ISO-2; anything else is an error."""
    text = text.strip()
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    from compliance.lists.countries import iso2  # the shared spelling table

    code = iso2(text)
    if code is None:
        raise FieldError(field, f"unknown country {text!r} (use an ISO 3166 alpha-2 code such as CN, JP, DE)")
    return code
