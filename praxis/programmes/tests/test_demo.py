"""`praxis demo` shows a programme: mapped modules, a tutor, and gaps on its coverage page."""

from io import StringIO

import pytest
from django.core.management import call_command

from praxis.core.frameworks import current_framework
from praxis.programmes import selectors
from praxis.programmes.models import Programme, StaffRole

pytestmark = pytest.mark.django_db


def test_demo_creates_a_mapped_programme_with_a_lead_a_tutor_and_gaps_to_show():
    call_command("demo", stdout=StringIO())
    programme = Programme.objects.get()
    assert programme.modules.count() == 4
    assert {(s.user.email, s.role) for s in programme.staff.all()} == {
        ("lead@demo.praxis.example", StaffRole.LEAD),
        ("supervisor@demo.praxis.example", StaffRole.TUTOR),
    }
    page = selectors.coverage_page(programme, current_framework())
    assert page.never_addressed and page.never_beyond_lowest and page.highest_before_lowest
    call_command("demo", stdout=StringIO())
    assert Programme.objects.count() == 1
