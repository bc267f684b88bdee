"""Secret tokens that open the feed and the page over HTTP: the whole calendar, or one series.

The secret is shown once, when it is made; the store keeps only its SHA-256 and its first
characters (to tell tokens apart in ``token list``). A revoked token opens nothing.
"""

import hashlib
import secrets
from typing import NamedTuple

from sqlmodel import Session, col, select

from scheduler.clock import utcnow
from scheduler.errors import NotFoundError, StateError
from scheduler.store.exchanges import AccessToken
from scheduler.store.models import Series
from scheduler.validate import record_id

HINT = 6  # characters of the secret kept to tell tokens apart


class Access(NamedTuple):
    """What a valid token opens: the whole calendar (``series`` None) or one series."""

    token: AccessToken
    series: Series | None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token(session: Session, series: Series | None = None) -> tuple[str, AccessToken]:
    """A new secret and its row; the secret is not stored."""
    secret = secrets.token_urlsafe(24)
    row = AccessToken(digest=digest(secret), hint=secret[:HINT], series_id=series.id if series else None,
                      created_at=utcnow())
    session.add(row)
    session.flush()
    return secret, row


def tokens(session: Session, *, revoked: bool = False) -> list[AccessToken]:
    """The tokens, oldest first; revoked ones only with ``revoked``."""
    query = select(AccessToken)
    if not revoked:
        query = query.where(col(AccessToken.revoked_at).is_(None))
    return list(session.exec(query.order_by(col(AccessToken.id))).all())


def find_token(session: Session, ident: str) -> AccessToken:
    """A token by its id, its first characters or the whole secret."""
    ident = ident.strip()
    number = record_id(ident)
    found = session.get(AccessToken, number) if number is not None else None
    if found is None and ident:
        rows = session.exec(select(AccessToken).where(
            (col(AccessToken.digest) == digest(ident)) | (col(AccessToken.hint) == ident[:HINT]))).all()
        found = rows[0] if len(rows) == 1 else None
    if found is None:
        raise NotFoundError("No token {ident}: see 'scheduler token list'.", ident=ident)
    return found


def revoke(session: Session, token: AccessToken) -> AccessToken:
    if token.revoked_at is not None:
        raise StateError("Token {id} is already revoked.", id=token.id)
    token.revoked_at = utcnow()
    session.add(token)
    return token


def access(session: Session, secret: str | None) -> Access | None:
    """What ``secret`` opens, or None for a missing, unknown or revoked one."""
    if not secret:
        return None
    token = session.exec(select(AccessToken).where(AccessToken.digest == digest(secret))).first()
    if token is None or token.revoked_at is not None:
        return None
    series = session.get(Series, token.series_id) if token.series_id is not None else None
    return Access(token, series)
