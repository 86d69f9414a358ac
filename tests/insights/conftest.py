import datetime as dt

import pytest
import time_machine

from insights.seeding import seed_half_year

# A Monday at noon in Berlin, in winter time.
NOW = dt.datetime(2026, 11, 30, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def half_year(alice, frozen):
    """alice's half-year of job search (insights.seeding.HALF_YEAR), at NOW."""
    seed_half_year(user=alice, now=frozen)
    return alice
