"""iCalendar in and out: events (``components``), VTIMEZONE, invitations, the feed, import and iMIP mail."""
