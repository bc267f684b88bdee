"""Where outside input becomes domain values.

Every value from the command line, a TOML file, an .ics or .eml file and the environment
passes here before the core sees it: text rules (no control character but tab; line breaks
only in descriptions and notes), stated lengths, ranges of numbers, dates and durations,
links (http, https, mailto: parsed and written out again) and e-mail addresses
(``email.headerregistry.Address``). The rules are pydantic annotated types, so a TOML entry
or an imported event is checked as a pydantic model made of the same types
(``scheduler.checked``). A value that
breaks a rule is an ``InputError`` naming the option, the file and entry, or the UID.
"""

import datetime as dt
import email.errors
import re
from functools import cache, lru_cache
from typing import Annotated, Any
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import AfterValidator, StrictInt, StrictStr, TypeAdapter, ValidationError
from pydantic import Field as Range

from scheduler.errors import InputError
from scheduler.limits import (
    DAYS_MAX,
    DESCRIPTION_MAX,
    DURATION_MAX_DAYS,
    EMAIL_MAX,
    ID_MAX,
    KEY_MAX,
    LINK_MAX,
    NAME_MAX,
    NOTE_MAX,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    WORKING_DAYS_MAX,
    YEAR_MAX,
    YEAR_MIN,
)
from scheduler.text.i18n import _

DURATION_MAX = dt.timedelta(days=DURATION_MAX_DAYS)
LINK_SCHEMES = ("http", "https", "mailto")
LINE_BREAKS = "\r\n"
_URL_SAFE = "/%:@!$&'()*+,;=-._~?#[]"


# Text ------------------------------------------------------------------------------------


@cache
def _controls(allowed: str) -> re.Pattern[str]:
    """The control characters (C0, DEL and C1) but those in ``allowed``, as a character class."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in (*range(0x20), *range(0x7F, 0xA0))
                                    if chr(code) not in allowed) + "]")


def _control(text: str, allowed: str) -> str | None:
    """The first control character of ``text`` not in ``allowed`` (C0, DEL and C1)."""
    found = _controls(allowed).search(text)
    return found.group() if found else None


def _text_rule(limit: int, *, lines: bool) -> AfterValidator:
    """Stripped text of at most ``limit`` characters; CR/LF only when ``lines``."""

    def check(value: str) -> str:
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip() if lines else value.strip()
        bad = _control(value, "\t\n" if lines else "\t")
        if bad is not None and bad in LINE_BREAKS:
            raise ValueError(_("a line break is not allowed here: write it on one line"))
        if bad is not None:
            raise ValueError(_("the control character {char} is not allowed: remove it")
                             .format(char=f"U+{ord(bad):04X}"))
        if len(value) > limit:
            raise ValueError(_("{length} characters is too long: at most {limit} are allowed")
                             .format(length=len(value), limit=limit))
        return value

    return AfterValidator(check)


@lru_cache(maxsize=4096)  # a file names the same few people in every event
def email_address(value: str) -> str:
    """``name@org.example`` as ``Address`` reads it; ValueError if it is none."""
    from email.headerregistry import Address  # its parser costs the commands that read no address 3 ms

    problem = _("is not an e-mail address: give one like name@org.example")
    try:
        found = Address(addr_spec=value)
    except (ValueError, IndexError, email.errors.MessageError) as err:
        raise ValueError(f"{value!r} {problem}") from err
    if not found.username or "." not in found.domain.strip(".") or len(found.addr_spec) > EMAIL_MAX:
        raise ValueError(f"{value!r} {problem}")
    return found.addr_spec


def link(value: str) -> str:
    """An http, https or mailto link, parsed and written out again (spaces percent-encoded)."""
    problem = _("is not a link: give one that starts with https://, http:// or mailto:")
    try:
        parts = urlsplit(value)
        scheme = parts.scheme.lower()
        if scheme == "mailto":
            email_address(parts.path)
        elif scheme not in LINK_SCHEMES or not parts.hostname or " " in parts.netloc:
            raise ValueError(problem)
        else:
            parts.port  # noqa: B018  (a port that is no number raises ValueError)
            parts.netloc.encode("idna")
    except (ValueError, UnicodeError) as err:
        raise ValueError(f"{value!r} {problem}") from err
    return urlunsplit((scheme, parts.netloc, quote(parts.path, safe=_URL_SAFE),
                       quote(parts.query, safe=_URL_SAFE), quote(parts.fragment, safe=_URL_SAFE)))


def _year_of(value: dt.date) -> dt.date:
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValueError(_("{value} is outside the years {first}–{last} this calendar keeps")
                         .format(value=value.isoformat(), first=YEAR_MIN, last=YEAR_MAX))
    return value


def _duration_of(value: dt.timedelta) -> dt.timedelta:
    if value <= dt.timedelta(0):
        raise ValueError(_("a length must be more than zero"))
    if value > DURATION_MAX:
        raise ValueError(_("a meeting lasts at most {days} days").format(days=DURATION_MAX.days))
    return value


Title = Annotated[StrictStr, _text_rule(TITLE_MAX, lines=False)]
Name = Annotated[StrictStr, _text_rule(NAME_MAX, lines=False)]
Place = Annotated[StrictStr, _text_rule(PLACE_MAX, lines=False)]
Key = Annotated[StrictStr, _text_rule(KEY_MAX, lines=False)]
Word = Annotated[StrictStr, _text_rule(NAME_MAX, lines=False)]  # a role, mode, kind, reference or phrase: one line
Note = Annotated[StrictStr, _text_rule(NOTE_MAX, lines=True)]
Text = Annotated[StrictStr, _text_rule(TEXT_MAX, lines=True)]
Description = Annotated[StrictStr, _text_rule(DESCRIPTION_MAX, lines=True)]
Link = Annotated[StrictStr, _text_rule(LINK_MAX, lines=False), AfterValidator(link)]
Email = Annotated[StrictStr, _text_rule(EMAIL_MAX, lines=False), AfterValidator(email_address)]
Moment = Annotated[dt.datetime | dt.date, AfterValidator(_year_of)]
Duration = Annotated[dt.timedelta, AfterValidator(_duration_of)]
Days = Annotated[StrictInt, Range(ge=0, le=DAYS_MAX)]
DaysAhead = Annotated[StrictInt, Range(ge=1, le=DAYS_MAX)]  # a listing's --days
WorkingDays = Annotated[StrictInt, Range(ge=0, le=WORKING_DAYS_MAX)]
RecordId = Annotated[StrictInt, Range(ge=1, le=ID_MAX)]


def decode_text(data: bytes, declared: str | None, where: str, *, line: int = 1) -> str:
    """Text from a file or a MIME part: UTF-8 (a BOM allowed), else the charset it declares;
    InputError naming ``where`` (and the line, ``data`` starting on line ``line``) if neither
    reads it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if declared:
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
        line += data[:err.start].count(b"\n")
        raise InputError("{where} is not UTF-8 (byte 0x{byte:02X} on line {line}) and declares no charset that reads "
                         "it: save or export it as UTF-8 and try again.", where=where, byte=data[err.start],
                         line=line) from err


FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def frequency(rule: str) -> str:
    """The FREQ of an RRULE text; InputError unless it is daily, weekly, monthly or yearly
    (a meeting that recurs every second, minute or hour is a mistake, and a costly one)."""
    parts = dict(part.partition("=")[::2] for part in rule.strip().removeprefix("RRULE:").split(";"))
    found = {key.strip().upper(): value.strip().upper() for key, value in parts.items()}.get("FREQ", "")
    if found not in FREQUENCIES:
        raise InputError("The RRULE {rule!r} has FREQ={freq}: a meeting recurs DAILY, WEEKLY, "
                           "MONTHLY or YEARLY.", rule=rule, freq=found or "?")
    return found


# Checking one value --------------------------------------------------------------------


@cache
def _adapter(kind: Any) -> TypeAdapter:
    return TypeAdapter(kind)


def check(kind: Any, value: Any, what: str) -> Any:
    """``value`` as the domain value of ``kind`` (one of the types above); InputError
    saying what is wrong with ``what`` (an option, a field) otherwise."""
    try:
        return _adapter(kind).validate_python(value, strict=True)
    except ValidationError as err:
        problem = problems(err)
        raise (InputError("{what}: {problem}", what=what, problem=problem) if what else InputError(problem)) from err


def optional(kind: Any, value: Any, what: str) -> Any:
    """``check`` for a value that may be left out (None stays None)."""
    return None if value is None else check(kind, value, what)


def one_line(text: str) -> str:
    """Stored text for a mail header: every control character (a line break too) as a space.
    What the rules refuse at input may still be in a store written before them."""
    return "".join(" " if _control(char, "") else char for char in text)


def usable_link(value: str | None) -> str | None:
    """A stored link if it is still a link (see ``one_line``), else None."""
    try:
        return optional(Link, value, "")
    except InputError:
        return None


def record_id(text: str) -> int | None:
    """The numeric id ``text`` gives (ASCII digits within the store's range), else None."""
    text = text.strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= ID_MAX:
        return int(text)
    return None


def moment(value: dt.date, what: str) -> dt.date:
    """A date or datetime within the years the calendar keeps."""
    return check(Moment, value, what)


def year(number: int, what: str) -> int:
    """A year the calendar keeps (``under 2025``, ``vecka 12 2024``)."""
    if not YEAR_MIN <= number <= YEAR_MAX:
        raise InputError("{what}: {value} is outside the years {first}–{last} this calendar keeps", what=what,
                         value=number, first=YEAR_MIN, last=YEAR_MAX)
    return number


def duration(value: dt.timedelta, what: str) -> dt.timedelta:
    """A meeting's length: more than zero, at most ``DURATION_MAX``."""
    return check(Duration, value, what)


# Messages from pydantic's errors -------------------------------------------------------


def _kinds() -> dict[str, str]:
    """What a value of the wrong type should have been, by pydantic's error type."""
    return {
        "string_type": _("text in quotes"),
        "int_type": _("a whole number"),
        "bool_type": _("true or false"),
        "list_type": _("a list [ … ]"),
        "dict_type": _("a table { … }"),
        "model_type": _("a table { … }"),
        "model_attributes_type": _("a table { … }"),
        "date_type": _("a date"),
        "datetime_type": _("a date and time"),
        "time_type": _("a time of day"),
        "timedelta_type": _("a length of time"),
    }


def _other(kind: str) -> str | None:
    return {
        "missing": _("is missing: add it"),
        "extra_forbidden": _("is not a field here (misspelt?)"),
        "literal_error": _("must be one of {expected}"),
        "greater_than_equal": _("must be at least {ge}"),
        "less_than_equal": _("must be at most {le}"),
    }.get(kind)


def _place(loc: tuple[int | str, ...]) -> str:
    """``participants[2].person`` for pydantic's ``('participants', 1, 'person')``."""
    shown = ""
    for part in loc:
        if isinstance(part, int):
            shown += f"[{part + 1}]"
        elif "[" in part or part in _TAGS:  # pydantic's names of union members and validators
            continue
        else:
            shown += f".{part}" if shown else part
    return shown


_TAGS = ("str", "int", "bool", "date", "datetime", "time", "timedelta", "list", "dict", "none")


def problems(err: ValidationError) -> str:
    """pydantic's errors as one line: each field and what is wrong with it."""
    kinds = _kinds()
    wanted: dict[str, list[str]] = {}
    found: dict[str, list[str]] = {}
    for item in err.errors(include_url=False):
        field = _place(tuple(item["loc"]))
        if item["type"] in kinds:
            wanted.setdefault(field, []).append(kinds[item["type"]])
            continue
        if item["type"] == "value_error":
            problem = str(item["ctx"]["error"])
        else:
            context = {key: str(value).replace("'", "") for key, value in item.get("ctx", {}).items()}
            problem = (_other(item["type"]) or item["msg"]).format(**context)
        found.setdefault(field, []).append(problem)
    for field, nouns in wanted.items():
        if field not in found:  # a union member that fits the type reports its own problem
            found[field] = [_("must be {kinds}").format(kinds=_(" or ").join(dict.fromkeys(nouns)))]
    lines = [f"{field}: {problem}" if field else problem
             for field, problem_list in found.items() for problem in dict.fromkeys(problem_list)]
    return "; ".join(lines[:3]) + ("; …" if len(lines) > 3 else "")
