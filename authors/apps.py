from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = _("作者")

    def ready(self):
        # Lazy: admin modules import models, which cannot load before the app registry is ready; the
        # admin app (listed first) has autodiscovered every admin module by now.
        from .admin import add_import_export_to_violation_records

        add_import_export_to_violation_records()
