from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page and the site-wide navigation: the top layer, beside hfs_site."""

    name = "home"
    verbose_name = _("Home page")
