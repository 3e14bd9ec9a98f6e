"""Waivers and baselines as a reviewer uses them (pure: policy.apply_policy)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest

from compliance.model.errors import ConfigError
from compliance.model.finding import FindingStatus
from compliance.gate import Baseline, Policy, WaiverFileError, apply_policy, load_waivers
from compliance.rulepacks.schema import Severity

from _reports import example_report, party_finding, party_report

SPARE_DY = "CN-MOFCOM-2025-18-DY"


def waiver_file(tmp_path, body: str):
    path = tmp_path / ".compliance-waivers.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def spare_magnet_waiver(tmp_path, expires="2026-03-31", approved_on="2025-12-01", **extra):
    lines = "".join(f"    {k}: {v}\n" for k, v in extra.items())
    return waiver_file(
        tmp_path,
        f"""\
        waivers:
          - id: W-001
            rule: CN-MOFCOM-2025-18-*
            match:
              part_number: MAG-SP-*
            justification: Spare magnets are drawn from stock bought before 2025-04-04; no new export from China.
            approved_by: J. Meyer (Trade Compliance)
            approved_on: {approved_on}
            expires: {expires}
        """,
    )


def applied(path, as_of="2026-01-01", **policy):
    report = example_report(as_of=as_of)
    return apply_policy(report, Policy(waivers=load_waivers(path), waiver_file=str(path), **policy))


def by_part(report, part):
    return [f for f in report.findings if f.subject.part_number == part]


@pytest.mark.parametrize(
    "as_of, status, state",
    [
        ("2026-03-30", FindingStatus.WAIVED, "expiring"),  # the day before expiry: still waived, with a notice
        ("2026-03-31", FindingStatus.WAIVED, "expiring"),  # the day of expiry: the waiver still holds
        ("2026-04-01", FindingStatus.OPEN, "expired"),  # the day after: the finding is open again
    ],
)
def test_waiver_expiry_day_before_of_and_after(tmp_path, as_of, status, state):
    report = applied(spare_magnet_waiver(tmp_path), as_of=as_of)
    (spare,) = by_part(report, "MAG-SP-CN")
    assert spare.status is status
    (w,) = report.provenance.waivers
    assert w.state == state and w.matched == [spare.fingerprint]
    assert all(f.status is FindingStatus.OPEN for f in by_part(report, "MAG-48-JP"))  # not matched
    if state == "expired":
        assert any(n.startswith("REOPENED CN-MOFCOM-2025-18-DY on MAG-SP-CN") for n in report.notices)
        assert any("W-001" in w and "expired on 2026-03-31" in w for w in report.warnings)
        assert report.summary.open == report.summary.total
    else:
        assert spare.waiver == "W-001"
        assert any("W-001" in n and "expires on 2026-03-31" in n for n in report.notices)
        assert report.summary.open == report.summary.total - 1 and report.summary.by_status["waived"] == 1


def test_waiver_far_from_expiry_gives_no_notice(tmp_path):
    report = applied(spare_magnet_waiver(tmp_path, expires="2026-11-30"))
    assert report.provenance.waivers[0].state == "active"
    assert report.notices == [] and report.warnings == []


def test_unused_waiver_is_a_warning(tmp_path):
    path = waiver_file(
        tmp_path,
        """\
        waivers:
          - id: W-9
            rule: CN-MOFCOM-2025-18-DY
            match: {part_number: NO-SUCH-PART}
            justification: obsolete part
            approved_by: A. Auditor
            approved_on: 2025-12-01
            expires: 2026-06-01
        """,
    )
    report = applied(path)
    assert report.provenance.waivers[0].state == "unused"
    assert any("W-9" in w and "matched no finding" in w for w in report.warnings)


def test_waiver_not_yet_approved_on_the_as_of_date_does_not_apply(tmp_path):
    report = applied(spare_magnet_waiver(tmp_path, approved_on="2026-02-01", expires="2026-12-01"))
    assert all(f.status is FindingStatus.OPEN for f in report.findings)
    assert report.provenance.waivers[0].state == "pending"


def test_selectors_for_party_findings_entry_id_and_party_name_glob(tmp_path):
    path = waiver_file(
        tmp_path,
        """\
        waivers:
          - id: W-entry
            rule: US-BIS-*
            match: {entry_id: el-huawei-1}
            justification: licence on file
            approved_by: A
            approved_on: 2025-12-01
            expires: 2026-06-01
          - id: W-name
            rule: US-BIS-ENTITY-LIST
            match: {party: "-2+3 trading*", file: "*.csv"}
            justification: different company (checked address)
            approved_by: B
            approved_on: 2025-12-01
            expires: 2026-06-01
        """,
    )
    report = apply_policy(party_report(), Policy(waivers=load_waivers(path)))
    assert [(f.subject.row, f.status.value, f.waiver) for f in report.findings] == [
        (2, "waived", "W-entry"),
        (3, "open", None),
        (4, "waived", "W-name"),  # party names compare case-insensitively
    ]


def test_fingerprint_waiver_as_a_bare_string(tmp_path):
    report = example_report()
    target = by_part(report, "MAG-48-JP")[0]
    path = waiver_file(
        tmp_path,
        f"""\
        waivers:
          - id: W-fp
            rule: "*"
            match: {target.fingerprint}
            justification: reviewed
            approved_by: C
            approved_on: 2025-12-01
            expires: 2026-02-01
        """,
    )
    out = apply_policy(report, Policy(waivers=load_waivers(path)))
    assert [f.fingerprint for f in out.findings if f.status is FindingStatus.WAIVED] == [target.fingerprint]


@pytest.mark.parametrize(
    "body, line, message",
    [
        ("waivers:\n  - id: W\n    rule: R\n    match: {part_number: P}\n    justification: j\n    approved_by: a\n    approved_on: 2026-01-01\n", 2, "waivers[0].expires: required field is missing"),
        ("waivers:\n  - id: W\n    rule: R\n    match: {}\n    justification: j\n    approved_by: a\n    approved_on: 2026-01-01\n    expires: 2026-02-01\n", 4, "needs at least one selector"),
        ("waivers:\n  - id: W\n    rule: R\n    match: {part_number: P}\n    justification: j\n    approved_by: a\n    approved_on: 2025-01-01\n    expires: 2026-02-01\n", 8, "waiver runs 396 days"),
        ("waivers:\n  - id: W\n    rule: R\n    match: {part_number: P}\n    justification: j\n    approved_by: a\n    approved_on: 2026-01-01\n    expires: 2026-13-01\n", 8, "waivers[0].expires"),
        ("waivers:\n  - id: W\n    rule: R\n    match: {part: P}\n    justification: j\n    approved_by: a\n    approved_on: 2026-01-01\n    expires: 2026-02-01\n", 4, "match.part"),
        ("waivers:\n  - id: W\n    rule: R\n    match: {part_number: P}\n    justification: j\n    approved_by: a\n    approved_on: 2026-01-01\n    expires: 2026-02-01\n  - id: W\n", 9, "duplicate waiver id"),
        ("waivers:\n  - id: W\n    id: X\n", 3, "duplicate key"),
        ("waivers:\n  - id: W\n    rule: [unclosed\n", 4, "invalid YAML"),
    ],
)
def test_malformed_waiver_file_names_file_line_and_field(tmp_path, body, line, message):
    path = waiver_file(tmp_path, body)
    with pytest.raises(WaiverFileError) as err:
        load_waivers(path)
    assert isinstance(err.value, ConfigError)
    assert f"{path}:{line}:" in str(err.value), str(err.value)
    assert message in str(err.value)


def test_max_waiver_lifetime_is_configurable(tmp_path):
    path = spare_magnet_waiver(tmp_path, approved_on="2025-12-01", expires="2026-03-31")  # 120 days
    assert load_waivers(path, max_days=120)
    with pytest.raises(WaiverFileError, match="the maximum is 90"):
        load_waivers(path, max_days=90)


def test_baseline_marks_known_findings_and_leaves_new_ones_open():
    report = example_report()
    known = {f.fingerprint for f in by_part(report, "MAG-48-JP")}
    out = apply_policy(report, Policy(baseline=Baseline(path="old.json", sha256="0" * 64, fingerprints=frozenset(known))))
    for f in out.findings:
        assert f.status.value == ("baseline" if f.subject.part_number == "MAG-48-JP" else "open")
    assert out.provenance.baseline.matched == len(known) == 2  # Dy and Tb in the JP magnet
    assert "MAG-48-JP" not in {f.subject.part_number for f in out.open_findings_at_or_above(Severity.INFO)}


def test_an_active_waiver_wins_over_the_baseline(tmp_path):
    report = example_report()
    fps = frozenset(f.fingerprint for f in report.findings)
    path = spare_magnet_waiver(tmp_path)
    out = apply_policy(report, Policy(waivers=load_waivers(path), baseline=Baseline("old.json", "0" * 64, fps)))
    assert [f.status.value for f in out.findings if f.subject.part_number == "MAG-SP-CN"] == ["waived"]
    assert {f.status.value for f in out.findings if f.subject.part_number != "MAG-SP-CN"} == {"baseline"}
