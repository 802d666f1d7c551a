"""Who may see which feedback rounds and reports, built on praxis.accounts.policy.

- A round, its invitation list, its response counts and its report are its owner's alone.
  Nobody else (not a supervisor, not a lead) finds them: they answer 404.
- The report opens only once the round is closed, so nobody's answers can be picked out as they
  arrive; every figure in it then passes the anonymity rules of praxis.scoring.feedback.
- A rater reaches their own form through the private link alone (no account; the token decides).
"""

from __future__ import annotations

from django.db.models import QuerySet

from praxis.accounts.policy import authenticated, owned_by

from .models import Round


def own_rounds(user) -> QuerySet[Round]:
    return Round.objects.filter(owned_by(user)) if authenticated(user) else Round.objects.none()


def report_readable(round_: Round) -> bool:
    """The owner (who alone finds the round) reads its report once it is closed."""
    return not round_.is_open
