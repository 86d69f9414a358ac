from django.apps import AppConfig


class JobtrackConfig(AppConfig):
    """The project package as an app: site-wide pages (errors, health) and start-up hooks."""

    name = "jobtrack"
    verbose_name = "jobtrack"

    def ready(self):
        from jobtrack import database

        database.install_wait_callback()
