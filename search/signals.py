"""Re-index a page when it, or a part shown on it, is saved or deleted.

The work runs once per page when the transaction commits (a content load saves hundreds of
answers and points of one treatment; the treatment is indexed once), and right away outside a
transaction.
"""

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

from articles.models import Article
from core.http import content_changed
from editorial.models import ReviewerProfile
from treatments.models import Answer, Aspect, Outcome, Point, PriorityFit, Treatment

from . import indexing
from .models import Synonym
from .structured_data import REVIEWER_NAMES_KEY

# Past this many pages waiting in one transaction (a content load, a bulk action), one rebuild
# of the whole index at commit is far cheaper than re-indexing each page and adjusting the
# vocabulary counts page by page (at 100 times today's content: minutes against seconds).
REBUILD_AFTER = 20
EVERYTHING = ("everything", None)


class _Reindex:
    def __init__(self, key):
        self.key = key
        self.done = False

    def __call__(self):
        self.done = True
        kind, pk = self.key
        if self.key == EVERYTHING:
            indexing.rebuild()
        elif kind == "article":
            indexing.index_article(pk)
        elif kind == "treatment":
            indexing.index_treatment(pk)
        else:
            for treatment_pk in Treatment.objects.values_list("pk", flat=True):
                indexing.index_treatment(treatment_pk)


def schedule(kind, pk=None):
    key = (kind, pk)
    connection = connections[DEFAULT_DB_ALIAS]
    # Already waiting for this transaction's commit? (A rolled-back transaction drops its
    # callbacks, so the check can never leave a page out.)
    if connection.in_atomic_block:
        waiting = {
            callback.key
            for _sids, callback, _robust in connection.run_on_commit
            if isinstance(callback, _Reindex) and not callback.done
        }
        if key in waiting or EVERYTHING in waiting:
            return
        if len(waiting) >= REBUILD_AFTER:
            # Runs after the pages already waiting, and covers every page saved from now on.
            key = EVERYTHING
    transaction.on_commit(_Reindex(key))


def _article_changed(sender, instance, **kwargs):
    schedule("article", instance.pk)


def _treatment_changed(sender, instance, **kwargs):
    schedule("treatment", instance.pk)


def _part_changed(sender, instance, **kwargs):
    treatment_id = getattr(instance, "treatment_id", None)
    if treatment_id is None and sender is Point:
        treatment_id = Answer.objects.filter(pk=instance.answer_id).values_list("treatment_id", flat=True).first()
    if treatment_id is not None:
        schedule("treatment", treatment_id)


def _aspect_changed(sender, instance, **kwargs):
    # Every treatment page shows every question.
    schedule("all-treatments")


def _reviewer_profile_changed(sender, instance, **kwargs):
    # Which reviewers are people (structured_data.reviewed_by) is read from the cache.
    transaction.on_commit(lambda: cache.delete(REVIEWER_NAMES_KEY))
    cache.delete(REVIEWER_NAMES_KEY)


def _synonyms_changed(sender, **kwargs):
    # Kept search results (search.cache) belong to a content generation: a new list needs a new one.
    content_changed()


def connect():
    for signal in (post_save, post_delete):
        signal.connect(_article_changed, sender=Article, dispatch_uid=f"search-article-{signal}")
        signal.connect(_treatment_changed, sender=Treatment, dispatch_uid=f"search-treatment-{signal}")
        for part in (Answer, Point, Outcome, PriorityFit):
            signal.connect(_part_changed, sender=part, dispatch_uid=f"search-{part.__name__}-{signal}")
        signal.connect(_aspect_changed, sender=Aspect, dispatch_uid=f"search-aspect-{signal}")
        signal.connect(_synonyms_changed, sender=Synonym, dispatch_uid=f"search-synonym-{signal}")
        signal.connect(_reviewer_profile_changed, sender=ReviewerProfile, dispatch_uid=f"search-reviewer-{signal}")
