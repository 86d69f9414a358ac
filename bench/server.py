"""gunicorn (gthread, keep-alive) on loopback serving bench.wsgi, for the load tool."""

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from .env import BASE_DIR, VAR_DIR, bench_environ

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(*, workers: int, threads: int):
    """Yield the base URL of a running server; stop it (and only it) afterwards."""
    port = free_port()
    log = open(VAR_DIR / "gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            f"--bind={HOST}:{port}",
            "--worker-class=gthread",
            f"--workers={workers}",
            f"--threads={threads}",
            "--keep-alive=30",
            "--backlog=2048",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=bench_environ(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/bench/raw", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "gunicorn did not start; see var/bench/gunicorn.log"
                    ) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
