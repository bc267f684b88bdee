"""The stated limits of outside input, in one place without imports (the command line reads
them when it builds its options, before any library is loaded)."""

TITLE_MAX = 255  # what Outlook allows a subject
NAME_MAX = 200
PLACE_MAX = 500
LINK_MAX = 2000
EMAIL_MAX = 254  # RFC 5321's path limit
KEY_MAX = 200
NOTE_MAX = 2000
DESCRIPTION_MAX = 100_000
TEXT_MAX = 10_000  # any other text option: a path, a phrase, a reference
YEAR_MIN, YEAR_MAX = 1900, 2200
DURATION_MAX_DAYS = 31
DAYS_MAX = 3660  # --days: ten years
HORIZON_DAYS = 30  # upcoming, notices, pending and conflicts without --from, --to or --days
WORKING_DAYS_MAX = 1000
ID_MAX = 2**31 - 1  # INTEGER on PostgreSQL; SQLite's is wider
