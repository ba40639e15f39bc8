"""Dates: absolute and relative forms, English and French, ranges, false years."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actorgraph.extract.dates import PartialDate, coarsen, find_dates, parse_date

REF = PartialDate(2025, 11, 17)  # seed 000: "Updated 17 November 2025"
P = PartialDate.from_iso


# -- the value type -----------------------------------------------------------

@pytest.mark.parametrize(("iso", "precision"), [("2017", 3), ("2017-03", 2), ("2017-03-02", 1)])
def test_iso_round_trip_and_precision(iso: str, precision: int) -> None:
    d = P(iso)
    assert d.iso() == iso
    assert d.precision == precision


@pytest.mark.parametrize("bad", ["17", "2017-13", "2017-02-30", "March 2017", "2017-3"])
def test_from_iso_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        P(bad)


def test_ordering_puts_coarse_before_fine() -> None:
    assert sorted([P("2017-03-02"), P("2017"), P("2016-12"), P("2017-03")]) == [
        P("2016-12"), P("2017"), P("2017-03"), P("2017-03-02")]
    assert P("2025-11-03") < P("2025-11-17")


def test_coarsen() -> None:
    d = P("2025-11-03")
    assert coarsen(d, 2) == P("2025-11")
    assert coarsen(d, 3) == P("2025")
    assert coarsen(d, 1) == d


# -- absolute expressions -------------------------------------------------------

@pytest.mark.parametrize(("text", "iso"), [
    ("March 2, 2017", "2017-03-02"),
    ("2 March 2017", "2017-03-02"),
    ("17 November 2025", "2025-11-17"),
    ("Nov. 4, 2025", "2025-11-04"),
    ("in June 2018", "2018-06"),
    ("June 2018", "2018-06"),
    ("2021", "2021"),
    ("early 2017", "2017"),
    ("Winter 2020", "2020"),
    ("le 4 novembre 2025", "2025-11-04"),
    ("novembre 2025", "2025-11"),
    ("1er mars 2017", "2017-03-01"),
    ("2025-11-17", "2025-11-17"),
    ("24.04.2025", "2025-04-24"),
    ("15 mai 2022", "2022-05-15"),
    ("février 2018", "2018-02"),
    ("fevrier 2018", "2018-02"),
    ("févr. 2018", "2018-02"),
    ("Sept. 11, 2001", "2001-09-11"),
    ("janv. 2020", "2020-01"),
    ("août 2022", "2022-08"),
    ("Decembre 2019", "2019-12"),
    ("the end of 2019", "2019"),
    ("fin 2019", "2019"),
    ("mid-2021", "2021"),
])
def test_parse_absolute(text: str, iso: str) -> None:
    assert parse_date(text) == P(iso)
    assert parse_date(text, REF) == P(iso)


# -- relative expressions ------------------------------------------------------

@pytest.mark.parametrize(("text", "iso"), [
    ("two weeks ago", "2025-11-03"),
    ("this year", "2025"),
    ("last year", "2024"),
    ("since September", "2025-09"),
    ("In August", "2025-08"),
    ("In December", "2024-12"),  # the most recent December not after the reference
    ("yesterday", "2025-11-16"),
    ("last week", "2025-11-10"),
    ("earlier this month", "2025-11"),
    ("last month", "2025-10"),
    ("three days ago", "2025-11-14"),
    ("a year ago", "2024-11-17"),
    ("il y a deux semaines", "2025-11-03"),
    ("cette année", "2025"),
    ("l'année dernière", "2024"),
    ("l’an dernier", "2024"),
    ("depuis septembre", "2025-09"),
    ("en août", "2025-08"),
    ("hier", "2025-11-16"),
    ("as of November 7", "2025-11-07"),
    ("on Thursday", "2025-11-13"),
])
def test_parse_relative(text: str, iso: str) -> None:
    assert parse_date(text, REF) == P(iso)


@pytest.mark.parametrize("text", ["two weeks ago", "this year", "since September", "In August",
                                  "yesterday", "as of November 7", "il y a deux semaines", "en août"])
def test_relative_needs_a_reference(text: str) -> None:
    assert parse_date(text) is None
    assert find_dates(text) == []


def test_two_weeks_ago_is_coded_at_month_by_callers() -> None:
    assert coarsen(parse_date("two weeks ago", REF), 2).iso() == "2025-11"  # type: ignore[arg-type]


def test_relative_against_a_month_reference_stays_at_month() -> None:
    assert parse_date("two weeks ago", P("2025-11")) == P("2025-10")


@pytest.mark.parametrize("text", ["we may be", "they may 20", "march on Bamako", "he will march"])
def test_lowercase_english_month_words_are_not_dates(text: str) -> None:
    assert find_dates(text, REF) == []


# -- find_dates: kinds, ranges, offsets ---------------------------------------------

def _found(text: str, ref: PartialDate | None = REF) -> list[tuple[str, str, str]]:
    return [(m.text, m.value.iso(), m.kind) for m in find_dates(text, ref)]


@pytest.mark.parametrize(("text", "expected"), [
    ("between January and April 2012", [("between January and April 2012", "2012", "range_start")]),
    ("from 2014 until 2022", [("from 2014 until 2022", "2014", "range_start")]),
    ("between 2019 and 2021", [("between 2019 and 2021", "2019", "range_start")]),
    ("entre 2019 et 2021", [("entre 2019 et 2021", "2019", "range_start")]),
    ("between 27 and 31 March 2022", [("between 27 and 31 March 2022", "2022-03", "range_start")]),
    ("from March 2014 to June 2015", [("from March 2014 to June 2015", "2014-03", "range_start")]),
    ("clashes in 2019–2020", [("2019–2020", "2019", "range_start")]),
    ("As of 2022, violence", [("As of 2022", "2022", "as_of")]),
    ("deaths as of November 7, an annual record", [("as of November 7", "2025-11-07", "as_of")]),
    ("271 attacks since September alone", [("since September", "2025-09", "since")]),
    ("data available since 2019 from ACLED", [("since 2019", "2019", "since")]),
    ("depuis 2012, le groupe", [("depuis 2012", "2012", "since")]),
    ("officially founded on March 2, 2017, when", [("March 2, 2017", "2017-03-02", "point")]),
])
def test_find_dates_kinds(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text) == expected


def test_range_end_is_kept() -> None:
    (m,) = find_dates("between January and April 2012")
    assert m.end_value == P("2012-04")


def test_seed_000_sentence() -> None:
    text = ("The toll from JNIM attacks this year alone had already reached 2,100 deaths as of "
            "November 7, an annual record according to an AFP analysis of data available since 2019.")
    assert _found(text) == [("this year", "2025", "point"), ("as of November 7", "2025-11-07", "as_of"),
                            ("since 2019", "2019", "since")]
    assert all(m.relative for m in find_dates(text, REF)[:2])


@pytest.mark.parametrize("text", [
    "2,100 deaths", "5,000 men", "271 attacks", "Resolutions 1267/1989/2253", "the 90-seat chamber",
    "p. 2017", "pp. 2011", "2000 fighters", "around 2019 soldiers", "in the 2000s", "12017",
    "$2019", "2019.5", "1899", "2100",
])
def test_false_years(text: str) -> None:
    assert find_dates(text, REF) == []


def test_offsets_slice_the_text() -> None:
    text = "JNIM formed in 2017; in June 2018 it attacked, and two weeks ago it struck Lere."
    for m in find_dates(text, REF):
        assert text[m.start:m.end] == m.text
    assert [m.value.iso() for m in find_dates(text, REF)] == ["2017", "2018-06", "2025-11-03"]


# -- robustness -------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_never_raises_and_offsets_are_inside(text: str) -> None:
    parse_date(text, REF)
    for m in find_dates(text, REF):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["in", "March", "2,017", "2017", "since", "as of", "mars", "1er", " ",
                                 "-", "ago", "two", "weeks", "between", "and", "31", ",", "Nov."]),
                max_size=12))
def test_never_raises_on_date_like_soup(tokens: list[str]) -> None:
    text = " ".join(tokens)
    for m in find_dates(text, REF):
        assert text[m.start:m.end] == m.text
