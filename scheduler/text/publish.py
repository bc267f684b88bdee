"""What ``publish`` prints."""


from scheduler.ical.publish import Published
from scheduler.text.i18n import _
from scheduler.text.shapes import PublishedRecord


def published_record(done: Published) -> PublishedRecord:
    """``publish --json``: the calendar, the UIDs added, updated and deleted, how many were unchanged."""
    return {"calendar": done.url, "added": done.added, "updated": done.updated, "deleted": done.deleted,
            "unchanged": done.unchanged, "complete": done.failure is None}


def published_summary(record: PublishedRecord) -> str:
    return _("Published to {calendar}: {added} added, {updated} updated, {deleted} deleted, {unchanged} "
             "unchanged.").format(calendar=record["calendar"], added=len(record["added"]),
                                  updated=len(record["updated"]), deleted=len(record["deleted"]),
                                  unchanged=record["unchanged"])
