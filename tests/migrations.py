"""Moving a test database to chosen migrations and back, for tests of one data migration."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrated_to(targets):
    """Migrate to `targets` (every app's newest when empty; `(app, None)` unapplies an app)
    and return the app registry of the database as it then stands."""
    executor = MigrationExecutor(connection)
    return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps


def migrated_to_newest():
    return migrated_to(None)
