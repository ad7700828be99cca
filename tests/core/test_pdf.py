import io

import pytest
from pypdf import PdfReader

from core.pdf import LocalFilesOnly, html_to_pdf

BASE = "http://testserver/treatments/compare/"


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_html_to_pdf_makes_a_pdf_of_the_page():
    pdf = html_to_pdf("<h1>Botox injections</h1><p>About 90 in 100 get relief.</p>", base_url=BASE)
    assert pdf.startswith(b"%PDF-")
    assert "About 90 in 100 get relief." in pdf_text(pdf)


def test_stylesheets_from_static_are_read_from_disk(settings):
    settings.STATIC_ROOT = None
    html = '<link rel="stylesheet" href="/static/css/site.css"><p>Styled</p>'
    fetched = []

    class Spy(LocalFilesOnly):
        def fetch(self, url, headers=None):
            response = super().fetch(url, headers)
            fetched.append((url, response.content_type))
            return response

    from weasyprint import HTML

    HTML(string=html, base_url=BASE, url_fetcher=Spy(base_url=BASE)).write_pdf()
    assert fetched == [("http://testserver/static/css/site.css", "text/css")]


def test_media_files_are_read_from_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "note.txt").write_text("hello")
    response = LocalFilesOnly(base_url=BASE).fetch("http://testserver/media/note.txt")
    assert response.read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/static/css/site.css",  # another host
        "http://evil.testserver/static/css/site.css",
        "http://testserver/admin/",  # not a static or media file
        "http://testserver/static/../../etc/passwd",
        "http://testserver/media/../../etc/passwd",
        "http://testserver/static/css/no-such-file.css",
        "file:///etc/passwd",
        "ftp://testserver/static/css/site.css",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(ValueError):
        LocalFilesOnly(base_url=BASE).fetch(url)


def test_a_foreign_image_is_left_out_not_fetched():
    # WeasyPrint logs the refusal and draws the page without the image.
    pdf = html_to_pdf('<p>Text</p><img src="https://example.com/tracker.png" alt="">', base_url=BASE)
    assert "Text" in pdf_text(pdf)
