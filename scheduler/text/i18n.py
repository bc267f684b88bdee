"""gettext for everything a person reads: English msgids, Swedish by default.

The language is the one ``set_language`` chose, else ``SCHEDULER_LANG``, else the
locale's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) when it is Swedish or English, else
Swedish. Catalogs: ``locale/<code>/LC_MESSAGES/scheduler.po`` with the compiled ``.mo``
beside them (``pybabel compile -d scheduler/text/locale -D scheduler``).
"""

import functools
import gettext
import os
from pathlib import Path

DOMAIN = "scheduler"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("sv", "en")
DEFAULT = "sv"

_chosen: list[str] = []  # the language set_language chose, if any


def set_language(code: str | None) -> None:
    """Speak ``code`` (``sv`` or ``en``) from now on; ``None`` goes back to the environment's choice."""
    if code is not None and code not in LANGUAGES:
        raise ValueError(f"Unknown language {code!r}: use one of {', '.join(LANGUAGES)}.")
    _chosen[:] = [code] if code else []


def language() -> str:
    """The language to speak: ``sv`` or ``en``."""
    if _chosen:
        return _chosen[0]
    wanted = os.environ.get("SCHEDULER_LANG")
    if not wanted:
        wanted = next((os.environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG")
                       if os.environ.get(name)), "")
    code = wanted.split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else DEFAULT


@functools.cache
def translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    return translation(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translation(language()).ngettext(singular, plural, n)
