"""Staff sign-in that holds: a second factor (TOTP) and who must have one.

django-axes (settings.AXES_*) refuses sign-in after repeated failures; this module adds the
authenticator-app code. Anyone with a confirmed authenticator must give its code at sign-in;
a medical reviewer must set one up before using the admin when
settings.REVIEWER_TWO_FACTOR_REQUIRED is on.
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .workflow import can_review

DEVICE_NAME = "Authenticator app"


# Whether the user had an authenticator when they signed in, kept in the session so that each
# admin page does not ask the database again.
HAS_DEVICE_SESSION_KEY = "editorial_has_authenticator"


def needs_second_factor(user, *, has_device=None):
    """True when `user` may not use the admin until they have signed in with a second factor.

    `has_device` is whether they have a confirmed authenticator; None looks it up.
    """
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if has_device is None:
        has_device = user_has_device(user, confirmed=True)
    return has_device or (settings.REVIEWER_TWO_FACTOR_REQUIRED and can_review(user))


def remember_device_at_sign_in(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in EditorialConfig.ready)."""
    if request is not None and hasattr(request, "session") and user.is_staff:
        request.session[HAS_DEVICE_SESSION_KEY] = user_has_device(user, confirmed=True)


def is_second_factor_verified(user):
    return getattr(user, "is_verified", lambda: False)()


class TwoFactorAdminLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin sign-in: username and password, plus the authenticator code for those who have one."""

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the 6-digit code from your authenticator app."),
        "invalid_token": _("That code is not right. Check the time on your phone and try the newest code."),
    }
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Only if you have set up two-step sign-in."),
    )
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return cleaned

    def _chosen_device(self, user):
        # One authenticator per person, so there is nothing to choose.
        return confirmed_device(user)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def pending_device(user):
    """The user's unconfirmed authenticator, created on first use; it counts once confirmed."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def setup_details(device):
    """What the set-up page shows: a QR code (an inline SVG data URI) and the key to type by hand."""
    return {
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": base64.b32encode(device.bin_key).decode(),
    }


def confirm_device(*, user, device, token):
    """Confirm `device` with a code it produced; True on success."""
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def verify_device(*, user, token):
    """The user's authenticator if it accepts `token` (and is not waiting after wrong codes), else None."""
    device = confirmed_device(user)
    if device is None or not device.verify_is_allowed()[0] or not device.verify_token(token):
        return None
    return device
