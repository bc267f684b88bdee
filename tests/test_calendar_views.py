"""week and month: a calendar grid of day columns with meetings, deadlines and holidays."""


def column_of(text: str, line_index: int, day_header: str) -> tuple[int, int]:
    """The character span of the column whose header is ``day_header``."""
    header = text.splitlines()[line_index]
    start = header.index(day_header)
    end = header.find("│", start)
    return start, end if end != -1 else len(header) + 200


def column_text(text: str, span: tuple[int, int]) -> str:
    return " ".join(line[span[0]:span[1]].strip() for line in text.splitlines()[3:])


def test_week_puts_deadline_and_meeting_in_their_day_columns(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    text = sample_cli.ok("week", "2024-02-12").stdout
    lines = text.splitlines()
    assert lines[0].startswith(("Week 7", "Vecka 7"))
    wednesday = column_text(text, column_of(text, 2, "ons 14 feb"))
    friday = column_text(text, column_of(text, 2, "fre 16 feb"))
    assert "Remissvaret klart för inlämning till alla kanslier" in wednesday
    assert "09.00 Ledningsgrupp" in friday and "StorSthlms lokaler" in friday
    assert "Ledningsgrupp" not in wednesday and "Remissvaret" not in friday
    days = sample_cli.json("week", "2024-02-12")
    assert [d["date"] for d in days][::6] == ["2024-02-12", "2024-02-18"]
    assert [m["title"] for m in days[4]["meetings"]] == ["Ledningsgrupp"]
    assert [d["title"] for d in days[2]["deadlines"]] == ["Remissvaret klart för inlämning till alla kanslier"]


def test_week_fits_the_terminal(sample_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = sample_cli.ok("week", "2024-02-12").stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b[" not in text  # no highlight when not on a terminal


def test_month_names_holidays_and_marks_the_days_around(sample_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    text = sample_cli.ok("month", "2024-06").stdout
    assert text.splitlines()[0] == "Juni 2024" or text.splitlines()[0].lower() == "june 2024"
    assert "Nationaldagen" in text and "Midsommarafton" in text
    january = sample_cli.ok("month", "2024-01-01").stdout
    assert "Nyårsdagen" in january and "12.00" in january and "Körunda, Nynäshamn" in january
    days = sample_cli.json("month", "2024-02")
    assert len(days) == 29 and days[0]["date"] == "2024-02-01"


def test_today_is_highlighted_on_a_terminal(sample_cli, sample_session, clock, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")  # reads the Swedish listing
    import datetime as dt

    from scheduler.calendar_view import week
    from scheduler.text.calendar_grid import REVERSE, render_week

    days = week(sample_session, clock, dt.date(2023, 12, 15))
    assert REVERSE + "fre 15 dec" in render_week(days, clock.tz, width=120, color=True)
    assert REVERSE not in render_week(days, clock.tz, width=120, color=False)


def test_impossible_date_is_a_clean_error(sample_cli):
    result = sample_cli.fails("week", "2024-02-30")
    assert "2024-02-30" in result.stderr
    sample_cli.fails("month", "2024-13")
