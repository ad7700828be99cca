from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the site search index from the public articles and treatments."

    def handle(self, *args, **options):
        sections = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {sections} sections indexed."))
