"""Helpers for `make bench` (deploy/bench.sh), run against the bench's own database.

    bench_content.py scale N   multiply the shipped articles with N-1 synthetic copies each
    bench_content.py pages     print "name url" for each page type measured
    bench_content.py profile   median render time and query count per page, from the test client

Run with the site's settings in the environment (DATABASE_URL names the bench database).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hfs_site.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from handouts.models import Handout  # noqa: E402
from treatments.models import Treatment  # noqa: E402

HOST = os.environ.get("BENCH_HOST", "127.0.0.1")


def scale(factor):
    """Synthetic copies of every shipped article (same body, rendering and citations; new slug and title).

    Written in bulk, with the rendering copied rather than redone, then the search index rebuilt
    once: saving 1,800 articles one by one takes longer than the rest of the bench.
    """
    from django.contrib.contenttypes.models import ContentType

    from references.models import Citation
    from search import indexing

    originals = list(Article.objects.order_by("pk"))
    fields = [field for field in Article._meta.concrete_fields if not field.primary_key]
    article_type = ContentType.objects.get_for_model(Article)
    cited = {}
    for citation in Citation.objects.filter(content_type=article_type).order_by("number"):
        cited.setdefault(citation.object_id, []).append(citation)
    with transaction.atomic():
        for copy in range(1, factor):
            copies = []
            for article in originals:
                values = {field.attname: getattr(article, field.attname) for field in fields}
                values.update(slug=f"{article.slug[:40]}-copy-{copy}", title=f"{article.title} ({copy})")
                copies.append(Article(**values))
            Article.objects.bulk_create(copies, batch_size=500)
            Citation.objects.bulk_create(
                [
                    Citation(
                        content_type=article_type, object_id=new.pk, reference_id=old.reference_id, number=old.number
                    )
                    for original, new in zip(originals, copies, strict=True)
                    for old in cited.get(original.pk, [])
                ],
                batch_size=500,
            )
        indexing.rebuild()
    print(Article.objects.count(), "articles", file=sys.stderr)


def pages():
    """Each page type once; the article is the most cited one, so its reference list is the longest."""
    article = Article.objects.published().annotate(cited=Count("citations")).order_by("-cited", "pk").first()
    treatments = list(Treatment.objects.order_by("order", "pk"))
    slugs = [treatment.slug for treatment in treatments]

    def compare(view, count):
        return f"/treatments/{view}?" + "&".join(f"t={slug}" for slug in slugs[:count])

    handout = Handout.objects.filter(note="bench").first() or Handout.objects.create_pack(
        articles=list(Article.objects.published().order_by("category", "order", "pk")[:3]),
        treatments=treatments[:2],
        compared=treatments[:2],
        note="bench",
    )
    return [
        ("home", "/"),
        ("articles", "/articles/"),
        ("article", article.get_absolute_url()),
        ("treatment", treatments[0].get_absolute_url()),
        ("glance-2", compare("compare/", 2)),
        ("compare-2", compare("compare/full/", 2)),
        ("compare-5", compare("compare/full/", 5)),
        ("handout-pack", handout.get_absolute_url()),
        ("search", "/search/?q=botox"),
    ]


def profile(runs):
    """Median time and queries of each page in this process: the site's own cost, no server.

    The pages take turns, one request each per round, so a burst of noise on this shared machine
    falls on every page alike instead of on whichever page was being measured at the time.
    """
    client = Client(HTTP_HOST=HOST)
    measured = pages()
    sizes, times = {}, {name: [] for name, _ in measured}
    for name, url in measured:
        response = client.get(url)  # the first request warms what any first request warms
        if response.status_code != 200:
            raise SystemExit(f"{name} {url}: {response.status_code}")
        sizes[name] = len(response.content)
    for _ in range(runs):
        for name, url in measured:
            start = time.perf_counter()
            client.get(url)
            times[name].append(time.perf_counter() - start)
    for name, url in measured:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(name, f"{statistics.median(times[name]) * 1000:.1f}", len(queries), sizes[name])


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "scale":
        scale(int(sys.argv[2]))
    elif command == "pages":
        for name, url in pages():
            print(name, url)
    elif command == "profile":
        profile(int(sys.argv[2]) if len(sys.argv) > 2 else 15)
    else:
        raise SystemExit(__doc__)
