"""Private links (invitations, rater links): 256 random bits handed out once, only a hash kept,
so a copy of the database cannot be turned back into working links."""

import hashlib
import secrets

from django.db import transaction


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh link token and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def reissue(row, send) -> str:
    """Give a row's link a fresh token (the old link stops working) and e-mail it once the
    transaction commits; `send(row, token)` records when it went. Returns the new token."""
    token, row.token_hash = new_token()
    row.email_sent_at = None
    row.save(update_fields=["token_hash", "email_sent_at"])
    transaction.on_commit(lambda: send(row, token))
    return token
