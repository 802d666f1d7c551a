"""Programme pages: creating a programme, modules, a module's mapping, the scale, staff."""

import pytest
from django.urls import reverse

from praxis.programmes.models import Module, ModuleMapping, Programme, ProgrammeStaff, StaffRole

pytestmark = pytest.mark.django_db


def test_organisation_lead_creates_a_programme_with_their_own_scale_and_becomes_its_lead(
    client, lena, northside
):
    client.force_login(lena)
    response = client.post(
        reverse("programmes:create"),
        {
            "organisation": northside.pk,
            "name": "Certificate",
            "description": "",
            "levels": "Aware\nPractised\n\nLed\n",
        },
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert programme.mapping_levels == ["Aware", "Practised", "Led"]
    assert ProgrammeStaff.objects.get(programme=programme).role == StaffRole.LEAD


def test_a_scale_of_one_level_is_refused_beside_the_field_keeping_what_was_typed(client, lena, northside):
    client.force_login(lena)
    response = client.post(
        reverse("programmes:create"), {"organisation": northside.pk, "name": "Short", "levels": "Only"}
    )
    assert response.status_code == 422
    assert "at least 2 levels" in response.content.decode()
    assert "Short" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_practitioner_cannot_create_a_programme(client, carol, northside):
    client.force_login(carol)
    response = client.post(
        reverse("programmes:create"), {"organisation": northside.pk, "name": "X", "levels": "A\nB"}
    )
    assert response.status_code == 404
    assert not Programme.objects.exists()


def test_programme_lead_adds_modules_in_order(client, alice, programme):
    client.force_login(alice)
    client.post(reverse("programmes:module_add", args=[programme.pk]), {"name": "Day one", "hours": "7.5"})
    client.post(reverse("programmes:module_add", args=[programme.pk]), {"name": "Day two", "hours": ""})
    assert [(m.name, m.order, m.hours) for m in programme.modules.all()] == [
        ("Day one", 1, pytest.approx(7.5)),
        ("Day two", 2, None),
    ]


def test_hours_in_other_digits_are_refused(client, alice, programme):
    client.force_login(alice)
    response = client.post(
        reverse("programmes:module_add", args=[programme.pk]), {"name": "Day", "hours": "٣"}
    )
    assert response.status_code == 422
    assert "in digits" in response.content.decode()
    assert not programme.modules.exists()


def test_module_mapping_saves_competencies_activities_and_assessed(client, alice, programme, modules):
    client.force_login(alice)
    response = client.post(
        reverse("programmes:module_mapping", args=[programme.pk, modules[0].pk]),
        {
            "level:co-learning": "0",
            "assessed:co-learning": "on",
            "level:brokering.act-as-bridge": "1",
        },
    )
    assert response.status_code == 302
    rows = {(m.competency_id, m.activity_id, m.level, m.assessed) for m in modules[0].mappings.all()}
    assert rows == {("co-learning", "", 0, True), ("brokering", "brokering.act-as-bridge", 1, False)}
    page = client.get(reverse("programmes:module", args=[programme.pk, modules[0].pk])).content.decode()
    assert 'value="0" selected' in page


def test_assessed_without_a_level_is_refused_and_nothing_changes(client, alice, programme, modules):
    ModuleMapping.objects.create(module=modules[0], competency_id="co-design", level=1)
    client.force_login(alice)
    response = client.post(
        reverse("programmes:module_mapping", args=[programme.pk, modules[0].pk]),
        {"assessed:co-learning": "on"},
    )
    assert response.status_code == 422
    assert "untick" in response.content.decode()
    assert list(modules[0].mappings.values_list("competency_id", flat=True)) == ["co-design"]


def test_a_level_off_the_scale_is_refused(client, alice, programme, modules):
    client.force_login(alice)
    response = client.post(
        reverse("programmes:module_mapping", args=[programme.pk, modules[0].pk]), {"level:co-learning": "3"}
    )
    assert response.status_code == 422
    assert not ModuleMapping.objects.exists()


def test_tutor_reads_the_mapping_but_cannot_change_it(client, bob, programme, modules):
    ModuleMapping.objects.create(module=modules[0], competency_id="co-learning", level=2, assessed=True)
    client.force_login(bob)
    page = client.get(reverse("programmes:module", args=[programme.pk, modules[0].pk])).content.decode()
    assert "Mastered</strong>, assessed here" in page
    assert "Save the mapping" not in page
    response = client.post(reverse("programmes:module_mapping", args=[programme.pk, modules[0].pk]), {})
    assert response.status_code == 403
    assert ModuleMapping.objects.count() == 1


def test_scale_cannot_change_once_modules_are_mapped(client, alice, programme, modules):
    ModuleMapping.objects.create(module=modules[0], competency_id="co-learning", level=2)
    client.force_login(alice)
    response = client.post(
        reverse("programmes:update", args=[programme.pk]),
        {"name": programme.name, "description": "", "levels": "Seen\nDone"},
    )
    assert response.status_code == 422
    assert "cannot change while modules are mapped" in response.content.decode()
    programme.refresh_from_db()
    assert programme.mapping_levels == ["Introduced", "Reinforced", "Mastered"]


def test_scale_changes_freely_before_any_mapping(client, alice, programme, modules):
    client.force_login(alice)
    client.post(
        reverse("programmes:update", args=[programme.pk]),
        {"name": "Renamed", "description": "", "levels": "Seen\nDone"},
    )
    programme.refresh_from_db()
    assert (programme.name, programme.mapping_levels) == ("Renamed", ["Seen", "Done"])


def test_programme_lead_adds_a_tutor_from_the_organisation_only(client, alice, programme, carol, dave):
    client.force_login(alice)
    client.post(reverse("programmes:staff_add", args=[programme.pk]), {"email": carol.email, "role": "tutor"})
    assert programme.staff.get(user=carol).role == StaffRole.TUTOR
    response = client.post(
        reverse("programmes:staff_add", args=[programme.pk]), {"email": dave.email, "role": "lead"}
    )
    assert response.status_code == 422
    assert not programme.staff.filter(user=dave).exists()


def test_the_last_programme_lead_cannot_be_removed(client, alice, programme):
    client.force_login(alice)
    mine = programme.staff.get(user=alice)
    client.post(reverse("programmes:staff_remove", args=[programme.pk, mine.pk]))
    assert programme.staff.filter(user=alice, role=StaffRole.LEAD).exists()


def test_deleting_a_module_deletes_its_mapping(client, alice, programme, modules):
    ModuleMapping.objects.create(module=modules[0], competency_id="co-learning", level=0)
    client.force_login(alice)
    client.post(reverse("programmes:module_delete", args=[programme.pk, modules[0].pk]))
    assert not Module.objects.filter(pk=modules[0].pk).exists()
    assert not ModuleMapping.objects.exists()


def test_index_lists_only_the_viewers_programmes(client, alice, dave, programme):
    client.force_login(alice)
    assert "Certificate" in client.get(reverse("programmes:index")).content.decode()
    client.force_login(dave)
    page = client.get(reverse("programmes:index")).content.decode()
    assert "Certificate" not in page
    assert "Create a programme" in page  # dave leads Southside


def test_programme_pages_link_to_their_cohorts_and_the_menu_marks_programmes_there(client, bob, programme):
    client.force_login(bob)  # a tutor
    cohorts_url = reverse("cohorts:programme", args=[programme.pk])
    assert cohorts_url in client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    index = client.get(reverse("programmes:index")).content.decode()
    assert cohorts_url in index and reverse("cohorts:index") in index
    page = client.get(cohorts_url).content.decode()
    assert f'href="{reverse("programmes:index")}" aria-current="true"' in page
