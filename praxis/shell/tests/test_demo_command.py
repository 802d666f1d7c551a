"""`praxis demo`, which `make demo` runs: a working organisation, and safe to run again."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from praxis.accounts.models import Membership, Organisation, Share, SupervisionLink, User
from praxis.assessments.models import Assessment
from praxis.feedback.models import Round
from praxis.teams import selectors as team_selectors

pytestmark = pytest.mark.django_db


def test_demo_builds_an_organisation_with_history_and_prints_the_sign_ins():
    out = StringIO()
    call_command("demo", stdout=out)
    assert "amira@demo.praxis.example" in out.getvalue() and "praxis-demo-2026" in out.getvalue()
    assert Membership.objects.filter(organisation__name="Riverside Implementation Centre").count() == 8
    assert Assessment.objects.filter(status="submitted").count() == 12  # two each for six practitioners
    assert Share.objects.filter(content_type__model="assessment").count() == 5  # not Farid's
    links = SupervisionLink.objects.all()
    assert {link.supervisee.email for link in links if link.confirmed_at is None} == {
        "erin@demo.praxis.example",
        "farid@demo.praxis.example",
    }  # they are asked to confirm on their dashboard
    assert not links.filter(supervisor__email="lead@demo.praxis.example").exists()
    assert Round.objects.get().closed_at is not None
    assert mail.outbox == []  # demo data sends nobody an e-mail


def test_demo_gives_the_lead_team_statistics_and_growth_to_look_at():
    call_command("demo", stdout=StringIO())
    organisation = Organisation.objects.get(name="Riverside Implementation Centre")
    assert team_selectors.team_statistics(organisation).figures.people == 6
    assert team_selectors.team_growth(organisation).second is not None
    heat_map = team_selectors.heat_map(User.objects.get(email="lead@demo.praxis.example"), organisation)
    assert [row.name for row in heat_map.rows] == ["Amira Haddad", "Ben Adeyemi", "Chloé Martin", "Dev Patel"]


def test_demo_is_idempotent():
    call_command("demo", stdout=StringIO())
    counts = (User.objects.count(), Assessment.objects.count())
    out = StringIO()
    call_command("demo", stdout=out)
    assert "already there" in out.getvalue()
    assert (User.objects.count(), Assessment.objects.count()) == counts
