"""Reference price tables: what a kilogram of a No. 61 Part I material is worth.

Prices are facts a user must be able to check, so the table is a file
(rules/cn/reference-prices.yaml, or `--prices FILE`) with its date, currency and the
basis of each figure ("assumption" when nothing cites it). Findings quote the basis.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from compliance.model.errors import InputError
from compliance.support.resources import bundled_path
from compliance.support.util import file_sha256
from compliance.support.yamlfile import load_yaml_file


@dataclass(frozen=True)
class Price:
    per_kg: Decimal
    basis: str  # "assumption", or a citation the user gave
    source: str | None = None


@dataclass(frozen=True)
class PriceTable:
    file: str
    as_of: str
    currency: str
    basis: str
    prices: dict[str, Price]
    fx: dict[str, Decimal]  # currency → value of one unit in `currency`
    sha256: str = ""  # of the file the table was read from (report provenance)
    path: str | None = None  # the file as given, None for the bundled table (an output must never replace it)

    def rate(self, currency: str) -> Decimal | None:
        """How many `self.currency` one unit of `currency` is worth (None: unknown)."""
        if currency.upper() == self.currency:
            return Decimal(1)
        return self.fx.get(currency.upper())


def _decimal(value, file: str, line: int | None, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InputError(f"not a number: {value!r}", file=file, line=line, field=field) from None
    if not number.is_finite() or number <= 0:
        raise InputError(f"must be a positive number: {value!r}", file=file, line=line, field=field)
    return number


def load_prices(path: str | Path | None = None, display_name: str | None = None) -> PriceTable:
    """Load a price table (default: the bundled reference-prices.yaml)."""
    bundled = path is None
    path = Path(path) if path is not None else bundled_path("rules") / "cn" / "reference-prices.yaml"
    file = display_name or ("rules/cn/reference-prices.yaml" if bundled else str(path))
    doc = load_yaml_file(path, InputError)
    doc.file = file
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("prices"), dict):
        raise InputError("a price table needs a 'prices' mapping (see rules/cn/reference-prices.yaml)", file=file, line=1)
    currency = str(data.get("currency") or "")
    if len(currency) != 3 or not currency.isalpha():
        raise InputError(f"currency must be an ISO 4217 code, got {currency!r}", file=file, line=doc.line_of(("currency",)), field="currency")
    prices: dict[str, Price] = {}
    for name, entry in data["prices"].items():
        where = ("prices", name)
        if isinstance(entry, dict):
            if "per_kg" not in entry:
                raise InputError("required field is missing", file=file, line=doc.line_of(where), field=f"prices.{name}.per_kg")
            value, basis, source = entry["per_kg"], str(entry.get("basis", "unspecified")), entry.get("source")
        else:
            value, basis, source = entry, str(data.get("basis", "unspecified")), None
        prices[str(name)] = Price(_decimal(value, file, doc.line_of(where), f"prices.{name}"), basis, source)
    fx = {
        str(code).upper(): _decimal(rate, file, doc.line_of(("fx", code)), f"fx.{code}")
        for code, rate in (data.get("fx") or {}).items()
    }
    as_of = data.get("as_of")
    return PriceTable(
        file=file,
        as_of=as_of.isoformat() if isinstance(as_of, dt.date) else str(as_of or "undated"),
        currency=currency.upper(),
        basis=str(data.get("basis", "unspecified")),
        prices=prices,
        fx=fx,
        sha256=file_sha256(path),
        path=None if bundled else str(path),
    )
