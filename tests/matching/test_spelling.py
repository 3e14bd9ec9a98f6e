"""Spelling slips: what counts as one edit, which slips a name survives, and that the index fetches them."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from compliance.matching import DEFAULT_THRESHOLD, compare
from compliance.lists.model import ListedParty
from compliance.matching.index import FUZZY_LOOKUP_MAX, NameIndex
from compliance.matching.normalize import normalize_name
from compliance.matching.score import close_spelling, token_similarity
from compliance.matching.syllables import one_syllable
from compliance.matching.words import STOP_WORDS
from tests.matching.slips import edit, rarest_words


def test_a_three_letter_word_takes_one_edit_of_any_kind():
    assert close_spelling("tna", "tina") > 0 and close_spelling("lue", "blue") > 0
    assert close_spelling("koi", "oki") > 0  # a swap
    assert close_spelling("tna", "tinas") == 0.0  # two edits


def test_a_slip_is_looked_for_in_the_word_as_written():
    """"Feul" is keyed "ful" and "Ahed" stays "ahed" while "Ahmed" is keyed "ahmad": the written words are one edit apart."""
    feul, fuel = normalize_name("Feul").tokens[0], normalize_name("Fuel").tokens[0]
    assert feul.key != feul.surface and token_similarity(feul, fuel) > 0
    assert token_similarity(normalize_name("Ahed").tokens[0], normalize_name("Ahmed").tokens[0]) > 0


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("Japan Nuclear Feul Limited", "Japan Nuclear Fuel Limited", "'feul'≈'fuel'"),
        ("SKY LUE BIRD GROUP", "SKY BLUE BIRD GROUP", "'lue'≈'blue'"),
        ("Binzhou Chinatex Yinati Industrial Co., Ltd", "Binzhou Chinatex Yintai Industrial Co., Ltd", "'yinati'≈'yintai'"),
        ("Cina National Offshore Oil Corporation", "China National Offshore Oil Corporation", "'cina'≈'china'"),
        ("Cubic Corporatoin", "Cubic Corporation", "'corporatoin' for 'corporation'"),
        ("JOIT STOCK COMPANY MANEL", "JOINT STOCK COMPANY MANEL", "'joit' for 'joint'"),
        ("Bion Group Ic Ve Dis Ticaret Limited Sirkett", "Bion Group Ic Ve Dis Ticaret Limited Sirketi", "'sirkett' for 'sirketi'"),
        ("Ekspla UCB", "Ekspla UAB", "'ucb' for 'uab'"),  # a three-letter form misspelt
        ("INI Platan", "NII Platan", "'ini' for 'nii'"),
    ],
)
def test_names_with_a_slip_reach_the_threshold_and_say_why(query, listed, said):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result
    assert said in result.explanation, result.explanation


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Kim Yong Su", "Lim Yong Su"),  # one-syllable names one consonant apart are two persons
        ("Hong Jeong Su", "Jong Yong Su"),
        ("Beijing Lixin Technology", "Beijing Lixing Technology"),  # a changed pinyin syllable, no swap
        ("Skydo", "Skydio"),  # a one-word name rests on that word alone: one slip in a short word stays under
        ("Cubic Corporatoin", "Cubic"),  # a misspelt legal form is set aside only against a name that has the form
        ("Ekspla UCB", "Ekspla"),
    ],
)
def test_other_names_stay_below_the_threshold(query, listed):
    assert compare(query, listed).score < DEFAULT_THRESHOLD, compare(query, listed)


def test_a_changed_vowel_in_a_syllable_is_a_spelling():
    assert one_syllable("jong") and one_syllable("jung") and one_syllable("kim")
    assert token_similarity(normalize_name("Jong").tokens[0], normalize_name("Jung").tokens[0]) > 0
    assert token_similarity(normalize_name("Kim").tokens[0], normalize_name("Lim").tokens[0]) == 0.0


@pytest.fixture(scope="module")
def rare_words(us_index):
    """(entry, word as written) for the rarest word of listed names, when it has 6+ letters and few names."""
    return [(entry, token.surface) for entry, token in rarest_words(us_index, 7, 6)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_single_edit_of_a_rare_word_fetches_its_name(us_index, rare_words, data):
    """Written alone, one edit (substitution, insertion, deletion or swap) of a listed name's rarest word of
    6+ letters still brings that name among the candidates: the index looks close spellings up."""
    entry, word = data.draw(st.sampled_from(rare_words))
    op = data.draw(st.sampled_from(["substitute", "insert", "delete", "transpose"]))
    edited = edit(word, op, data.draw(st.integers(0, 40)), data.draw(st.sampled_from(string.ascii_lowercase)))
    query = normalize_name(edited)
    assume(edited != word and len(query.tokens) == 1 and query.tokens[0].kind == "word")
    assume(len(us_index.postings.get(query.tokens[0].key, ())) <= FUZZY_LOOKUP_MAX)  # a listed word of its own
    assert entry in us_index.candidates(query, 0.0), (word, edited)


def test_a_one_letter_slip_of_the_rarest_word_is_found(us_index):
    hits = us_index.search("Hikvison Digital Technology", threshold=DEFAULT_THRESHOLD)
    assert any("Hikvision" in h.name for h in hits)
    hits = us_index.search("Myanmar Economic Croporation", threshold=DEFAULT_THRESHOLD)
    assert any(h.name == "Myanmar Economic Corporation" for h in hits)
    assert any("read as a legal form: 'croporation' for 'corporation'" in h.explanation for h in hits)


def _index_of(*names: str) -> NameIndex:
    others = [ListedParty(id=f"x:{n}", list="x", names=[f"Other Party {n}"]) for n in range(300)]
    return NameIndex(others + [ListedParty(id=f"t:{n}", list="t", names=[name]) for n, name in enumerate(names)])


@pytest.mark.parametrize(
    ("query", "listed", "others"),
    [
        ("Hin Motors, Ltd.", "Hino Motors, Ltd.", ["Hin Trading"]),  # the slip is a listed word of its own
        ("GHASHIM GRUP", "GHASHIM GROUP", [f"Ozturk{n} Grup" for n in range(25)]),  # a legal form's slip, on many names
        ("GUADALUPE GIC", "GUADALUPE GIL", ["GIC Holdings"]),  # a slip at the end of a three-letter word
        ("HS KUSA Holdings Corp.", "HS USA Holdings Corp.", []),  # a letter added to a three-letter word
    ],
)
def test_a_slip_into_another_listed_word_is_found_among_the_names_the_rest_fetches(query, listed, others):
    index = _index_of(listed, *others)
    hits = index.search(query, threshold=DEFAULT_THRESHOLD)
    assert [h.name for h in hits] == [listed], hits


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Sierrda evada Corporation", "Sierra Nevada Corporation"),  # two distinctive words, a slip in each
        ("PEVER OSTIS", "PETER SOTIS"),
        ("Rapid Fligth LLC", "Rapid Flight LLC"),
    ],
)
def test_slips_in_a_name_of_several_distinctive_words_corroborate_each_other(query, listed):
    assert compare(query, listed).score >= DEFAULT_THRESHOLD, compare(query, listed)
    assert "similar spelling" in compare(query, listed).explanation
    index = _index_of(listed)
    assert [h.name for h in index.search(query, threshold=DEFAULT_THRESHOLD)] == [listed]  # the bound allows for it


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Wubic", "Cubic"),  # one distinctive word and no legal form: it rests on that word alone
        ("Wubic Corporation", "Cubic"),  # a legal form on one name only vouches for nothing
        ("Wubic Inc.", "Cubic Corporation"),  # nor do two different forms
        ("Sierrda evada Kalinka", "Sierra Nevada Corporation"),  # a distinctive word left over
    ],
)
def test_a_slip_is_not_corroborated_by_one_word_or_against_a_leftover(query, listed):
    assert compare(query, listed).score < DEFAULT_THRESHOLD, compare(query, listed)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Yusoik", "Yusoki Co., Ltd."),
        ("Biadu", "Baidu, Inc."),
        ("Leomn LLC Oy", "Lemon LLC Oy"),
        ("JSC Aerofolt", "JSC Aeroflot"),
    ],
)
def test_two_swapped_letters_in_a_one_word_name_reach_the_threshold(query, listed):
    """A swap of two adjacent letters is the commonest typing slip; two real names seldom differ by one."""
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result
    assert "two letters swapped" in result.explanation, result.explanation
    assert [h.name for h in _index_of(listed).search(query, threshold=DEFAULT_THRESHOLD)] == [listed]


def test_a_swap_costs_less_than_another_slip_but_not_in_a_three_letter_word():
    assert close_spelling("yusoik", "yusoki") > close_spelling("yusoik", "yusokk") > 0
    assert close_spelling("upm", "ump") == close_spelling("upm", "uxm") > 0  # "UPM" / "UMP": two companies


@given(st.text(alphabet=string.ascii_lowercase, min_size=4, max_size=12), st.integers(0, 20))
def test_any_swap_of_adjacent_letters_is_the_cheapest_slip(word, i):
    i = i % (len(word) - 1)
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    assume(swapped != word)
    other = word[:i] + ("a" if word[i] != "a" else "b") + word[i + 1 :]  # one letter changed
    assert close_spelling(word, swapped) > close_spelling(word, other) > 0


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Garonet S.r.l.", "Garnet S.r.l."),
        ("Uveox, Inc.", "Aveox, Inc."),
        ("SUBARZU Corporation", "SUBARU Corporation"),
        ("Eksqpla UAB", "Ekspla UAB"),
        ("Tokrin Corproation", "Tokin Corporation"),  # a misspelt form counts as the form it misspells
    ],
)
def test_the_same_legal_form_vouches_for_a_slip_in_a_one_word_name(query, listed):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result
    assert "vouched for by the same legal form" in result.explanation, result.explanation
    assert [h.name for h in _index_of(listed).search(query, threshold=DEFAULT_THRESHOLD)] == [listed]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Visa", "Vista"), ("Visa Inc.", "Vista"), ("Traton", "Triton"), ("Honda", "Hoda"), ("Tesco", "Teaco"),
        ("Safran", "Sairan"), ("Apple Inc.", "Maples SA"), ("Nike, Inc.", "Joint Stock Company (JSC) NIIME"),
        ("UPM", "JSC UMP"), ("SAP", "ASP"),
        ("Luc Spaan", "STAN LLC"),  # "Luc" is one edit from "LLC", but a word that short vouches for nothing
    ],
)
def test_real_names_a_letter_apart_stay_below_the_threshold(query, listed):
    """Real companies whose one word is a letter added, dropped, changed (or, in three letters, swapped) from a
    listed one's, without the same legal form beside it."""
    result = compare(query, listed)
    assert result.score < DEFAULT_THRESHOLD, result
    assert "vouched" not in result.explanation


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_lowercase, min_size=5, max_size=7), st.sampled_from(["Inc.", "GmbH", "S.r.l.", "LLC"]),
       st.sampled_from(["Corporation", "AG", "JSC", ""]), st.data())
def test_a_slip_without_the_same_form_is_not_vouched_for(word, form, other_form, data):
    """A one-word name of up to 7 letters with one slip (not a swap) and different or missing legal forms stays under
    the threshold."""
    i = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from(string.ascii_lowercase))
    edited = word[:i] + letter + word[i + 1 :]
    assume(edited != word)
    query, listed = normalize_name(f"{edited} {form}"), normalize_name(f"{word} {other_form}".strip())
    assume(len(query.tokens) == 1 and len(listed.tokens) == 1 and query.tokens[0].kind == listed.tokens[0].kind == "word")
    assume(query.tokens[0].key == edited and listed.tokens[0].key == word)  # no rewrite moved them apart
    assume(not query.person and not listed.person)
    assert compare(f"{edited} {form}", f"{word} {other_form}".strip()).score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Tita Zadeh", "Mita Zadeh"),
        ("Mooe Thread Intelligent Technology", "Moore Thread Intelligent Technology"),
        ("Jile Drilling and Services Company", "Nile Drilling and Services Company"),
        ("JUAO DIEGO MADRID", "JUAN DIEGO MADRID"),
        ("Changzhou Guanhui Food Additive Co., Ltd", "Changzhou Guanghui Food Additive Co., Ltd"),
    ],
)
def test_words_that_happen_to_read_as_pinyin_take_slips_in_a_name_that_is_not_chinese(query, listed):
    """"Tita", "Jile", "Juan" cut into pinyin syllables, but beside "Zadeh", "Drilling" or "Food Additive" they are
    no Chinese given names: a changed consonant is a slip there, as in any other word."""
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result
    assert "similar spelling" in result.explanation


def test_names_made_of_chinese_or_korean_syllables_keep_a_changed_consonant_as_another_name():
    from compliance.matching.score import syllable_name

    assert syllable_name(normalize_name("Beijing Lixin Technology")) and syllable_name(normalize_name("Kim Yong Su"))
    assert not syllable_name(normalize_name("Jile Drilling and Services Company"))
    assert compare("Tidan Min Wu", "Tian Min Wu").score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("MUHAMMED AL HIJAZI", "MUHAMMED ALI HIJAZI", "'al'≈'ali'"),
        ("SHAMKHANI, Ai", "SHAMKHANI, Ali", "'ai'≈'ali'"),
        ("Cavok US", "Cavok UAS", "'us'≈'uas'"),
        ("China National Offshore Oi Corporation", "China National Offshore Oil Corporation", "'oi'≈'oil'"),
        ("Shanghai Yiu Network Technology Co., Ltd.", "Shanghai Yitu Network Technology Co., Ltd.", "'yiu'≈'yitu'"),
        ("Milandr BCC JSC", "Milandr ICC JSC", "'bcc'≈'icc'"),  # keyed "bc" and "ic": the words as written are three letters
    ],
)
def test_a_letter_dropped_from_a_short_word_of_an_otherwise_whole_name_is_a_slip(query, listed, said):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result
    assert said in result.explanation, result.explanation


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Al", "Ali"),  # nothing else to vouch for it
        ("Cavok US Kalinka", "Cavok UAS"),  # another distinctive word left over
        ("ABC US", "ABC UAS"),  # no distinctive word of four letters beside it
        ("Mo Chin Fan", "Mok Chin Fan"),  # one-syllable Chinese names one consonant apart are two names
    ],
)
def test_two_letters_are_not_read_as_a_slip_of_three_without_a_whole_name_beside_them(query, listed):
    assert compare(query, listed).score < DEFAULT_THRESHOLD, compare(query, listed)


@given(st.sampled_from(["Hijazi", "Shamkhani", "Espinoza", "Kyriakou"]),
       st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=3), st.integers(0, 2))
def test_a_two_letter_word_aligns_only_with_the_three_letter_word_it_is_a_letter_short_of(surname, word, i):
    short = word[:i] + word[i + 1 :]
    other = "".join([c for c in "qxjvkz" if c not in word][:2])  # two letters the word lacks
    tokens = normalize_name(word).tokens
    assume(tokens and tokens[0].key == word and tokens[0].kind == "word" and not tokens[0].optional)  # no stop word
    assume(word[0] != word[1] != word[2] and word not in STOP_WORDS)
    kept = compare(f"{short} {surname}", f"{word} {surname}")
    other_score = compare(f"{other} {surname}", f"{word} {surname}").score
    assert other_score < kept.score or kept.score < DEFAULT_THRESHOLD
    assert other_score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [("Cavok US", "Cavok UAS"), ("SHAMKHANI, Ai", "SHAMKHANI, Ali"), ("MUHAMMED AL HIJAZI", "MUHAMMED ALI HIJAZI")],
)
def test_the_index_fetches_a_name_whose_short_word_lost_a_letter(query, listed):
    """The bound allows for a two-letter word aligning with a three-letter one in the names the other words fetch."""
    index = _index_of(listed, "Cavok Trading", "HIJAZI, Omar")
    assert [h.name for h in index.search(query, threshold=DEFAULT_THRESHOLD)] == [listed]


@pytest.mark.parametrize(
    ("query", "listed", "said"),
    [
        ("Guizhou Aviation Tecc. Dev. Nat.", "Guizhou Aviation Tech. Dev. Nat.", "'tecc.' a misspelt short form of 'technology'"),
        ("Shanghai Aerospace Equip. Mna.", "Shanghai Aerospace Equip. Man.", "'mna.' a misspelt short form of 'manufacturing'"),
    ],
)
def test_a_misspelt_abbreviation_aligns_with_the_word_it_shortens(query, listed, said):
    result = compare(query, listed)
    assert result.score >= DEFAULT_THRESHOLD, result
    assert said in result.explanation, result.explanation


def test_only_a_word_shortened_with_a_full_stop_is_read_as_a_misspelt_abbreviation():
    assert compare("Mna", "Manufacturing").score < DEFAULT_THRESHOLD  # no full stop: a word of its own
    assert compare("Mna.", "Manufacturing").score < DEFAULT_THRESHOLD  # nothing beside it to vouch for it


def test_a_listed_three_letter_word_beside_only_common_words_is_looked_up_as_a_slip():
    """"KOI" is a listed word of its own and "Engineering" is on too many names to fetch any: the names holding the
    common word are still looked up for a slip of the short one."""
    letters = string.ascii_lowercase
    common = [f"{letters[n % 26]}{letters[n // 26 % 26]}{letters[n // 676]}qzx Engineering" for n in range(130)]
    index = _index_of("OKI Engineering Co., Ltd.", "Koi Trading", *common)
    assert len(index.postings[normalize_name("Engineering").tokens[0].key]) > index.common
    hits = index.search("KOI Engineering Co., Ltd.", threshold=DEFAULT_THRESHOLD)
    assert [h.name for h in hits] == ["OKI Engineering Co., Ltd."], hits
