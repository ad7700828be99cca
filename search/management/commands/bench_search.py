"""`manage.py bench_search`: how long a search takes with the shipped content copied N times.

It never touches the site's own database: it builds (or, with --keep, reuses) a separate one
beside it, named bench_search_<name> on PostgreSQL and var/bench-search-<scale>x.sqlite3 on
SQLite, the same way the test runner makes its test database. The copies follow `make bench`
(deploy/bench.sh): every article again under a new slug and title, so each word is on N times
as many pages. Prints the median and 95th percentile per query kind and overall.
"""

import io
import os
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from search.cache import cached_search
from search.engine import search
from search.indexing import rebuild
from search.models import SearchDocument, SearchPage

# A spread of what readers type: common words, rare ones, synonyms, phrases, misspellings,
# questions full of stop words, and words the site does not have.
QUERIES = {
    "common words": ["hemifacial spasm", "face twitching", "treatment", "eye"],
    "rarer words": ["emg lateral spread", "carbamazepine side effects", "hearing loss risk", "pregnancy"],
    "synonyms": ["botox stopped working", "brain surgery for face spasm risks", "tablets", "jab every 3 months"],
    "questions": ["how long does recovery take after mvd", "is hemifacial spasm hereditary", "will it go away"],
    "misspellings": ["hemifacial spazm", "botax", "decompresion", "carbamazapine"],
    "no match": ["zebra quantum", "xyzzyq"],
}


class Command(BaseCommand):
    help = "Time site searches over the shipped content copied --scale times, in a separate database."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=100, help="How many times the articles are present.")
        parser.add_argument("--rounds", type=int, default=5, help="How many times each query is timed.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark database, and reuse one left by an earlier run."
        )

    def handle(self, *args, scale, rounds, keep, **options):
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            folder = Path(settings.BASE_DIR) / "var"
            folder.mkdir(exist_ok=True)
            settings_dict["TEST"]["NAME"] = str(folder / f"bench-search-{scale}x.sqlite3")
        else:
            settings_dict["TEST"]["NAME"] = f"bench_search_{settings_dict['NAME']}_{scale}x"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keep)
        try:
            self._fill(scale)
            self._measure(scale, rounds)
        finally:
            if not keep:
                connection.creation.destroy_test_db(old_name, verbosity=0)

    def _fill(self, scale):
        if not Article.objects.exists():
            call_command("load_content", stdout=io.StringIO())
        originals = list(Article.objects.exclude(slug__contains="-copy-").order_by("pk"))
        wanted = len(originals) * scale
        if Article.objects.count() < wanted:
            started = time.perf_counter()
            self.stdout.write(f"Copying {len(originals)} articles {scale} times...")
            Article.objects.filter(slug__contains="-copy-").delete()
            copies = []
            for copy in range(1, scale):
                for article in originals:
                    article.slug = f"{article.slug.split('-copy-')[0][:40]}-copy-{copy}"
                    article.title = f"{article.title.rsplit(' (', 1)[0]} ({copy})"
                    copies.append(_copy(article))
            # The rendered fields are copied as they are, so no save() and no re-rendering is needed.
            Article.objects.bulk_create(copies, batch_size=500)
            sections = rebuild()
            self.stdout.write(f"  {sections} sections indexed in {time.perf_counter() - started:.0f} s.")
        elif (
            not SearchDocument.objects.exists()
            or not SearchPage.objects.exists()
            or SearchDocument.objects.filter(body_stems__isnull=True).exists()
        ):
            rebuild()  # a kept database from before the page-level index and stored stems (search/0004)

    def _measure(self, scale, rounds):
        pages = SearchDocument.objects.filter(position=0).count()
        sections = SearchDocument.objects.count()
        self.stdout.write(f"{connection.vendor}, {scale}x: {pages} pages, {sections} sections indexed.")
        for kind in QUERIES.values():  # warm the connection, caches and the database's pages
            for query in kind:
                search(query)
        everything, everything_cpu, everything_cached = [], [], []
        self.stdout.write(
            "Engine times are UNCACHED (search.engine.search, the results cache bypassed); the last "
            "column is the same search through the results cache (search.cache), already answered once."
        )
        self.stdout.write(
            f"| queries ({connection.vendor}, {scale}x) | median ms | p95 ms | max ms | median CPU ms | SQL queries "
            "| cached median ms |"
        )
        self.stdout.write("|---|---|---|---|---|---|---|")
        for kind, queries in QUERIES.items():
            timings, cpu, counts = [], [], []
            for _ in range(rounds):
                for query in queries:
                    with CaptureQueriesContext(connection) as captured:
                        started, started_cpu = time.perf_counter(), time.process_time()
                        search(query)
                        timings.append((time.perf_counter() - started) * 1000)
                        cpu.append((time.process_time() - started_cpu) * 1000)
                    counts.append(len(captured))
            cached = self._cached(queries, rounds)
            everything.extend(timings)
            everything_cpu.extend(cpu)
            everything_cached.extend(cached)
            self.stdout.write(
                f"| {kind} | {_row(timings)} | {statistics.median(cpu):.1f} | {max(counts)} "
                f"| {statistics.median(cached):.2f} |"
            )
        self.stdout.write(
            f"| **all** | {_row(everything)} | {statistics.median(everything_cpu):.1f} | "
            f"| {statistics.median(everything_cached):.2f} |"
        )
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        self.stdout.write(
            f"\n{rounds} rounds, {os.cpu_count()} cores, load average {load} (other work on the machine "
            "slows the wall-clock figures; the CPU column is this process's own time, which leaves out "
            "a PostgreSQL server's)."
        )

    def _cached(self, queries, rounds):
        # The results cache is on where the page cache is (a shared cache); this one process may use its own.
        settings.PAGE_CACHE = "on"
        timings = []
        for query in queries:
            cached_search(query)  # the first reader's search fills the cache
        for _ in range(rounds):
            for query in queries:
                started = time.perf_counter()
                cached_search(query)
                timings.append((time.perf_counter() - started) * 1000)
        return timings


def _copy(article):
    clone = Article()
    for field in Article._meta.concrete_fields:
        if not field.primary_key:
            setattr(clone, field.attname, getattr(article, field.attname))
    return clone


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _row(timings):
    return f"{statistics.median(timings):.1f} | {_percentile(timings, 0.95):.1f} | {max(timings):.1f}"
