"""``scheduler import``: Outlook, Google, Apple and Thunderbird exports, re-imports that change
nothing or update through the revision log, the round trip through ``export``, and every bad
input."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from scheduler.ical.importer import import_calendar
from scheduler.ical.reading import local_zone, named_zone
from scheduler.store.models import Meeting
from tests.conftest import ROOT, Cli

DATA = ROOT / "tests" / "data" / "import"
OUTLOOK, GOOGLE, APPLE, THUNDERBIRD = (str(DATA / f"{name}.ics") for name in
                                       ("outlook", "google", "apple", "thunderbird"))
LATER = str(DATA / "outlook-later.ics")
TEAMS = ("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ2ZTc4MmYtYjQ3Ny00ZDM1LWE0OT"
         "MtOGI5ZGE1NTY4ZDNh%40thread.v2/0?context=%7b%22Tid%22%3a%22a1b2c3%22%7d")
SPARVAG = "040000008200E00074C5B7101A82E0080000000070F5A9C2B72FDA01000000000000000010000000" \
          "12AB34CD56EF4A1B9C8D7E6F5A4B3C21"
WEEKLY = "7t1c5s0p9n2m4k6j8h0g3f5d1b@google.com"
YEARS = ("--from", "2023-01-01", "--to", "2025-12-31", "--cancelled")


def write(tmp_path: Path, text: str, name: str = "export.ics") -> str:
    """``text`` as an .ics file with CRLF line ends; returns its path."""
    path = tmp_path / name
    path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode())
    return str(path)


def calendar(*events: str, extra: str = "") -> str:
    """A VCALENDAR around ``events`` (each the lines inside one VEVENT)."""
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n{extra}{body}END:VCALENDAR\n"


def edited(source: str, *pairs: tuple[str, str]) -> str:
    """The text of a test export with each (old, new) replaced once."""
    text = Path(source).read_bytes().decode()
    for old, new in pairs:
        assert text.count(old) >= 1, old
        text = text.replace(old, new)
    return text


def listing(cli: Cli) -> list[tuple]:
    """Every meeting and occurrence: title, start, end, place, link, status."""
    return [(m["occurrence"], m["title"], m["start"], m["end"], m["location"], m["status"])
            for m in cli.json("meeting", "list", "--expand", *YEARS)]


def by_title(cli: Cli) -> dict[str, dict]:
    return {m["title"]: m for m in cli.json("meeting", "list")}


def people(cli: Cli, ident: str) -> list[tuple[str, str, str]]:
    return [(p["name"], p["role"], p["rsvp"]) for p in cli.json("attendance", ident)["participants"]]


# Outlook ---------------------------------------------------------------------------------


def test_outlook_export(cli):
    result = cli.run("import", OUTLOOK, "--json")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("{")
    assert cli.json("import", OUTLOOK) == {
        "file": OUTLOOK, "added": 0, "updated": 0, "unchanged": 3, "skipped": 0, "deadlines": 0,
        "meetings": [1, 2, 3]}
    meetings = by_title(cli)
    teams = meetings["Genomgång av remissversionen RUFS 2050"]
    assert (teams["start"], teams["end"], teams["location"], teams["online"]) == (
        "2024-02-06T13:00:00+01:00", "2024-02-06T15:00:00+01:00", "Microsoft Teams-möte", TEAMS)
    assert (teams["organizer"], teams["external"], teams["status"], teams["sequence"]) == (
        "Anton Västberg", True, "confirmed", 0)
    assert teams["description"].startswith("Hej,\n\nVälkomna till en genomgång")
    spårväg = meetings["Spårväg Syd: finansiering"]
    assert (spårväg["uid"], spårväg["start"], spårväg["location"], spårväg["sequence"]) == (
        SPARVAG, "2024-03-05T09:00:00+01:00", "Regionens hus, Hantverkargatan 45, Stockholm", 1)
    # Outlook's all-day event in local midnights with X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
    remiss = meetings["Remissutskick RUFS 2050 (preliminärt)"]
    assert (remiss["all_day"], remiss["start"], remiss["end"]) == (True, "2024-04-15", "2024-04-15")


def test_outlook_attendees_matched_by_email(sample_cli):
    before = {p["email"]: p["name"] for p in sample_cli.json("person", "list")}
    sample_cli.ok("import", OUTLOOK)
    after = {p["email"]: p["name"] for p in sample_cli.json("person", "list")}
    assert {email: name for email, name in after.items() if email not in before} == {
        "karin.ek@regionstockholm.example": "Karin Ek"}  # the room is no person
    assert people(sample_cli, "6") == [
        ("Helene Olofsson", "participant", "needs-action"),
        ("Camilla Broo", "participant", "needs-action"),
        ("Johan Westin", "optional", "needs-action"),
        ("Karin Ek", "participant", "needs-action")]
    assert people(sample_cli, "7") == [("Helene Olofsson", "participant", "accepted"),
                                       ("Kristina Tidestav", "participant", "tentative")]


def test_windows_zone_names_map_and_keep_the_local_clock(session, clock):
    assert named_zone("W. Europe Standard Time") == ZoneInfo("Europe/Berlin")
    assert named_zone("/mozilla.org/20070129_1/Europe/Stockholm") == ZoneInfo("Europe/Stockholm")
    assert named_zone("Mars/Olympus") is None
    assert local_zone(ZoneInfo("Europe/Berlin"), clock) == ZoneInfo("Europe/Stockholm")
    assert local_zone(ZoneInfo("Europe/Helsinki"), clock) == ZoneInfo("Europe/Helsinki")
    import_calendar(session, clock, Path(OUTLOOK))
    import_calendar(session, clock, Path(APPLE))
    zones = {m.title: m.tzid for m in session.exec(select(Meeting))}
    assert zones["Spårväg Syd: finansiering"] == "Europe/Stockholm"
    assert zones["Nordiskt storstadsnätverk"] == "Europe/Helsinki"


# Google ----------------------------------------------------------------------------------


def test_google_export(cli):
    assert cli.json("import", GOOGLE) == {
        "file": GOOGLE, "added": 3, "updated": 0, "unchanged": 0, "skipped": 0, "deadlines": 0,
        "meetings": [1, 3, 2]}
    meetings = by_title(cli)
    single = meetings["Trafiknätverket: remissvar inriktningsplaneringen"]
    assert (single["start"], single["end"], single["online"], single["location"]) == (
        "2024-01-23T10:00:00+01:00", "2024-01-23T11:00:00+01:00",
        "https://meet.google.com/qvx-hmdt-kzp", None)  # UTC times shown in X-WR-TIMEZONE
    zoom = meetings["Webbinarium: Sverigeförhandlingen"]
    assert (zoom["online"], zoom["location"], zoom["status"]) == (
        "https://zoom.us/j/94512345678?pwd=c2VkZXJ0b3Ju", None, "tentative")
    weekly = meetings["Avstämning inriktningsplaneringen"]
    assert (weekly["uid"], weekly["rrule"], weekly["online"]) == (
        WEEKLY, "FREQ=WEEKLY;UNTIL=20240227T065959Z;BYDAY=TU;WKST=MO",
        "https://meet.google.com/wzr-pbnc-ufa")
    assert [row for row in listing(cli) if row[1] == "Avstämning inriktningsplaneringen"] == [
        ("2024-01-16", "Avstämning inriktningsplaneringen", "2024-01-16T08:00:00+01:00",
         "2024-01-16T08:30:00+01:00", None, "confirmed"),
        ("2024-01-23", "Avstämning inriktningsplaneringen", "2024-01-23T08:00:00+01:00",
         "2024-01-23T08:30:00+01:00", None, "confirmed"),
        ("2024-01-30", "Avstämning inriktningsplaneringen", "2024-01-30T08:00:00+01:00",
         "2024-01-30T08:30:00+01:00", None, "confirmed"),
        ("2024-02-06", "Avstämning inriktningsplaneringen", "2024-02-07T13:00:00+01:00",
         "2024-02-07T13:30:00+01:00", "Tyresö kommunhus, rum Bollmora", "confirmed"),
        ("2024-02-13", "Avstämning inriktningsplaneringen", "2024-02-13T08:00:00+01:00",
         "2024-02-13T08:30:00+01:00", None, "cancelled"),  # EXDATE
        ("2024-02-20", "Avstämning inriktningsplaneringen", "2024-02-20T08:00:00+01:00",
         "2024-02-20T08:30:00+01:00", None, "confirmed"),
    ]
    # the mailing list (CUTYPE=GROUP) is no person; an address without a name keeps it
    assert people(cli, str(weekly["id"])) == [
        ("Cynthia Runefjärd", "participant", "accepted"),
        ("per.lind@huddinge.example", "participant", "accepted")]


def test_exported_occurrences_read_back(cli):
    cli.ok("import", GOOGLE)
    ics = cli.ok("export", "-o", "-").stdout_bytes
    assert b"EXDATE;TZID=Europe/Stockholm:20240213T080000\r\n" in ics
    assert b"RECURRENCE-ID;TZID=Europe/Stockholm:20240206T080000\r\n" in ics
    assert f"UID:{WEEKLY}\r\n".encode() in ics


@pytest.mark.parametrize("header, start, zone", [
    ("", "DTSTART:20240110T090000", "Europe/Stockholm"),  # floating: --tz
    ("X-WR-TIMEZONE:Europe/Helsinki\n", "DTSTART:20240110T090000", "Europe/Helsinki"),
    ("X-WR-TIMEZONE:Europe/Helsinki\n", "DTSTART:20240110T070000Z", "Europe/Helsinki"),
    ("X-WR-TIMEZONE:Europe/Berlin\n", "DTSTART:20240110T080000Z", "Europe/Stockholm"),
])
def test_times_without_a_zone_belong_to_the_calendar(session, clock, tmp_path, header, start,
                                                     zone):
    path = write(tmp_path, calendar(f"UID:f@example.org\nSUMMARY:Möte\n{start}", extra=header))
    import_calendar(session, clock, Path(path))
    meeting = session.exec(select(Meeting)).one()
    assert (meeting.start.astimezone(ZoneInfo(meeting.tzid)).hour, meeting.tzid) == (
        9, zone)


# Apple and Thunderbird -------------------------------------------------------------------


def test_apple_export(cli):
    result = cli.json("import", APPLE)
    assert (result["added"], result["deadlines"]) == (2, 2)  # Apple's all-day events are marked free
    assert [(m["title"], m["all_day"], m["start"], m["end"], m["location"])
            for m in cli.json("meeting", "list")] == [
        ("Planeringskonferens Samarbetskommittén", False, "2024-01-16T12:00:00+01:00",
         "2024-01-16T16:00:00+01:00", "Körunda, Nynäshamn"),
        ("Nordiskt storstadsnätverk", False, "2024-04-11T09:00:00+02:00",
         "2024-04-11T14:00:00+02:00", "Helsingfors stadshus, Norra esplanaden 11–13"),
    ]
    assert [(d["title"], d["due_from"], d["due"]) for d in cli.json("deadlines")] == [
        ("Kommunstyrelsen i Huddinge sammanträder", "2024-03-18", "2024-03-18"),
        ("Södertörnskonferensen (preliminärt)", "2025-05-14", "2025-05-15"),
    ]


def test_thunderbird_tasks_skipped_and_cancelled_event_kept(sample_cli):
    result = sample_cli.run("import", THUNDERBIRD, "--json")
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: {THUNDERBIRD}: 2 VTODO skipped: import takes events "
                             "(VEVENT) only.\n")
    assert result.stdout.startswith('{\n  "file"')
    meetings = by_title(sample_cli)
    cancelled = meetings["Ledningsgruppens extramöte om kommunikationsresursen"]
    assert (cancelled["status"], cancelled["sequence"], cancelled["organizer"]) == (
        "cancelled", 2, "Camilla Broo")
    assert people(sample_cli, str(cancelled["id"])) == [
        ("Camilla Broo", "chair", "accepted"),
        ("Mats Bergström", "participant", "declined"),
        ("Helene Olofsson", "participant", "needs-action")]
    work = meetings["Arbetsgrupp trafik: remissvar"]
    assert people(sample_cli, str(work["id"])) == [
        ("Lars Nyberg", "chair", "accepted"),
        ("Per Lind", "participant", "accepted"),
        ("Helene Olofsson", "optional", "needs-action")]


def test_a_later_file_names_someone_first_seen_by_address(cli):
    cli.ok("import", GOOGLE)
    cli.ok("import", THUNDERBIRD)
    names = [p["name"] for p in cli.json("person", "list")]
    assert "Per Lind" in names and "per.lind@huddinge.example" not in names


def test_other_components_are_counted(cli, tmp_path):
    path = write(tmp_path, calendar(
        "UID:a@example.org\nDTSTART:20240110T090000Z\nSUMMARY:Möte",
        extra="BEGIN:VJOURNAL\nUID:j@example.org\nSUMMARY:Anteckning\nEND:VJOURNAL\n"
              "BEGIN:VTODO\nUID:t@example.org\nSUMMARY:Göra\nEND:VTODO\n"))
    result = cli.run("import", path)
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: {path}: 1 VJOURNAL and 1 VTODO skipped: import takes "
                             "events (VEVENT) only.\n")
    assert result.stdout == f"Imported {path}: 1 added, 0 updated, 0 unchanged, 2 skipped.\n"
    # no DTEND: an hour, as 'meeting add' gives
    assert cli.json("meeting", "show", "1")["end"] == "2024-01-10T11:00:00+01:00"


# Options ---------------------------------------------------------------------------------


def test_series_and_ours(sample_cli):
    sample_cli.ok("import", THUNDERBIRD, "--series", "Ledningsgrupp", "--ours")
    work = by_title(sample_cli)["Arbetsgrupp trafik: remissvar"]
    assert (work["series"], work["external"], work["organizer"]) == (
        "Ledningsgrupp", False, "Lars Nyberg")
    assert len(people(sample_cli, str(work["id"]))) == 9 + 2  # the members, and two from the file


# Importing again -------------------------------------------------------------------------


@pytest.mark.parametrize("source", [OUTLOOK, GOOGLE, APPLE, THUNDERBIRD])
def test_the_same_file_again_changes_nothing(cli, source):
    first = cli.json("import", source)
    before = cli.dump()
    again = cli.json("import", source)
    assert cli.dump() == before
    assert (again["added"], again["updated"], again["unchanged"], again["meetings"]) == (
        0, 0, first["added"], first["meetings"])


def test_a_newer_export_updates_through_the_log(cli):
    cli.ok("import", OUTLOOK)
    assert cli.json("import", LATER) == {
        "file": LATER, "added": 0, "updated": 1, "unchanged": 2, "skipped": 0, "deadlines": 0,
        "meetings": [1, 2, 3]}
    moved = cli.json("meeting", "show", "2")
    assert (moved["start"], moved["end"], moved["location"], moved["sequence"]) == (
        "2024-03-05T10:00:00+01:00", "2024-03-05T11:30:00+01:00",
        "Tekniska nämndhuset, Fleminggatan 4, Stockholm", 2)
    assert moved["notice"]["message"] == (
        "OBS! Ny tid och plats: tis 5 mar 2024 10.00–11.30, Tekniska nämndhuset, Fleminggatan 4, "
        "Stockholm (tidigare: 09.00–10.30, Regionens hus, Hantverkargatan 45, Stockholm)")
    history = cli.json("meeting", "history", "2")
    assert [(r["field"], r["reason"]) for r in history[1:] if r["entity"] == "meeting"] == [
        ("start", "import from outlook-later.ics"), ("end", "import from outlook-later.ics"),
        ("location", "import from outlook-later.ics"), ("sequence", "import from outlook-later.ics")]
    assert people(cli, "2")[1] == ("Kristina Tidestav", "participant", "accepted")
    assert [n["id"] for n in cli.json("notices", "--days", "365")] == [2]


def test_an_older_export_is_skipped(cli):
    cli.ok("import", LATER)
    before = cli.dump()
    result = cli.run("import", OUTLOOK, "--json")
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {OUTLOOK}: the event 'Spårväg Syd: finansiering' (UID {SPARVAG}) has "
        "SEQUENCE 1, lower than meeting 2's 2: it is an older export, or the meeting was changed "
        "here since; skipped.\n")
    assert '"skipped": 1' in result.stdout and '"unchanged": 2' in result.stdout
    assert cli.dump() == before


@pytest.mark.parametrize("flag, sequence", [("--external", 1), ("--ours", 2)])
def test_a_new_time_at_the_same_sequence(cli, tmp_path, flag, sequence):
    """External meetings keep the organizer's SEQUENCE; ours raise it for the attendees."""
    cli.ok("import", OUTLOOK, flag)
    path = write(tmp_path, edited(OUTLOOK, ("20240305T090000", "20240305T093000")))
    assert cli.json("import", path)["updated"] == 1
    moved = cli.json("meeting", "show", "2")
    assert (moved["start"], moved["end"], moved["sequence"]) == (
        "2024-03-05T09:30:00+01:00", "2024-03-05T10:30:00+01:00", sequence)


def test_a_cancellation_in_a_newer_export(cli, tmp_path):
    cli.ok("import", OUTLOOK)
    path = write(tmp_path, edited(LATER, ("SEQUENCE:2", "SEQUENCE:3\nSTATUS:CANCELLED")))
    assert cli.json("import", path)["updated"] == 1
    cancelled = cli.json("meeting", "show", "2")
    assert (cancelled["status"], cancelled["sequence"]) == ("cancelled", 3)
    assert people(cli, "2")[1] == ("Kristina Tidestav", "participant", "accepted")


def test_a_series_moved_to_another_hour_keeps_its_changed_occurrences(cli, tmp_path):
    cli.ok("import", GOOGLE)
    path = write(tmp_path, edited(GOOGLE, ("T080000", "T090000"), ("T083000", "T093000")))
    assert cli.json("import", path)["updated"] == 1
    rows = [row for row in listing(cli) if row[1] == "Avstämning inriktningsplaneringen"]
    assert [(occurrence, start, status) for occurrence, _, start, _, _, status in rows] == [
        ("2024-01-16", "2024-01-16T09:00:00+01:00", "confirmed"),
        ("2024-01-23", "2024-01-23T09:00:00+01:00", "confirmed"),
        ("2024-01-30", "2024-01-30T09:00:00+01:00", "confirmed"),
        ("2024-02-06", "2024-02-07T13:00:00+01:00", "confirmed"),
        ("2024-02-13", "2024-02-13T09:00:00+01:00", "cancelled"),
        ("2024-02-20", "2024-02-20T09:00:00+01:00", "confirmed"),
    ]
    assert cli.json("import", path)["unchanged"] == 3


def test_an_occurrence_no_longer_changed_goes_back_to_the_series(cli, tmp_path):
    cli.ok("import", GOOGLE)
    text = edited(GOOGLE, ("EXDATE;TZID=Europe/Stockholm:20240213T080000\r\n", ""))
    override = text.index("RECURRENCE-ID")
    start, end = text.rindex("BEGIN:VEVENT", 0, override), text.index("END:VEVENT\r\n", override)
    path = write(tmp_path, text[:start] + text[end + len("END:VEVENT\r\n"):])
    assert cli.json("import", path)["updated"] == 1
    rows = {row[0]: row for row in listing(cli) if row[1] == "Avstämning inriktningsplaneringen"}
    assert rows["2024-02-06"][2:] == ("2024-02-06T08:00:00+01:00", "2024-02-06T08:30:00+01:00",
                                      None, "confirmed")
    assert rows["2024-02-13"][5] == "confirmed"


# The round trip --------------------------------------------------------------------------


def test_export_then_import_gives_the_same_meetings(sample_cli, tmp_path):
    sample_cli.ok("meeting", "add", "Veckomöte", "--start", "2024-03-04 08:30", "--duration",
                  "45m", "--rrule", "FREQ=WEEKLY;COUNT=6", "--location", "Rum 3")
    sample_cli.ok("meeting", "edit", "6", "--occurrence", "2024-03-11", "--start",
                  "2024-03-12 10:00", "--location", "Rum 4")
    sample_cli.ok("meeting", "cancel", "6", "--occurrence", "2024-03-18")
    sample_cli.ok("meeting", "cancel", "ledningsgrupp-2024-02-16")
    feed = str(tmp_path / "feed.ics")
    sample_cli.ok("export", "-o", feed)
    fresh = Cli(tmp_path / "fresh.db")
    result = fresh.run("import", feed, "--ours")
    assert result.exit_code == 0
    assert "deadline" not in result.stderr
    window = ("uid", "title", "kind", "due_from", "due", "precision", "phrase")  # no owner or tie in a feed
    assert [{k: d[k] for k in window} for d in fresh.json("deadlines")] == [
        {k: d[k] for k in window} for d in sample_cli.json("deadlines")]
    assert listing(fresh) == listing(sample_cli)
    assert len(listing(fresh)) == 11
    assert [m["uid"] for m in fresh.json("meeting", "list")] == [
        m["uid"] for m in sample_cli.json("meeting", "list")]
    assert fresh.json("import", feed)["unchanged"] == 6


# Bad input -------------------------------------------------------------------------------

EVENT = "UID:bad-1@example.org\nSUMMARY:Planeringsmöte\nDTSTAMP:20231215T090000Z\n"


@pytest.mark.parametrize("text, says", [
    ("Hej!\nHär kommer kalendern.\n",
     " is not an iCalendar file: line 1 cannot be read (Content line could not be parsed into parts: "
     "'Hej!': Hej!). Export the calendar as .ics and import that file."),
    ("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\n",
     " is not a whole iCalendar file: it ends on line 4 inside BEGIN:VEVENT, which has no END (the "
     "file is cut short). Export the calendar again and import that file."),
    ("BEGIN:VEVENT\nUID:x\nDTSTART:20240110T090000Z\nEND:VEVENT\n",
     " is not an iCalendar file: it holds no complete BEGIN:VCALENDAR … END:VCALENDAR."),
])
def test_bad_files_change_nothing(sample_cli, tmp_path, text, says):
    path = write(tmp_path, text)
    before = sample_cli.dump()
    result = sample_cli.fails("import", path)
    assert result.stderr.startswith(f"Error: {path}{says}"), result.stderr
    assert sample_cli.dump() == before


SKIPPED = " It is skipped; the rest of the file is imported."


@pytest.mark.parametrize("lines, says", [
    ("DTEND:20240110T100000Z",
     ": the event 'Planeringsmöte' (UID bad-1@example.org) has no DTSTART: give it a start in "
     "the calendar program and export again, or remove the event from the file." + SKIPPED),
    ("DTSTART;TZID=Customized Time Zone:20240110T090000",
     ": the event 'Planeringsmöte' (UID bad-1@example.org) uses the time zone 'Customized Time "
     "Zone', which is not a known zone and has no VTIMEZONE in the file: export the calendar "
     "again with its time zones, or write an IANA name such as Europe/Stockholm." + SKIPPED),
    ("DTSTART:20240110T090000Z\nRRULE:FREQ=FORTNIGHTLY",
     ": the event 'Planeringsmöte' (UID bad-1@example.org): its RRULE 'FREQ=FORTNIGHTLY' does "
     "not parse (Expected frequency, got: FORTNIGHTLY); correct it in the calendar program and "
     "export again." + SKIPPED),
    ("DTSTART:20240110T090000Z\nRRULE:FREQ=MONTHLY;BYSETPOS=0",
     ": the event 'Planeringsmöte' (UID bad-1@example.org): The RRULE 'FREQ=MONTHLY;BYSETPOS=0' "
     "does not parse (bysetpos must be between 1 and 366, or between -366 and -1)"),
    ("DTSTART;TZID=Europe/Stockholm:20240110T090000\nRRULE:FREQ=WEEKLY;BYDAY=FR",
     ": the event 'Planeringsmöte' (UID bad-1@example.org): The start 2024-01-10 09:00 is not "
     "an occurrence of the RRULE 'FREQ=WEEKLY;BYDAY=FR'; its first is 2024-01-12 09:00"),
    ("DTSTART:20240110T090000Z\nDTEND:20240110T080000Z",
     ": the event with UID bad-1@example.org is skipped: The end 2024-01-10 09:00 is not after the "
     "start 2024-01-10 10:00: give a later end."),
])
def test_an_event_that_cannot_be_a_meeting_is_skipped_and_the_rest_imported(cli, tmp_path, lines, says):
    """An event the file holds but that cannot be a meeting here is reported and left out;
    the events around it are imported (issue 11's "bad input")."""
    path = write(tmp_path, calendar("UID:good@example.org\nDTSTART:20240105T090000Z\nSUMMARY:Före felet",
                                    EVENT + lines,
                                    "UID:later@example.org\nDTSTART:20240112T090000Z\nSUMMARY:Efter felet"))
    result = cli.ok("import", path)
    assert result.stderr.startswith(f"Warning: {path}{says}"), result.stderr
    assert result.stdout.strip().endswith("2 added, 0 updated, 0 unchanged, 1 skipped."), result.stdout
    assert sorted(m["title"] for m in cli.json("meeting", "list")) == ["Efter felet", "Före felet"]


def test_what_cannot_be_kept_is_left_out_with_a_warning(cli, tmp_path):
    path = write(tmp_path, calendar(
        "SUMMARY:Utan UID\nDTSTART:20240105T090000Z",
        "UID:r@example.org\nSUMMARY:Med extra datum\nDTSTART:20240108T090000Z\n"
        "RDATE:20240111T090000Z",
        "UID:o@example.org\nSUMMARY:Ändrat tillfälle\nDTSTART:20240109T100000Z\n"
        "RECURRENCE-ID:20240108T090000Z"))
    result = cli.run("import", path, "--json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"Warning: {path}: the event 'Med extra datum' (UID r@example.org): its extra dates "
        "(RDATE) are left out; add them as meetings of their own.",
        f"Warning: {path}: 1 event(s) without a UID skipped: they could not be told apart on "
        "the next import.",
        f"Warning: {path}: the event 'Ändrat tillfälle' (UID o@example.org): changed occurrences "
        "(RECURRENCE-ID) without their series; skipped: export the whole series.",
    ]
    assert '"added": 1' in result.stdout and '"skipped": 2' in result.stdout


def test_missing_file_and_folder(cli, tmp_path):
    missing = tmp_path / "saknas.ics"
    assert cli.fails("import", str(missing)).stderr == (
        f"Error: {missing} does not exist: give the path of an .ics file exported from a "
        "calendar program.\n")
    assert cli.fails("import", str(tmp_path)).stderr == (
        f"Error: {tmp_path} is a folder: give the path of an .ics file exported from a "
        "calendar program.\n")


def test_unknown_tzid_with_its_vtimezone_is_read(cli, tmp_path):
    zone = ("BEGIN:VTIMEZONE\nTZID:Customized Time Zone 2\nBEGIN:STANDARD\n"
            "DTSTART:16010101T000000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\n"
            "END:VTIMEZONE\n")
    path = write(tmp_path, calendar(EVENT + "DTSTART;TZID=Customized Time Zone 2:20240610T090000",
                                    extra=zone))
    cli.ok("import", path)
    assert cli.json("meeting", "show", "1")["start"] == "2024-06-10T10:00:00+02:00"



@pytest.mark.parametrize("lang, named", [("sv", "händelsen 'Utan start' (UID b1) saknar DTSTART"),
                                         ("en", "the event 'Utan start' (UID b1) has no DTSTART")])
def test_an_event_is_named_in_the_language_in_use(cli, tmp_path, lang, named):
    """The event a warning or error is about is named in the language of the rest of it
    (it was always English)."""
    from tests.test_language import strangers

    path = write(tmp_path, calendar("UID:b1\nDTEND:20240305T090000Z\nSUMMARY:Utan start"))
    said = cli.ok("--lang", lang, "import", path).stderr
    assert named in said and not strangers(said, lang), said
    assert cli.json("meeting", "list") == []


def test_an_imported_change_gives_its_reason_in_the_language_in_use(cli):
    cli.ok("import", OUTLOOK)
    cli.ok("import", LATER)
    english = cli.ok("--lang", "en", "meeting", "history", "2").stdout
    swedish = cli.ok("--lang", "sv", "meeting", "history", "2").stdout
    assert "(import from outlook-later.ics)" in english and "från" not in english
    assert "(import från outlook-later.ics)" in swedish and "(import from" not in swedish


def test_a_reason_logged_in_swedish_by_an_earlier_version_reads_in_english(cli):
    import sqlite3

    cli.ok("import", OUTLOOK)
    cli.ok("import", LATER)
    with sqlite3.connect(cli.db) as con:
        con.execute("UPDATE revision SET reason = 'Import från outlook-later.ics' WHERE reason IS NOT NULL")
    assert "(import from outlook-later.ics)" in cli.ok("--lang", "en", "meeting", "history", "2").stdout
