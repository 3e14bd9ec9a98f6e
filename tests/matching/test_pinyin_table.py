"""The pinyin table reads Han text exactly as pypinyin does, and never costs a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from compliance.matching import han, pinyin_table
from compliance.matching.pinyin_table import PinyinTable, load_table

REPO = Path(__file__).resolve().parents[2]
PHRASE_KEYS = sorted(PHRASES_DICT)
#: Phrases with polyphones, most read otherwise than by their characters' first readings.
POLYPHONES = ["重庆", "银行", "长沙", "厦门", "朝阳", "会计", "行长", "长城", "音乐", "单于", "重工", "调度"]
#: Starts of phrases that contain no phrase themselves: pypinyin reads the rest of such a run
#: character by character (下不了 is xiabule, though 不了 alone is buliao).
PHRASE_STARTS = ["下不了", "不着边", "七返还", "偃武行", "呜呜咽"]


def reference(text: str) -> str:
    return "".join(lazy_pinyin(text, v_to_u=False, errors="ignore"))


def reference_pinyin_of(text: str) -> str:
    """What han.pinyin_of gave when it called pypinyin directly."""
    joined = reference(text)
    if not joined:
        from anyascii import anyascii

        joined = "".join(ch for ch in anyascii(text).casefold() if ch.isalnum())
    return joined


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> PinyinTable:
    built = load_table(tmp_path_factory.mktemp("pinyin-cache"))
    assert built is not None
    return built


@pytest.fixture
def use_table(monkeypatch, table):
    """han.pinyin_of reads from this module's table (not the one in the user's cache)."""
    monkeypatch.setattr(pinyin_table, "_table", lambda: table)
    return table


pieces = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK Unified Ideographs
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # extension A
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # extension B
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),  # compatibility ideographs
    st.sampled_from(["〇", "\ue815", "\U00030000", "\U00032389", "\U0002EBF0", "\u2e80", "\u3005"]),
    st.sampled_from(POLYPHONES + PHRASE_STARTS),
    st.sampled_from(PHRASE_KEYS),
    st.sampled_from(PHRASE_KEYS).map(lambda key: key[: len(key) // 2 + 1]),  # phrase beginnings
    st.sampled_from(PHRASE_KEYS).map(lambda key: key[1:]),
    st.text(alphabet="abcXYZ019 -_.,()&·，、（）《》“”：；\n\t", max_size=3),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(pieces, max_size=8).map("".join))
def test_reading_equals_pypinyin(table, text):
    assert table.joined(text) == reference(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(pieces, max_size=6).map("".join))
def test_pinyin_of_is_unchanged_including_the_fallback(table, text):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pinyin_table, "_table", lambda: table)
        assert han.pinyin_of(text) == reference_pinyin_of(text)


def test_every_phrase_key_alone_and_run_together(table):
    wrong = [key for key in PHRASE_KEYS if table.joined(key) != reference(key)]
    assert not wrong, wrong[:20]
    # Neighbouring keys written together: where one phrase ends decides how the next is cut.
    runs = ["".join(PHRASE_KEYS[i : i + 4]) for i in range(0, len(PHRASE_KEYS), 4)]
    wrong = [run for run in runs if table.joined(run) != reference(run)]
    assert not wrong, wrong[:20]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("深圳市大疆创新科技有限公司", "shenzhenshidajiangchuangxinkejiyouxiangongsi"),
        ("重庆银行", "chongqingyinhang"),
        ("长沙", "changsha"),
        ("厦门", "xiamen"),
        ("华为", "huawei"),
        ("下不了", "xiabule"),
        ("不了", "buliao"),
        ("abc重庆1长沙", "chongqingchangsha"),
        ("", ""),
        ("abc", ""),
    ],
)
def test_known_readings(table, text, expected):
    assert table.joined(text) == expected == reference(text)


def test_pinyin_of_falls_back_to_anyascii_as_before(use_table):
    # ⺀ (a CJK radical) has no pinyin reading; the old code then spelled it with anyascii.
    for text in ["⺀", "\U0002EBF0", "〆"]:
        assert han.pinyin_of(text) == reference_pinyin_of(text)


def _table_file(folder: Path) -> Path:
    files = list(folder.glob("pinyin-table-*.marshal"))
    assert len(files) == 1, files
    return files[0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"not a table at all",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-10] + bytes(10),  # overwritten tail (the checksum catches it)
        lambda data: data[:40] + bytes([data[40] ^ 0xFF]) + data[41:],
    ],
)
def test_damaged_cache_is_rebuilt(tmp_path, damage):
    assert load_table(tmp_path) is not None
    path = _table_file(tmp_path)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    table = load_table(tmp_path)
    assert table is not None and table.joined("重庆长沙厦门") == reference("重庆长沙厦门")
    assert path.read_bytes() == good, "the damaged file is replaced by a good one"


def test_table_is_built_once_and_rebuilt_for_another_pypinyin(tmp_path, monkeypatch):
    real_stamp, real_build = pinyin_table._stamp, pinyin_table.build_fields
    builds = []
    monkeypatch.setattr(pinyin_table, "build_fields", lambda: builds.append(1) or real_build())
    with monkeypatch.context() as patch:
        patch.setattr(pinyin_table, "_stamp", lambda folder: (real_stamp(folder)[0], ("another pypinyin",)))
        assert load_table(tmp_path) is not None
        assert load_table(tmp_path) is not None
    assert len(builds) == 1, "the second load reads the stored table"
    other = _table_file(tmp_path).read_bytes()
    table = load_table(tmp_path)  # the stored table was made for other data: built again
    assert len(builds) == 2 and _table_file(tmp_path).read_bytes() != other
    assert table is not None and table.joined("重庆银行") == "chongqingyinhang"


def test_unwritable_cache_still_reads(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    table = load_table(blocker / "cache")
    assert table is not None and table.joined("朝阳会计") == reference("朝阳会计")
    assert blocker.read_text() == "a file where the cache directory should be"
    # Through the public function too, with the cache directory pointing there.
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(blocker / "cache"))
    pinyin_table._table.cache_clear()
    try:
        assert pinyin_table.joined_pinyin("银行长沙") == reference("银行长沙")
    finally:
        pinyin_table._table.cache_clear()


def test_table_that_cannot_be_built_falls_back_to_pypinyin(tmp_path, monkeypatch):
    def refuse():
        raise ValueError("data of an unexpected shape")

    monkeypatch.setattr(pinyin_table, "build_fields", refuse)
    assert load_table(tmp_path) is None
    assert not list(tmp_path.iterdir())
    monkeypatch.setattr(pinyin_table, "_table", lambda: None)
    assert pinyin_table.joined_pinyin("重庆银行x") == "chongqingyinhang"


def test_warm_path_does_not_import_pypinyin(tmp_path):
    env = dict(os.environ, COMPLIANCE_CACHE_DIR=str(tmp_path), PYTHONPATH=str(REPO))
    code = (
        "import sys\n"
        "from compliance.matching.han import pinyin_of\n"
        "print(pinyin_of('深圳市大疆创新科技有限公司'), 'pypinyin' in sys.modules)\n"
    )
    cold = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert cold.stdout.split() == ["shenzhenshidajiangchuangxinkejiyouxiangongsi", "True"], cold.stderr
    assert _table_file(tmp_path).stat().st_size > 0
    warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert warm.stdout.split() == ["shenzhenshidajiangchuangxinkejiyouxiangongsi", "False"], warm.stderr
