"""What ``scheduler db`` says: where the store stands, what an upgrade or a restore did."""

from typing import Any

from scheduler.text.i18n import _, ngettext


def status_text(record: dict[str, Any]) -> str:
    """One line for ``db status``: the store's revision against this scheduler's."""
    wording = {
        "empty": _("The database is empty: the first command creates the store at revision {head}."),
        "current": _("The store is at schema revision {revision}, the newest this scheduler knows."),
        "outdated": _("The store is at schema revision {revision}, this scheduler needs {head}: "
                      "run `scheduler db upgrade`."),
        "newer": _("The store is at schema revision {revision}, made by a newer scheduler "
                   "(this one knows up to {head})."),
    }
    return wording[record["state"]].format(**record)


def upgrade_text(state: str, record: dict[str, Any]) -> str:
    """One line for ``db upgrade``, by where the store stood (``state``)."""
    wording = {
        "current": _("The store is already at schema revision {to}; nothing to do."),
        "empty": _("Created the store at schema revision {to}."),
        "outdated": _("Upgraded the store from schema revision {old} to {to}."),
    }
    return wording[state].format(old=record["from"], to=record["to"])


def restore_text(record: dict[str, Any]) -> str:
    """One line for ``db restore``: how many rows came back."""
    rows = sum(record["rows"].values())
    return ngettext("Restored {rows} row from {file}.", "Restored {rows} rows from {file}.", rows).format(
        rows=rows, file=record["file"])
