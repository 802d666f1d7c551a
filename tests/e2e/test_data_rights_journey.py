"""A practitioner downloads her data and then deletes her account, in a real browser."""

import zipfile

import pytest
from playwright.sync_api import expect

from praxis.accounts.models import User

from .helpers import (
    NARROW,
    assert_no_serious_violations,
    expect_message,
    field_label,
    sideways_overflow,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_download_then_delete_from_the_profile_page(page, alice, screenshot):
    sign_in(page, alice.email, go_to="/accounts/profile/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    archive = zipfile.ZipFile(download.value.path())
    assert "README.txt" in archive.namelist() and "answers.csv" in archive.namelist()

    page.get_by_role("link", name="delete your account").click()
    expect(page.get_by_role("heading", name="What stays, without your name")).to_be_visible()
    assert_no_serious_violations(page)
    screenshot(page, "account-delete")

    page.get_by_label(field_label("Your password")).fill("not-my-password")
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.locator(".field-error")).to_contain_text("That is not your password")
    assert User.objects.filter(pk=alice.pk).exists()

    page.get_by_label(field_label("Your password")).fill("a-long-test-password")
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect_message(page, "Your account and everything in it have been deleted")
    assert not User.objects.filter(email=alice.email).exists()


def test_the_deletion_page_fits_a_phone(page, alice):
    sign_in(page, alice.email)
    page.set_viewport_size(NARROW)
    page.goto("/accounts/delete/")
    assert sideways_overflow(page) <= 0
