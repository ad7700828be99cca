"""The review queue: pending revisions, each with its diff, a preview, and approve or send back.

The page only calls editorial.services, which checks who may approve; an editor who posts the
approve form gets a 403 page.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Article
from core.models import ReviewedContent
from core.readability import readability_grade
from treatments.models import Answer

from . import revisions, services
from .models import Revision
from .selectors import changes_since_sign_off, parts_changed_since_sign_off


class ApproveForm(forms.Form):
    months = forms.TypedChoiceField(
        label=gettext_lazy("Next review due in"),
        choices=services.REVIEW_INTERVALS,
        coerce=int,
        initial=services.DEFAULT_REVIEW_INTERVAL,
        widget=forms.RadioSelect,
    )
    approve_at = forms.DateTimeField(
        label=gettext_lazy("Go live at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("Leave empty to put it live now. A later time schedules it."),
    )
    comment = forms.CharField(label=gettext_lazy("Note for the editor"), required=False, widget=forms.Textarea)


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Why it is sent back"),
        widget=forms.Textarea,
        help_text=gettext_lazy("The editor sees this on their change."),
    )


def public_path(revision):
    """Where readers see the revision's object (or the first page that shows it), as it is now."""
    root = revisions.snapshot_root(revision.snapshot)
    if hasattr(root, "get_absolute_url") and root.pk is not None:
        return root.get_absolute_url()
    live = services._live_root(revision) if revision.object_id else None
    for pages in services.pages_showing(live or root):
        page = pages.first()
        if page is not None:
            return page.get_absolute_url()
    return None


def grade_change(revision):
    """(live grade, new grade) for an article, else None."""
    root = revisions.snapshot_root(revision.snapshot)
    if not isinstance(root, Article):
        return None
    live = Article.objects.filter(pk=revision.object_id).first() if revision.object_id else None
    return (live.reading_grade if live else None, readability_grade(root.render().html))


class RevisionAdmin(admin.ModelAdmin):
    list_display = ("title", "summary", "state", "submitted_by", "submitted_at", "reviewer", "approve_at")
    list_filter = ("status",)
    search_fields = ("title", "summary")
    list_select_related = ("submitted_by", "reviewer")

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        services.mark_stale(changelist.result_list)
        return changelist

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def state(self, revision):
        if getattr(revision, "stale", False):
            return _("%(status)s: made on an older version") % {"status": revision.get_status_display()}
        return revision.get_status_display()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Reviewers see the whole queue; editors the state of what they sent.
        return queryset if services.can_approve(request.user) else queryset.filter(submitted_by=request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="editorial_revision_preview",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None or not self.has_view_permission(request, revision):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        approve_form, reject_form = ApproveForm(), RejectForm()
        if request.method == "POST":
            response, approve_form, reject_form = self._act(request, revision)
            if response is not None:
                return response
        stale = revision.status == Revision.Status.PENDING and services.is_stale(revision)
        if stale and services.can_approve(request.user):
            # The live page changed some other way (a part, the content loader): carry the change
            # over now if it can be, so the reviewer sees and approves it on the current version.
            live = services._live_root(revision)
            with transaction.atomic():
                services.rebase_waiting(obj=live)
            revision.refresh_from_db()
            stale = services.is_stale(revision)
        object_changes = (
            revisions.diff_against_live(revision.snapshot) if revision.status == Revision.Status.PENDING else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change to “%(title)s”") % {"title": revision.title},
            "opts": self.opts,
            "revision": revision,
            "object_changes": object_changes,
            "grades": grade_change(revision) if revision.status == Revision.Status.PENDING else None,
            "stale": stale,
            "conflicts": services.conflicts_of(revision) if stale else [],
            "can_approve": services.can_approve(request.user) and revision.status == Revision.Status.PENDING,
            "approve_form": approve_form,
            "reject_form": reject_form,
            "has_preview": revision.status == Revision.Status.PENDING and public_path(revision) is not None,
            **self._since_sign_off(revision),
        }
        return TemplateResponse(request, "admin/editorial/revision.html", context)

    @staticmethod
    def _since_sign_off(revision):
        """What changed on the live page since its last sign-off: approving signs that off too."""
        if revision.status != Revision.Status.PENDING or revision.object_id is None:
            return {}
        live = services._live_root(revision)
        page = live.treatment if isinstance(live, Answer) else live
        if not isinstance(page, ReviewedContent):
            return {}
        return {
            "signed_page": page,
            "since_sign_off": changes_since_sign_off(page),
            "parts_since_sign_off": parts_changed_since_sign_off(page),
        }

    def _act(self, request, revision):
        approve_form, reject_form = ApproveForm(), RejectForm()
        try:
            if "approve" in request.POST:
                approve_form = ApproveForm(request.POST)
                if approve_form.is_valid():
                    data = approve_form.cleaned_data
                    services.approve_revision(
                        user=request.user,
                        revision=revision,
                        at=data["approve_at"],
                        months=data["months"],
                        comment=data["comment"],
                    )
                    revision.refresh_from_db()
                    if revision.applied_at:
                        message = _("Approved: readers now see this change.")
                    else:
                        message = _("Approved: it goes live at %(when)s.") % {
                            "when": timezone.localtime(revision.approve_at).strftime("%d %b %Y %H:%M")
                        }
                    self.message_user(request, message, messages.SUCCESS)
                    self._warn_made_stale(request, revision)
                    return HttpResponseRedirect(reverse("admin:index")), approve_form, reject_form
            elif "reject" in request.POST:
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.reject_revision(
                        user=request.user, revision=revision, comment=reject_form.cleaned_data["comment"]
                    )
                    self.message_user(request, _("Sent back to the editor with your comment."), messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:index")), approve_form, reject_form
            else:
                raise PermissionDenied
        except services.MissingReviewerProfile:
            self.message_user(
                request, _("Pages name their reviewer, so first add your reviewer profile."), messages.ERROR
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return None, approve_form, reject_form

    def _warn_made_stale(self, request, revision):
        stale = services.pending_made_stale_by(revision) if revision.applied_at else []
        if stale:
            self.message_user(
                request,
                ngettext(
                    "%(count)d other change to this page was made on the version it replaced: "
                    "it is marked “made on an older version” and must be sent back.",
                    "%(count)d other changes to this page were made on the version it replaced: "
                    "they are marked “made on an older version” and must be sent back.",
                    len(stale),
                )
                % {"count": len(stale)},
                messages.WARNING,
            )

    def preview_view(self, request, object_id):
        """The public page with the change applied, exactly as readers would see it; staff only."""
        revision = self.get_object(request, unquote(object_id))
        if revision is None or not request.user.is_staff:
            raise PermissionDenied

        def render():
            where = public_path(revision)
            if where is None:
                return None
            public = HttpRequest()
            public.method = "GET"
            public.path = public.path_info = where
            public.META = {key: value for key, value in request.META.items() if key.startswith(("HTTP_", "SERVER_"))}
            public.META["REQUEST_METHOD"] = "GET"
            public.user = request.user
            public.session = request.session
            match = resolve(where)
            public.resolver_match = match
            response = match.func(public, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
            return response.status_code, response.content, response.get("Content-Type", "text/html")

        rendered = services.preview_revision(user=request.user, revision=revision, render=render)
        if rendered is None:
            raise PermissionDenied
        status, content, content_type = rendered
        response = HttpResponse(content, content_type=content_type, status=status)
        response["Cache-Control"] = "private, no-store"
        return response
