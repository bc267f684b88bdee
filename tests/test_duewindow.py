"""Due windows: the phrases deadlines are given in, and the days they stand for."""

import datetime as dt

import pytest

from scheduler.duewindow import PRECISIONS, DueWindow, parse_due
from scheduler.errors import InputError

TODAY = dt.date(2023, 12, 15)
D = dt.date


@pytest.mark.parametrize(
    ("text", "first", "last", "precision", "label"),
    [
        ("14 februari 2024", D(2024, 2, 14), D(2024, 2, 14), "day", "2024-02-14"),
        ("2024-02-14", D(2024, 2, 14), D(2024, 2, 14), "day", "2024-02-14"),
        ("onsdag 14 feb", D(2024, 2, 14), D(2024, 2, 14), "day", "2024-02-14"),
        (
            "början av februari",
            D(2024, 2, 1), D(2024, 2, 10),
            "early_month",
            "början av februari 2024",
        ),
        (
            "i början av februari 2024",
            D(2024, 2, 1), D(2024, 2, 10),
            "early_month",
            "början av februari 2024",
        ),
        ("Början av Feb.", D(2024, 2, 1), D(2024, 2, 10), "early_month", "början av februari 2024"),
        ("mitten av mars", D(2024, 3, 11), D(2024, 3, 20), "mid_month", "mitten av mars 2024"),
        (
            "slutet av april 2024",
            D(2024, 4, 21), D(2024, 4, 30),
            "late_month",
            "slutet av april 2024",
        ),
        (
            "slutet av februari 2024",
            D(2024, 2, 21), D(2024, 2, 29),
            "late_month",
            "slutet av februari 2024",
        ),
        (
            "slutet av februari 2023",
            D(2023, 2, 21), D(2023, 2, 28),
            "late_month",
            "slutet av februari 2023",
        ),
        ("april 2024", D(2024, 4, 1), D(2024, 4, 30), "month", "april 2024"),
        ("under april månad", D(2024, 4, 1), D(2024, 4, 30), "month", "april 2024"),
        ("i april", D(2024, 4, 1), D(2024, 4, 30), "month", "april 2024"),
        ("2024-04", D(2024, 4, 1), D(2024, 4, 30), "month", "april 2024"),
        ("december", D(2023, 12, 1), D(2023, 12, 31), "month", "december 2023"),
        ("v. 12", D(2024, 3, 18), D(2024, 3, 24), "week", "vecka 12 2024"),
        ("v12", D(2024, 3, 18), D(2024, 3, 24), "week", "vecka 12 2024"),
        ("vecka 12 2024", D(2024, 3, 18), D(2024, 3, 24), "week", "vecka 12 2024"),
        ("2024-W12", D(2024, 3, 18), D(2024, 3, 24), "week", "vecka 12 2024"),
        ("våren 2024", D(2024, 1, 1), D(2024, 6, 30), "term", "våren 2024"),
        ("hösten 2025", D(2025, 7, 1), D(2025, 12, 31), "term", "hösten 2025"),
        ("i vår", D(2024, 1, 1), D(2024, 6, 30), "term", "våren 2024"),
        ("senare i vår", D(2024, 1, 1), D(2024, 6, 30), "term", "våren 2024"),
        ("under våren", D(2024, 1, 1), D(2024, 6, 30), "term", "våren 2024"),
        ("i höst", D(2023, 7, 1), D(2023, 12, 31), "term", "hösten 2023"),
        ("under 2025", D(2025, 1, 1), D(2025, 12, 31), "year", "2025"),
        ("2025", D(2025, 1, 1), D(2025, 12, 31), "year", "2025"),
    ],
)
def test_parse_due(text: str, first: dt.date, last: dt.date, precision: str, label: str) -> None:
    window = parse_due(text, today=TODAY)
    assert window == DueWindow(first, last, precision, text.strip())
    assert window.label == label


def test_every_precision_is_covered() -> None:
    texts = ["2024-02-14", "början av mars", "mitten av mars", "slutet av mars", "mars",
             "v. 12", "i vår", "2025"]
    assert tuple(parse_due(text, today=TODAY).precision for text in texts) == PRECISIONS


def test_phrase_is_kept_as_given() -> None:
    assert parse_due("  I början av  Februari ", today=TODAY).phrase == "I början av  Februari"


@pytest.mark.parametrize(
    ("text", "today", "first", "last"),
    [
        ("början av januari", D(2023, 12, 20), D(2024, 1, 1), D(2024, 1, 10)),
        ("början av december", D(2023, 12, 11), D(2024, 12, 1), D(2024, 12, 10)),
        ("början av december", D(2023, 12, 10), D(2023, 12, 1), D(2023, 12, 10)),
        ("mitten av januari", D(2023, 12, 20), D(2024, 1, 11), D(2024, 1, 20)),
        ("slutet av december", D(2023, 12, 31), D(2023, 12, 21), D(2023, 12, 31)),
        ("januari", D(2023, 12, 20), D(2024, 1, 1), D(2024, 1, 31)),
        ("v. 1", D(2024, 12, 20), D(2024, 12, 30), D(2025, 1, 5)),
        ("v. 1", D(2023, 12, 28), D(2024, 1, 1), D(2024, 1, 7)),
        ("v. 52", D(2023, 12, 31), D(2023, 12, 25), D(2023, 12, 31)),
        ("v. 12", D(2024, 3, 25), D(2025, 3, 17), D(2025, 3, 23)),
        ("hösten", D(2024, 11, 5), D(2024, 7, 1), D(2024, 12, 31)),
        ("i vår", D(2024, 5, 1), D(2024, 1, 1), D(2024, 6, 30)),
        ("i vår", D(2024, 7, 1), D(2025, 1, 1), D(2025, 6, 30)),
        ("14 januari", D(2023, 12, 20), D(2024, 1, 14), D(2024, 1, 14)),
    ],
)
def test_without_a_year_the_next_window_not_over(
    text: str, today: dt.date, first: dt.date, last: dt.date
) -> None:
    window = parse_due(text, today=today)
    assert (window.first, window.last) == (first, last)


def test_week_53() -> None:
    window = parse_due("vecka 53 2020", today=TODAY)
    assert (window.first, window.last) == (D(2020, 12, 28), D(2021, 1, 3))
    assert window.label == "vecka 53 2020"
    assert parse_due("v. 53", today=TODAY).first == D(2026, 12, 28)  # 2024 and 2025 have 52
    with pytest.raises(InputError, match="2024 has 52 ISO weeks"):
        parse_due("vecka 53 2024", today=TODAY)
    with pytest.raises(InputError, match="no week 54"):
        parse_due("v. 54", today=TODAY)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("början av smörgåsbord", "'smörgåsbord' is not a month"),
        ("smörgåsbord", "'smörgåsbord'"),
        ("2024-13", "'13' is not a month"),
        ("31 februari 2024", "does not exist"),
        ("14 feb 2024 kl 12", "has a time of day"),
    ],
)
def test_errors(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_due(text, today=TODAY)
    assert fragment in str(err.value)
    assert "början, mitten or slutet av februari" in str(err.value)


def test_a_window_must_be_sound() -> None:
    with pytest.raises(ValueError):
        DueWindow(D(2024, 2, 2), D(2024, 2, 1), "day", "x")
    with pytest.raises(ValueError):
        DueWindow(D(2024, 2, 1), D(2024, 2, 1), "fortnight", "x")
