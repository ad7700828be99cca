from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    default = True  # apps.py also holds the admin's config, below
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .accounts import remember_device_at_sign_in

        user_logged_in.connect(remember_device_at_sign_in, dispatch_uid="editorial_remember_device")


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the review dashboard on its index page (listed in INSTALLED_APPS)."""

    default = False
    default_site = "editorial.sites.EditorialAdminSite"
