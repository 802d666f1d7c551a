"""Who sees and changes a programme: programme leads and tutors per programme, organisation leads."""

import pytest
from django.contrib.auth.models import AnonymousUser

from praxis.accounts.models import Membership
from praxis.programmes import policy
from praxis.programmes.models import Module, ModuleMapping, Programme, ProgrammeStaff, StaffRole
from praxis.programmes.selectors import modules_by_competency

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(northside, alice, bob):
    made = Programme.objects.create(organisation=northside, name="Certificate")
    ProgrammeStaff.objects.create(programme=made, user=alice, role=StaffRole.LEAD)
    ProgrammeStaff.objects.create(programme=made, user=bob, role=StaffRole.TUTOR)
    return made


def test_programme_lead_sees_and_edits_their_programme(programme, alice):
    assert list(policy.programmes_visible_to(alice)) == [programme]
    assert policy.can_edit_programme(alice, programme)
    assert policy.is_programme_staff(alice, programme)


def test_tutor_sees_but_does_not_edit(programme, bob):
    assert policy.is_programme_staff(bob, programme)
    assert not policy.can_edit_programme(bob, programme)
    assert policy.staff_role(bob, programme) == StaffRole.TUTOR


def test_organisation_lead_sees_and_edits_every_programme_there(programme, lena):
    assert policy.can_edit_programme(lena, programme)
    assert policy.can_create_programme(lena, programme.organisation)


def test_other_members_and_other_organisations_see_nothing(programme, carol, dave):
    for viewer in (carol, dave):
        assert not policy.programmes_visible_to(viewer).exists()
        assert not policy.is_programme_staff(viewer, programme)
        assert not policy.can_edit_programme(viewer, programme)
    assert not policy.can_create_programme(carol, programme.organisation)
    assert not policy.can_create_programme(dave, programme.organisation)


def test_staff_role_ends_when_the_membership_ends(programme, alice):
    Membership.objects.filter(user=alice).delete()
    assert not policy.programmes_visible_to(alice).exists()
    assert not policy.can_edit_programme(alice, programme)


def test_anonymous_sees_nothing(programme):
    assert not policy.programmes_visible_to(AnonymousUser()).exists()


def test_modules_by_competency_lists_modules_in_order_with_level_names(programme, django_assert_num_queries):
    first = Module.objects.create(programme=programme, name="Day 1", order=1)
    second = Module.objects.create(programme=programme, name="Day 2", order=2)
    ModuleMapping.objects.create(module=second, competency_id="co-learning", level=2, assessed=True)
    ModuleMapping.objects.create(module=first, competency_id="co-learning", level=0)
    with django_assert_num_queries(1):
        found = modules_by_competency(programme)
    assert [(m.module_name, m.level_name, m.assessed) for m in found["co-learning"]] == [
        ("Day 1", "Introduced", False),
        ("Day 2", "Mastered", True),
    ]
    assert "co-design" not in found
