"""CSL (JSON and CSV), OFAC legacy CSV and user-list importers on committed fixtures.

The CSL and OFAC fixtures are synthetic records written from the documented formats
(formats/csl.md, formats/ofac-sdn.md): invented names, real layouts and quirks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.model.errors import InputError
from compliance.lists.importers import get_importer
from compliance.lists.importers.csl_common import code_of, list_id_of
from compliance.lists.importers.csl_csv import split_multi
from compliance.lists.importers.ofac_sdn import split_programs
from compliance.lists.model import ReviewPolicy

DATA = Path(__file__).resolve().parent.parent / "data" / "lists"


def _batches(fmt, *files):
    return {b.list_id: b for b in get_importer(fmt).read([Path(f) for f in files])}


def test_csl_source_strings_map_on_their_code():
    assert code_of("Entity List (EL) - Bureau of Industry and Security") == "EL"
    assert list_id_of("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department") == "ns-mbs"
    assert list_id_of("Military End User (MEU) List - Bureau of Industry and Security") == "meu"
    assert list_id_of("Some Future List (SFL) - Example Agency") == "csl-some-future-list-sfl-example-agency"


def test_csl_json_maps_every_record_to_its_list():
    batches = _batches("csl-json", DATA / "csl" / "consolidated.json")
    assert {k: len(b.parties) for k, b in batches.items()} == {
        "entity-list": 2, "meu": 1, "sdn": 1, "dpl": 2, "csl-some-future-list-sfl-example-agency": 1,
    }
    quill = batches["entity-list"].parties[0]
    assert quill.names == ["Quillfeather Photonics Co., Ltd.", "QFP", "Quillfeather Optics"]
    assert quill.review_policy == "Presumption of denial." and quill.review_policy_kind is ReviewPolicy.PRESUMPTION_OF_DENIAL
    assert quill.country == "CN" and quill.extras["countries"] == ["CN", "HK"]
    assert quill.listed_on == dt.date(2025, 6, 30)
    assert batches["entity-list"].parties[1].review_policy_kind is ReviewPolicy.MIXED
    # Per-source date from sources_used, else search_performed_at.
    assert batches["entity-list"].snapshot_date == dt.date(2026, 11, 18)
    assert batches["meu"].snapshot_date == dt.date(2026, 11, 20)


def test_csl_sdn_rows_keep_the_ofac_number_as_id_and_dpl_rows_per_address():
    batches = _batches("csl-json", DATA / "csl" / "consolidated.json")
    [doe] = batches["sdn"].parties
    assert doe.id == "sdn:ofac-99001" and doe.programs == ["SDGT", "NPWMD"]
    dpl = batches["dpl"].parties
    assert len({p.id for p in dpl}) == 2 and {p.country for p in dpl} == {"GB", "IE"}


def test_csl_csv_splits_multi_valued_cells_and_reads_old_28_column_files():
    batches = _batches("csl-csv", DATA / "csl" / "consolidated.csv")
    institute = next(p for p in batches["entity-list"].parties if p.names[0] == "Example Electronics Research Institute")
    assert institute.names[1:] == ["Example Research Institute 54", "Telemetry Example Institute (TEI)", "Shijiazhuang Example Institute"]
    [doe] = batches["sdn"].parties
    assert doe.id == "sdn:ofac-99001" and doe.programs == ["SDGT", "NPWMD"] and doe.extras["dates_of_birth"] == ["01 Jan 1970", "1971"]
    # JSON and CSV give the same id to the same Entity List entry.
    json_ids = {p.id for p in _batches("csl-json", DATA / "csl" / "consolidated.json")["entity-list"].parties}
    assert batches["entity-list"].parties[0].id in json_ids
    old = _batches("csl-csv", DATA / "csl" / "consolidated-2019.csv")
    assert old["uvl"].parties[0].country == "HK"
    assert split_multi("A; B; and C") == ["A", "B", "C"]


def test_csl_json_errors_name_the_field(tmp_path):
    path = tmp_path / "consolidated.json"
    path.write_text('{"results": [{"source": "Entity List (EL) - Bureau of Industry and Security"}]}')
    with pytest.raises(InputError, match=r"results\[0\]\.name"):
        get_importer("csl-json").read([path])
    path.write_text('{"results": 3}')
    with pytest.raises(InputError, match="results"):
        get_importer("csl-json").read([path])


def test_ofac_legacy_quirks_crlf_ctrl_z_nulls_programs_overflow():
    folder = DATA / "ofac"
    assert (folder / "sdn.csv").read_bytes().endswith(b"\r\n\x1a")
    [batch] = get_importer("ofac-sdn").read(sorted(folder.iterdir()), snapshot_date=dt.date(2026, 11, 28))
    parties = {p.id: p for p in batch.parties}
    assert list(parties) == ["sdn:ofac-90001", "sdn:ofac-90002", "sdn:ofac-90003"]
    trading = parties["sdn:ofac-90001"]
    assert trading.programs == ["SDGT", "NPWMD"]
    assert trading.names == ["EXAMPLE TRADING FZE", "EXAMPLE GENERAL TRADING", "EXAMPLE OLD TRADING"]
    assert trading.extras["alias_types"] == {"EXAMPLE OLD TRADING": "fka"}
    assert trading.country == "AE" and trading.extras["type"] == "entity"
    doe = parties["sdn:ofac-90002"]
    assert doe.country == "KP" and doe.extras["weak_aliases"] == ["JOHNNY EX"] and "title" not in doe.extras
    vessel = parties["sdn:ofac-90003"]
    assert vessel.extras["remarks"].endswith("WHICH CONTINUES HERE; Linked To: EXAMPLE TRADING FZE.")
    assert vessel.addresses == [] and vessel.extras["call_sign"] == "ABCD1"
    assert any("90009" in n for n in batch.notes)  # the orphan alias is reported, not silently dropped
    assert batch.snapshot_date == dt.date(2026, 11, 28)
    assert split_programs("UKRAINE-EO13661] [UKRAINE-EO13662") == ["UKRAINE-EO13661", "UKRAINE-EO13662"]


def test_ofac_needs_sdn_csv_and_known_file_names(tmp_path):
    with pytest.raises(InputError, match="sdn.csv is required"):
        get_importer("ofac-sdn").read([DATA / "ofac" / "alt.csv"])
    other = tmp_path / "names.csv"
    other.write_text("x")
    with pytest.raises(InputError, match="not an OFAC legacy file"):
        get_importer("ofac-sdn").read([other])


def test_ofac_short_row_is_an_error_with_its_line(tmp_path):
    (tmp_path / "sdn.csv").write_text('1,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n2,"B"\n')
    with pytest.raises(InputError) as info:
        get_importer("ofac-sdn").read([tmp_path / "sdn.csv"])
    assert info.value.line == 2 and "expected 12 fields" in str(info.value)


def test_user_list_csv_and_yaml(tmp_path):
    csv_file = tmp_path / "blocked.csv"
    csv_file.write_text("Name,Aliases,Country,Address,Reason\nAcme Diversion Ltd,Acme Div; ADL,Hong Kong,\"1 Example Rd, Kowloon\",audit finding 2026-03\n")
    [batch] = get_importer("user").read([csv_file], dt.date(2026, 11, 28))
    [acme] = batch.parties
    assert acme.names == ["Acme Diversion Ltd", "Acme Div", "ADL"] and acme.country == "HK"
    assert acme.extras == {"reason": "audit finding 2026-03"} and acme.id.startswith("user:")
    yaml_file = tmp_path / "blocked.yaml"
    yaml_file.write_text("parties:\n  - name: Example Broker GmbH\n    country: DE\n    aliases: [EB GmbH]\n    listed_on: 2026-01-15\n")
    [batch] = get_importer("user").read([yaml_file], dt.date(2026, 11, 28))
    assert batch.parties[0].listed_on == dt.date(2026, 1, 15) and batch.parties[0].names == ["Example Broker GmbH", "EB GmbH"]


def test_user_list_errors_name_file_line_and_field(tmp_path):
    yaml_file = tmp_path / "blocked.yaml"
    yaml_file.write_text("- name: Fine Co\n- name: Bad Co\n  country: Narnia\n")
    with pytest.raises(InputError) as info:
        get_importer("user").read([yaml_file], dt.date(2026, 11, 28))
    assert (info.value.line, info.value.field) == (2, "country")
    yaml_file.write_text("- name: Fine Co\n  colour: red\n")
    with pytest.raises(InputError) as info:
        get_importer("user").read([yaml_file], dt.date(2026, 11, 28))
    assert (info.value.line, info.value.field) == (2, "colour")
    csv_file = tmp_path / "blocked.csv"
    csv_file.write_text("name,country\nGood Co,DE\n,FR\n")
    with pytest.raises(InputError) as info:
        get_importer("user").read([csv_file], dt.date(2026, 11, 28))
    assert (info.value.line, info.value.field) == (3, "name")


def test_cn_csv_unknown_list_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "cn.csv"
    path.write_text("list,name_en,name_zh,country,date_added,announcement,source_url\nMOFCOM Watch List (关注名单),A Co,甲公司,Japan,2026-01-01,No. 1,\nSome Other List,B Co,,Japan,2026-01-01,No. 2,\n")
    with pytest.raises(InputError) as info:
        get_importer("cn-csv").read([path], dt.date(2026, 11, 28))
    assert (info.value.line, info.value.field) == (3, "list")


_TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126, blacklist_characters='"'), min_size=1, max_size=40).map(str.strip).filter(lambda t: t not in ("", "-0-"))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(_TEXT, st.lists(_TEXT, max_size=3), st.lists(st.sampled_from(["SDGT", "IRAN", "CYBER2", "UKRAINE-EO13661"]), min_size=1, max_size=3, unique=True)), min_size=1, max_size=8),
    st.booleans(),
)
def test_ofac_files_written_in_the_legacy_layout_read_back(tmp_path_factory, entries, crlf):
    """Whatever names, aliases and programmes, CRLF or LF, with the Ctrl-Z byte: the
    importer gives back exactly what was written."""
    folder = tmp_path_factory.mktemp("ofac")
    end = "\r\n" if crlf else "\n"
    sdn, alt = [], []
    for number, (name, aliases, programs) in enumerate(entries, start=1):
        sdn.append(f'{number},"{name}",-0- ,"{"] [".join(programs)}",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ')
        alt.extend(f'{number},{number * 100 + i},"aka","{a}",-0- ' for i, a in enumerate(aliases))
    (folder / "sdn.csv").write_bytes((end.join(sdn) + end).encode() + b"\x1a")
    (folder / "alt.csv").write_bytes((end.join(alt) + end).encode() + b"\x1a")
    [batch] = get_importer("ofac-sdn").read([folder / "sdn.csv", folder / "alt.csv"], snapshot_date=dt.date(2026, 1, 1))
    assert len(batch.parties) == len(entries)
    for party, (name, aliases, programs) in zip(batch.parties, entries):
        assert party.names == list(dict.fromkeys([name] + [a for a in aliases if a != name]))
        assert party.programs == programs
