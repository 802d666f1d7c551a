"""The one maker of PDF reports: a Django template rendered to PDF by WeasyPrint.

A report is the page's own content (the same includes, the same SVG charts) inside
``templates/pdf/base.html``, which adds the print stylesheet, the running header (who the report
is about and when it was made) and page numbers. So a figure is computed once, by the page's
selectors, and looks the same on screen and on paper.

- **Paper**: A4 or US Letter, chosen on the download form (``?paper=a4|letter``); otherwise the
  site's default, ``PRAXIS_PDF_PAPER`` (``a4``).
- **No fetch at render time**: WeasyPrint asks :class:`StaticOnlyFetcher` for every stylesheet,
  image and font; it answers only with files from the app's own static files (the print
  stylesheet, the fonts in ``static/fonts/``) and refuses everything else: no network, no other
  file on the disk, not even a ``data:`` URL. A refused resource is left out and logged.
- **Fonts embedded**: DejaVu Sans, shipped in ``static/fonts/`` and declared by ``@font-face``
  with a local URL, is subset into every PDF.
- **Accessible structure**: tagged PDF/UA-1 (``pdf_variant="pdf/ua-1"``), with the document's
  language (``<html lang>``) and title (``<title>``) in its metadata.

A view that offers a PDF of its page calls :func:`pdf_response` with the same context it gives the
page (after the same policy and selectors, so someone else's object is still a 404)::

    return pdf_response(request, "pdf/plan.html", context, filename="development-plan",
                        title=plan.title, about=plan.owner.full_name)
"""

from __future__ import annotations

import atexit
import functools
import logging
import mimetypes
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.text import slugify

logger = logging.getLogger("praxis.pdf")
# WeasyPrint warns about each screen-only rule of praxis.css it does not support (sticky, accent-color,
# width media queries) on every render; the page's print rules are what count. Errors still show.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

PDF_TYPE = "application/pdf"
# The value on the download form → the CSS page size.
PAPERS = {"a4": "A4", "letter": "letter"}
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}
# Where the template's relative links (and the static files) appear to come from. Not a server:
# nothing is ever fetched from it; links in the PDF point at the site.
_BASE = settings.SITE_URL.rstrip("/") + "/"


class ResourceRefused(ValueError):
    """WeasyPrint asked for something that is not one of the app's static files."""


def default_paper() -> str:
    paper = getattr(settings, "PRAXIS_PDF_PAPER", "a4")
    return paper if paper in PAPERS else "a4"


class PdfOptionsForm(forms.Form):
    """The download form under a page: the paper, and whether to add what the page shows beside
    the scores (plan focuses and evidence counts). Anything unexpected falls back to the default."""

    paper = forms.ChoiceField(choices=list(PAPER_LABELS.items()), required=False)
    details = forms.BooleanField(required=False)


def pdf_options(request) -> dict:
    """``{"paper": "a4" | "letter", "details": bool}`` from the query string, defaults filled in."""
    form = PdfOptionsForm(request.GET if request is not None else {})
    data = form.cleaned_data if form.is_valid() else {}
    return {"paper": data.get("paper") or default_paper(), "details": bool(data.get("details"))}


def paper_from(request) -> str:
    """The paper chosen on the download form (``?paper=``), else the site's default."""
    return pdf_options(request)["paper"]


def paper_choices() -> list[tuple[str, str, bool]]:
    """(value, label, is the default) for each paper, for the download form."""
    default = default_paper()
    return [(value, label, value == default) for value, label in PAPER_LABELS.items()]


def _static_path(url: str) -> Path:
    """The file on disk behind one of the app's static URLs, or ResourceRefused."""
    parts = urlsplit(url)
    base = urlsplit(_BASE)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(static_prefix):
        raise ResourceRefused(f"Not one of Praxis's static files: {url[:200]}")
    name = unquote(parts.path[len(static_prefix) :])
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in name.split("/")):
        raise ResourceRefused(f"Not one of Praxis's static files: {url[:200]}")
    found = finders.find(name)
    if found:
        return Path(found)
    try:  # after collectstatic, `{% static %}` names the hashed copy
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except (NotImplementedError, ValueError, OSError):
        pass
    raise ResourceRefused(f"No such static file: {name[:200]}")


def _fetcher_class():
    # WeasyPrint (with Pango and its fonts) is loaded only by the processes that make PDFs
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Answers WeasyPrint with the app's static files only; never opens a connection."""

        def fetch(self, url, headers=None):
            try:
                path = _static_path(url)
            except ResourceRefused:
                logger.warning("PDF: refused to fetch %s", url[:200])
                raise
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if path.suffix == ".ttf":
                content_type = "font/ttf"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return StaticOnlyFetcher


def static_only_fetcher():
    """A WeasyPrint URL fetcher that serves the app's static files and refuses everything else."""
    return _fetcher_class()()


# The print stylesheets (the site's, then the report's) are given to WeasyPrint already parsed, with
# their fonts loaded, once per process: parsing 38 kB of CSS and loading the fonts again took most
# of a short report's time. Given this way they are "user" stylesheets, not "author" ones; with no
# author styles at all in a report (no <link>, <style> or style="" in its templates), the cascade is
# the same. One PDF at a time per process: the font configuration is shared.
STYLESHEETS = ("css/praxis.css", "pdf/report.css")
_rendering = threading.Lock()


@functools.cache
def _print_styles() -> tuple:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = static_only_fetcher()
    sheets = [
        CSS(url=_BASE + static(name).lstrip("/"), url_fetcher=fetcher, font_config=fonts)
        for name in STYLESHEETS
    ]
    sizes = {paper: CSS(string=f"@page {{ size: {size}; }}") for paper, size in PAPERS.items()}
    atexit.register(_print_styles.cache_clear)  # fonts let go while the interpreter can still do it
    return fonts, sheets, sizes


def render_pdf(template_name: str, context: dict, *, request=None, title: str, about: str = "", paper=None):
    """The template rendered with `context` (plus the report's title, who it is about, when it was
    made and the paper) as PDF bytes."""
    from weasyprint import HTML

    made = timezone.localtime()
    paper = paper if paper in PAPERS else default_paper()
    html = render_to_string(
        template_name,
        {
            **context,
            "print": True,
            "report": {
                "title": title,
                "about": about,
                "made": made,
                "paper": PAPER_LABELS[paper],
            },
        },
        request=request,
    )
    started = time.perf_counter()
    with _rendering:
        fonts, sheets, sizes = _print_styles()
        document = HTML(string=html, base_url=_BASE, url_fetcher=static_only_fetcher())
        pdf = document.write_pdf(
            stylesheets=[*sheets, sizes[paper]], font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True
        )
    logger.info("PDF: %s rendered in %.0f ms", template_name, (time.perf_counter() - started) * 1000)
    return pdf


def pdf_filename(stem: str, paper: str) -> str:
    return f"{slugify(stem) or 'praxis-report'}-{paper}.pdf"


def pdf_response(
    request, template_name: str, context: dict, *, filename: str, title: str, about: str = ""
) -> HttpResponse:
    """The report as a download, on the paper chosen on the form. The view has already decided,
    with the page's own policy and selectors, that the viewer may read everything in `context`."""
    paper = paper_from(request)
    pdf = render_pdf(template_name, context, request=request, title=title, about=about, paper=paper)
    response = HttpResponse(pdf, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(filename, paper)}"'
    response["Cache-Control"] = "no-store"
    return response
