"""Text from the store shown safely on a terminal: control characters made visible.

A title imported from a hostile calendar may hold ``ESC ] 0 ; … BEL`` or ``ESC [ 2 J``;
printed raw, it retitles or clears the terminal. ``visible`` shows each C0 control as its
Unicode control picture (``ESC`` → ``␛``), DEL as ``␡``, C1 controls and the bidirectional
overrides as ``<U+009B>``; tab and line feed stay as they are. JSON output escapes them
as JSON does and needs none of this.
"""

import re

_PICTURE_BASE = 0x2400  # U+2400 SYMBOL FOR NULL .. U+241F, U+2421 for DEL
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _shown(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if code < 0x20:
        return chr(_PICTURE_BASE + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with every control character but tab, line feed and CR LF made visible."""
    return _UNSAFE.sub(_shown, text)
