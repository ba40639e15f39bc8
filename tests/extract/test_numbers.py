"""Numbers and quantities: separators, words, currencies, bounds, non-quantities."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actorgraph.extract.numbers import find_quantities, parse_number


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("2,100", "en", 2100), ("5,000", "en", 5000), ("5 000", "fr", 5000), ("5\u202f000", "fr", 5000),
    ("5\u00a0000", "fr", 5000), ("5\u202f000", "en", 5000), ("3.5", "en", 3.5), ("3,5", "fr", 3.5),
    ("1.300.000", "fr", 1_300_000), ("two", "en", 2), ("fourteen", "en", 14), ("a dozen", "en", 12),
    ("dozens", "en", 12), ("hundreds", "en", 100), ("thousands", "en", 1000),
    ("nearly three million", "en", 3_000_000), ("2.5 million", "en", 2_500_000),
    ("$4.83 billion", "en", 4.83e9), ("$4.83bn", "en", 4.83e9), ("1.3k", "en", 1300), ("six", "en", 6),
    ("vingt", "fr", 20), ("cinq", "fr", 5), ("quatre-vingt-dix", "fr", 90), ("deux cents", "fr", 200),
    ("one hundred and fifty", "en", 150), ("twenty-five", "en", 25), ("more than 300", "en", 300),
    ("des milliers", "fr", 1000), ("10 millions", "fr", 10_000_000),
])
def test_parse_number(text: str, lang: str, value: float) -> None:
    assert parse_number(text, lang) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "JNIM", "first", "fourth", "G5", "several", "March"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def _q(text: str, lang: str = "en") -> list[tuple]:
    return [(q.low, q.high, q.unit, q.currency, q.approx, q.open_high) for q in find_quantities(text, lang)]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Katiba Macina alone has between 5,000 and 8,000 men.", "en", (5000, 8000, "men", None, False, False)),
    ("around 2,000 fighters", "en", (2000, 2000, "fighters", None, True, False)),
    ("killed more than 300 civilians", "en", (300, None, "civilians", None, False, True)),
    ("Over 1,300 attacks were recorded", "en", (1300, None, "attacks", None, False, True)),
    ("killed at least 14", "en", (14, None, None, None, False, True)),
    ("exceeding 2.5 million", "en", (2_500_000, None, None, None, False, True)),
    ("up to 500 fighters", "en", (None, 500, "fighters", None, False, False)),
    ("paid $50 million for", "en", (50e6, 50e6, "USD", "USD", False, False)),
    ("EUR 100 million euros", "en", (100e6, 100e6, "EUR", "EUR", False, False)),
    ("€100 million euros", "en", (100e6, 100e6, "EUR", "EUR", False, False)),
    ("3.5 million euros", "en", (3.5e6, 3.5e6, "EUR", "EUR", False, False)),
    ("une rançon de 10 millions d'euros", "fr", (10e6, 10e6, "EUR", "EUR", False, False)),
    ("500 000 francs CFA", "fr", (500_000, 500_000, "XOF", "XOF", False, False)),
    ("5 000 combattants", "fr", (5000, 5000, "combattants", None, False, False)),
    ("a 300 percent increase", "en", (300, 300, "percent", None, False, False)),
    ("approximately 80 percent of Mali's gold", "en", (80, 80, "percent", None, True, False)),
    ("30,2 %", "fr", (30.2, 30.2, "percent", None, False, False)),
    ("between 30 and 57 tons", "en", (30, 57, "tonnes", None, False, False)),
    ("fighters in the thousands", "en", (1000, None, None, None, True, True)),
    ("dozens of soldiers", "en", (12, None, "soldiers", None, True, True)),
    ("a city of nearly three million people", "en", (3e6, 3e6, "people", None, True, False)),
    ("six leaders", "en", (6, 6, "leaders", None, False, False)),
    ("Five journalists", "en", (5, 5, "journalists", None, False, False)),
    ("the 90-seat parliament", "en", (90, 90, "seat", None, False, False)),
    ("3 to 5 million people", "en", (3e6, 5e6, "people", None, False, False)),
    ("plus de 300 civils", "fr", (300, None, "civils", None, False, True)),
    ("The UAE's $4.83bn of gold imports", "en", (4.83e9, 4.83e9, "USD", "USD", False, False)),
])
def test_find_quantities(text: str, lang: str, expected: tuple) -> None:
    assert _q(text, lang) == [expected]


@pytest.mark.parametrize("text", [
    "founded on March 2, 2017", "in 2017", "for the first time", "the fourth consecutive year",
    "Resolutions 1267/1989/2253", "the G5 Sahel", "call +223 76 38 65 40", "see p. 12", "one of the leaders",
    "the 4th battalion", "between 2019 and 2021", "since 2019", "as of November 7", "two weeks ago",
    "COVID-19", "Resolution 2100",
])
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_year_like_with_a_count_noun() -> None:
    (q,) = find_quantities("some 2000 fighters")
    assert q.is_year_like and q.low == 2000 and q.unit == "fighters" and q.approx


def test_seed_000_sentence() -> None:
    text = ("The toll from JNIM attacks this year alone had already reached 2,100 deaths as of "
            "November 7, with 271 attacks since September alone.")
    found = [(q.text, q.low, q.unit) for q in find_quantities(text)]
    assert found == [("2,100 deaths", 2100, "deaths"), ("271 attacks", 271, "attacks")]


def test_money_keeps_the_following_noun() -> None:
    (q,) = find_quantities("a $50 million ransom")
    assert (q.unit, q.noun) == ("USD", "ransom")


def test_offsets_slice_the_text() -> None:
    text = "Between 5,000 and 8,000 men; over 1,300 attacks; $50 million."
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_never_raises_and_offsets_are_inside(text: str) -> None:
    parse_number(text)
    parse_number(text, "fr")
    for lang in ("en", "fr"):
        for q in find_quantities(text, lang):
            assert 0 <= q.start < q.end <= len(text)
            assert text[q.start:q.end] == q.text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["more than", "2,100", "5 000", "$", "€", "million", "euros", "between",
                                 "and", "dozens", "of", "fighters", "%", "2017", "up to", "3,5", " ",
                                 "-", "in the", "thousands", "d'euros"]), max_size=12))
def test_never_raises_on_number_soup(tokens: list[str]) -> None:
    text = " ".join(tokens)
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        assert q.low is not None or q.high is not None
