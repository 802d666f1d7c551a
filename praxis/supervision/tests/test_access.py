"""Who opens a supervisee's conversation page: their confirmed supervisor only. (The access matrix
holds the same rows for every URL; this adds another organisation member's supervisor.)"""

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import _member, _person
from praxis.accounts import services as accounts
from praxis.accounts.models import SupervisionLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(alice, bob, carol, lena, northside):
    pending = _member(_person("sam"), northside, "supervisor")
    accounts.link_supervisor(organisation=northside, by=lena, supervisor=pending, supervisee=alice)
    other = _member(_person("olga"), northside, "supervisor")  # supervises bob, not alice
    SupervisionLink.objects.create(
        organisation=northside, supervisor=other, supervisee=bob, confirmed_at=timezone.now()
    )
    return {
        "confirmed supervisor": (carol, 200),
        "unconfirmed supervisor": (pending, 404),
        "other supervisor": (other, 404),
        "lead": (lena, 404),
        "the practitioner": (alice, 404),
        "anonymous": (None, 302),
    }


@pytest.mark.parametrize(
    "who",
    [
        "confirmed supervisor",
        "unconfirmed supervisor",
        "other supervisor",
        "lead",
        "the practitioner",
        "anonymous",
    ],
)
def test_only_a_confirmed_supervisor_opens_the_page_or_writes_there(client, people, alice, who):
    user, expected = people[who]
    if user is not None:
        client.force_login(user)
    assert client.get(reverse("supervision:supervisee", args=[alice.pk])).status_code == expected
    posted = client.post(
        reverse("supervision:note_add", args=[alice.pk]), {"text": "A note", "visibility": "private"}
    )
    assert posted.status_code == (302 if expected != 404 else 404)
    if expected == 404 and user != alice:  # (her own name is in her page header)
        assert b"Alice" not in client.get(reverse("supervision:supervisee", args=[alice.pk])).content


def test_a_forged_supervisee_id_answers_404(client, carol):
    client.force_login(carol)
    assert client.get("/supervision/people/999999/").status_code == 404
    assert client.get("/supervision/people/%D9%A3/").status_code == 404
