"""The product's clock (``--today``) and zone (``--tz``), passed to the core explicitly."""

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

YEAR = dt.timedelta(days=365)
When = dt.datetime | dt.date


class Clock(NamedTuple):
    """``now`` decides what is upcoming, days left and notices; ``tz`` is the display zone."""

    now: dt.datetime
    tz: ZoneInfo

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.tz).date()

    def local(self, instant: dt.datetime) -> dt.datetime:
        return instant.astimezone(self.tz)

    def day_start(self, day: dt.date) -> dt.datetime:
        """00:00 of ``day`` in ``tz`` (midnight always exists in Europe/Stockholm)."""
        return dt.datetime.combine(day, dt.time(), self.tz)

    def day_end(self, day: dt.date) -> dt.datetime:
        """The last instant of ``day`` in ``tz``: a microsecond before the next midnight."""
        return self.day_start(day + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)

    def instant(self, when: dt.datetime | dt.date, *, end: bool = False) -> dt.datetime:
        """``when`` as an instant: a date means the start of that day (with ``end``, its end)."""
        if isinstance(when, dt.datetime):
            return when
        return self.day_end(when) if end else self.day_start(when)


def utcnow() -> dt.datetime:
    """The real clock: only for DTSTAMP and revision timestamps."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def default_clock(tz_name: str = "Europe/Stockholm") -> Clock:
    tz = ZoneInfo(tz_name)
    return Clock(now=dt.datetime.now(tz), tz=tz)


def hhmm(moment: dt.datetime | dt.time | None) -> str | None:
    return None if moment is None else f"{moment:%H:%M}"


def iso_instant(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).isoformat()
