"""A store that cannot be written: reads work, a change says the store is read-only."""

import os

import pytest

from scheduler.errors import StoreError
from scheduler.store.engine import database_url, open_engine, transaction
from scheduler.store.models import Meeting
from tests.conftest import Cli


def test_an_unwritable_file_opens_read_only(sample_cli, monkeypatch):
    path = str(sample_cli.db)
    monkeypatch.setattr(os, "access", lambda target, mode: not (str(target) == path and mode == os.W_OK))
    url = database_url(path)
    assert url.endswith("?mode=ro&uri=true")
    engine = open_engine(path)
    with transaction(engine) as session:
        assert session.get(Meeting, 5).title == "Ledningsgrupp"
    with pytest.raises(StoreError, match="is read-only: it can be read but not changed"):
        with transaction(engine) as session:
            session.get(Meeting, 5).title = "Ändrad"
    engine.dispose()
    cli = Cli(sample_cli.db)
    assert len(cli.json("meeting", "list")) == 5
    before = cli.dump()
    assert "read-only" in cli.fails("meeting", "edit", "5", "--title", "Ändrad").stderr
    assert cli.dump() == before
