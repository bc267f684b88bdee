"""Every listing takes the same --from/--to/--days window, --series and --person, with the
same meaning and the same help; bad windows are errors that change nothing."""

import icalendar
import pytest

from tests.test_help import command_at

LISTINGS = [("upcoming",), ("meeting", "list"), ("deadlines",), ("notices",), ("pending",),
            ("export",)]
SHARED = ("--from", "--to", "--days", "--series", "--person")
HELENE, CAMILLA = "Helene Olofsson", "Camilla Broo"


def option(path: tuple[str, ...], name: str):
    return next(p for p in command_at(path).params if name in getattr(p, "opts", ()))


@pytest.mark.parametrize("name", SHARED)
def test_every_listing_has_the_option_with_one_meaning(name):
    helps = {option(path, name).help for path in LISTINGS if name != "--days"}
    assert len(helps) <= 1, helps
    for path in LISTINGS:
        assert option(path, name).metavar in ("WHEN", "N", "SERIES", "PERSON")


def test_the_horizon_is_30_days_where_a_listing_has_one():
    for path in [("upcoming",), ("notices",), ("pending",), ("conflicts",)]:
        assert option(path, "--days").help.endswith("default 30.")
    for path in [("meeting", "list"), ("deadlines",), ("export",)]:
        assert "default" not in option(path, "--days").help


def ids(records, kind="meeting"):
    return [r["id"] for r in records if r.get("type", kind) == kind]


def test_upcoming_without_a_window_is_the_next_30_days(sample_cli):
    assert sample_cli.json("upcoming") == sample_cli.json("upcoming", "--days", "30")
    assert ids(sample_cli.json("upcoming")) == [1, 2]  # 15 December to 14 January
    assert ids(sample_cli.json("upcoming", "--days", "70")) == [1, 2, 3, 4, 5]


def test_a_person_sees_their_own_meetings_and_deadlines(sample_cli):
    """Helene is on both series (secretary) and owns most deadlines; Camilla is only on
    the Ledningsgrupp and owns none. External meetings have no one."""
    helene = sample_cli.json("upcoming", "--days", "70", "--person", HELENE)
    assert ids(helene) == [1, 3, 5]
    assert ids(helene, "deadline") == [1, 2, 3, 5, 6]
    camilla = sample_cli.json("upcoming", "--days", "70", "--person", CAMILLA)
    assert (ids(camilla), ids(camilla, "deadline")) == ([1, 5], [])
    assert ids(sample_cli.json("meeting", "list", "--person", CAMILLA)) == [1, 5]
    assert ids(sample_cli.json("deadlines", "--person", CAMILLA)) == []
    assert ids(sample_cli.json("deadlines", "--person", HELENE)) == [1, 2, 3, 5, 6, 7]


def test_deadlines_owner_is_another_name_of_person(sample_cli):
    assert sample_cli.json("deadlines", "--owner", HELENE) == sample_cli.json("deadlines", "--person", HELENE)


def test_a_series_narrows_meetings_and_deadlines_tied_to_them(sample_cli):
    found = sample_cli.json("upcoming", "--days", "70", "--series", "Ledningsgrupp")
    assert (ids(found), ids(found, "deadline")) == ([1, 5], [5, 6])
    assert ids(sample_cli.json("meeting", "list", "--series", "Samarbetskommittén")) == [3]


def test_a_window_from_a_date_ends_30_days_later_or_at_to(sample_cli):
    assert ids(sample_cli.json("upcoming", "--from", "2024-01-15")) == [3, 4]
    window = sample_cli.json("upcoming", "--from", "2024-02-01", "--to", "2024-02-29")
    assert ids(window) == [4, 5]
    assert ids(window, "deadline") == [2, 3, 5, 6]  # no overdue ones: the window is not from now
    assert window == sample_cli.json("upcoming", "--to", "2024-02-29", "--days", "28")


def test_a_window_from_now_keeps_overdue_deadlines(sample_cli):
    late = sample_cli.json("deadlines", "--days", "1", today="2024-01-20")
    assert ids(late) == [1]  # due 15 January, still open
    assert ids(sample_cli.json("deadlines", "--to", "2024-01-21", today="2024-01-20")) == [1]
    assert ids(sample_cli.json("deadlines", "--from", "2024-01-20", "--days", "1",
                               today="2024-01-20")) == []


def test_meeting_list_lists_every_meeting_or_a_window_without_expand(sample_cli):
    sample_cli.ok("meeting", "add", "Avstämning", "--start", "2024-01-08 09:00", "--end", "10.00",
                  "--rrule", "FREQ=WEEKLY;COUNT=6", "--organizer", HELENE)
    assert ids(sample_cli.json("meeting", "list")) == [1, 6, 2, 3, 4, 5]
    window = sample_cli.json("meeting", "list", "--from", "2024-01-10", "--to", "2024-01-31")
    assert [(r["id"], r["occurrence"]) for r in window] == [
        (2, None), (6, "2024-01-15"), (3, None), (6, "2024-01-22"), (6, "2024-01-29")]
    assert window == sample_cli.json("meeting", "list", "--expand", "--from", "2024-01-10",
                                     "--to", "2024-01-31")


def test_meeting_list_window_leaves_out_cancelled_ones_unless_asked(sample_cli):
    sample_cli.ok("meeting", "cancel", "3")
    assert 3 in ids(sample_cli.json("meeting", "list"))
    assert ids(sample_cli.json("meeting", "list", "--days", "40")) == [1, 2]
    assert ids(sample_cli.json("meeting", "list", "--days", "40", "--cancelled")) == [1, 2, 3]


def test_notices_and_pending_take_the_same_window_and_filters(sample_cli):
    assert sample_cli.json("notices") == []  # 16 February is beyond 30 days
    [notice] = sample_cli.json("notices", "--days", "70", "--person", CAMILLA)
    assert notice["id"] == 5
    assert sample_cli.json("notices", "--days", "70", "--series", "Samarbetskommittén") == []
    assert [t["id"] for t in sample_cli.json("pending")] == [1]
    mine = sample_cli.json("pending", "--days", "70", "--person", CAMILLA)
    assert [(t["id"], [u["name"] for u in t["untold"]]) for t in mine] == [(1, [CAMILLA]), (5, [CAMILLA])]


def test_export_takes_days_and_a_person(sample_cli, tmp_path):
    target = tmp_path / "camilla.ics"
    record = sample_cli.json("export", "--person", CAMILLA, "-o", str(target))
    assert (record["meetings"], record["deadlines"]) == (2, 0)
    events = icalendar.Calendar.from_ical(target.read_bytes()).events
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Ledningsgrupp", "Ledningsgrupp"]
    soon = sample_cli.json("export", "--days", "31", "-o", str(tmp_path / "soon.ics"))
    assert (soon["meetings"], soon["deadlines"]) == (2, 1)  # 15 December, 10 January; 15 January


BAD_WINDOWS = [
    (["--from", "2024-03-01", "--to", "2024-02-01"], "before --from"),
    (["--days", "5", "--from", "2024-01-01", "--to", "2024-02-01"], "not with both"),
    (["--days", "0"], "at least 1"),
    (["--days", "-3"], "at least 1"),
    (["--days", "soon"], "whole number"),
    (["--days", "4000"], "at most"),
    (["--from", "2024-02-30"], "2024-02-30"),
    (["--to", "den trettonde"], "den trettonde"),
    (["--to", "2023-12-01"], "before now"),
]
BAD_FILTERS = [
    (["--person", "Ingen Alls"], "No person 'Ingen Alls'"),
    (["--series", "Nämnden"], "No series 'Nämnden'"),
]
BAD = [(path, args, says) for path in [*LISTINGS, ("conflicts",)] for args, says in BAD_WINDOWS]
BAD += [(path, args, says) for path in LISTINGS for args, says in BAD_FILTERS]


@pytest.mark.parametrize("path,args,says", BAD, ids=[" ".join((*p, *a)) for p, a, _ in BAD])
def test_a_bad_window_or_filter_is_an_error_that_changes_nothing(sample_cli, tmp_path, path, args, says):
    before = sample_cli.dump()
    output = ["-o", str(tmp_path / "feed.ics")] if path == ("export",) else []
    result = sample_cli.fails(*path, *args, *output)
    assert says in result.stderr
    assert sample_cli.dump() == before
    assert not (tmp_path / "feed.ics").exists()


def test_errors_are_in_swedish_too(sample_cli):
    result = sample_cli.fails("--lang", "sv", "upcoming", "--from", "2024-03-01", "--to", "2024-02-01")
    assert result.stderr.startswith("Fel: --to 2024-02-01 ") and "--from 2024-03-01" in result.stderr
    assert "före" in result.stderr and "before" not in result.stderr


def test_format_text_means_plain_lines_in_attendance_and_notices(sample_cli):
    """In both commands --format is table (the terminal's view, the default) or text (plain
    lines to paste into minutes); attendance's older name 'minutes' is text."""
    assert option(("attendance",), "--format").help == option(("notices",), "--format").help
    block = sample_cli.ok("attendance", "1", "--format", "text").stdout
    assert block == sample_cli.ok("attendance", "1", "--format", "minutes").stdout
    assert "\tCamilla Broo\tHuddinge, " in block and "  " not in block
    assert sample_cli.ok("attendance", "1", "--format", "table").stdout == sample_cli.ok("attendance", "1").stdout
    notices = sample_cli.ok("notices", "--days", "70", "--format", "text").stdout
    assert notices.startswith("Ledningsgrupp: NOTE! New time and place") and notices.count("\n") == 1
    assert sample_cli.ok("notices", "--days", "70", "--format", "minutes").stdout == notices


@pytest.mark.parametrize("path", [("upcoming",), ("meeting", "list"), ("notices",), ("pending",),
                                  ("conflicts",)], ids=" ".join)
def test_a_window_too_long_to_expand_is_an_error(sample_cli, path):
    before = sample_cli.dump()
    result = sample_cli.fails(*path, "--from", "2024-01-01", "--to", "2040-01-01")
    assert "span more than 3660 days" in result.stderr
    assert sample_cli.dump() == before
