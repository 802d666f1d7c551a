import pytest

from conftest import _person
from praxis.accounts.models import Membership, Role
from praxis.programmes.models import Module, Programme, ProgrammeStaff, StaffRole


@pytest.fixture
def programme(northside, alice, bob):
    """Alice leads the programme (a practitioner in the organisation), Bob tutors on it."""
    made = Programme.objects.create(organisation=northside, name="Certificate")
    ProgrammeStaff.objects.create(programme=made, user=alice, role=StaffRole.LEAD)
    ProgrammeStaff.objects.create(programme=made, user=bob, role=StaffRole.TUTOR)
    return made


@pytest.fixture
def modules(programme):
    return [
        Module.objects.create(programme=programme, name=name, order=order)
        for order, name in enumerate(["Foundations", "Practice", "Capstone"], start=1)
    ]


@pytest.fixture
def learner(northside):
    person = _person("lee")
    Membership.objects.create(user=person, organisation=northside, role=Role.PRACTITIONER)
    return person
