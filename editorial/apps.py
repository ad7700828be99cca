from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def create_role_groups(sender, *, using, **kwargs):
    """Create or reset the Editor and Medical reviewer groups after every migrate.

    Django creates permissions in its own post_migrate handler, app by app; they are all made
    here first, because an app listed after `editorial` may not have had its turn yet.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .roles import sync_role_groups

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_role_groups()


class EditorialConfig(AppConfig):
    default = True  # apps.py also holds the admin's config, below
    name = "editorial"
    verbose_name = _("Editorial workflow")
    editor_permissions = {"revision": ("view",)}  # the state of the changes they sent
    reviewer_permissions = {"reviewerprofile": ("view", "add", "change")}

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.content import register_editorial_hooks

        from . import scheduling
        from .accounts import remember_device_at_sign_in
        from .services import loader_held, record_loader_change

        post_migrate.connect(create_role_groups, sender=self, dispatch_uid="editorial.create_role_groups")
        user_logged_in.connect(remember_device_at_sign_in, dispatch_uid="editorial_remember_device")
        # The content loader's writes follow the editorial rules too.
        register_editorial_hooks(held=loader_held, record=record_loader_change)
        scheduling.connect_signals()
        # A reviewer's name and credentials are printed on every page they signed off.
        from core.http import content_changed

        from .models import ReviewerProfile

        post_save.connect(content_changed, sender=ReviewerProfile, dispatch_uid="editorial.reviewer_saved")
        post_delete.connect(content_changed, sender=ReviewerProfile, dispatch_uid="editorial.reviewer_deleted")


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the review dashboard on its index page (listed in INSTALLED_APPS)."""

    default = False
    default_site = "editorial.sites.EditorialAdminSite"
