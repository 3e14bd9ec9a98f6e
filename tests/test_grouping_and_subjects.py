"""Reports people act on: one finding per listing, a verdict per subject, a next step per finding.

Sister entries (same list, citation and address) hit through one name become one finding;
baselines and waivers written before grouping keep matching through the alternatives'
fingerprints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import jsonschema

from _reports import REPO, STAMP, example_report
from compliance.gate import Policy, apply_policy, load_waivers
from compliance.lists.model import ListedParty
from compliance.matching.index import NameIndex
from compliance.model.base import jsonable
from compliance.model.finding import FindingStatus
from compliance.model.records import BomLine, Party
from compliance.model.report import InputProvenance, RecordRef
from compliance.model.result import ScreenResult
from compliance.parties import screening
from compliance.parties.screening import screen_bom_parties, screen_party_records
from compliance.report.build import build_report
from compliance.report.load import load_baseline, load_report
from compliance.rulepacks.loader import load_rules
from compliance.rulepacks.schema import Outcome, RuleKind

AS_OF = dt.date(2026, 11, 28)
CITATION = "85 FR 51603, 8/20/20"
ADDRESS = "No. 1 Example Road, Haidian District, Beijing, China"


def sister_entries() -> list[ListedParty]:
    """One listing published as three entries (one per name) at one address, and an unrelated
    entry of the same notice elsewhere."""
    common = dict(list="entity-list", country="CN", citation=CITATION, addresses=[ADDRESS], listed_on=dt.date(2020, 8, 20),
                  license_requirement="For all items subject to the EAR")
    return [
        ListedParty(id="entity-list:aaa1", names=["Beijing Lumenway Optics Co., Ltd."], **common),
        ListedParty(id="entity-list:aaa2", names=["Beijing Lumenway Optical Co., Ltd."], **common),
        ListedParty(id="entity-list:aaa3", names=["Lumenway Optics Beijing Co."], **common),
        ListedParty(id="entity-list:bbb1", names=["Lumenway Optics (Shanghai) Co., Ltd."], list="entity-list", country="CN",
                    citation=CITATION, addresses=["Room 5, Pudong, Shanghai, China"], listed_on=dt.date(2020, 8, 20)),
    ]


PARTY = Party(file="parties.csv", row=2, name="Beijing Lumenway Optics Co., Ltd.", id="C-7", country="CN", role="customer")


def screened(grouped: bool = True):
    index, rules = NameIndex(sister_entries()), load_rules()
    if grouped:
        return screen_party_records([PARTY], index, rules, AS_OF, threshold=80)
    # What screening produced before grouping: one finding per entry.
    rules_by_list = screening.listed_party_rules(rules, AS_OF)
    hits = screening.best_hits(index, [PARTY.name], country="CN", lists=None, threshold=80)
    subject = screening.Subject(file=PARTY.file, row=PARTY.row, field="name", value=PARTY.name, party_id=PARTY.id, party_name=PARTY.name)
    return screening.findings_for_hits(subject, PARTY.id, hits, rules_by_list, AS_OF, PARTY.role)


def party_report(findings):
    result = ScreenResult(
        findings=findings, as_of=AS_OF,
        inputs=[InputProvenance(path="parties.csv", kind="parties", sha256="0" * 64, rows_read=2, rows_screened=2, rows_rejected=0,
                                records=[RecordRef(row=2, id=PARTY.name, role="customer"), RecordRef(row=3, id="Siemens AG")])],
    )
    return build_report(result, fail_on="high", generated_at=STAMP)


def test_sister_entries_of_one_listing_become_one_finding_with_alternatives():
    before = screened(grouped=False)
    after = screened()
    assert len([f for f in before if f.rule_id == "US-BIS-EL-744.11"]) >= 3
    listing = [f for f in after if f.rule_id == "US-BIS-EL-744.11" and "aaa" in f.match.entry_id]
    assert len(listing) == 1, "one finding per listing"
    finding = listing[0]
    assert finding.match.entry_id == "entity-list:aaa1" and finding.match.score == 100
    assert {a.entry_id for a in finding.alternatives} >= {"entity-list:aaa2"}
    assert all(a.address == ADDRESS for a in finding.alternatives)
    # every hit of the ungrouped run is still there, as the finding or an alternative
    assert {fp for f in after for fp in f.fingerprints} == {f.fingerprint for f in before}
    # an entry of the same notice at another address is another legal person: not grouped
    assert all("bbb1" not in a.entry_id for f in after for a in f.alternatives)


def test_supplier_and_manufacturer_naming_one_company_give_one_finding():
    index, rules = NameIndex(sister_entries()[:1]), load_rules()
    line = BomLine(file="bom.csv", row=2, part_number="LENS-1", supplier=PARTY.name, manufacturer=PARTY.name)
    findings = [f for f in screen_bom_parties([line], index, rules, AS_OF, threshold=80) if f.rule_id == "US-BIS-EL-744.11"]
    assert len(findings) == 1
    assert findings[0].subject.field == "supplier" and [a.field for a in findings[0].alternatives] == ["manufacturer"]


def test_a_baseline_written_before_grouping_still_covers_the_grouped_findings(tmp_path):
    old = party_report(screened(grouped=False))
    data = jsonable(old)
    # a report as saved before grouping: schema 1.0, none of the new keys
    data["schema_version"] = "1.0"
    data.pop("subjects")
    for f in data["findings"]:
        f.pop("next_step"), f.pop("alternatives")
    for i in data["provenance"]["inputs"]:
        for r in i["records"]:
            r.pop("role")
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    baseline = load_baseline(path)
    grouped = apply_policy(party_report(screened()), Policy(baseline=baseline))
    assert grouped.findings and all(f.status is FindingStatus.BASELINE for f in grouped.findings)
    assert grouped.provenance.baseline.matched == len(grouped.findings)
    # and the migrated report itself still loads, with subjects derived from its records
    loaded = load_report(path)
    assert [s.subject for s in loaded.subjects][-1] == "Siemens AG" and loaded.subjects[0].verdict == "licence-required"


def test_waivers_by_the_fingerprint_or_entry_of_a_grouped_alternative_still_apply(tmp_path):
    before = {f.match.entry_id: f.fingerprint for f in screened(grouped=False) if f.rule_id == "US-BIS-EL-744.11"}
    body = f"""waivers:
  - id: W-FP
    rule: US-BIS-EL-744.11
    match: {before['entity-list:aaa2']}
    justification: BIS licence D123456 covers the shipments.
    approved_by: J. Meyer (Trade Compliance)
    approved_on: 2026-11-01
    expires: 2027-01-31
  - id: W-ENTRY
    rule: US-BIS-EL-744.11
    match:
      entry_id: entity-list:aaa3
    justification: BIS licence D123456 covers the shipments.
    approved_by: J. Meyer (Trade Compliance)
    approved_on: 2026-11-01
    expires: 2027-01-31
"""
    path = tmp_path / ".compliance-waivers.yaml"
    path.write_text(body, encoding="utf-8")
    report = apply_policy(party_report(screened()), Policy(waivers=load_waivers(path), waiver_file=str(path)))
    listing = next(f for f in report.findings if f.match and f.match.entry_id == "entity-list:aaa1")
    assert listing.status is FindingStatus.WAIVED
    assert {w.id: w.state for w in report.provenance.waivers} == {"W-FP": "active", "W-ENTRY": "active"}


def test_every_screened_subject_has_a_verdict_clear_ones_included():
    report = party_report(screened())
    verdicts = {s.subject: s for s in report.subjects}
    assert set(verdicts) == {PARTY.name, "Siemens AG"}
    assert verdicts["Siemens AG"].verdict == "clear" and verdicts["Siemens AG"].finding is None
    lumenway = verdicts[PARTY.name]
    assert lumenway.verdict == "licence-required" and lumenway.role == "customer"
    assert lumenway.who == "you as exporter" and "BIS licence" in lumenway.action
    assert lumenway.counts["license-required"] == len([f for f in report.findings if f.outcome is Outcome.LICENSE_REQUIRED])


def test_a_waived_finding_does_not_decide_the_verdict(tmp_path):
    report = party_report(screened())
    waived = dataclasses.replace(
        report, findings=[dataclasses.replace(f, status=FindingStatus.WAIVED) for f in report.findings]
    )
    from compliance.model.subjects import subject_verdicts

    subjects = {s.subject: s for s in subject_verdicts(waived.findings, waived.provenance.inputs)}
    assert subjects[PARTY.name].verdict == "clear" and subjects[PARTY.name].counts["waived"] == len(report.findings)


def test_bom_subjects_list_every_part_and_the_report_matches_the_schema():
    report = example_report()
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(jsonable(report), schema)
    parts = {s.subject: s.verdict for s in report.subjects}
    assert len(parts) == report.summary.rows_screened == 11
    assert parts["MAG-SP-CN"] == "licence-required"
    assert parts["SHAFT-200"] == "clear" and parts["BRG-6208"] == "clear"
    # verdicts come strongest first
    order = ["prohibited", "licence-required", "check", "clear"]
    assert [order.index(s.verdict) for s in report.subjects] == sorted(order.index(s.verdict) for s in report.subjects)


def test_every_bundled_rule_says_who_acts_for_its_outcome_and_bom_rules_for_red_flags():
    rules = load_rules().rules
    for rule in rules:
        assert rule.outcome in rule.next_step, f"{rule.id}: no next_step for {rule.outcome.value}"
        if rule.kind in (RuleKind.CONTROLLED_ITEM, RuleKind.CONTENT_THRESHOLD):
            assert Outcome.RED_FLAG in rule.next_step, f"{rule.id}: a BOM check can lower it to red-flag"
        for step in rule.next_step.values():
            assert step.who.strip() and step.action.strip() and len(step.action) <= 160
    report = example_report(as_of="2026-11-28")
    assert report.findings and all(f.next_step is not None for f in report.findings)
    origin = next(f for f in report.findings if f.outcome is Outcome.RED_FLAG and f.rule_id.endswith("61-ART1-1"))
    assert "origin declaration" in origin.next_step.action and "@ORIGIN" in origin.next_step.action


def test_informational_lists_never_share_a_band_with_licence_requirements():
    assert Outcome.INFO.band == "information" != Outcome.LICENSE_REQUIRED.band == Outcome.PROHIBITED.band == "obligation"
    assert Outcome.RED_FLAG.band == "check"


def test_an_unjudged_subject_is_the_one_the_class_itself_builds():
    """assign() builds a subject per record without the keyword call; every field must
    still be set and equal what SubjectVerdict(...) gives (a new field breaks this test)."""
    from compliance.model.subjects import SubjectVerdict, _unjudged

    for role in (None, "supplier"):
        fast = _unjudged("P-1", "part", "bom.csv", 7, role)
        slow = SubjectVerdict(subject="P-1", kind="part", file="bom.csv", row=7, role=role)
        assert all(hasattr(fast, f.name) for f in dataclasses.fields(SubjectVerdict))
        assert fast == slow and repr(fast) == repr(slow)
