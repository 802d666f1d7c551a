"""The support offer and the coverage matrix as PDFs, read back: what the page shows is in them,
their pages are few, no one's name or e-mail is in the offer, and each answers exactly whom its page
answers.

Set PRAXIS_PDF_DIR to keep the PDFs made here (turn them into images with `pdftoppm -png`)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from praxis.accounts.models import User
from praxis.core.tests import pdfs
from praxis.programmes.models import Module, ModuleMapping, Programme, ProgrammeStaff, StaffRole
from praxis.teams import offer, views_people
from praxis.teams.tests.people import assess, consent, person, team_of

pytestmark = pytest.mark.django_db


def _download(client, url, name, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    keep = os.environ.get("PRAXIS_PDF_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{name}-{query.get('paper', 'a4')}.pdf").write_bytes(response.content)
    return response.content


# -- the support offer ---------------------------------------------------------------------------


@pytest.fixture
def published(northside, lena):
    """A team of five who count in statistics, three of them proficient in co-design and facilitation;
    the team's statement drafted, published as version 1, and a later draft (version 2)."""
    people = [
        person(name, northside, role_title="Coach")
        for name in ("Zanele Okafor", "Yusuf Brennan", "Xiomara Lind", "Wendell Quist", "Violet Amadi")
    ]
    for i, p in enumerate(people):
        assess(p, proficient_in={"co-design", "facilitation"} if i < 3 else {"brokering"})
        consent(p, northside, named=True, counted=True)
    team = team_of(northside, lena, "Coaching", people)
    statement = offer.statement_start(organisation=northside, by=lena, team=team)
    offer.statement_publish(statement=statement, by=lena, number=1)
    offer.version_save(
        statement=statement, by=lena, title="Our next offer", body="## Soon\n\nMore.", based_on=1
    )
    statement.refresh_from_db()
    return statement


def _no_one_named(text):
    for user in User.objects.all():
        for part in [*user.full_name.split(), user.email, user.email.split("@")[0]]:
            assert part.lower() not in text.lower(), part


def test_public_offer_pdf_is_the_published_statement_for_anyone_without_a_name(client, published):
    version = published.published
    made = _download(client, reverse("teams_people:offer_public_pdf", args=[published.slug]), "offer")
    text = pdfs.text(made)
    assert version.title in text and "Coaching" in text and "Northside" in text
    assert "Co-design" in text and "Facilitation" in text and "Brokering" not in text
    assert "Published" in text and "a draft" not in text
    assert "Our next offer" not in text  # the later draft is not the published one
    assert "Download" not in text and "use your browser" not in text
    assert "Page 1 of" in text
    assert 1 <= len(pdfs.reader(made).pages) <= 3
    _no_one_named(text + " " + " ".join(str(v) for v in pdfs.reader(made).metadata.values()))


def test_public_offer_pdf_on_letter(client, published):
    made = _download(
        client, reverse("teams_people:offer_public_pdf", args=[published.slug]), "offer", paper="letter"
    )
    assert pdfs.page_size_mm(made) == (216, 279)


def test_public_offer_pdf_of_a_withdrawn_statement_is_404(client, published, lena):
    offer.statement_unpublish(statement=published, by=lena)
    assert client.get(reverse("teams_people:offer_public_pdf", args=[published.slug])).status_code == 404


def test_public_offer_pdf_is_limited_per_address(client, published, monkeypatch):
    monkeypatch.setattr(views_people, "PUBLIC_PDFS_PER_MINUTE", 1)  # the same rule, one PDF made, not ten
    url = reverse("teams_people:offer_public_pdf", args=[published.slug])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    assert client.get(url, REMOTE_ADDR="192.0.2.9").status_code == 200  # per address


def test_lead_downloads_any_version_and_a_draft_says_so(client, published, northside, lena, alice):
    url = reverse("teams_people:offer_version_pdf", args=[northside.slug, published.pk, 2])
    client.force_login(alice)
    assert client.get(url).status_code == 403  # a member, not a lead
    client.force_login(lena)
    made = _download(client, url, "offer-draft", paper="letter")
    text = pdfs.text(made)
    assert "Our next offer" in text and "Soon" in text and "Coaching" in text
    assert "Draft (version 2): not published" in text and "a draft: not published" in text
    assert "Restore" not in text
    _no_one_named(text)  # not even the lead who wrote it
    assert pdfs.page_size_mm(made) == (216, 279)
    missing = reverse("teams_people:offer_version_pdf", args=[northside.slug, published.pk, 9])
    assert client.get(missing).status_code == 404


def test_offer_pages_offer_their_pdf(client, published, northside, lena):
    public = client.get(reverse("teams_people:offer_public", args=[published.slug])).content.decode()
    assert f'action="{reverse("teams_people:offer_public_pdf", args=[published.slug])}"' in public
    client.force_login(lena)
    page = client.get(reverse("teams_people:offer_version", args=[northside.slug, published.pk, 1]))
    pdf_url = reverse("teams_people:offer_version_pdf", args=[northside.slug, published.pk, 1])
    assert f'action="{pdf_url}"' in page.content.decode()


# -- the coverage matrix -------------------------------------------------------------------------


@pytest.fixture
def programme(northside, alice, bob):
    """Alice leads the programme, Bob tutors on it; three modules, one mapped to nothing."""
    made = Programme.objects.create(organisation=northside, name="Certificate in Implementation Support")
    ProgrammeStaff.objects.create(programme=made, user=alice, role=StaffRole.LEAD)
    ProgrammeStaff.objects.create(programme=made, user=bob, role=StaffRole.TUTOR)
    first, second, _ = (
        Module.objects.create(programme=made, name=name, order=order)
        for order, name in enumerate(["Foundations", "Practice", "Capstone"], start=1)
    )
    ModuleMapping.objects.create(module=first, competency_id="co-learning", level=2)
    ModuleMapping.objects.create(module=second, competency_id="co-learning", level=0)
    ModuleMapping.objects.create(module=first, competency_id="brokering", level=0)
    ModuleMapping.objects.create(module=second, competency_id="co-design", level=1, assessed=True)
    return made


def test_coverage_pdf_has_the_matrix_and_every_gap(client, alice, programme):
    client.force_login(alice)
    made = _download(client, reverse("programmes:coverage_pdf", args=[programme.pk]), "coverage")
    text = pdfs.text(made)
    assert "Coverage of Certificate in Implementation Support" in text
    for name in (
        "Co-learning",
        "Brokering",
        "Co-design",
        "Tailoring support",
        "Cultivating leaders and champions",
    ):
        assert name in text
    assert "1. Foundations" in text and "3. Capstone" in text
    assert "Mastered" in text and "Reinforced" in text
    assert "Co-learning reaches mastered in 1. Foundations before it is introduced in 2. Practice." in text
    assert "Tailoring support is not addressed by any module." in text
    assert "3. Capstone is mapped to no competency." in text
    assert "Download" not in text and "Import a mapping file" not in text
    assert "Page 1 of" in text
    assert 1 <= len(pdfs.reader(made).pages) <= 4


def test_coverage_pdf_on_letter_for_a_tutor(client, bob, programme):
    client.force_login(bob)
    made = _download(
        client, reverse("programmes:coverage_pdf", args=[programme.pk]), "coverage-tutor", paper="letter"
    )
    assert "Co-learning" in pdfs.text(made)
    assert pdfs.page_size_mm(made) == (216, 279)


def test_coverage_pdf_follows_the_page_policy(client, carol, dave, programme):
    url = reverse("programmes:coverage_pdf", args=[programme.pk])
    for other in (carol, dave):  # not its staff; another organisation
        client.force_login(other)
        assert client.get(url).status_code == 404


def test_coverage_page_offers_its_pdf_and_its_table(client, alice, programme):
    client.force_login(alice)
    page = client.get(reverse("programmes:coverage", args=[programme.pk])).content.decode()
    assert f'action="{reverse("programmes:coverage_pdf", args=[programme.pk])}"' in page
    table = reverse("programmes:coverage", args=[programme.pk])
    assert f'href="{table}?format=csv"' in page and f'href="{table}?format=xlsx"' in page
    assert reverse("programmes:mapping_import", args=[programme.pk]) in page


def test_coverage_pdf_of_many_modules_turns_the_paper_chosen(client, alice, programme):
    for order in range(4, 9):
        Module.objects.create(programme=programme, name=f"Elective {order}", order=order)
    client.force_login(alice)
    url = reverse("programmes:coverage_pdf", args=[programme.pk])
    made = _download(client, url, "coverage-wide", paper="letter")
    assert pdfs.page_size_mm(made) == (279, 216)
    assert "8. Elective 8" in pdfs.text(made)
    assert pdfs.page_size_mm(_download(client, url, "coverage-wide")) == (297, 210)
