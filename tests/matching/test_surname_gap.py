"""A listed person's surname, or first given name, the query leaves out costs fully (score.surname_gap).

"Dean Miles" against "LAVILLA, Mile D." aligns 'miles' with 'mile' and Dean with the initial D: the query names
the person by given names only, and LAVILLA, the surname, is no middle name to leave out cheaply.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.matching import DEFAULT_THRESHOLD, compare

SURNAMES = ["LAVILLA", "KOSTIN", "MORENO", "FERREIRA", "ORLOV", "SALEHI", "CASTRO"]
GIVEN = ["Mile", "Andrey", "Maria", "Flavio", "Elena", "Omar", "Leonid", "Dmitri"]


def test_given_names_and_an_initial_do_not_stand_for_the_listed_surname():
    result = compare("Dean Miles", "LAVILLA, Mile D.")
    assert result.score < DEFAULT_THRESHOLD, result
    assert "'lavilla' (the listed surname or first given name, which the query lacks: costs fully)" in result.explanation


def test_a_surname_written_last_after_a_middle_initial_is_read_as_the_surname():
    result = compare("Yuri Almeida", "Yuri A. Krasheninnikov")  # Almeida aligns only with the initial A
    assert result.score < DEFAULT_THRESHOLD, result
    assert "'krasheninnikov' (the listed surname" in result.explanation
    assert compare("Yuri Krasheninnikov", "Yuri A. Krasheninnikov").score >= DEFAULT_THRESHOLD


def test_a_query_given_name_standing_only_for_the_listed_middle_initial_leaves_the_given_name_costly():
    result = compare("Leonid Kostin", "KOSTIN, Andrey L.")  # Leonid aligns only with the middle initial L
    assert result.score < DEFAULT_THRESHOLD, result
    assert "'andrey' (the listed surname or first given name" in result.explanation
    assert compare("Yevgeniy Biryukov", "Yevgeniy L Biryukov").score >= DEFAULT_THRESHOLD
    assert compare("Jaime Batista", "LIZZETTE B. JAIMES").score < DEFAULT_THRESHOLD


def test_a_surname_aligned_leaves_middle_names_cheap():
    for query, listed in [("Andrey Kostin", "KOSTIN, A. Ivan"), ("Vladimir Putin", "PUTIN, Vladimir Vladimirovich"),
                          ("Kostin A. L.", "KOSTIN, Andrey Leonidovich"), ("Chol Yu", "YU, Chol U")]:
        result = compare(query, listed)
        assert result.score >= DEFAULT_THRESHOLD, result
        assert "listed surname" not in result.explanation


def test_a_listed_name_without_a_comma_has_no_surname_read_into_it():
    assert "listed surname" not in compare("Mile Dean", "MILE DEAN LAVILLA").explanation


@settings(max_examples=150, deadline=None)
@given(surname=st.sampled_from(SURNAMES), names=st.lists(st.sampled_from(GIVEN), min_size=2, max_size=2, unique=True),
       initial=st.booleans())
def test_leaving_out_the_surname_costs_more_than_leaving_out_a_middle_name(surname, names, initial):
    first, middle = names
    listed = f"{surname}, {first} {middle[0] + '.' if initial else middle}"
    without_surname = compare(f"{first} {middle}", listed)
    without_middle = compare(f"{first} {surname.title()}", listed)
    assert without_surname.score < without_middle.score, (without_surname, without_middle)
    assert "the listed surname" in without_surname.explanation
    assert without_middle.score >= DEFAULT_THRESHOLD
