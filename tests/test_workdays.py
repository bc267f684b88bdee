import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.errors import InputError
from scheduler.workdays import (
    cache_file,
    holiday_name,
    holiday_warning,
    is_working_day,
    previous_working_day,
    subtract_working_days,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2024, 3, 29), "Långfredagen"),
        (D(2024, 3, 31), "Påskdagen"),
        (D(2024, 4, 1), "Annandag påsk"),
        (D(2024, 6, 6), "Nationaldagen"),
        (D(2024, 6, 21), "Midsommarafton"),
        (D(2024, 6, 22), "Midsommardagen"),
        (D(2023, 12, 24), "Julafton"),
        (D(2023, 12, 25), "Juldagen"),
        (D(2023, 12, 26), "Annandag jul"),
        (D(2023, 12, 31), "Nyårsafton"),
        (D(2024, 1, 1), "Nyårsdagen"),
        (D(2024, 1, 6), "Trettondedag jul"),
        (D(2024, 3, 28), None),  # Skärtorsdagen is a working day
        (D(2024, 6, 20), None),
        (D(2024, 3, 24), None),  # an ordinary Sunday has no name
        (D(2024, 3, 23), None),
    ],
)
def test_holiday_name(day, name):
    assert holiday_name(day) == name


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 3, 28), True),
        (D(2024, 3, 29), False),
        (D(2024, 4, 1), False),
        (D(2024, 4, 2), True),
        (D(2024, 6, 20), True),
        (D(2024, 6, 21), False),
        (D(2024, 6, 24), True),
        (D(2023, 12, 22), True),
        (D(2023, 12, 25), False),
        (D(2023, 12, 27), True),
        (D(2024, 1, 1), False),
        (D(2024, 1, 2), True),
        (D(2024, 6, 8), False),
        (D(2024, 6, 9), False),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_acceptance_number_referral_to_submission():
    # 15 Dec 2023 (the meeting) to 14 Feb 2024 (ready for the offices): 8 + 22 + 10 days.
    assert working_days_between(D(2023, 12, 15), D(2024, 2, 14)) == 40
    assert working_days_between(D(2024, 2, 14), D(2023, 12, 15)) == -40


@pytest.mark.parametrize(
    ("after", "upto", "count"),
    [
        (D(2024, 3, 28), D(2024, 4, 2), 1),  # Easter: only Tuesday 2 April
        (D(2024, 6, 19), D(2024, 6, 24), 2),  # Thursday 20 and Monday 24 June
        (D(2023, 12, 22), D(2024, 1, 2), 4),  # 27, 28, 29 Dec and 2 Jan
        (D(2024, 6, 5), D(2024, 6, 5), 0),
        (D(2024, 6, 5), D(2024, 6, 6), 0),
    ],
)
def test_working_days_between(after, upto, count):
    assert working_days_between(after, upto) == count


def test_previous_working_day():
    assert previous_working_day(D(2024, 4, 2)) == D(2024, 3, 28)
    assert previous_working_day(D(2024, 6, 24)) == D(2024, 6, 20)
    assert previous_working_day(D(2024, 1, 2)) == D(2023, 12, 29)
    assert previous_working_day(D(2024, 1, 8)) == D(2024, 1, 5)
    assert previous_working_day(D(2024, 6, 7)) == D(2024, 6, 5)


def test_subtract_working_days():
    assert subtract_working_days(D(2024, 6, 5), 0) == D(2024, 6, 5)
    assert subtract_working_days(D(2024, 6, 6), 0) == D(2024, 6, 5)
    assert subtract_working_days(D(2024, 4, 2), 1) == D(2024, 3, 28)
    assert subtract_working_days(D(2024, 2, 14), 40) == D(2023, 12, 15)
    with pytest.raises(InputError):
        subtract_working_days(D(2024, 6, 5), -1)


def test_holiday_warning():
    assert holiday_warning(D(2024, 6, 5)) is None
    assert holiday_warning(D(2024, 6, 6)) == (
        "2024-06-06 is Nationaldagen, not a working day; the previous working day is 2024-06-05"
    )
    assert holiday_warning(D(2024, 6, 8)) == (
        "2024-06-08 is a Saturday, not a working day; the previous working day is 2024-06-07"
    )
    assert holiday_warning(D(2023, 12, 24)) == (
        "2023-12-24 is Julafton, not a working day; the previous working day is 2023-12-22"
    )


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))


@given(days, st.integers(min_value=-60, max_value=60))
def test_between_counts_day_by_day(after, span):
    upto = after + dt.timedelta(days=span)
    lo, hi = min(after, upto), max(after, upto)
    count = sum(is_working_day(lo + dt.timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    assert working_days_between(after, upto) == (count if upto >= after else -count)


@given(days, st.integers(min_value=1, max_value=60))
def test_subtract_is_inverse_of_between(day, n):
    earlier = subtract_working_days(day, n)
    assert is_working_day(earlier)
    assert working_days_between(earlier, previous_working_day(day)) == n - 1


def holidays_in_new_process(cache: Path, years: range) -> tuple[dict[str, dict[str, str]], bool]:
    """Each year's holidays and eves as a fresh process finds them with the cache in ``cache``,
    and whether it had to import the holidays package."""
    code = ("import json, sys; from scheduler.workdays import _holidays; "
            f"found = {{str(y): {{d.isoformat(): n for d, n in (_holidays(y) | _holidays(y, True)).items()}} "
            f"for y in {list(years)!r}}}; print(json.dumps([found, 'holidays' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "XDG_CACHE_HOME": str(cache)}).stdout
    found, imported = json.loads(out)
    return found, imported


def test_holidays_are_read_from_the_package_once_then_from_the_cache(tmp_path):
    years = range(2023, 2027)
    first, imported_first = holidays_in_new_process(tmp_path, years)
    again, imported_again = holidays_in_new_process(tmp_path, years)
    assert imported_first and not imported_again
    assert again == first
    assert first["2024"]["2024-06-21"] == "Midsommarafton" and first["2026"]["2026-04-03"] == "Långfredagen"
    assert [p.name for p in (tmp_path / "scheduler").iterdir()] == [cache_file().name]


@pytest.mark.parametrize("content", ["not json", '{"all-2024": ["2024-06-21"]}', "[]"])
def test_a_broken_cache_file_is_read_from_the_package_again(tmp_path, content):
    (tmp_path / "scheduler").mkdir()
    (tmp_path / "scheduler" / cache_file().name).write_text(content)
    found, imported = holidays_in_new_process(tmp_path, range(2024, 2025))
    assert imported and found["2024"]["2024-06-21"] == "Midsommarafton"
    assert holidays_in_new_process(tmp_path, range(2024, 2025)) == (found, False)


def test_another_installation_of_holidays_gets_its_own_cache_file(tmp_path, monkeypatch):
    """The cache is per installation of the holidays package (its folder's modification
    time): a new release is read from the package again, not from the old release's cache."""
    import importlib.machinery
    import os

    package = tmp_path / "site" / "holidays"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    spec = importlib.machinery.ModuleSpec("holidays", None, origin=str(package / "__init__.py"))
    monkeypatch.setattr("importlib.util.find_spec", lambda name: spec if name == "holidays" else None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    os.utime(package, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = cache_file()
    os.utime(package, ns=(1_800_000_000_000_000_000, 1_800_000_000_000_000_000))
    after = cache_file()
    assert before is not None and after is not None and before != after
    assert before.parent == after.parent == tmp_path / "cache" / "scheduler"
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert cache_file() is None  # no holidays package: nothing to keep
