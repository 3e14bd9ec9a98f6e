"""Helpers for the BOM tests: write a small BOM, screen it in-process, pick findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compliance.bom.prices import load_prices
from compliance.readers.bom import BomOptions
from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.timeline import Scenario
from compliance.pipeline import screen_bom

RULES = load_rules()
HEADER = "part_number,description,parent,quantity,unit_value,currency,unit_mass,origin_country,materials\n"

#: A price table for the worked examples: Dy 400 USD/kg, Tb 1,300 USD/kg, Sm 30 USD/kg.
PRICES = """as_of: 2026-11-28
currency: USD
basis: test figures
prices:
  Dy: {per_kg: 400, basis: test}
  Tb: {per_kg: 1300, basis: test}
  Sm: {per_kg: 30, basis: test}
fx: {EUR: 1.25}
"""


@pytest.fixture
def screen(tmp_path):
    prices_file = tmp_path / "prices.yaml"
    prices_file.write_text(PRICES, encoding="utf-8")

    def run(rows: str, as_of="2026-11-28", scenario=Scenario.AS_WRITTEN, name="bom.csv", options=None, header=HEADER):
        path = tmp_path / name
        path.write_text(header + rows, encoding="utf-8")
        read = options or BomOptions()
        return screen_bom(path, rules=RULES, as_of=dt.date.fromisoformat(as_of), scenario=scenario, display_name=name,
                          materials=read.materials, mapping=read.mapping, sheet=read.sheet,
                          decimal_separator=read.decimal_separator, prices=load_prices(prices_file))

    return run


def by_rule(result, rule_id, part=None):
    return [f for f in result.findings if f.rule_id == rule_id and (part is None or f.subject.part_number == part)]


ART11 = "CN-MOFCOM-2025-61-ART1-1"
ART13 = "CN-MOFCOM-2025-61-ART1-3"
DY18 = "CN-MOFCOM-2025-18-DY"
