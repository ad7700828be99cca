"""An Atom feed of the public "what changed" notes, for readers and clinics that follow changes."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleChangeNote

FEED_ITEMS = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("HFS Guide: what changed")
    subtitle = _("Important changes to the pages of the HFS Guide, newest first.")

    def link(self):
        return reverse("articles:list")

    def feed_url(self):
        return reverse("changes_feed")

    def items(self):
        public = Article.objects.published().values("pk")
        return (
            ArticleChangeNote.objects.filter(article__in=public, date__lte=timezone.localdate())
            .select_related("article")
            .order_by("-date", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, note):
        return _("%(title)s: updated") % {"title": note.article.title}

    def item_description(self, note):
        return note.text

    def item_link(self, note):
        return f"{note.article.get_absolute_url()}#what-changed"

    def item_guid(self, note):
        return f"{self.link()}changes/{note.pk}"

    def item_guid_is_permalink(self, note):
        return False

    def item_pubdate(self, note):
        return datetime.datetime.combine(note.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, note):
        return self.item_pubdate(note)

    def author_name(self):
        return settings.SITE_NAME
