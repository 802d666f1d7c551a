"""Reading a PDF back in tests: its text, its fonts, its pages (pypdf, a dev dependency)."""

import io

from pypdf import PdfReader


def reader(content: bytes) -> PdfReader:
    assert content[:5] == b"%PDF-", content[:40]
    return PdfReader(io.BytesIO(content))


def text(content: bytes) -> str:
    """All the text of the PDF, one line per line, spaces collapsed."""
    pages = reader(content).pages
    return "\n".join(" ".join(page.extract_text().split()) for page in pages)


def fonts(content: bytes) -> dict[str, bool]:
    """Every font the pages use → whether its glyphs are embedded in the file."""
    found = {}
    for page in reader(content).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def page_size_mm(content: bytes) -> tuple[int, int]:
    box = reader(content).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)
