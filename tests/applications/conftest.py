"""Fixtures shared by the applications tests."""

import pytest
import time_machine


@pytest.fixture
def frozen_time(request):
    """Stops the clock at the test module's NOW: "today" and "in the future" hold still."""
    with time_machine.travel(request.module.NOW, tick=False) as traveller:
        yield traveller
