"""Who may see the reliability of an organisation's assessments, and which assessments count.

- The reliability page of an organisation is for its leads (programme leads and researchers are
  to be added where they are defined: ``may_see_reliability`` is the one place to say so).
- Only members who chose ``counted_in_statistics`` in that organisation count, each with their
  latest submitted *full* assessment (the one with an answer per key activity). Leaving the
  organisation, or turning the choice off, takes them out at once: nothing is stored.
- Scoring a survey export reads no one's data in Praxis, only the uploaded file; it is open to
  anyone who leads an organisation (``may_score_surveys``), the seam for researchers later.
"""

from __future__ import annotations

from django.db.models import QuerySet

from praxis.accounts import policy as accounts
from praxis.accounts.models import Organisation
from praxis.assessments.models import Assessment, Kind
from praxis.assessments.scores import latest_assessments_of


def may_see_reliability(user, organisation: Organisation) -> bool:
    return accounts.can_manage_organisation(user, organisation)


def may_score_surveys(user) -> bool:
    return accounts.led_organisations(user).exists()


def counted_assessments(organisation: Organisation) -> QuerySet[Assessment]:
    """The latest submitted full assessment of each member who lets theirs count in statistics."""
    counted = accounts.members_counted_in_statistics(organisation).values("user_id")
    return latest_assessments_of(counted, kind=Kind.FULL)
