"""Swedish working days: Monday to Friday, except public holidays and the de facto
holidays Midsommarafton, Julafton and Nyårsafton (Semesterlagen 1977:480, 7 §)."""

import datetime as dt
import functools
import importlib.util
import json
import os
import tempfile
from pathlib import Path

from scheduler.errors import InputError, Phrase
from scheduler.text import i18n

WEEKDAYS = (Phrase("Monday"), Phrase("Tuesday"), Phrase("Wednesday"), Phrase("Thursday"), Phrase("Friday"),
            Phrase("Saturday"), Phrase("Sunday"))


# The holidays package's names of Sweden's holidays in each language of ours.
HOLIDAY_LANGUAGES = {"sv": "sv", "en": "en_US"}


@functools.cache
def _holidays(year: int, public_only: bool = False, language: str = "sv") -> dict[dt.date, str]:
    """The named Swedish holidays of one year (public and de facto) in ``language``, from the
    cache file or, the first time, from the holidays package."""
    kind = f"{'public' if public_only else 'all'}-{language}-{year}"
    table = _cache()
    if kind not in table:
        table[kind] = {day.isoformat(): name for day, name in _computed(year, public_only, language).items()}
        _save(table)
    return {dt.date.fromisoformat(day): name for day, name in table[kind].items()}


def _computed(year: int, public_only: bool, language: str) -> dict[dt.date, str]:
    import holidays

    calendar = holidays.country_holidays(
        "SE",
        years=year,
        language=HOLIDAY_LANGUAGES.get(language, "sv"),
        categories=(holidays.PUBLIC,) if public_only else (holidays.PUBLIC, holidays.DE_FACTO),
        include_sundays=False,  # older releases name every Sunday "Söndag"
    )
    return dict(calendar)


def cache_file() -> Path | None:
    """Where the holidays read from the holidays package are kept, per installation of it
    (``$XDG_CACHE_HOME/scheduler``, else ``~/.cache/scheduler``): importing the package
    (it loads every country) costs more than most commands' own work.

    An installation is told by the modification time of the package's folder, which
    installing another release changes (asking ``importlib.metadata`` for the release parses
    the package's metadata, 2 ms of every listing)."""
    found = importlib.util.find_spec("holidays")
    if found is None or found.origin is None:
        return None
    try:
        installed = os.stat(os.path.dirname(found.origin)).st_mtime_ns
    except OSError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "scheduler" / f"holidays-se-{installed}.json"


@functools.cache
def _cache() -> dict[str, dict[str, str]]:
    """The cache file's tables (``all-sv-2024``: {day: name}); empty when there is none or it
    cannot be read."""
    path = cache_file()
    try:
        found = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}
    valid = isinstance(found, dict) and all(
        isinstance(days, dict) and all(isinstance(d, str) and isinstance(n, str) for d, n in days.items())
        for days in found.values())
    return found if valid else {}


def _save(table: dict[str, dict[str, str]]) -> None:
    """Write the cache file whole (a new file renamed over the old); a cache that cannot be
    written is only slower."""
    path = cache_file()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                         suffix=".tmp") as out:
            json.dump(table, out, ensure_ascii=False)
        os.replace(out.name, path)
    except OSError:
        return


def holiday_name(day: dt.date, language: str = "sv") -> str | None:
    """The name of the holiday on ``day`` (``Nationaldagen``; in English ``National Day``), or None."""
    return _holidays(day.year, language=language).get(day)


def is_working_day(day: dt.date) -> bool:
    """True for Monday to Friday when ``day`` is no holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def is_holiday_eve(day: dt.date) -> bool:
    """True on the day before a public holiday ("dag före helgdag": Skärtorsdagen,
    Valborgsmässoafton, …), when many offices close early; the eves that are holidays in
    their own right (Midsommarafton, Julafton, Nyårsafton) are holidays already."""
    following = day + dt.timedelta(days=1)
    return day.weekday() < 5 and following in _holidays(following.year, public_only=True)


def _weekdays_through(day: dt.date) -> int:
    """Mondays to Fridays from 0001-01-01 (a Monday) through ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(after: dt.date, upto: dt.date) -> int:
    """Working days d with ``after < d <= upto``; negative when ``upto`` is before ``after``."""
    if upto < after:
        return -working_days_between(upto, after)
    holidays_on_weekdays = sum(
        1
        for year in range(after.year, upto.year + 1)
        for day in _holidays(year)
        if after < day <= upto and day.weekday() < 5
    )
    return _weekdays_through(upto) - _weekdays_through(after) - holidays_on_weekdays


def previous_working_day(day: dt.date) -> dt.date:
    """The last working day strictly before ``day``."""
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def subtract_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day before ``day``; with n = 0, ``day`` itself if it is a working
    day, else the previous working day."""
    if n < 0:
        raise InputError('cannot count {n} working days back; give 0 or more', n=n)
    if n == 0 and is_working_day(day):
        return day
    for _ in range(max(n, 1)):
        day = previous_working_day(day)
    return day


def holiday_warning(day: dt.date) -> Phrase | None:
    """Why ``day`` is not a working day, and which one comes before it; None on a working day."""
    if is_working_day(day):
        return None
    previous = previous_working_day(day).isoformat()
    if holiday := holiday_name(day, i18n.language()):
        return Phrase("{day} is {holiday}, not a working day; the previous working day is {previous}",
                      day=day.isoformat(), holiday=holiday, previous=previous)
    return Phrase("{day} is a {weekday}, not a working day; the previous working day is {previous}",
                  day=day.isoformat(), weekday=WEEKDAYS[day.weekday()], previous=previous)
