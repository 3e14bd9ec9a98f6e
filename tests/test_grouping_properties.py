"""Properties of grouping hits per listing and of reading JSON lines from stdin."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.cli.stdin import _as_json_array, table_text
from compliance.model.finding import Finding, Match, Subject, fingerprint
from compliance.model.terms import Citation, Outcome, RuleKind, Severity
from compliance.parties.grouping import group_findings

CITE = Citation(document="15 CFR Part 744, Supplement No. 4", url="https://www.ecfr.gov/current/title-15/section-744.16")

hits = st.tuples(
    st.sampled_from(["P-1", "P-2"]),  # subject
    st.sampled_from(["R-EL", "R-MEU"]),  # rule
    st.integers(0, 5),  # entry
    st.sampled_from(["84 FR 22963", "85 FR 51603", None]),  # citation
    st.sampled_from(["Bantian, Shenzhen", "Cairo", None]),  # address
    st.integers(80, 100),  # score
)


def finding(subject: str, rule: str, entry: int, citation: str | None, address: str | None, score: int) -> Finding:
    evidence = {k: v for k, v in {"entry_citation": citation, "entry_addresses": [address] if address else None}.items() if v}
    return Finding(
        fingerprint=fingerprint(rule, subject, f"e-{entry}"), rule_id=rule, kind=RuleKind.LISTED_PARTY,
        severity=Severity.HIGH, outcome=Outcome.LICENSE_REQUIRED, message="m",
        subject=Subject(file="p.csv", row=int(subject[-1]) + 1, field="name", value=subject, party_name=subject),
        match=Match(list="entity-list", entry_id=f"e-{entry}", name=f"Name {entry}", matched_name="x", score=score, explanation=""),
        evidence=evidence, citation=CITE,
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(hits, max_size=12, unique_by=lambda h: (h[0], h[1], h[2])))
def test_grouping_keeps_every_hit_and_never_mixes_subjects_or_rules(raw):
    findings = [finding(*h) for h in raw]
    grouped = group_findings(findings)
    assert sorted(fp for f in grouped for fp in f.fingerprints) == sorted(f.fingerprint for f in findings)
    by_fp = {f.fingerprint: f for f in findings}
    for g in grouped:
        members = [by_fp[fp] for fp in g.fingerprints]
        assert {(m.subject.party_name, m.rule_id) for m in members} == {(g.subject.party_name, g.rule_id)}
        assert g.match.score == max(m.match.score for m in members)  # the best hit represents the group
        for alt in g.alternatives:  # every alternative shares a listing (citation and address) with another member
            m = by_fp[alt.fingerprint]
            assert m.evidence.get("entry_citation") and m.evidence.get("entry_addresses")
    assert group_findings(grouped) == grouped  # grouping twice changes nothing


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.just(""), st.dictionaries(st.sampled_from(["name", "country", "role"]), st.text(max_size=8), min_size=1)), max_size=8))
def test_json_lines_become_an_array_whose_objects_keep_their_line(rows):
    lines = ["" if r == "" else json.dumps(r) for r in rows]
    text = _as_json_array(lines)
    objects = [r for r in rows if r != ""]
    assert json.loads(text) == objects
    starts = [i + 1 for i, line in enumerate(lines) if line]
    found = [text.count("\n", 0, pos) + 1 for pos in _object_starts(text)]
    assert found == starts


def _object_starts(text: str) -> list[int]:
    decoder, pos, out = json.JSONDecoder(), text.index("[") + 1, []
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return out
        out.append(pos)
        _, pos = decoder.raw_decode(text, pos)


def test_piped_text_is_read_by_its_first_character():
    assert table_text(b'[{"name": "A"}]')[0] == ".json"
    assert table_text(b'\xef\xbb\xbf{"name": "A"}\n')[0] == ".json"
    assert table_text(b"name,country\nA,DE\n")[0] == ".csv"
    assert table_text(b"PK\x03\x04rest-of-a-workbook")[0] == ".xlsx"
