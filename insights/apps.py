import statistics

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class SQLiteMedian:
    """MEDIAN() for SQLite, which has none (insights.figures.Median uses it)."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIAN", 1, SQLiteMedian)


class InsightsConfig(AppConfig):
    name = "insights"

    def ready(self):
        connection_created.connect(register_sqlite_functions)
