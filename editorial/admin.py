"""Admin building blocks for content: roles enforced on the server, review, history and diffs.

`EditorialAdmin` is the base of every content ModelAdmin (articles, references, treatments).
Fields a user may not change are read-only in their form *and* reset on save, so neither a
crafted POST nor restoring an old version can publish a page or forge a review.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.models import ReviewedContent

from . import services
from .diff import compare_versions
from .forms import (
    CompareVersionsForm,
    EditorialModelForm,
    MarkReviewedForm,
    changed_fields,
)
from .models import ReviewerProfile, Revision
from .review_admin import RevisionAdmin
from .selectors import DUE_SOON_DAYS, changes_since_sign_off, parts_changed_since_sign_off
from .services import REVIEW_FIELDS, MissingReviewerProfile, can_publish, can_review, mark_reviewed, reviewer_profile

COMPARE_MAX_VERSIONS = 200
CHANGE_REASON_LENGTH = 100


class ReviewDueFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", gettext_lazy("Overdue")),
            ("soon", gettext_lazy("Due within 30 days")),
            ("current", gettext_lazy("Up to date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
        if self.value() == "current":
            return queryset.filter(next_review_due__gt=soon)
        return queryset


VERSION_FIELD = "editorial_version"


def versioned_form(form_class, obj):
    """`form_class` with a hidden copy of the object as opened, so a save over someone else's is refused."""
    model, pk = type(obj), obj.pk

    class VersionedForm(form_class):
        editorial_version = forms.CharField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial["editorial_version"] = services.version_token(obj=obj)

        def clean(self):
            cleaned = super().clean()
            token = self.data.get("editorial_version")
            live = model._default_manager.filter(pk=pk).first()
            self.stale_changes = services.changes_since(obj=live, token=token) if token and live else []
            if self.stale_changes:
                raise forms.ValidationError(
                    _(
                        "Someone saved this page after you opened it, so your save was not made: it would have "
                        "overwritten their work. Their changes are shown below. Copy your own changes, reload "
                        "the page and make them again."
                    ),
                    code="stale",
                )
            return cleaned

    VersionedForm.__name__ = form_class.__name__
    return VersionedForm


class FlagsReviewedPages(admin.ModelAdmin):
    """Saves through editorial.services.save_change, which applies the editorial rules.

    A change to live content by someone who may not approve it becomes a pending revision
    (readers keep the approved version); a reviewer's change is signed off by them; any other
    real change flags the pages that show the object as changed since their review.
    """

    change_form_template = "admin/editorial/change_form_base.html"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        saved = self.model._default_manager.filter(pk=obj.pk).first() if obj is not None and obj.pk else None
        locked = services.locked_fields(user=request.user, model=self.model, saved=saved)
        return readonly + [name for name in locked if name not in readonly]

    def get_fields(self, request, obj=None):
        # The version field is rendered hidden at the top of the form, not in a fieldset.
        return [name for name in super().get_fields(request, obj) if name != VERSION_FIELD]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None:
            return form
        return versioned_form(form, obj)

    def save_model(self, request, obj, form, change):
        if getattr(request, "editorial_restored_version", None) is not None:
            # simple_history's revert view calls save_model, then form.save_m2m(), and never save_related.
            def save():
                super(FlagsReviewedPages, self).save_model(request, obj, form, change)
                form.save_m2m()

            self._save_change(request, obj, save, restored=True)
            form.save_m2m = lambda: None
        # Otherwise the object is saved with its parts in save_related, as one change.

    def save_related(self, request, form, formsets, change):
        def save():
            super(FlagsReviewedPages, self).save_model(request, form.instance, form, change)
            super(FlagsReviewedPages, self).save_related(request, form, formsets, change)

        self._save_change(request, form.instance, save)

    def _save_change(self, request, obj, save, restored=False):
        result = services.save_change(
            user=request.user,
            obj=obj,
            save=save,
            summary=getattr(obj, "_change_reason", "") or "",
            restored=restored,
        )
        request.editorial_result = result
        if result.kept:
            self.message_user(
                request,
                _("Only a medical reviewer can change these, so they were kept as they were: %(fields)s.")
                % {"fields": ", ".join(result.kept)},
                messages.WARNING,
            )
        return result

    def _pending_response(self, request, obj):
        result = getattr(request, "editorial_result", None)
        if result is None or result.revision is None:
            return None
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "Your change to “%(page)s” was sent to a medical reviewer. "
                    "Readers see the approved version until it is approved."
                )
                % {"page": result.revision.title},
                result.revision.get_absolute_url(),
                _("See its state"),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(result.revision.get_absolute_url())

    def response_add(self, request, obj, post_url_continue=None):
        return self._pending_response(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        response = self._pending_response(request, obj)
        if response is not None:
            return response
        result = getattr(request, "editorial_result", None)
        if result is not None and result.reviewed:
            self.message_user(
                request,
                _("Published at once and recorded as reviewed by you."),
                messages.SUCCESS,
            )
        return super().response_change(request, obj)

    def delete_model(self, request, obj):
        services.flag_changed(obj=obj)
        super().delete_model(request, obj)


class EditorialAdmin(FlagsReviewedPages, SimpleHistoryAdmin):
    """History (with diffs and restore), the review action and role rules for one content model."""

    form = EditorialModelForm
    change_form_template = "admin/editorial/change_form.html"
    object_history_template = "admin/editorial/object_history.html"
    object_history_list_template = "admin/editorial/object_history_list.html"
    actions = ["mark_reviewed_action"]

    # --- roles -------------------------------------------------------------------------------

    @property
    def is_reviewed_content(self):
        return issubclass(self.model, ReviewedContent)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_review_permission(self, request):
        return self.is_reviewed_content and can_review(request.user)

    def save_model(self, request, obj, form, change):
        if not getattr(obj, "_change_reason", None):
            obj._change_reason = self.change_reason(request, form, change)[:CHANGE_REASON_LENGTH]
        super().save_model(request, obj, form, change)

    def change_reason(self, request, form, change):
        restored = getattr(request, "editorial_restored_version", None)
        if restored is not None:
            when = timezone.localtime(restored.history_date)
            return _("Restored the version of %(when)s") % {"when": date_format(when, "SHORT_DATETIME_FORMAT")}
        if not change:
            return _("Created")
        labels = [
            self._field_label(form, name)
            for name in changed_fields(form)
            if name in form.fields and name != VERSION_FIELD
        ]
        return _("Changed %(fields)s") % {"fields": ", ".join(labels)} if labels else _("Saved without changes")

    def _field_label(self, form, name):
        try:
            return str(self.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return str(form.fields[name].label)

    # --- pages -------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
        ]
        if self.is_reviewed_content:
            urls.append(
                path(
                    "<path:object_id>/mark-reviewed/",
                    self.admin_site.admin_view(self.mark_reviewed_view),
                    name="{}_{}_mark_reviewed".format(*info),
                )
            )
        return urls + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            is_public = getattr(obj, "is_public", True)
            context.update(
                {
                    "can_mark_reviewed": self.has_review_permission(request)
                    and self.has_change_permission(request, obj),
                    "public_url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
                    "public_link_label": _("View on site") if is_public else _("View draft"),
                    "pending_revisions": Revision.objects.pending().for_object(obj).count(),
                }
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def history_view(self, request, object_id, extra_context=None):
        # A mistyped address (".../19/change/history/") gets the admin's usual redirect, not a 500.
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not str(version_id).isdigit():
            raise Http404
        if request.method == "POST":
            # Restoring writes over the live object, so it needs change permission on it: a
            # view-only user may look at old versions but never post one back.
            if not services.can_restore(request.user, self.get_object(request, unquote(object_id))):
                raise PermissionDenied
            history = self.model.history.model
            request.editorial_restored_version = get_object_or_404(history, history_id=version_id)
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        for newer, older in zip(records, records[1:], strict=False):
            newer.compare_with = older.history_id

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        history = self.model.history.filter(**{self.opts.pk.attname: obj.pk}).select_related("history_user")
        versions = list(history[:COMPARE_MAX_VERSIONS])
        data = request.GET if {"older", "newer"} & set(request.GET) else None
        if data is None and len(versions) >= 2:
            data = {"older": versions[1].history_id, "newer": versions[0].history_id}
        form = CompareVersionsForm(data, versions=versions)
        older = newer = None
        changes = []
        if data is not None and form.is_valid():
            by_id = {record.history_id: record for record in versions}
            older, newer = sorted(
                (by_id[form.cleaned_data["older"]], by_id[form.cleaned_data["newer"]]),
                key=lambda record: (record.history_date, record.history_id),
            )
            changes = compare_versions(older, newer)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare versions: %(object)s") % {"object": obj},
            "opts": self.opts,
            "object": obj,
            "form": form,
            "older": older,
            "newer": newer,
            "changes": changes,
            "versions_count": len(versions),
            "can_restore": self.has_change_permission(request, obj) and not self.revert_disabled(request, obj),
        }
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    # --- review ------------------------------------------------------------------------------

    def mark_reviewed_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_review_permission(request) and self.has_change_permission(request, obj)):
            raise PermissionDenied
        profile = self._profile_or_message(request)
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        if profile is None:
            return HttpResponseRedirect(change_url)
        form = MarkReviewedForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            mark_reviewed(obj, user=request.user, months=form.cleaned_data["months"])
            self.log_change(request, obj, [{"changed": {"fields": list(REVIEW_FIELDS)}}])
            self.message_user(
                request,
                _("“%(page)s” is marked reviewed by %(name)s; the next review is due on %(due)s.")
                % {"page": obj, "name": profile.full_name, "due": date_format(obj.next_review_due)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        return self._render_mark_reviewed(
            request,
            [obj],
            form,
            profile,
            change_url=change_url,
            since_sign_off=changes_since_sign_off(obj),
            parts_since_sign_off=parts_changed_since_sign_off(obj),
        )

    @admin.action(description=gettext_lazy("Mark reviewed by me…"), permissions=["review"])
    def mark_reviewed_action(self, request, queryset):
        profile = self._profile_or_message(request)
        if profile is None:
            return None
        form = MarkReviewedForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            pages = list(queryset)
            for page in pages:
                mark_reviewed(page, user=request.user, months=form.cleaned_data["months"])
                self.log_change(request, page, [{"changed": {"fields": list(REVIEW_FIELDS)}}])
            self.message_user(
                request,
                ngettext(
                    "%(count)d page is marked reviewed by %(name)s.",
                    "%(count)d pages are marked reviewed by %(name)s.",
                    len(pages),
                )
                % {"count": len(pages), "name": profile.full_name},
                messages.SUCCESS,
            )
            return None
        return self._render_mark_reviewed(request, list(queryset), form, profile, from_changelist=True)

    def _profile_or_message(self, request):
        try:
            return reviewer_profile(request.user)
        except MissingReviewerProfile:
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Pages show the reviewer's name and credentials, so first say how yours should appear."),
                    f"{reverse('admin:editorial_reviewerprofile_add')}?{urlencode({'next': request.get_full_path()})}",
                    _("Add your reviewer profile"),
                ),
                messages.ERROR,
            )
            return None

    def _render_mark_reviewed(
        self,
        request,
        pages,
        form,
        profile,
        *,
        from_changelist=False,
        change_url="",
        since_sign_off=None,
        parts_since_sign_off=None,
    ):
        context = {
            "since_sign_off": since_sign_off,
            "parts_since_sign_off": parts_since_sign_off,
            **self.admin_site.each_context(request),
            "title": _("Mark reviewed"),
            "opts": self.opts,
            "pages": pages,
            "form": form,
            "profile": profile,
            "from_changelist": from_changelist,
            "change_url": change_url,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/editorial/mark_reviewed.html", context)


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    """Each reviewer keeps their own profile; an administrator sees and edits everyone's."""

    list_display = ("full_name", "credentials", "user")
    search_fields = ("full_name", "credentials", "user__username")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def get_fields(self, request, obj=None):
        return ("user", "full_name", "credentials") if request.user.is_superuser else ("full_name", "credentials")

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return request.user.is_superuser or not ReviewerProfile.objects.filter(user=request.user).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._owns(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._owns(request, obj)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.user = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # Back to the page the reviewer was signing off when they were asked for a profile.
        nxt = request.GET.get("next", "")
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
            self.message_user(request, _("Your reviewer profile is saved."), messages.SUCCESS)
            return HttpResponseRedirect(nxt)
        return super().response_add(request, obj, post_url_continue)

    @staticmethod
    def _owns(request, obj):
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk


admin.site.register(Revision, RevisionAdmin)
