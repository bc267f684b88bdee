"""Attendance: attend, head-counts, slots, the minutes block and the invitation's lines."""

import datetime as dt

import pytest

from scheduler.attendance import attend, attendees, description_lines
from scheduler.directory import find_person
from scheduler.meetings import find_meeting
from tests.conftest import STOCKHOLM

DEC15, FEB16 = "1", "5"  # the sample's meeting ids
LINK = "https://meet.example/lg"


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


# description_lines: what the invitation says (issue 3 calls it) ------------------------


def test_description_lines_of_the_15_december_meeting(sample_session):
    meeting = find_meeting(sample_session, DEC15)
    assert description_lines(sample_session, meeting, STOCKHOLM) == [
        "Mats Bergström (Salem) deltar digitalt.",
        "Anton Västberg (Region Stockholm) deltar 08.30–09.30.",
        "Emma Lennartsson (Region Stockholm) deltar digitalt 08.30–09.30.",
        "Jenny Widell (Region Stockholm) deltar digitalt 08.30–09.30.",
        "Mats Andersson (Region Stockholm) deltar digitalt 08.30–09.30.",
    ]


def test_description_lines_name_the_digital_and_the_partial_participant(sample_session):
    session = sample_session
    meeting = find_meeting(session, FEB16)
    assert description_lines(session, meeting, STOCKHOLM) == []
    with pytest.warns(UserWarning, match="no online link"):
        attend(session, meeting, find_person(session, "Mats Bergström"), tz=STOCKHOLM,
               mode="digital")
    attend(session, meeting, find_person(session, "Kristina Tidestav"), tz=STOCKHOLM,
           window=(t("09:00"), t("10:00")))
    assert description_lines(session, meeting, STOCKHOLM) == [
        "Kristina Tidestav (Nynäshamn) deltar 09.00–10.00.",
        "Mats Bergström (Salem) deltar digitalt.",
    ]


def test_description_lines_for_one_person(sample_session):
    session = sample_session
    meeting = find_meeting(session, FEB16)
    meeting.online = LINK
    attend(session, meeting, find_person(session, "Mats Bergström"), tz=STOCKHOLM, mode="digital")
    session.add(meeting)
    from scheduler.agenda import add_item

    add_item(session, meeting, "Välkommen", tz=STOCKHOLM)
    add_item(session, meeting, "Årsredovisningen", tz=STOCKHOLM, window=(t("09:00"), t("10:00")))
    attend(session, meeting, find_person(session, "Kristina"), tz=STOCKHOLM, item_number=2)
    attend(session, meeting, find_person(session, "Petra"), tz=STOCKHOLM, mode="absent")
    own = {name: description_lines(session, meeting, STOCKHOLM, for_person=find_person(session, name))
           for name in ("Mats Bergström", "Kristina Tidestav", "Petra Oxonius", "Camilla Broo",
                        "Anton Västberg")}
    assert own == {
        "Mats Bergström": [f"Du deltar digitalt: {LINK}"],
        "Kristina Tidestav": ["Du deltar 09.00–10.00 (punkt 2)"],
        "Petra Oxonius": ["Du har anmält förhinder."],
        "Camilla Broo": [],  # the whole meeting, in person: nothing to say
        "Anton Västberg": [],  # not invited to this one
    }


def test_description_for_a_digital_window_and_no_link_yet(sample_session):
    session = sample_session
    meeting = find_meeting(session, FEB16)
    emma = find_person(session, "Emma")
    with pytest.warns(UserWarning, match="Emma Lennartsson joins digitally but meeting 5 has no online link"):
        attend(session, meeting, emma, tz=STOCKHOLM, mode="digital", role="gäst",
               window=(t("09:00"), t("09:45")))
    assert description_lines(session, meeting, STOCKHOLM, for_person=emma) == [
        "Du deltar digitalt 09.00–09.45 (länken skickas senare)."
    ]
    assert [a.role for a in attendees(session, meeting) if a.name == "Emma Lennartsson"] == ["guest"]
