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


#: How a file writes decimals: "auto" reads both (and refuses `1,234`), "point" is
#: 1,234.5 (comma, space or apostrophe groups), "comma" is 1.234,5 (dot or space groups).
DECIMAL_SEPARATORS = ("auto", "point", "comma")
_STYLED = {
    "point": re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d{1,3}(?:'\d{3})+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$"),
    "comma": re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+)?(?:,\d+)?(?:[eE][+-]?\d+)?$"),
}


def parse_decimal(text: str, field: str, separator: str = "auto") -> Decimal:
    """`12`, `1234.5`, `1234,5` (decimal comma), `1,234.5`, `1.234,5`, `1 234,5`, `1'234.5`,
    `1.5E+03` → Decimal. `1,234` alone is refused as ambiguous (a thousand, or 1.234?),
    as is any other shape: a misread quantity is worse than a rejected row. With the
    file's `separator` declared ("point" or "comma") `1,234` and `1.234` have one reading,
    and a number written the other way is refused."""
    text = text.strip().translate(_SPACES)
    if separator != "auto":
        if not _STYLED[separator].match(text) or not any(c.isdigit() for c in text.split("e")[0].split("E")[0]):
            other = "1,234.5" if separator == "comma" else "1.234,5"
            raise FieldError(field, f"not a number with decimal {separator}s: {text[:40]!r} (written like {other}?)")
        decimal, groups = (".", ",' ") if separator == "point" else (",", ". ")
        cleaned = text.translate({ord(g): None for g in groups}).replace(decimal, ".")
    elif _PLAIN.match(text):
        if _AMBIGUOUS.match(text):
            raise FieldError(
                field,
                f"ambiguous number {text!r}: write 1234 or 1.234, or declare the file's decimal separator "
                "(--decimal-separator point|comma)",
            )
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


#: A decimal comma (12,5 · 0,25 · 1.234,5) and a dot before three digits (1.000 · 12.500),
#: which in a file that writes decimal commas is a thousands separator.
_COMMA_DECIMAL = re.compile(r"(?<![\d.,])\d+,(?:\d{1,2}|\d{4,})(?![\d.,])|\d\.\d{3},\d")
_DOT_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}\.\d{3}(?![\d.,])")


class DecimalEvidence:
    """What a file's numbers say about its decimal separator, for `separator="auto"`.

    `1.000` reads as one, which is right in a file of decimal points and a thousandfold
    error in a file of decimal commas, where the same file also shows `12,5` somewhere.
    Readers note every numeric cell; rows whose dot may be a thousands separator are
    refused at the end when another row proves the file writes decimal commas.
    """

    def __init__(self) -> None:
        self.comma_example: tuple[int, str] | None = None  # (row, text) proving decimal commas
        self.dotted: list[tuple[int, str, str]] = []  # (row, field, text) with a dot before 3 digits

    def note(self, row: int, field: str, text: str) -> None:
        if self.comma_example is None and "," in text and _COMMA_DECIMAL.search(text):
            self.comma_example = (row, text.strip())
        if "." in text:
            found = _DOT_THOUSANDS.search(text)
            if found:
                self.dotted.append((row, field, found.group()))

    def ambiguous_rows(self) -> dict[int, tuple[str, str]]:
        """row → (field, reason) for rows that cannot be read safely; empty when the file is consistent."""
        if self.comma_example is None:
            return {}
        line, example = self.comma_example
        out: dict[int, tuple[str, str]] = {}
        for row, field, text in self.dotted:
            out.setdefault(row, (field, (
                f"ambiguous number {text!r}: this file writes decimal commas (line {line}: {example!r}), so it may "
                f"mean {text.replace('.', '')}; declare the separator (--decimal-separator comma) or write it without the dot"
            )))
        return out


def may_tell_separator(text: str) -> bool:
    """Whether DecimalEvidence.note can learn anything from `text` (a decimal comma, or a
    dot that may separate thousands): a reader notes only such cells, and can decide it
    once per distinct cell of a column that repeats them."""
    return bool(("," in text and _COMMA_DECIMAL.search(text)) or ("." in text and _DOT_THOUSANDS.search(text)))


def parse_mass(text: str, field: str = "unit_mass", separator: str = "auto") -> Decimal:
    """`12g`, `0.4kg`, `250mg` or a bare number of grams → grams (repeated cells parsed once)."""
    m = _MASS.match(text)
    if not m:
        raise FieldError(field, f"not a mass: {text!r} (use e.g. 12g or 0.4kg)")
    value = parse_decimal(m.group("num"), field, separator) * TO_GRAMS[(m.group("unit") or "g").lower()]
    if value < 0:
        raise FieldError(field, f"negative mass: {text!r}")
    return value


def country_code(text: str, field: str) -> str:
    """An ISO 3166 code or country name → ISO-2 (model/country.py); anything else
    (`ZZ`, `Atlantis`) is an error naming the field."""
    from compliance.model.country import lookup

    hit = lookup(text)
    if hit is None:
        raise FieldError(field, f"unknown country {text.strip()!r} (use an ISO 3166 alpha-2 code such as CN, JP, DE)")
    return hit.code
