from django.apps import AppConfig
from reportlab import rl_config


class ExportsConfig(AppConfig):
    name = "exports"

    def ready(self):
        """PDFs go out as binary files, so their drawings skip ReportLab's ASCII85 step,
        which only makes each page's stream a quarter larger."""
        rl_config.useA85 = 0
