"""Recurring series: occurrences keep local time, one occurrence moved or cancelled, splits,
holiday warnings, and every bad input of a series change."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.errors import InputError, SchedulerWarning, StateError
from scheduler.meetings import MeetingEdit, add_meeting, edit_meeting
from scheduler.occurrences import instances_between, original_starts, parse_rule, restart
from scheduler.recurrence import (
    cancel_occurrence,
    checked_rule,
    edit_occurrence,
    split_series,
)
from scheduler.store.models import Meeting
from tests.icaljs import parse_ics

STOCKHOLM = ZoneInfo("Europe/Stockholm")
RULE = "FREQ=MONTHLY;BYDAY=3FR;COUNT=6"
YEAR = ("--from", "2024-01-01", "--to", "2024-12-31")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM)


def third_fridays(cli) -> None:
    """The sample's series: 16 February moved to 09.00–11.30 at StorSthlm, 15 March cancelled."""
    cli.ok("meeting", "add", "Ledningsgrupp", "--start", "2024-01-19 08:30", "--end", "11.00",
           "--location", "Huddinge kommunhus", "--rrule", RULE)
    cli.ok("meeting", "edit", "1", "--occurrence", "2024-02-16", "--start", "2024-02-16 09:00",
           "--end", "11.30", "--location", "StorSthlms lokaler")
    cli.ok("meeting", "cancel", "1", "--occurrence", "2024-03-15")


def starts(items) -> list[tuple[str, str | None, str]]:
    return [(i["start"], i["occurrence"], i["location"]) for i in items]


# The sample series, end to end ---------------------------------------------------------------


def test_third_friday_series_lists_as_the_issue_says(cli):
    cli.set_organizer()
    added = cli.run("meeting", "add", "Ledningsgrupp", "--start", "2024-01-19 08:30", "--end",
                    "11.00", "--location", "Huddinge kommunhus", "--rrule", RULE)
    assert added.exit_code == 0
    assert added.stderr == ("Warning: 'Ledningsgrupp' on 2024-06-21 falls on Midsummer Eve, "
                            "a Swedish holiday or holiday eve: check the date.\n")
    moved = cli.json("meeting", "edit", "1", "--occurrence", "2024-02-16", "--start",
                     "2024-02-16 09:00", "--end", "11.30", "--location", "StorSthlms lokaler")
    assert (moved["id"], moved["occurrence"], moved["start"], moved["end"]) == (
        1, "2024-02-16", "2024-02-16T09:00:00+01:00", "2024-02-16T11:30:00+01:00")
    assert moved["notice"]["kind"] == "time_and_place"
    assert moved["notice"]["message"] == (
        "OBS! Ny tid och plats: fre 16 feb 2024 09.00–11.30, StorSthlms lokaler "
        "(tidigare: 08.30–11.00, Huddinge kommunhus)")
    cancelled = cli.json("meeting", "cancel", "1", "--occurrence", "2024-03-15")
    assert (cancelled["occurrence"], cancelled["status"]) == ("2024-03-15", "cancelled")
    assert starts(cli.json("meeting", "list", "--expand", *YEAR)) == [
        ("2024-01-19T08:30:00+01:00", "2024-01-19", "Huddinge kommunhus"),
        ("2024-02-16T09:00:00+01:00", "2024-02-16", "StorSthlms lokaler"),
        ("2024-04-19T08:30:00+02:00", "2024-04-19", "Huddinge kommunhus"),
        ("2024-05-17T08:30:00+02:00", "2024-05-17", "Huddinge kommunhus"),
        ("2024-06-21T08:30:00+02:00", "2024-06-21", "Huddinge kommunhus"),
    ]
    with_cancelled = cli.json("meeting", "list", "--expand", "--cancelled", *YEAR)
    assert [(i["occurrence"], i["status"]) for i in with_cancelled][2] == ("2024-03-15", "cancelled")
    text = cli.ok("meeting", "list", "--expand", *YEAR).stdout
    assert text.splitlines()[3] == (
        "1/2024-02-16  Fri 16 Feb 2024 09:00–11:30  Ledningsgrupp  StorSthlms lokaler")


def test_the_exported_series_expands_to_the_same_instants_in_icaljs(cli, tmp_path):
    third_fridays(cli)
    feed = tmp_path / "feed.ics"
    cli.ok("export", "-o", str(feed))
    parsed = parse_ics(feed.read_bytes(), start="2024-01-01", end="2025-01-01")
    assert [(o["start_utc"], o["location"]) for o in parsed["occurrences"]] == [
        ("2024-01-19T07:30:00Z", "Huddinge kommunhus"),
        ("2024-02-16T08:00:00Z", "StorSthlms lokaler"),
        ("2024-04-19T06:30:00Z", "Huddinge kommunhus"),
        ("2024-05-17T06:30:00Z", "Huddinge kommunhus"),
        ("2024-06-21T06:30:00Z", "Huddinge kommunhus"),
    ]


# Local wall time across daylight saving ------------------------------------------------


def test_weekly_series_keeps_0830_across_the_change_to_summer_time(cli):
    cli.ok("meeting", "add", "Veckomöte", "--start", "2024-03-18 08:30", "--end", "09.30",
           "--rrule", "FREQ=WEEKLY;COUNT=4")
    assert [i["start"] for i in cli.json("meeting", "list", "--expand", *YEAR)] == [
        "2024-03-18T08:30:00+01:00", "2024-03-25T08:30:00+01:00",
        "2024-04-01T08:30:00+02:00", "2024-04-08T08:30:00+02:00",
    ]


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
       minutes=st.integers(min_value=6 * 60, max_value=20 * 60),
       interval=st.integers(min_value=1, max_value=4),
       count=st.integers(min_value=2, max_value=60))
def test_any_weekly_rule_keeps_its_wall_time(day, minutes, interval, count):
    start = local(day.year, day.month, day.day, minutes // 60, minutes % 60)
    rule = checked_rule(f"FREQ=WEEKLY;INTERVAL={interval};COUNT={count}", start)
    master = Meeting(uid="x", title="Vecka", start=start, end=start + dt.timedelta(minutes=90),
                     rrule=rule, tzid="Europe/Stockholm")
    found = list(original_starts(master, start, start + dt.timedelta(weeks=interval * count)))
    assert len(found) == count
    for number, begins in enumerate(found):
        begins = begins.astimezone(STOCKHOLM)
        assert begins.date() == day + dt.timedelta(weeks=interval * number)
        assert (begins.hour, begins.minute) == (minutes // 60, minutes % 60)


# One occurrence -----------------------------------------------------------------------


def test_moving_an_occurrence_raises_the_series_sequence_once(session, clock):
    master = add_meeting(session, clock, title="Lg", start=local(2024, 1, 19, 8, 30),
                         end=local(2024, 1, 19, 11, 0), rrule=RULE)
    instance, done = edit_occurrence(session, clock, master, dt.date(2024, 2, 16),
                                     MeetingEdit(start=local(2024, 2, 16, 9, 0),
                                                 location="StorSthlm"))
    assert [field for field, _, _ in done] == ["start", "end", "location"]
    assert (instance.start, instance.end) == (local(2024, 2, 16, 9, 0), local(2024, 2, 16, 11, 30))
    assert instance.meeting.recurrence_id == local(2024, 2, 16, 8, 30)
    assert (master.sequence, instance.meeting.sequence) == (1, 1)
    again, nothing = edit_occurrence(session, clock, master, dt.date(2024, 2, 16),
                                     MeetingEdit(location="StorSthlm"))
    assert nothing == [] and again.meeting.sequence == 1


def test_an_edit_that_changes_nothing_writes_no_override(cli):
    cli.ok("meeting", "add", "Lg", "--start", "2024-01-19 08:30", "--end", "11.00",
           "--location", "Huddinge kommunhus", "--rrule", RULE)
    before = cli.dump()
    result = cli.ok("meeting", "edit", "1", "--occurrence", "2024-02-16", "--location",
                    "Huddinge kommunhus")
    assert "Nothing changed: meeting 1 already has those values." in result.stderr
    assert cli.dump() == before


def test_reopening_a_cancelled_occurrence(session, clock):
    master = add_meeting(session, clock, title="Lg", start=local(2024, 1, 19, 8, 30),
                         end=local(2024, 1, 19, 11, 0), rrule=RULE)
    cancel_occurrence(session, master, dt.date(2024, 3, 15))
    reopened, done = edit_occurrence(session, clock, master, dt.date(2024, 3, 15),
                                     MeetingEdit(reopen=True))
    assert [(f, old, new) for f, old, new in done] == [("status", "cancelled", "confirmed")]
    assert master.sequence == 2 and not reopened.cancelled


def test_a_cancelled_series_cancels_every_occurrence(session, clock):
    from scheduler.meetings import cancel_meeting

    master = add_meeting(session, clock, title="Lg", start=local(2024, 1, 19, 8, 30),
                         end=local(2024, 1, 19, 11, 0), rrule=RULE)
    edit_occurrence(session, clock, master, dt.date(2024, 2, 16), MeetingEdit(location="Annan"))
    cancel_meeting(session, master)
    assert instances_between(session, local(2024, 1, 1), local(2024, 12, 31)) == []


def test_moving_an_occurrence_onto_a_holiday_warns(session, clock):
    master = add_meeting(session, clock, title="Lg", start=local(2024, 11, 15, 8, 30),
                         end=local(2024, 11, 15, 11, 0), rrule="FREQ=MONTHLY;BYDAY=3FR;COUNT=2")
    with pytest.warns(SchedulerWarning, match="2024-12-24 falls on Julafton"):
        edit_occurrence(session, clock, master, dt.date(2024, 12, 20),
                        MeetingEdit(start=local(2024, 12, 24, 9, 0)))


def test_holiday_warnings_for_a_single_meeting_and_each_occurrence(cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "en")
    cli.set_organizer()
    single = cli.run("meeting", "add", "Nyår", "--start", "2024-12-31 10:00")
    assert single.stderr == ("Warning: 'Nyår' on 2024-12-31 falls on New Year's Eve, a Swedish "
                             "holiday or holiday eve: check the date.\n")
    yearly = cli.run("meeting", "add", "Jul", "--start", "2024-12-24 10:00",
                     "--rrule", "FREQ=YEARLY")
    assert yearly.stderr == ("Warning: 'Jul' falls on Swedish holidays or holiday eves on "
                             "2024-12-24 (Christmas Eve), 2025-12-24 (Christmas Eve), 2026-12-24 (Christmas Eve): "
                             "check the dates.\n")
    plain = cli.run("meeting", "add", "Vanlig", "--start", "2024-01-19 08:30", "--rrule",
                    "FREQ=MONTHLY;BYDAY=3FR;COUNT=5")
    assert plain.stderr == ""


# The whole series and splits -----------------------------------------------------------


def test_split_ends_the_series_in_utc_and_continues_with_the_rest_of_the_count(cli):
    third_fridays(cli)
    cli.ok("meeting", "edit", "1", "--occurrence", "2024-05-17", "--location", "Annan")
    result = cli.run("meeting", "edit", "1", "--from-occurrence", "2024-04-19",
                     "--start", "2024-04-19 09:00", "--location", "Tyresö", "--json")
    assert result.exit_code == 0
    assert "Meeting 1 now ends before 2024-04-19; meeting 5 takes over from 2024-04-19." \
        in result.stderr
    heir = cli.json("meeting", "show", "5")
    assert heir["rrule"] == "FREQ=MONTHLY;BYDAY=3FR;COUNT=3"
    assert cli.json("meeting", "show", "1")["rrule"] == \
        "FREQ=MONTHLY;BYDAY=3FR;UNTIL=20240419T062959Z"
    assert [(i["id"], i["occurrence"], i["start"], i["location"])
            for i in cli.json("meeting", "list", "--expand", *YEAR)] == [
        (1, "2024-01-19", "2024-01-19T08:30:00+01:00", "Huddinge kommunhus"),
        (1, "2024-02-16", "2024-02-16T09:00:00+01:00", "StorSthlms lokaler"),
        (5, "2024-04-19", "2024-04-19T09:00:00+02:00", "Tyresö"),
        (5, "2024-05-17", "2024-05-17T09:00:00+02:00", "Annan"),
        (5, "2024-06-21", "2024-06-21T09:00:00+02:00", "Tyresö"),
    ]
    old = [(r["field"], r["new"]) for r in cli.json("meeting", "history", "1")]
    assert ("rrule", "FREQ=MONTHLY;BYDAY=3FR;UNTIL=20240419T062959Z") in old
    assert ("split_to", "5 2024-04-19") in old
    new = [(r["field"], r["occurrence"]) for r in cli.json("meeting", "history", "5")]
    assert ("split_from", None) in new and ("master_id", "2024-05-17") in new


def test_split_from_the_first_occurrence_edits_the_whole_series(session, clock):
    master = add_meeting(session, clock, title="Lg", start=local(2024, 1, 19, 8, 30),
                         end=local(2024, 1, 19, 11, 0), rrule=RULE)
    target, done = split_series(session, clock, master, dt.date(2024, 1, 19),
                                MeetingEdit(location="Tyresö"))
    assert target is master and done == [("location", None, "Tyresö")]


def test_moving_the_whole_series_brings_its_changed_occurrences_along(session, clock):
    master = add_meeting(session, clock, title="Lg", start=local(2024, 1, 19, 8, 30),
                         end=local(2024, 1, 19, 11, 0), location="Huddinge", rrule=RULE)
    edit_occurrence(session, clock, master, dt.date(2024, 2, 16),
                    MeetingEdit(start=local(2024, 2, 16, 13, 0)))
    cancel_occurrence(session, master, dt.date(2024, 3, 15))
    edit_meeting(session, clock, master,
                 MeetingEdit(start=local(2024, 1, 19, 9, 0), location="Tyresö"))
    found = instances_between(session, local(2024, 1, 1), local(2024, 12, 31),
                              include_cancelled=True)
    assert [(i.start.astimezone(STOCKHOLM).strftime("%m-%d %H:%M"), i.meeting.location,
             i.cancelled) for i in found][:4] == [
        ("01-19 09:00", "Tyresö", False), ("02-16 13:00", "Tyresö", False),
        ("03-15 09:00", "Tyresö", True), ("04-19 09:00", "Tyresö", False)]
    assert master.sequence == 3


# Bad input ----------------------------------------------------------------------------


def test_an_rrule_that_does_not_parse_is_quoted(cli):
    before = cli.dump()
    result = cli.fails("meeting", "add", "Lg", "--start", "2024-01-19 08:30",
                       "--rrule", "FREQ=MONTHLY;BYDAY=3XX")
    assert "The RRULE 'FREQ=MONTHLY;BYDAY=3XX' does not parse" in result.stderr
    assert cli.dump() == before


def test_a_start_that_is_not_the_rules_first_occurrence(cli):
    result = cli.fails("meeting", "add", "Lg", "--start", "2024-01-18 08:30", "--rrule", RULE)
    assert result.stderr == (
        "Error: The start 2024-01-18 08:30 is not an occurrence of the RRULE "
        "'FREQ=MONTHLY;BYDAY=3FR;COUNT=6'; its first is 2024-01-19 08:30: start the series on "
        "that day.\n")


def test_a_date_that_is_not_an_occurrence(cli):
    third_fridays(cli)
    before = cli.dump()
    for command in (["edit", "1", "--occurrence", "2024-02-15", "--location", "X"],
                    ["cancel", "1", "--occurrence", "2024-02-15"],
                    ["edit", "1", "--from-occurrence", "2024-02-15", "--location", "X"]):
        result = cli.fails("meeting", *command)
        assert result.stderr == (
            "Error: 2024-02-15 is not an occurrence of meeting 1 'Ledningsgrupp' (the nearest: "
            "2024-01-19, 2024-02-16): give an original date from 'scheduler meeting list "
            "--expand'.\n")
    assert cli.dump() == before


def test_an_occurrence_of_a_meeting_that_does_not_recur(cli):
    cli.ok("meeting", "add", "Enstaka", "--start", "2024-01-19 08:30")
    result = cli.fails("meeting", "cancel", "1", "--occurrence", "2024-01-19")
    assert "Meeting 1 'Enstaka' does not recur" in result.stderr


def test_moving_an_occurrence_onto_another(cli):
    cli.ok("meeting", "add", "Vecka", "--start", "2024-03-18 08:30", "--end", "09.30",
           "--rrule", "FREQ=WEEKLY;COUNT=4")
    before = cli.dump()
    result = cli.fails("meeting", "edit", "1", "--occurrence", "2024-03-18", "--start",
                       "2024-03-25 09:00")
    assert result.stderr == (
        "Error: Moving the occurrence 2024-03-18 to 2024-03-25 09:00 puts it on the occurrence "
        "2024-03-25 (2024-03-25 08:30): choose another time, or cancel that occurrence first.\n")
    assert cli.dump() == before
    cli.ok("meeting", "cancel", "1", "--occurrence", "2024-03-25")
    cli.ok("meeting", "edit", "1", "--occurrence", "2024-03-18", "--start", "2024-03-25 09:00")


def test_editing_a_cancelled_occurrence_or_series_needs_reopen(cli):
    third_fridays(cli)
    before = cli.dump()
    result = cli.fails("meeting", "edit", "1", "--occurrence", "2024-03-15", "--location", "X")
    assert result.stderr == ("Error: The occurrence 2024-03-15 of meeting 1 'Ledningsgrupp' is "
                             "cancelled: add --reopen to edit it and make it happen again.\n")
    again = cli.fails("meeting", "cancel", "1", "--occurrence", "2024-03-15")
    assert "is already cancelled" in again.stderr
    assert cli.dump() == before
    reopened = cli.json("meeting", "edit", "1", "--occurrence", "2024-03-15", "--reopen")
    assert reopened["status"] == "confirmed"
    cli.ok("meeting", "cancel", "1")
    stopped = cli.fails("meeting", "edit", "1", "--occurrence", "2024-04-19", "--location", "X")
    assert stopped.stderr == ("Error: Meeting 1 'Ledningsgrupp' is cancelled as a whole: reopen "
                              "it first with 'scheduler meeting edit 1 --reopen'.\n")


def test_from_occurrence_before_the_first(cli):
    third_fridays(cli)
    before = cli.dump()
    result = cli.fails("meeting", "edit", "1", "--from-occurrence", "2023-12-15",
                       "--location", "X")
    assert result.stderr == (
        "Error: --from-occurrence 2023-12-15 is before the first occurrence of meeting 1 "
        "'Ledningsgrupp' (2024-01-19): give a date from 2024-01-19 on.\n")
    assert cli.dump() == before


def test_core_errors_are_scheduler_errors(session, clock):
    master = add_meeting(session, clock, title="Lg", start=local(2024, 1, 19, 8, 30),
                         end=local(2024, 1, 19, 11, 0), rrule=RULE)
    with pytest.raises(InputError):
        split_series(session, clock, master, dt.date(2024, 1, 1), MeetingEdit(location="X"))
    cancel_occurrence(session, master, dt.date(2024, 2, 16))
    with pytest.raises(StateError):
        edit_occurrence(session, clock, master, dt.date(2024, 2, 16), MeetingEdit(location="X"))


def test_no_holiday_warning_for_a_day_already_past(cli):
    cli.set_organizer()
    result = cli.run("meeting", "add", "Midsommar", "--start", "2023-06-23 10:00")
    assert result.stderr == "Warning: 'Midsommar' is in the past (2023-06-23).\n"


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "FREQ=DAILY;INTERVAL=3",
                                  "FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SU,MO", "FREQ=MONTHLY;BYDAY=3FR",
                                  "FREQ=WEEKLY;COUNT=500", "FREQ=WEEKLY;UNTIL=20240320T000000Z"])
@given(first=st.datetimes(min_value=dt.datetime(2014, 1, 1), max_value=dt.datetime(2030, 1, 1)))
@settings(max_examples=40, deadline=None)
def test_a_series_begun_long_ago_restarts_near_the_window_with_the_same_occurrences(rule, first):
    began = local(2015, 1, 5, 8, 0)
    first = first.replace(tzinfo=STOCKHOLM)
    whole, near = (parse_rule(rule, start).xafter(first, inc=True) for start in (began, restart(rule, began, first)))
    assert [(a, a.utcoffset()) for _, a in zip(range(30), whole)] == [
        (b, b.utcoffset()) for _, b in zip(range(30), near)]
