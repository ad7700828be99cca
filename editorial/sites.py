from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .selectors import review_dashboard


class EditorialAdminSite(admin.AdminSite):
    """The admin, with the review dashboard at the top of its index page."""

    site_header = _("HFS Guide editorial")
    site_title = _("HFS Guide editorial")
    index_title = _("Review dashboard")

    def index(self, request, extra_context=None):
        context = {"dashboard": review_dashboard(user=request.user), **(extra_context or {})}
        return super().index(request, context)
