"""Pairwise comparison: what must match, what must not, and the explanation."""

from __future__ import annotations

from compliance.matching import compare


def test_spelling_variants_of_one_company_score_100():
    for variant in ["HUAWEI TECHNOLOGIES CO LTD", "Huawei Tech. Co., Ltd.", "Huawei Technologies Company Limited", "华为技术有限公司"]:
        assert compare(variant, "Huawei Technologies Co., Ltd.").score == 100, variant


def test_changed_pinyin_syllable_is_a_different_name():
    assert compare("Beijing Lixin Technology", "Beijing Lixing Technology").score < 70
    assert compare("Jinqiao Electronics", "Yinqiao Electronics").score < 70
    # an English typo of the same length difference is tolerated
    assert compare("Precision Machinery Institute", "Precision Machinary Institute").score >= 90


def test_a_vowel_added_or_left_out_of_a_pinyin_name_is_a_slip_not_another_name():
    """Consonants decide a Chinese syllable run ("Lixin" / "Lixing" differ): a vowel slipped in or out does not."""
    dongfang = compare("Dongefang Guoke Technology Co., Ltd.", "Dongfang Guoke Technology Co., Ltd.")
    assert dongfang.score >= 85 and "'dongefang'≈'dongfang'" in dongfang.explanation, dongfang
    assert compare("Daqing Zehou", "Daqing Zhou").score >= 85
    assert compare("Beijing Tianlong Technology", "Beijing Tianglong Technology").score < 70  # a consonant added


def test_parenthesised_place_equals_leading_place():
    assert compare("Sugon (Beijing) Co., Ltd.", "Beijing Sugon Co., Ltd.").score == 100


def test_joined_and_split_pinyin_meet():
    assert compare("Hua Wei Technologies", "Huawei Technologies").score == 100


def test_numbers_must_be_equal():
    assert compare("CETC 13th Research Institute", "CETC 14th Research Institute").score < 85


def test_country_corroborates_or_weakens_but_never_creates():
    same = compare("Huawei Technologies", "Huawei Technologies", country_a="CN", country_b="CN")
    other = compare("Huawei Technologies", "Huawei Technologies", country_a="DE", country_b="CN")
    unrelated = compare("Acme Widgets", "Huawei Technologies", country_a="CN", country_b="CN")
    assert other.score < same.score and other.name_score == same.name_score == 100
    assert "country differs" in other.explanation and "country agrees" in same.explanation
    assert unrelated.score == 0


def test_explanation_names_tokens_legal_forms_and_transliteration():
    result = compare("华为技术有限公司", "Huawei Technologies Co., Ltd.")
    assert "huawei" in result.explanation and "有限公司" in result.explanation
    assert "pinyin" in result.explanation and "technology" in result.explanation


def test_common_words_do_not_carry_a_match_with_list_weights(us_index):
    weights = us_index.idf
    assert compare("Beijing Technology Co", "Beijing Lixin Technology Co., Ltd.", weights=weights).score < 85
    assert compare("China International Trading", "China Xinxing International Trading", weights=weights).score < 85
