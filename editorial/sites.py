from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from . import two_factor_views
from .accounts import (
    HAS_DEVICE_SESSION_KEY,
    TwoFactorAdminLoginForm,
    is_second_factor_verified,
    needs_second_factor,
)
from .selectors import review_dashboard

# Pages a signed-in user who still owes a second factor may open.
SECOND_FACTOR_EXEMPT = {"logout", "two_factor_setup", "two_factor_verify"}


class EditorialAdminSite(admin.AdminSite):
    """The admin, with the review dashboard at the top of its index page and two-step sign-in."""

    site_header = _("HFS Guide editorial")
    site_title = _("HFS Guide editorial")
    index_title = _("Review dashboard")
    login_form = TwoFactorAdminLoginForm
    login_template = "admin/editorial/login.html"

    def index(self, request, extra_context=None):
        context = {"dashboard": review_dashboard(user=request.user), **(extra_context or {})}
        return super().index(request, context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            match = request.resolver_match
            exempt = match is not None and match.url_name in SECOND_FACTOR_EXEMPT
            has_device = request.session.get(HAS_DEVICE_SESSION_KEY) if hasattr(request, "session") else None
            if (
                not exempt
                and not is_second_factor_verified(request.user)
                and needs_second_factor(request.user, has_device=has_device)
            ):
                return self.second_factor_redirect(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, view)

    def second_factor_redirect(self, request):
        from django_otp import user_has_device

        name = "two_factor_verify" if user_has_device(request.user, confirmed=True) else "two_factor_setup"
        url = resolve_url(f"{self.name}:{name}")
        nxt = request.get_full_path()
        if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
            url = f"{url}?{REDIRECT_FIELD_NAME}={nxt}"
        return HttpResponseRedirect(url)

    def get_urls(self):
        def staff_only(view):
            # The usual admin check (signed in, active staff), without the second-factor one.
            return admin.AdminSite.admin_view(self, view)

        return [
            path(
                "two-factor/set-up/",
                staff_only(two_factor_views.SetupView.as_view(admin_site=self)),
                name="two_factor_setup",
            ),
            path(
                "two-factor/verify/",
                staff_only(two_factor_views.VerifyView.as_view(admin_site=self)),
                name="two_factor_verify",
            ),
            *super().get_urls(),
        ]
