"""The PDF machinery (praxis.core.pdf): paper, running header, embedded fonts, accessible
structure, and a URL fetcher that serves the app's static files and nothing else."""

import logging
import socket
import urllib.request

import pytest
from django.test import RequestFactory

from praxis.core import pdf
from praxis.core.tests import pdfs

BASE = pdf._BASE


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"a PDF tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    return attempts


def test_the_fetcher_serves_the_apps_static_files():
    response = pdf.static_only_fetcher().fetch(BASE + "static/pdf/report.css")
    assert b"@font-face" in response.read()
    font = pdf.static_only_fetcher().fetch(BASE + "static/fonts/DejaVuSans.ttf")
    assert font.read()[:4] == b"\x00\x01\x00\x00"  # a TrueType file


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/static/pdf/report.css",  # another host
        "https://127.0.0.1:1/x.png",
        "file:///etc/passwd",
        "data:text/css,body{color:red}",
        BASE + "static/../praxis/settings.py",  # out of the static files
        BASE + "static/%2e%2e/praxis/settings.py",
        BASE + "static/css/no-such-file.css",
        BASE + "guide/",  # a page of the site, not a static file
    ],
)
def test_the_fetcher_refuses_anything_else(url, no_network):
    with pytest.raises(pdf.ResourceRefused):
        pdf.static_only_fetcher().fetch(url)
    assert no_network == []


def test_a_report_asking_for_outside_resources_is_made_without_them(settings, no_network, caplog, tmp_path):
    template = tmp_path / "outside.html"
    template.write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Outside</h1>'
        '<img src="http://example.org/tracker.png" alt="">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<img src="https://127.0.0.1:9/x.png" alt="">{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with caplog.at_level(logging.WARNING, logger="praxis.pdf"):
        made = pdf.render_pdf("outside.html", {}, title="Outside", about="Ann Example")
    assert "Outside" in pdfs.text(made)
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any("example.org/tracker.png" in m for m in refused)
    assert any("/etc/passwd" in m for m in refused)
    assert no_network == []


@pytest.mark.parametrize("paper,size", [("a4", (210, 297)), ("letter", (216, 279))])
def test_a_report_is_on_the_paper_chosen_with_header_page_numbers_and_embedded_fonts(paper, size, db):
    request = RequestFactory().get("/", {"paper": paper})
    made = pdf.render_pdf(
        "pdf/base.html",
        {},
        request=request,
        title="Report title",
        about="Ann Example",
        paper=pdf.paper_from(request),
    )
    assert pdfs.page_size_mm(made) == size
    text = pdfs.text(made)
    assert "Ann Example" in text and "Page 1 of 1" in text and "Made " in text
    fonts = pdfs.fonts(made)
    assert fonts and all(fonts.values()), fonts  # every font embedded
    assert all("Praxis-Sans" in name or "system-ui" in name for name in fonts), fonts  # the shipped ones
    document = pdfs.reader(made)
    assert document.metadata.title == "Report title"
    root = document.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged


def test_the_paper_falls_back_to_the_sites_default(settings):
    assert pdf.paper_from(RequestFactory().get("/", {"paper": "tabloid"})) == "a4"
    settings.PRAXIS_PDF_PAPER = "letter"
    assert pdf.paper_from(RequestFactory().get("/")) == "letter"
    assert pdf.paper_from(RequestFactory().get("/", {"paper": "a4"})) == "a4"
    assert [(v, d) for v, _, d in pdf.paper_choices()] == [("a4", False), ("letter", True)]
