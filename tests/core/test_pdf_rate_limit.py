"""PDF files are drawn on the server, about a second of CPU each: one client address may ask for
PDF_RATE_LIMIT of them per window, the glance's and the decision summary's together, then gets a
clear 429 page; a cache that does not answer refuses them (503) rather than letting all through."""

import pytest

GLANCE_PDF = "/treatments/compare/pdf/?t=botox&t=surgery"
SUMMARY_PDF = "/decide/summary/pdf/?t=botox&t=surgery"
ADDRESS = "203.0.113.9"


@pytest.fixture
def quick_pdfs(monkeypatch, settings):
    """A limit of two, and PDFs that take no time to draw (the limit is what is tested)."""
    settings.PDF_RATE_LIMIT = 2

    class QuickHTML:
        def __init__(self, **kwargs):
            self.pages = [self]  # one sheet, for a handout's page that counts them

        def render(self):
            return self

        def write_pdf(self):
            return b"%PDF-1.7"

    # Patched where html_to_pdf looks it up at each call, so no module keeps the fake afterwards.
    monkeypatch.setattr("core.pdf.HTML", QuickHTML)


def test_pdfs_are_limited_per_address_across_every_pdf_endpoint(client, treatments, quick_pdfs):
    assert client.get(GLANCE_PDF, REMOTE_ADDR=ADDRESS).status_code == 200
    assert client.get(SUMMARY_PDF, REMOTE_ADDR=ADDRESS)["Content-Type"] == "application/pdf"
    for refused in (client.get(GLANCE_PDF, REMOTE_ADDR=ADDRESS), client.get(SUMMARY_PDF, REMOTE_ADDR=ADDRESS)):
        assert refused.status_code == 429
        assert refused["Content-Type"].startswith("text/html")
        assert refused["Retry-After"] == "3600"
        text = " ".join(refused.content.decode().split())
        assert "Too many PDF files for now" in text
        assert "the most PDF files allowed in 60 minutes" in text
        assert "Print command" in text  # what to do instead
        assert not refused.cookies
    # Another address still gets its file; reading the pages is never limited.
    assert client.get(GLANCE_PDF, REMOTE_ADDR="198.51.100.7").status_code == 200
    assert client.get("/treatments/compare/?t=botox&t=surgery", REMOTE_ADDR=ADDRESS).status_code == 200
    assert client.get("/decide/summary/?t=botox", REMOTE_ADDR=ADDRESS).status_code == 200


def test_a_handouts_pdf_counts_against_the_same_limit(client, articles, treatments, quick_pdfs):
    from handouts.models import Handout

    handout = Handout.objects.create_pack(articles=articles[:1])
    pdf = f"/h/{handout.code}/pdf/"
    assert client.get(pdf, REMOTE_ADDR=ADDRESS)["Content-Type"] == "application/pdf"
    assert client.get(GLANCE_PDF, REMOTE_ADDR=ADDRESS).status_code == 200
    refused = client.get(pdf, REMOTE_ADDR=ADDRESS)
    assert refused.status_code == 429
    assert "Too many PDF files for now" in refused.content.decode()
    # The pack's page itself is never limited.
    assert client.get(handout.get_absolute_url(), REMOTE_ADDR=ADDRESS).status_code == 200


def test_the_limit_counts_the_address_the_proxy_names(client, treatments, quick_pdfs, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(2):
        assert client.get(GLANCE_PDF, HTTP_X_REAL_IP=ADDRESS).status_code == 200
    assert client.get(GLANCE_PDF, HTTP_X_REAL_IP=ADDRESS).status_code == 429
    assert client.get(GLANCE_PDF, HTTP_X_REAL_IP="198.51.100.7").status_code == 200


def test_without_a_working_cache_pdfs_are_refused_not_drawn(client, treatments, quick_pdfs, monkeypatch):
    import core.ratelimit

    class Broken:
        def add(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(core.ratelimit, "cache", Broken())
    response = client.get(GLANCE_PDF)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "PDF files are paused for a moment" in response.content.decode()
