"""The Celery app; its configuration lives in settings under the CELERY_ namespace.

Broker: Redis when REDIS_URL/CELERY_BROKER_URL is set, otherwise kombu's filesystem
transport under var/celery/ (no server needed). The beat schedule is static, in UTC.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtrack.settings")

app = Celery("jobtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def make_broker_folders(sender, **kwargs):
    """The filesystem transport expects its folders to exist before the first message."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
