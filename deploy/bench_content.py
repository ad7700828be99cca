"""Helpers for `make bench` (deploy/bench.sh), run against the bench's own database.

    bench_content.py scale N   multiply the shipped articles with N-1 synthetic copies each
    bench_content.py pages     print "name url" for each page type measured
    bench_content.py new-searches
                               a wrk script asking a new search on every request (search-new)
    bench_content.py profile RUNS SCALE
                               render time (CPU and wall), queries and Python calls per page, from
                               the test client, as lines for `table`
    bench_content.py table F   the Markdown table of the profile lines in F (all scales, all rounds)

Run with the site's settings in the environment (DATABASE_URL names the bench database).
"""

import cProfile
import os
import pstats
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


# The words of new searches: among the site's most common, as most searches are (and the costliest,
# as they match the most pages).
SEARCH_WORDS = 200


def new_searches():
    """A wrk script (Lua) that asks a new search on every request: two of the site's most common
    words drawn at random, so no answer is ever kept from an earlier request (200 words make 40,000
    pairs; a few repeat in a 10 s run)."""
    from search.engine import STOP_WORDS
    from search.models import SearchTerm

    common = SearchTerm.objects.order_by("-pages", "word").values_list("word", flat=True)
    words = [word for word in common[: SEARCH_WORDS * 3] if word.isalpha() and len(word) > 2 and word not in STOP_WORDS]
    listed = ", ".join(f'"{word}"' for word in words[:SEARCH_WORDS])
    return f"""-- A new search on every request (deploy/bench_content.py new-searches).
local words = {{{listed}}}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(os.time() * 100 + id)
end
function request()
  local query = words[math.random(#words)] .. "+" .. words[math.random(#words)]
  return wrk.format("GET", "/search/?q=" .. query)
end
"""


def profile(runs, scale_name):
    """Render time, queries and Python calls of each page in this process: the site's own cost, no server.

    Prints one "sample" line per request (CPU time of this process, then wall time, in ms) and one
    "page" line per page (queries, bytes, Python function calls of one request). CPU time leaves out
    the time other processes on this shared machine take from us; the call count is exact, so it
    shows whether the work itself grows with the content. The pages take turns, one request each
    per round, so a burst of noise falls on every page alike.
    """
    client = Client(HTTP_HOST=HOST)
    measured = pages()
    sizes = {}
    for name, url in measured:
        response = client.get(url)  # the first request warms what any first request warms
        if response.status_code != 200:
            raise SystemExit(f"{name} {url}: {response.status_code}")
        sizes[name] = len(response.content)
    for _ in range(runs):
        for name, url in measured:
            cpu, wall = time.process_time(), time.perf_counter()
            client.get(url)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            print("sample", name, scale_name, f"{cpu * 1000:.3f}", f"{wall * 1000:.3f}")
    for name, url in measured:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counter = cProfile.Profile()
        counter.runcall(client.get, url)
        calls = pstats.Stats(counter).total_calls
        print("page", name, scale_name, len(queries), sizes[name], calls)


def table(path):
    """The Markdown table of `profile` lines gathered from every scale (and every round) in `path`."""
    samples, facts, names, scales = {}, {}, [], []
    for line in Path(path).read_text().splitlines():
        kind, name, scale_name, *values = line.split()
        if name not in names:
            names.append(name)
        if scale_name not in scales:
            scales.append(scale_name)
        if kind == "sample":
            samples.setdefault((name, scale_name), []).append(float(values[0]))
        elif kind == "page":
            facts.setdefault((name, scale_name), set()).add((int(values[0]), int(values[2])))
    scales.sort(key=int)
    first, last = scales[0], scales[-1]
    cells = " |".join(f" {scale}x ms | {scale}x queries" for scale in scales)
    print(f"| page |{cells} | {last}x/{first}x time | queries flat | Python calls {first}x → {last}x |")
    print("|---|" + "---|---|" * len(scales) + "---|---|---|")
    for name in names:
        medians = {scale: statistics.median(samples[name, scale]) for scale in scales}
        queries = {scale: sorted(q for q, _calls in facts[name, scale]) for scale in scales}
        calls = {scale: sorted(c for _q, c in facts[name, scale]) for scale in scales}
        counted = {scale: "/".join(map(str, sorted(set(queries[scale])))) for scale in scales}
        row = " |".join(f" {medians[scale]:.2f} | {counted[scale]}" for scale in scales)
        flat = "yes" if queries[first] == queries[last] else f"no ({queries[first][0]} → {queries[last][0]})"
        work = f"{calls[first][0]:,} → {calls[last][0]:,}"
        print(f"| {name} |{row} | {medians[last] / medians[first]:.2f} | {flat} | {work} |")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "scale":
        scale(int(sys.argv[2]))
    elif command == "pages":
        for name, url in pages():
            print(name, url)
    elif command == "new-searches":
        print(new_searches())
    elif command == "profile":
        profile(int(sys.argv[2]), sys.argv[3])
    elif command == "table":
        table(sys.argv[2])
    else:
        raise SystemExit(__doc__)
