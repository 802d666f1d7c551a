"""The password-reset pages speak as the rest of Praxis does, not in Django's default words."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def new_password_page(client, email="alice@example.org"):
    client.post(reverse("accounts:password_reset"), {"email": email})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    return client.get(link).url  # Django swaps the token for a session-held one


def label_texts(html: str) -> list[str]:
    """The labels of the page's own form (not the site search in the header)."""
    main = html[html.index("<main") :]
    return [
        re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<label[^>]*>(.*?)</label>", main, re.S)
    ]


def test_asking_for_a_reset_asks_for_the_address_you_sign_in_with(client):
    html = client.get(reverse("accounts:password_reset")).content.decode()
    assert label_texts(html) == ["E-mail address"]
    assert "the e-mail address you sign in with" in html


def test_choosing_a_new_password_uses_the_same_words_as_changing_it(client, alice):
    html = client.get(new_password_page(client)).content.decode()
    assert label_texts(html) == ["New password", "The new password again"]
    assert "At least 8 characters" in html
    assert "confirmation" not in html.lower()  # Django's "New password confirmation"
    assert "can’t be too similar" not in html  # Django's list of rules


def test_two_different_new_passwords_are_explained_next_to_the_field_and_change_nothing(client, alice):
    url = new_password_page(client)
    response = client.post(
        url, {"new_password1": "another-long-password", "new_password2": "a-different-one"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The two new passwords are different. Type the same one twice." in html
    assert html.index("Type the same one twice") > html.index("The new password again")  # by its field
    alice.refresh_from_db()
    assert not alice.check_password("another-long-password")
