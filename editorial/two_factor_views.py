"""The admin pages for two-step sign-in: set up an authenticator app, or give its code."""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login

from .accounts import HAS_DEVICE_SESSION_KEY, TokenForm, confirm_device, pending_device, setup_details, verify_device


class _TwoFactorView(FormView):
    form_class = TokenForm
    admin_site = None
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.admin_site.each_context(self.request),
            title=self.title,
            next=self.request.GET.get(REDIRECT_FIELD_NAME, ""),
            **kwargs,
        )

    def next_url(self):
        nxt = self.request.POST.get(REDIRECT_FIELD_NAME) or self.request.GET.get(REDIRECT_FIELD_NAME, "")
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={self.request.get_host()}):
            return nxt
        return resolve_url(f"{self.admin_site.name}:index")


class SetupView(_TwoFactorView):
    template_name = "admin/editorial/two_factor_setup.html"
    title = _("Set up two-step sign-in")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**setup_details(pending_device(self.request.user)), **kwargs)

    def form_valid(self, form):
        device = pending_device(self.request.user)
        if not confirm_device(user=self.request.user, device=device, token=form.cleaned_data["token"]):
            form.add_error("token", _("That code is not right. Check the time on your phone and try the newest code."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        self.request.session[HAS_DEVICE_SESSION_KEY] = True
        return HttpResponseRedirect(self.next_url())


class VerifyView(_TwoFactorView):
    template_name = "admin/editorial/two_factor_verify.html"
    title = _("Enter your sign-in code")

    def form_valid(self, form):
        device = verify_device(user=self.request.user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("That code is not right. Check the time on your phone and try the newest code."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        return HttpResponseRedirect(self.next_url())
