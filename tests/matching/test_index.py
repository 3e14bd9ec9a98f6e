"""The candidate index on the real lists: finds what brute force finds, and caches on disk."""

from __future__ import annotations


from compliance.matching.cache import cache_key, load_or_build
from compliance.matching.index import NameIndex
from compliance.matching.normalize import normalize_name
from compliance.matching.score import align


def test_chinese_name_finds_huawei_on_the_entity_list(us_index):
    hits = us_index.search("华为技术有限公司", threshold=85, top=5)
    top = hits[0]
    assert top.party.list == "entity-list" and top.name == "Huawei Technologies Co., Ltd." and top.score == 100
    assert "华为 (huawei)" in top.explanation and "有限公司" in top.explanation


def test_han_alias_on_the_list_matches_han_query(us_index):
    hits = us_index.search("深圳市大疆创新科技有限公司", threshold=85)
    assert any(h.party.list == "ofac-ns-cmic" for h in hits)


def test_homoglyph_alias_is_found(us_index):
    hits = us_index.search("Shenzhen Ditai Technology Co Ltd", threshold=95)
    assert any("Ditai" in h.name for h in hits)


def test_unlisted_name_sharing_common_words_is_not_a_hit(us_index):
    assert us_index.search("Beijing Lixing Technology Co., Ltd.", threshold=85) == []


def test_index_finds_every_brute_force_hit_for_sample_queries(us_index):
    queries = ["Huawei Tech Co", "Gazprom Neft", "Hikvision Digital Technology", "China Electronics Technology Group",
               "Sichuan University", "Harbin Institute of Technology", "Megvii", "Beijing Institute of Technology",
               "AHD Internaeional"]  # a rare three-letter word and a misspelt common one: "Ahad International" (87.6)
    for text in queries:
        query = normalize_name(text)
        brute = {e for e in range(len(us_index)) if align(query, us_index.entry(e), us_index.weight).score >= 85}
        found = set(us_index.candidates(query, 85))
        assert brute <= found, (text, len(brute - found))


def test_country_weakens(us_index):
    listed = {h.party.id: h for h in us_index.search("Huawei Technologies Co Ltd", country="CN", threshold=85)}
    elsewhere = {h.party.id: h for h in us_index.search("Huawei Technologies Co Ltd", country="DE", threshold=0)}
    chinese = [i for i, h in listed.items() if h.party.country == "CN"]
    assert chinese and all(elsewhere[i].score < listed[i].score for i in chinese)


def test_disk_cache_round_trip(tmp_path, us_parties):
    parties = us_parties[:300]
    hashes = [("entity-list", "a" * 64)]
    built = load_or_build(parties, hashes, tmp_path)
    files = list(tmp_path.glob("name-index-*.pickle"))
    assert len(files) == 1 and cache_key(hashes) in files[0].name
    loaded = load_or_build(parties, hashes, tmp_path)
    assert loaded is not built and loaded.entry_name == built.entry_name and loaded.parties[0] is parties[0]
    assert load_or_build(parties, [("entity-list", "b" * 64)], tmp_path) is not None
    assert len(list(tmp_path.glob("name-index-*.pickle"))) == 2


def test_corrupt_cache_is_rebuilt(tmp_path, us_parties):
    hashes = [("x", "c" * 64)]
    (tmp_path / f"name-index-{cache_key(hashes)}.pickle").write_bytes(b"not a pickle")
    index = load_or_build(us_parties[:50], hashes, tmp_path)
    assert isinstance(index, NameIndex) and len(index) > 0
    from compliance.support import warmcache

    assert isinstance(warmcache.load("name-index", cache_key(hashes), NameIndex, tmp_path), NameIndex)  # sealed entry
