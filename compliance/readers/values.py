"""Cell values → typed values: numbers, masses, country codes. Errors name the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MASS = re.compile(r"^\s*(?P<num>[0-9][0-9.,]*)\s*(?P<unit>g|kg|mg|t)?\s*$", re.IGNORECASE)
TO_GRAMS = {"g": Decimal(1), "kg": Decimal(1000), "mg": Decimal("0.001"), "t": Decimal(1_000_000)}


class FieldError(ValueError):
    """A cell that cannot be read; becomes a Rejected row naming the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


_PLAIN = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$|^[+-]?[.,]\d+$")
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")  # 1,234: a thousand and more, or one and a bit?
_GROUPED = {  # group separator, decimal separator
    (",", "."): re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"),
    (".", ","): re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"),
    (" ", ","): re.compile(r"^[+-]?\d{1,3}(?: \d{3})+(?:,\d+)?$"),
    (" ", "."): re.compile(r"^[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?$"),
    ("'", "."): re.compile(r"^[+-]?\d{1,3}(?:'\d{3})+(?:\.\d+)?$"),
}
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


def parse_decimal(text: str, field: str) -> Decimal:
    """`12`, `1234.5`, `1234,5` (decimal comma), `1,234.5`, `1.234,5`, `1 234,5`, `1'234.5`,
    `1.5E+03` → Decimal. `1,234` alone is refused as ambiguous (a thousand, or 1.234?),
    as is any other shape: a misread quantity is worse than a rejected row."""
    text = text.strip().translate(_SPACES)
    if _PLAIN.match(text):
        if _AMBIGUOUS.match(text):
            raise FieldError(field, f"ambiguous number {text!r}: write 1234 or 1.234 (thousands separator or decimal comma?)")
        cleaned = text.replace(",", ".")
    else:
        for (group, decimal), pattern in _GROUPED.items():
            if pattern.match(text):
                cleaned = text.replace(group, "").replace(decimal, ".")
                break
        else:
            raise FieldError(field, f"not a number: {text[:40]!r}")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise FieldError(field, f"not a number: {text[:40]!r}") from None
    if not value.is_finite() or abs(value.adjusted()) > 15:
        raise FieldError(field, f"number out of range: {text[:40]!r}")
    return value


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
