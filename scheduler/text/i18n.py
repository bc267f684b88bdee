"""gettext for everything a person reads: English msgids, Swedish by default.

The language is ``SCHEDULER_LANG``, else the locale's (``LC_ALL``, ``LC_MESSAGES``,
``LANG``) when it is Swedish or English, else Swedish.
"""

import functools
import gettext
import os
from pathlib import Path

DOMAIN = "scheduler"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("sv", "en")
DEFAULT = "sv"


def language() -> str:
    """The language to speak: ``sv`` or ``en``."""
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
