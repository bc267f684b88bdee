"""What ``token new/list/revoke`` print."""

import datetime as dt
from urllib.parse import quote

from sqlmodel import Session

from scheduler.ical.invitations import slug
from scheduler.store.exchanges import AccessToken
from scheduler.store.models import Series
from scheduler.text.i18n import _
from scheduler.text.labels import day_label
from scheduler.text.render import table
from scheduler.text.shapes import NewTokenRecord, TokenRecord


def token_url(base: str, secret: str, series: Series | None) -> str:
    """The feed's URL with the token: ``…/calendar.ics?token=…`` or ``…/series/NAME.ics?token=…``."""
    path = f"series/{series.key or slug(series.name)}.ics" if series else "calendar.ics"
    return f"{base.rstrip('/')}/{path}?token={quote(secret)}"


def new_token_record(secret: str, url: str) -> NewTokenRecord:
    return {"token": secret, "url": url}


def token_added(record: NewTokenRecord, base: str) -> str:
    """The new secret, the feed's URL and the page's."""
    page = f"{base.rstrip('/')}/?token={quote(record['token'])}"
    return "\n".join([_("New token (shown only now): {token}").format(token=record["token"]),
                      _("Feed: {url}").format(url=record["url"]), _("Page: {url}").format(url=page)])


def token_record(session: Session, row: AccessToken, tz: dt.tzinfo) -> TokenRecord:
    series = session.get(Series, row.series_id) if row.series_id else None
    return {"id": row.id, "hint": row.hint, "series": series.name if series else None,
            "created": row.created_at.astimezone(tz).isoformat(),
            "revoked": row.revoked_at.astimezone(tz).isoformat() if row.revoked_at else None}


def token_table(records: list[TokenRecord]) -> str:
    if not records:
        return _("No tokens: make one with 'scheduler token new'.")
    rows = [[str(r["id"]), r["hint"] + "…", r["series"] or _("whole calendar"),
             day_label(dt.datetime.fromisoformat(r["created"]).date()),
             _("revoked") if r["revoked"] else ""] for r in records]
    return table([[_("Id"), _("Token"), _("Opens"), _("Made"), ""], *rows])


def token_revoked(record: TokenRecord) -> str:
    return _("Token {id} ({hint}…) revoked: its URL opens nothing any more.").format(**record)
