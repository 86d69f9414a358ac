"""The app's settings plus the benchmark's reference URLs; used by `make bench` only."""

from jobtrack.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
