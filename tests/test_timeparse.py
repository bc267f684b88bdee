"""Reading WHENs, times, durations and zones, ISO 8601 and Swedish."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import SU, relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.errors import InputError
from scheduler.timeparse import (
    When,
    get_zone,
    localize,
    parse_date,
    parse_duration,
    parse_end,
    parse_time_of_day,
    parse_today,
    parse_when,
)

STOCKHOLM = get_zone("Europe/Stockholm")
TODAY = dt.date(2023, 12, 15)
MONTHS = [
    ("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"),
    ("maj", "maj"), ("juni", "jun"), ("juli", "jul"), ("augusti", "aug"),
    ("september", "sep"), ("oktober", "okt"), ("november", "nov"), ("december", "dec"),
]


def at(*args: int) -> dt.datetime:
    """An aware Stockholm datetime."""
    return dt.datetime(*args, tzinfo=STOCKHOLM)


def when(text: str, today: dt.date = TODAY) -> When:
    return parse_when(text, tz=STOCKHOLM, today=today)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-16 09:00", When(at(2024, 2, 16, 9))),
        ("2024-02-16T09:00", When(at(2024, 2, 16, 9))),
        ("2024-02-16T09:00+01:00", When(at(2024, 2, 16, 9))),
        ("2024-02-16T09:00+00:00", When(at(2024, 2, 16, 10))),
        ("2024-06-16T09:00+01:00", When(at(2024, 6, 16, 10))),
        ("2024-02-16T08:00Z", When(at(2024, 2, 16, 9))),
        ("2024-01-10", When(dt.date(2024, 1, 10))),
        ("16 februari 2024 kl 9.00", When(at(2024, 2, 16, 9))),
        ("16 februari 2024 kl. 09.00", When(at(2024, 2, 16, 9))),
        ("16 februari 2024 kl 09:00", When(at(2024, 2, 16, 9))),
        ("fredag 16 feb 2024 kl. 09.00", When(at(2024, 2, 16, 9))),
        (
            "Fredag den 15 december kl 08.30-11.00",
            When(at(2023, 12, 15, 8, 30), at(2023, 12, 15, 11)),
        ),
        ("Fredag 16 februari kl 9.00-11.30", When(at(2024, 2, 16, 9), at(2024, 2, 16, 11, 30))),
        ("Fredag 16 februari kl 9.00–11.30", When(at(2024, 2, 16, 9), at(2024, 2, 16, 11, 30))),
        ("den 16 januari 2024", When(dt.date(2024, 1, 16))),
        ("16 jan 2024 kl 12", When(at(2024, 1, 16, 12))),
        ("16 jan 2024 kl 9", When(at(2024, 1, 16, 9))),
        ("  lör 6 maj 2023  ", When(dt.date(2023, 5, 6))),
        ("3 okt 2024", When(dt.date(2024, 10, 3))),
        ("5/2 2024", When(dt.date(2024, 2, 5))),
        ("05.02.2024", When(dt.date(2024, 2, 5))),
        ("2024/01/10", When(dt.date(2024, 1, 10))),
    ],
)
def test_parse_when_forms(text: str, expected: When) -> None:
    assert when(text) == expected


def test_parse_when_results_are_aware_in_the_zone() -> None:
    start = when("2024-02-16T08:00Z").start
    assert isinstance(start, dt.datetime)
    assert start.tzinfo is STOCKHOLM


def test_a_date_without_a_year_is_the_next_on_or_after_today() -> None:
    assert when("15 december", today=dt.date(2023, 12, 15)).start == dt.date(2023, 12, 15)
    assert when("14 december", today=dt.date(2023, 12, 15)).start == dt.date(2024, 12, 14)
    assert when("29 februari", today=dt.date(2024, 3, 1)).start == dt.date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("torsdag 16 februari 2024", "2024-02-16 is a Friday, not a Thursday"),
        ("fredag 16 februari", "2025-02-16 is a Sunday, not a Friday"),
        ("31 februari 2024", "does not exist"),
        ("2024-02-30", "does not exist"),
        ("2024-02-16 24:00", "does not exist"),
        ("smörgåsbord", "'smörgåsbord'"),
        ("februari 2024", "no day"),
        ("16 feb 2024 kl 11.30-9", "ends before it starts"),
        ("16 feb 2024 kl 9.75", "minutes 0-59"),
        ("2024-02-16 09:00 CET", "offset such as +01:00"),
        ("2024-03-31 02:30", "does not exist in Europe/Stockholm (clocks go forward)"),
        ("2024-10-27 02:30", "happens twice in Europe/Stockholm (clocks go back)"),
    ],
)
def test_parse_when_errors(text: str, fragment: str) -> None:
    with pytest.raises(InputError, match=re.escape(fragment)):
        when(text, today=dt.date(2024, 3, 1))


def test_garbage_lists_the_accepted_forms() -> None:
    with pytest.raises(InputError) as err:
        when("next tuesday-ish")
    assert "'next tuesday-ish'" in str(err.value)
    assert "16 februari 2024 kl 9.00" in str(err.value)


def test_get_zone() -> None:
    assert get_zone("Europe/Stockholm").key == "Europe/Stockholm"
    for bad in ["Europe/Stokholm", "Europe", "", "../etc/passwd"]:
        with pytest.raises(InputError, match="Unknown time zone"):
            get_zone(bad)


def test_localize_suggests_offsets() -> None:
    assert localize(dt.datetime(2024, 2, 16, 9), STOCKHOLM) == at(2024, 2, 16, 9)
    with pytest.raises(InputError, match=r"such as 2024-03-31T03:30\+02:00"):
        localize(dt.datetime(2024, 3, 31, 2, 30), STOCKHOLM)
    both = "2024-10-27T02:30+02:00 for the first, 2024-10-27T02:30+01:00 for the second"
    with pytest.raises(InputError, match=re.escape(both)):
        localize(dt.datetime(2024, 10, 27, 2, 30), STOCKHOLM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8.30", dt.time(8, 30)),
        ("08:30", dt.time(8, 30)),
        ("kl 8.30", dt.time(8, 30)),
        ("kl. 13.15", dt.time(13, 15)),
        ("9", dt.time(9)),
        ("23.59", dt.time(23, 59)),
        ("0", dt.time(0)),
    ],
)
def test_parse_time_of_day(text: str, expected: dt.time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["24", "9.60", "9.5", "nine", "", "9.00-10.00", "123"])
def test_parse_time_of_day_errors(text: str) -> None:
    with pytest.raises(InputError, match="time of day"):
        parse_time_of_day(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("90m", 90), ("2h", 120), ("1h30m", 90), ("1h 30m", 90), ("1.5h", 90), ("1,5h", 90),
     ("PT1H30M", 90), ("PT45M", 45), ("2:30", 150), ("45 min", 45)],
)
def test_parse_duration(text: str, expected: int) -> None:
    assert parse_duration(text) == dt.timedelta(minutes=expected)


@pytest.mark.parametrize("text", ["0m", "0h", "", "PT", "two hours", "-1h", "2:75", "h"])
def test_parse_duration_errors(text: str) -> None:
    with pytest.raises(InputError, match="duration"):
        parse_duration(text)


def test_parse_date() -> None:
    assert parse_date("2024-01-10", today=TODAY) == dt.date(2024, 1, 10)
    assert parse_date("fredag den 16 feb 2024", today=TODAY) == dt.date(2024, 2, 16)
    assert parse_date("6 februari", today=TODAY) == dt.date(2024, 2, 6)
    for with_time in ["2024-01-10 09:00", "16 feb 2024 kl 9"]:
        with pytest.raises(InputError, match="has a time of day"):
            parse_date(with_time, today=TODAY)


def test_parse_end() -> None:
    start = at(2024, 2, 16, 9)
    for text in ["11.30", "11:30", "kl 11.30"]:
        assert parse_end(text, start=start, tz=STOCKHOLM, today=TODAY) == at(2024, 2, 16, 11, 30)
    next_day = parse_end("17 feb 2024 kl 12", start=start, tz=STOCKHOLM, today=TODAY)
    assert next_day == at(2024, 2, 17, 12)
    whole_days = parse_end("2024-01-12", start=dt.date(2024, 1, 10), tz=STOCKHOLM, today=TODAY)
    assert whole_days == dt.date(2024, 1, 12)
    with pytest.raises(InputError, match="only a time"):
        parse_end("11.30", start=dt.date(2024, 1, 10), tz=STOCKHOLM, today=TODAY)
    with pytest.raises(InputError, match="is a range"):
        parse_end("17 feb 2024 kl 9-10", start=start, tz=STOCKHOLM, today=TODAY)


def test_parse_end_uses_the_start_day_in_the_zone() -> None:
    start = dt.datetime(2024, 2, 16, 23, 30, tzinfo=dt.UTC)  # 00.30 on the 17th here
    assert parse_end("01.00", start=start, tz=STOCKHOLM, today=TODAY) == at(2024, 2, 17, 1)


def test_parse_today() -> None:
    assert parse_today("2024-02-16", STOCKHOLM) == at(2024, 2, 16)
    assert parse_today("2024-02-16T09:15", STOCKHOLM) == at(2024, 2, 16, 9, 15)
    assert parse_today("2024-02-16T08:15Z", STOCKHOLM) == at(2024, 2, 16, 9, 15)
    assert parse_today("16 februari 2024", STOCKHOLM) == at(2024, 2, 16)


def _dst_hour(day: dt.date) -> bool:
    """Whether 02:00-02:59 on ``day`` is skipped or repeated in Stockholm (EU rules)."""
    return day in (
        dt.date(day.year, 3, 31) + relativedelta(weekday=SU(-1)),
        dt.date(day.year, 10, 31) + relativedelta(weekday=SU(-1)),
    )


DATES = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))


@settings(max_examples=200)
@given(day=DATES, hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_iso_wall_time_round_trips_or_is_a_dst_hour(day: dt.date, hour: int, minute: int) -> None:
    text = f"{day} {hour:02d}:{minute:02d}"
    if hour == 2 and _dst_hour(day):
        with pytest.raises(InputError, match="Europe/Stockholm"):
            when(text)
        return
    start = when(text).start
    assert isinstance(start, dt.datetime)
    assert start.utcoffset() is not None
    assert start.replace(tzinfo=None) == dt.datetime.combine(day, dt.time(hour, minute))


@settings(max_examples=200)
@given(day=DATES, short=st.booleans())
def test_swedish_day_month_year_round_trips(day: dt.date, short: bool) -> None:
    name = MONTHS[day.month - 1][1 if short else 0]
    assert parse_date(f"{day.day} {name} {day.year}", today=TODAY) == day


@settings(max_examples=200)
@given(
    day=DATES,
    start=st.times().filter(lambda t: t.hour != 2),
    end=st.times().filter(lambda t: t.hour != 2),
)
def test_parse_end_with_only_a_time_keeps_the_start_day(
    day: dt.date, start: dt.time, end: dt.time
) -> None:
    begin = localize(dt.datetime.combine(day, start.replace(second=0, microsecond=0)), STOCKHOLM)
    result = parse_end(f"{end:%H.%M}", start=begin, tz=STOCKHOLM, today=TODAY)
    assert isinstance(result, dt.datetime)
    assert result.date() == day
    assert result.time() == end.replace(second=0, microsecond=0)


@settings(max_examples=200)
@given(st.text(alphabet="0123456789 -–:.,/+TZkl febrimåndagvckåöä", max_size=30))
def test_any_text_parses_or_raises_input_error(text: str) -> None:
    try:
        when(text)
    except InputError:
        pass
