"""What ``find-time``, ``person busy`` and ``freebusy`` show: candidate slots and busy sources."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from scheduler.clock import iso_instant
from scheduler.findtime import Busy, Candidate, Invitee
from scheduler.text.i18n import _, ngettext
from scheduler.text.labels import times_label


def _who(person: Invitee) -> dict[str, Any]:
    return {"name": person.name, "email": person.email}


def _with(busy: Sequence[Busy]) -> list[str]:
    """What the busy intervals are, where their source says (a VFREEBUSY does not)."""
    return list(dict.fromkeys(item.what for item in busy if item.what))


def candidate_record(item: Candidate, tz: dt.tzinfo) -> dict[str, Any]:
    """``find-time --json``: one slot with who is free, busy (with what) and unknown."""
    return {"start": iso_instant(item.start, tz), "end": iso_instant(item.end, tz),
            "free": [_who(person) for person in item.free],
            "busy": [_who(person) | {"with": _with(busy)} for person, busy in item.busy],
            "unknown": [_who(person) for person in item.unknown]}


def _busy_line(person: Invitee, busy: Sequence[Busy]) -> str:
    what = _with(busy)
    optional = "" if person.required else _(" (optional)")
    return f"{person.name}{optional} ({', '.join(what)})" if what else f"{person.name}{optional}"


def candidates_text(found: Sequence[Candidate], asked: Sequence[Invitee], tz: dt.tzinfo) -> str:
    """The numbered candidates, each with who is busy or unknown (everyone else is free)."""
    if not found:
        return _("No time fits: widen the window or the hours, or shorten the meeting.")
    lines = [ngettext("{n} person asked, {m} candidate:", "{n} people asked, {m} candidates:",
                      len(asked)).format(n=len(asked), m=len(found))]
    for number, item in enumerate(found, 1):
        free = ngettext("{n} free", "{n} free", len(item.free)).format(n=len(item.free))
        if not item.busy and not item.unknown:
            free = _("all free")
        lines.append(f"{number:>2}  {times_label(item.start, item.end, tz)}  {free}")
        if item.busy:
            lines.append("    " + _("busy: {people}").format(
                people="; ".join(_busy_line(person, busy) for person, busy in item.busy)))
        if item.unknown:
            lines.append("    " + _("unknown: {people}").format(
                people=", ".join(person.name for person in item.unknown)))
    return "\n".join(lines)


def sources_text(name: str, sources: Sequence[str]) -> str:
    if not sources:
        return _("{name} has no busy sources.").format(name=name)
    return "\n".join(sources)
