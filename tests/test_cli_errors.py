"""Bad input never gives a traceback or half-written data."""

import pytest

from tests.conftest import SAMPLE


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        ("2024-02-16 09:00", "08.00", "is not after the start"),
        ("31 februari 2024 kl 9.00", None, "31 februari 2024"),
        ("2024-03-31 02:30", None, "does not exist"),
        ("2024-10-27 02:30", None, "happens twice"),
        ("torsdag 16 februari 2024 kl 9.00", None, "is a Friday, not a Thursday"),
        ("i morgon bitti", None, "i morgon bitti"),
    ],
)
def test_bad_times(sample_cli, start, end, says):
    before = sample_cli.dump()
    args = ["meeting", "add", "X", "--start", start] + (["--end", end] if end else [])
    result = sample_cli.fails(*args)
    assert says in result.stderr
    assert sample_cli.dump() == before


def test_offset_is_the_way_out_of_a_dst_gap(sample_cli):
    result = sample_cli.fails("meeting", "add", "X", "--start", "2024-03-31 02:30")
    assert "offset" in result.stderr
    made = sample_cli.json("meeting", "add", "X", "--start", "2024-03-31T02:30+01:00")
    assert made["start"] == "2024-03-31T03:30:00+02:00"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["meeting", "show", "99"], "No meeting '99'"),
        (["meeting", "edit", "nope@x", "--title", "Y"], "No meeting 'nope@x'"),
        (["attend", "5", "Nobody Here"], "No person 'Nobody Here'"),
        (["attend", "99", "Camilla Broo"], "No meeting '99'"),
        (["meeting", "add", "X", "--start", "2024-02-16 09:00", "--series", "Styrelsen"],
         "No series 'Styrelsen'"),
        (["person", "add", "Dubbel", "--email", "camilla.broo@huddinge.example"],
         "already belongs to Camilla Broo"),
        (["person", "add", "Utan", "--email", "inte-en-adress"], "not an e-mail address"),
        (["deadline", "done", "99"], "No deadline '99'"),
    ],
)
def test_unknown_and_duplicate(sample_cli, args, says, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "en")
    before = sample_cli.dump()
    assert says in sample_cli.fails(*args).stderr
    assert sample_cli.dump() == before


def test_cancel_twice(sample_cli):
    sample_cli.ok("meeting", "cancel", "5", "--reason", "Sjukdom")
    before = sample_cli.dump()
    assert "already cancelled" in sample_cli.fails("meeting", "cancel", "5").stderr
    assert sample_cli.dump() == before


def test_toml_syntax_error_names_file_and_line(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[person]]\nkey = "a"\nname = "A"\n\n[[person]\nkey = "b"\n', encoding="utf-8")
    before = cli.dump()
    result = cli.fails("load", str(bad))
    assert str(bad) in result.stderr and "line 5" in result.stderr
    assert cli.dump() == before


def test_toml_missing_field_loads_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "en")
    text = SAMPLE.read_text(encoding="utf-8")
    broken = text.replace('key = "ledningsgrupp-2024-02-16"\ntitle = "Ledningsgrupp"\n',
                          'key = "ledningsgrupp-2024-02-16"\n')
    assert broken != text
    bad = tmp_path / "missing.toml"
    bad.write_text(broken, encoding="utf-8")
    before = cli.dump()
    result = cli.fails("load", str(bad))
    assert f"{bad}: [[meeting]] 'ledningsgrupp-2024-02-16': title: is missing" in result.stderr
    assert cli.dump() == before
    assert cli.json("person", "list") == []


def test_toml_bad_value_names_the_entry(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[meeting]]\nkey = "m"\ntitle = "M"\nstart = "31 februari 2024"\n',
                   encoding="utf-8")
    assert f"{bad}: [[meeting]] 'm':" in cli.fails("load", str(bad)).stderr


def test_missing_toml_file(cli, tmp_path):
    assert "does not exist" in cli.fails("load", str(tmp_path / "nope.toml")).stderr


def test_db_folder_must_exist(tmp_path):
    from tests.conftest import Cli

    cli = Cli(tmp_path / "no" / "such" / "folder" / "x.db")
    result = cli.fails("person", "list")
    assert "does not exist" in result.stderr and "--db" in result.stderr
    assert not (tmp_path / "no").exists()


def test_db_that_cannot_be_written(tmp_path):
    from tests.conftest import Cli

    result = Cli("/proc/scheduler-test.db").fails("person", "list")  # type: ignore[arg-type]
    assert "Error: " in result.stderr


def test_bad_database_url():
    from tests.conftest import Cli

    result = Cli("nosuchdialect://x/y").fails("person", "list")  # type: ignore[arg-type]
    assert "nosuchdialect://x/y" in result.stderr


def test_unknown_tz(sample_cli):
    result = sample_cli.fails("--tz", "Europe/Stokholm", "upcoming")
    assert "Europe/Stokholm" in result.stderr


def test_usage_errors_keep_status_2(sample_cli):
    sample_cli.fails("meeting", "add", "X", code=2)
    sample_cli.fails("attend", "5", "Camilla Broo", "--mode", "telepatiskt", code=2)


def test_names_match_in_any_case_swedish_letters_too(sample_cli):
    sample_cli.ok("person", "add", "Åsa Öberg", "--email", "asa.oberg@tyreso.example",
                  "--org", "tyresö")
    added = sample_cli.json("attend", "5", "åsa öberg", "--role", "gäst")
    assert (added["name"], added["organisation"]) == ("Åsa Öberg", "Tyresö")
    assert sample_cli.json("meeting", "add", "X", "--start", "2024-03-01 09:00",
                           "--series", "SAMARBETSKOMMITTÉN")["series"] == "Samarbetskommittén"


def test_ambiguous_name_lists_the_candidates(sample_cli):
    result = sample_cli.fails("attend", "5", "Mats")
    assert "'Mats' could be Mats Bergström (id 6, mats.bergstrom@salem.example), " \
           "Mats Andersson (id 13, mats.andersson@regionstockholm.example)" in result.stderr


def test_a_database_password_is_never_shown():
    from tests.conftest import Cli

    result = Cli("postgresql+psycopg://helene:hemligt@127.0.0.1:1/x").fails("person", "list")  # type: ignore[arg-type]
    assert "hemligt" not in result.stderr
    assert "postgresql+psycopg://helene:***@127.0.0.1:1/x" in result.stderr
