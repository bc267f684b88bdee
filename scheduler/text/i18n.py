"""gettext for everything a person reads: English msgids, Swedish by default.

The language is the one ``set_language`` chose (the command line's ``--lang``), else
``SCHEDULER_LANG``, else the locale's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) when it has a
catalog, else Swedish; ``speaking`` changes it for a block (what a series' or the store's
recipients read). Catalogs: ``locale/<code>/LC_MESSAGES/scheduler.po``, kept with Babel,
with the compiled ``.mo`` beside them (see the README's "Languages").
"""

import contextlib
import functools
import gettext
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from scheduler.errors import InputError

DOMAIN = "scheduler"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "sv")
DEFAULT = "sv"
LANGUAGE_ENV = "SCHEDULER_LANG"
LOCALE_ENVS = ("LC_ALL", "LC_MESSAGES", "LANG")

_chosen: list[str] = []  # set_language's choice, then any speaking() blocks inside it


def _code(name: str) -> str:
    """``sv_SE.UTF-8`` → ``sv``."""
    return name.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def checked(lang: str) -> str:
    """The code of ``lang`` (``sv``; ``en_GB`` → ``en``) when there is a catalog for it."""
    code = _code(lang)
    if code not in LANGUAGES:
        raise InputError("There is no language '{lang}': choose one of {choices}.",
                         lang=lang, choices=", ".join(LANGUAGES))
    return code


def from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """``SCHEDULER_LANG`` (InputError when there is no such language), else the first of
    LC_ALL, LC_MESSAGES and LANG that is set, when it names a language with a catalog,
    else Swedish."""
    wanted = environ.get(LANGUAGE_ENV, "").strip()
    if wanted:
        return checked(wanted)
    locale = next((environ[name] for name in LOCALE_ENVS if environ.get(name, "").strip()), "")
    code = _code(locale)
    return code if code in LANGUAGES else DEFAULT


def language() -> str:
    """The language to speak: ``sv`` or ``en``."""
    if _chosen:
        return _chosen[-1]
    try:
        return from_environment()
    except InputError:  # the command line reports it; the library speaks Swedish
        return DEFAULT


def set_language(lang: str | None) -> str:
    """Speak ``lang`` from now on (InputError when it has no catalog); ``None`` goes back to
    the environment's choice. Returns the language now spoken."""
    _chosen[:] = [checked(lang)] if lang else []
    return language()


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[str]:
    """Within the block, speak ``lang`` (e.g. the language of an invitation's recipients);
    None keeps the language in use."""
    _chosen.append(checked(lang) if lang else language())
    try:
        yield _chosen[-1]
    finally:
        _chosen.pop()


@functools.cache
def translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` (an English msgid) in the language in use."""
    return translation(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` in the language in use: ``1 möte``, ``2 möten``."""
    return translation(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802  (the name gettext's tools look for)
    """Mark ``message`` for the catalog; it is translated where it is shown."""
    return message


def message_text(message: Any) -> str:
    """An error's or warning's text in the language in use: its English message translated,
    then its values filled in, each value that is itself a message translated too
    (``scheduler.errors.Message``, ``Phrase``); anything else as it reads."""
    template = getattr(message, "message", None)
    if not isinstance(template, str) or not template:
        return str(message)
    values = {name: message_text(value) if isinstance(getattr(value, "message", None), str) else value
              for name, value in getattr(message, "values", {}).items()}
    return _(template).format(**values) if values else _(template)
