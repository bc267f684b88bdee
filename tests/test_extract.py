"""extract MINUTES.txt [--apply]: meetings, participants, deadlines and notices from minutes."""

import datetime as dt
from pathlib import Path

import pytest

from cli import main
from scheduler.errors import InputError
from scheduler.extract import Extraction, extract, extract_file
from tests.conftest import ROOT, STOCKHOLM

SEED = ROOT / "tests" / "data" / "minutes-2023-12-15-ledningsgrupp.txt"
KEYS = ["kind", "body", "date", "meeting", "participants", "meetings", "deadlines", "agenda", "notices",
        "unplaced"]
ADDED = ["organisations", "people", "meetings", "participations", "updated", "deadlines", "agenda"]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Errors are checked in English (the msgids); one test reads them in Swedish."""
    monkeypatch.setenv("SCHEDULER_LANG", "en")


@pytest.fixture(scope="module")
def seed() -> Extraction:
    return extract_file(SEED, tz=STOCKHOLM, today=None)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(STOCKHOLM)


def minutes(tmp_path: Path, text: str, name: str = "minutes.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# The seed, read without --today ------------------------------------------------------


def test_the_minutes_own_meeting(seed):
    assert seed.day == dt.date(2023, 12, 15)  # the Tid line has no year: the text's dates tell
    assert seed.heading == "Minnesanteckningar från Södertörnskommunernas ledningsgrupp"
    meeting = seed.meeting
    assert (meeting.title, meeting.start, meeting.end, meeting.location, meeting.external) == (
        "Ledningsgrupp", at("2023-12-15T08:30+01:00"), at("2023-12-15T11:00+01:00"),
        "Folkes event, Huddinge centrum", False)
    assert meeting.source == ("Tid Fredag den 15 december kl 08.30-11.00\n"
                              "Plats Folkes event, Huddinge centrum")


def test_participants(seed):
    window = (dt.time(8, 30), dt.time(9, 30))
    assert [(p.name, p.organisation, p.mode, p.role, p.window) for p in seed.participants] == [
        ("Johan Westin", "Haninge", "in-person", None, None),
        ("Camilla Broo", "Huddinge", "in-person", "chair", None),
        ("Steinunn Asgeirdottir", "Nykvarn", "in-person", None, None),
        ("Kristina Tidestav", "Nynäshamn", "in-person", None, None),
        ("Mats Bergström", "Salem", "digital", None, None),
        ("Cynthia Runefjärd", "Tyresö", "in-person", "adjuster", None),
        # Cynthia Runefjärd "utses som justerare"; Helene Olofsson is "Vid anteckningarna".
        ("Helene Olofsson", "Södertörnskommunerna", "in-person", "secretary", None),
        ("Anton Västberg", "Region Stockholm", "in-person", None, window),
        ("Emma Lennartsson", "Region Stockholm", "digital", None, window),
        ("Jenny Widell", "Region Stockholm", "digital", None, window),
        ("Mats Andersson", "Region Stockholm", "digital", None, window),  # no leading tab
        ("Petra Oxonius", "Botkyrka", "absent", None, None),
        ("Magnus Gyllestad", "Södertälje", "absent", None, None),
    ]
    assert seed.participants[10].source == \
        "Mats Andersson\tRegion Stockholm (digitalt mellan kl 8.30-9.30)"


def test_coming_meetings(seed):
    assert [(m.title, m.start, m.end, m.end_approximate, m.location, m.external)
            for m in seed.meetings] == [
        ("Politiskt möte mellan StorSthlm och regionen", dt.date(2024, 1, 10), None, False,
         None, True),
        ("Samarbetskommitténs planeringskonferens", at("2024-01-16T12:00+01:00"),
         at("2024-01-16T16:00+01:00"), True, "Körunda, Nynäshamn", False),
        ("Regionens möte med alla kommundirektörer", dt.date(2024, 2, 6), None, False, None,
         True),
        ("Ledningsgrupp", at("2024-02-16T09:00+01:00"), at("2024-02-16T11:30+01:00"), False,
         "StorSthlms lokaler", False),
    ]
    # Mentioned three times, kept once, with the sentence that gave its time and place.
    assert seed.meetings[1].source.startswith(
        "Samarbetskommitténs planeringskonferens äger rum den 16 januari 2024 på Körunda")
    assert seed.meetings[3].source == "Fredag 16 februari kl 9.00-11.30 i StorSthlms lokaler"


def test_deadlines(seed):
    assert [(d.title, d.window.first, d.window.last, d.window.precision, d.window.phrase, d.kind,
             d.owner, d.meeting.title if d.meeting else None) for d in seed.deadlines] == [
        ("Remissen kommer", dt.date(2024, 1, 15), dt.date(2024, 1, 15), "day",
         "den 15 januari 2024", "referral", None, None),
        ("Kommundirektörerna kan förvänta sig ett förslag till text att läsa",
         dt.date(2024, 2, 1), dt.date(2024, 2, 10), "early_month", "i början av februari",
         "internal", None, None),
        ("Remissen klar för inlämning till alla kanslier för vidare hantering i kommunstyrelsen "
         "i respektive kommun", dt.date(2024, 2, 14), dt.date(2024, 2, 14), "day",
         "den 14 februari 2024", "referral", None, None),
        ("Årsredovisningen kommer presenteras", dt.date(2024, 2, 16), dt.date(2024, 2, 16), "day",
         "det första ledningsgruppsmötet under 2024", "report", None, "Ledningsgrupp"),
        ("Ta fram underlag för beslut om kommunikationsresurs för påverkansaktiviteter",
         dt.date(2024, 2, 16), dt.date(2024, 2, 16), "day", "nästa ledningsgruppsmöte",
         "material", "Helene Olofsson", "Ledningsgrupp"),
        ("Skriva klart rapporten för remissutskick", dt.date(2024, 4, 1), dt.date(2024, 4, 30),
         "month", "under april månad", "referral", None, None),
        ("Nytt möte mellan Södertörnskommunerna och regionen planeras under samrådsperioden "
         "för RUFSS", dt.date(2024, 1, 1), dt.date(2024, 6, 30), "term", "senare i vår", "plan",
         None, None),
        ("Fler insatser kopplat till hemsidan planeras", dt.date(2024, 1, 1),
         dt.date(2024, 12, 31), "year", "under 2024", "plan", None, None),
        ("Samarbetskommittén bör träffa landshövdingen", dt.date(2024, 1, 1),
         dt.date(2024, 12, 31), "year", "2024", "plan", None, None),
        ("Samarbetskommittén bör träffa Trafikverkets GD", dt.date(2025, 1, 1),
         dt.date(2025, 12, 31), "year", "under 2025", "plan", None, None),
        ("Södertörnskonferensen planeras att genomföras", dt.date(2025, 1, 1),
         dt.date(2025, 12, 31), "year", "under 2025", "plan", None, None),
    ]
    tied = seed.deadlines[3]
    assert tied.meeting is seed.meetings[3]  # the "Nästa möte", 16 February
    assert tied.source == ("Årsredovisningen kommer presenteras på det första "
                           "ledningsgruppsmötet under 2024.")


def test_notice_and_unplaced(seed):
    [notice] = seed.notices
    assert (notice.meeting, notice.kind, notice.phrase, notice.source) == (
        seed.meetings[3], "time_and_place", "OBS Ny tid och plats", "OBS Ny tid och plats.")
    assert [(u.source[:40], u.reason[:30]) for u in seed.unplaced] == [
        ("Regionen har under hösten också besökt a", "a date without a word of inten"),
        ("Agendan och upplägg har stämts av med Sa", "a date without a word of inten"),
        ("Helene Olofsson återkopplar besluten frå", "refers to a past meeting"),
    ]


# Dating the minutes ------------------------------------------------------------------


BODY = "Deltagare:\tAnna Berg\tHaninge\n\n1. Frister\n\nRapporten kommer den 5 mars 2024.\n"


def test_a_tid_line_with_its_year():
    found = extract(f"Tid 2023-12-15 kl 9-10\n{BODY}", tz=STOCKHOLM, today=None)
    assert (found.day, found.meeting.title, found.meeting.end) == (
        dt.date(2023, 12, 15), "Möte", at("2023-12-15T10:00+01:00"))
    text = f"Protokoll styrelsen\nDatum: 2023-12-15\nTid: 13.00-15.00\nLokal: Rådhuset\n{BODY}"
    meeting = extract(text, tz=STOCKHOLM, today=None).meeting
    assert (meeting.title, meeting.start, meeting.end, meeting.location, meeting.source) == (
        "Styrelsen", at("2023-12-15T13:00+01:00"), at("2023-12-15T15:00+01:00"), "Rådhuset",
        "Datum: 2023-12-15\nTid: 13.00-15.00\nLokal: Rådhuset")


def test_today_dates_a_tid_line_the_text_cannot():
    text = "Tid Fredag den 15 december kl 9-10\n\n1. Inget\n"
    assert extract(text, tz=STOCKHOLM, today=dt.date(2024, 3, 1)).day == dt.date(2023, 12, 15)
    with pytest.raises(InputError, match="has no year .* --today"):
        extract(text, tz=STOCKHOLM, today=None)
    with pytest.raises(InputError, match="2024-12-15 is a Sunday, not a Friday"):
        extract(text, tz=STOCKHOLM, today=dt.date(2025, 1, 2))


def test_without_a_tid_line_today_is_the_date():
    found = extract(BODY, tz=STOCKHOLM, today=dt.date(2024, 1, 8))
    assert (found.day, found.meeting) == (dt.date(2024, 1, 8), None)
    assert [p.name for p in found.participants] == ["Anna Berg"]
    assert [(d.title, d.window.last) for d in found.deadlines] == [
        ("Rapporten kommer", dt.date(2024, 3, 5))]


# Degrading gracefully ----------------------------------------------------------------


def test_what_cannot_be_placed_is_listed_not_guessed():
    text = ("Minnesanteckningar från Styrelsen\nTid 2024-03-01 kl 9-10\n"
            "Deltagare:\tAnna Berg\tHaninge (digitalt från kl 9.30)\n"
            "\tBo Ek\tNacka (mellan kl 8-9)\n\tnågot konstigt\n\n"
            "1. Frister\n\n"
            "Svaret kommer den 31 februari 2024. OBS Ny plats.\n"
            "Underlaget tas fram till nästa möte.\n"
            "Vi ses i vår region och pratar om budget 2024.\n")
    found = extract(text, tz=STOCKHOLM, today=None)
    assert [(p.name, p.mode, p.window) for p in found.participants] == [
        ("Anna Berg", "digital", (dt.time(9, 30), dt.time(10))), ("Bo Ek", "in-person", None)]
    assert [(u.source, u.reason) for u in found.unplaced] == [
        ("Bo Ek\tNacka (mellan kl 8-9)", "the time window is not inside the meeting's time"),
        ("något konstigt", "not a participant line: a name, a tab, then the organisation"),
        ("Svaret kommer den 31 februari 2024.", found.unplaced[2].reason),
        ("OBS Ny plats.", "a notice with no meeting before it in the same item"),
        ("Underlaget tas fram till nästa möte.", "'nästa möte' is not dated in the document"),
    ]
    assert found.unplaced[2].reason.startswith("'den 31 februari 2024' does not exist")
    assert (found.meetings, found.deadlines, found.notices) == ([], [], [])


# The command line --------------------------------------------------------------------


def test_extract_json(cli):
    data = cli.json("extract", str(SEED))
    assert list(data) == KEYS
    assert data["meeting"] == {
        "title": "Ledningsgrupp", "start": "2023-12-15T08:30:00+01:00",
        "end": "2023-12-15T11:00:00+01:00", "end_approximate": False,
        "location": "Folkes event, Huddinge centrum", "online": None, "external": False,
        "source": "Tid Fredag den 15 december kl 08.30-11.00\nPlats Folkes event, Huddinge centrum"}
    assert data["participants"][8] == {
        "name": "Emma Lennartsson", "organisation": "Region Stockholm", "role": "participant",
        "mode": "digital", "from": "08:30", "to": "09:30", "note": None,
        "source": "Emma Lennartsson\tRegion Stockholm (digitalt mellan kl 8.30-9.30)"}
    assert data["meetings"][0] == {
        "title": "Politiskt möte mellan StorSthlm och regionen", "start": "2024-01-10",
        "end": None, "end_approximate": False, "location": None, "online": None, "external": True,
        "source": "Politiskt möte mellan StorSthlm och regionen planeras till den 10 januari "
                  "2024."}
    assert data["meetings"][1]["end"] == "2024-01-16T16:00:00+01:00"
    assert data["deadlines"][4] == {
        "title": "Ta fram underlag för beslut om kommunikationsresurs för påverkansaktiviteter",
        "kind": "material", "due": "2024-02-16", "due_from": "2024-02-16", "precision": "day",
        "phrase": "nästa ledningsgruppsmöte", "owner": "Helene Olofsson",
        "meeting": {"title": "Ledningsgrupp", "start": "2024-02-16T09:00:00+01:00"},
        "working_days": None,
        "source": "Helene Olofsson får i uppdrag att till nästa ledningsgruppsmöte ta fram "
                  "underlag för beslut om kommunikationsresurs för påverkansaktiviteter."}
    assert data["notices"] == [{
        "title": "Ledningsgrupp", "start": "2024-02-16T09:00:00+01:00",
        "location": "StorSthlms lokaler", "kind": "time_and_place",
        "phrase": "OBS Ny tid och plats", "source": "OBS Ny tid och plats."}]
    assert (data["kind"], data["body"]) == ("minutes", "Ledningsgrupp")
    assert [(i["number"], i["title"]) for i in data["agenda"]][:3] == [
        (1, "Välkommen"), (2, "Besök av Regionen"), (3, "Val av justerare")]
    assert [len(data[key]) for key in KEYS[4:]] == [13, 4, 11, 11, 1, 3]
    assert cli.dump() == ""  # without --apply the store is not written


def test_extract_text(cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    lines = cli.ok("extract", str(SEED)).stdout.splitlines()
    assert lines[0] == ("Minnesanteckningar från Södertörnskommunernas ledningsgrupp "
                        "(fre 15 dec 2023)")
    assert "  Ledningsgrupp  fre 15 dec 2023 08.30–11.00  Folkes event, Huddinge centrum" in lines
    assert "  Camilla Broo           Huddinge              ordförande" in lines
    assert ("  tis 16 jan 2024 12.00–ca 16.00       Samarbetskommitténs planeringskonferens"
            "                Körunda, Nynäshamn") in lines
    assert ("  OBS Ny tid och plats: Ledningsgrupp fre 16 feb 2024 09.00–11.30, "
            "StorSthlms lokaler") in lines
    assert lines[-1] == "    – syftar på ett tidigare möte"


def test_apply_on_an_empty_store_gives_the_attendance_of_the_minutes(cli):
    added = cli.json("extract", str(SEED), "--apply")["added"]
    assert list(added) == ADDED
    assert [len(added[key]) for key in ADDED] == [10, 13, 5, 13, 0, 11, 11]
    assert [(m["title"], m["start"]) for m in added["meetings"]] == [
        ("Ledningsgrupp", "2023-12-15T08:30:00+01:00"),
        ("Politiskt möte mellan StorSthlm och regionen", "2024-01-10"),
        ("Samarbetskommitténs planeringskonferens", "2024-01-16T12:00:00+01:00"),
        ("Regionens möte med alla kommundirektörer", "2024-02-06"),
        ("Ledningsgrupp", "2024-02-16T09:00:00+01:00")]
    dec15, feb16 = added["meetings"][0]["id"], added["meetings"][4]["id"]
    data = cli.json("attendance", str(dec15))
    assert data["counts"] == {"in_person": 7, "digital": 4, "absent": 2}
    assert data["slots"] == [
        {"from": "08:30", "to": "09:30", "in_person": 7, "digital": 4},
        {"from": "09:30", "to": "11:00", "in_person": 6, "digital": 1}]
    roles = {p["name"]: p["role"] for p in data["participants"]}
    assert (roles["Camilla Broo"], roles["Cynthia Runefjärd"], roles["Helene Olofsson"],
            roles["Johan Westin"]) == ("chair", "adjuster", "secretary", "participant")
    # The minutes' own participant block comes back line for line.
    block = cli.ok("attendance", str(dec15), "--format", "minutes").stdout.splitlines()
    assert block[10] == "\tMats Andersson\tRegion Stockholm (digitalt mellan kl 8.30-9.30)"
    # Tied deadlines follow the 16 February meeting; its notice is in its description.
    tied = [d for d in cli.json("deadlines") if d["meeting_id"] == feb16]
    assert [d["title"] for d in tied] == [
        "Årsredovisningen kommer presenteras",
        "Ta fram underlag för beslut om kommunikationsresurs för påverkansaktiviteter"]
    assert cli.json("meeting", "show", str(feb16))["description"] == "OBS Ny tid och plats."
    conference = cli.json("meeting", "show", str(added["meetings"][2]["id"]))
    assert (conference["end_approximate"], conference["external"]) == (True, False)


def test_apply_twice_adds_nothing(cli):
    cli.ok("extract", str(SEED), "--apply")
    before = cli.dump()
    again = cli.run("extract", str(SEED), "--apply")
    assert again.stdout.splitlines() == [
        "Nothing new: everything in the minutes is in the store already.",
        "3 sentences could not be placed: see 'scheduler extract FILE' without --apply."]
    assert cli.json("extract", str(SEED), "--apply")["added"] == {key: [] for key in ADDED}
    assert cli.dump() == before


def test_apply_matches_the_sample_meetings_and_people(sample_cli):
    added = sample_cli.json("extract", str(SEED), "--apply")["added"]
    # Same starts, and a series or a title that begins the other's: all five are known;
    # the sample words its deadlines differently, so the minutes' wording is added.
    assert [len(added[key]) for key in ADDED] == [0, 0, 0, 0, 0, 11, 0]


# Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "No file {path}: give the path of the minutes"),
        (b"Tid fredag 15 december 2023 kl 9-10\nPlats R\xe5dhuset\n", "{path} is not UTF-8 text"),
        (b"%PDF-1.4\x00\x01", "{path} is not UTF-8 text"),
        (b"", "{path} is empty"),
        (b"  \n\n", "{path} is empty"),
        (b"Tid fredag 35 december 2023\n", "The minutes' Tid line 'fredag 35 december 2023' "
                                            "cannot be read"),
    ],
)
def test_bad_files(sample_cli, tmp_path, content, says):
    path = tmp_path / "minutes.txt"
    if content is not None:
        path.write_bytes(content)
    before = sample_cli.dump()
    result = sample_cli.fails("extract", str(path), "--apply")
    assert says.format(path=path) in result.stderr
    assert sample_cli.dump() == before


def test_a_folder_is_not_minutes(cli, tmp_path):
    assert f"{tmp_path} is a folder" in cli.fails("extract", str(tmp_path)).stderr


def test_no_tid_line_and_no_today(cli, tmp_path):
    path = minutes(tmp_path, BODY)
    result = cli.runner.invoke(main, ["--db", str(cli.db), "extract", path],
                               env={"SCHEDULER_TODAY": None})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The minutes have no 'Tid' line to date them: give "
                                    "the meeting's date with --today")
    assert cli.json("extract", path, today="2024-01-08")["date"] == "2024-01-08"
