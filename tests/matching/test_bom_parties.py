"""BOM suppliers and manufacturers are screened by the same code as counterparties."""

from __future__ import annotations

import datetime as dt

from compliance.matching.index import NameIndex
from compliance.parties.screening import screen_bom_parties
from compliance.model.records import BomLine
from compliance.rulepacks.loader import load_rules


def test_supplier_and_manufacturer_hits_become_listed_party_findings(us_parties):
    index = NameIndex([p for p in us_parties if p.list in ("entity-list", "ofac-ns-cmic")])
    rules = load_rules([])
    lines = [
        BomLine(file="bom.csv", row=2, part_number="P-1", supplier="Huawei Tech. Co., Ltd.", manufacturer="Acme Widgets GmbH"),
        BomLine(file="bom.csv", row=3, part_number="P-2", manufacturer="深圳市大疆创新科技有限公司"),
        BomLine(file="bom.csv", row=4, part_number="P-3", supplier="Ningbo Hengxin Textile Co Ltd"),
    ]
    findings = screen_bom_parties(lines, index, rules, dt.date(2026, 11, 28))
    subjects = {(f.subject.part_number, f.subject.field) for f in findings}
    assert subjects == {("P-1", "supplier"), ("P-2", "manufacturer")}
    assert {f.rule_id for f in findings if f.subject.part_number == "P-1"} >= {"US-BIS-EL-744.11"}
    assert all(f.match and f.match.explanation for f in findings)
