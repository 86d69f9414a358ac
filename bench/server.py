"""gunicorn on loopback serving bench.wsgi, for the load tool (gthread with keep-alive
unless told otherwise)."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .env import BASE_DIR, VAR_DIR, bench_environ
from .launch import HOST, answers_http, free_port, launched


@contextmanager
def gunicorn(
    *, workers: int, threads: int = 1, worker_class: str = "gthread"
) -> Iterator[str]:
    """Yield the base URL of a running server; stop it (and only it) afterwards.

    Each worker listens on a socket of its own (SO_REUSEPORT), so the kernel spreads
    wrk's keep-alive connections over the workers: on one shared socket the worker that
    wakes first accepts all eight of them in about half the runs, and a page then answers
    at half its rate by chance (a gthread worker runs one request at a time in Python)."""
    port = free_port()
    base = f"http://{HOST}:{port}"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--worker-class={worker_class}",
        f"--workers={workers}",
        *([f"--threads={threads}"] if worker_class == "gthread" else []),
        "--keep-alive=30",
        "--reuse-port",
        "--backlog=2048",
        "--log-level=warning",
    ]
    log = VAR_DIR / "gunicorn.log"
    log.unlink(missing_ok=True)
    with launched(
        command,
        ready=answers_http(base + "/bench/raw"),
        log=log,
        cwd=BASE_DIR,
        env=bench_environ(),
    ):
        yield base
