"""Which gunicorn worker settings end a stuck request, and what they cost in throughput.

`python -m bench.worker_timeout` starts gunicorn twice on loopback (gthread as compose used
to run it, and sync as it runs now), each time with --timeout 10:
1. a CPU-bound request that would run 40 s (a WSGI app in this module that spins): when
   does the client get an answer or lose the connection, and does gunicorn log a timeout;
2. while it spins, how long a cheap request on the same server takes;
3. the sign-in page under wrk, one new connection per request (sync workers close every
   connection; with keep-alive wrk would time only a connection's first request).
Prints one table and writes it to var/bench/worker_timeout.txt.
"""

import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .env import BASE_DIR, VAR_DIR
from .load import wrk
from .server import HOST, free_port

CONFIGS = {
    "gthread 2 workers x 4 threads": [
        "--worker-class=gthread",
        "--workers=2",
        "--threads=4",
    ],
    "sync 4 workers": ["--worker-class=sync", "--workers=4"],
}
TIMEOUT = 10
SPIN_SECONDS = 40


def spin_app(environ, start_response):
    """Spins the CPU for ?seconds=N (a stand-in for a pathological PDF layout)."""
    seconds = float(environ.get("QUERY_STRING", "").partition("=")[2] or 0)
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"spun {n}".encode()]


def start(app: str, options: list[str], env: dict[str, str], log: Path):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            f"--bind={HOST}:{port}",
            f"--timeout={TIMEOUT}",
            *options,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()
            return process, base
        except urllib.error.HTTPError:
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not start: {log.read_text()[-2000:]}")


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def timed(url: str, timeout: float) -> tuple[float, str]:
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            outcome = str(response.status)
    except urllib.error.HTTPError as error:
        outcome = str(error.code)
    except (urllib.error.URLError, ConnectionError, OSError) as error:
        outcome = f"connection lost ({type(getattr(error, 'reason', error)).__name__})"
    return time.monotonic() - start, outcome


def stuck_request(options: list[str], log: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(BASE_DIR)}
    process, base = start("bench.worker_timeout:spin_app", options, env, log)
    try:
        result = {}
        spinner = threading.Thread(
            target=lambda: result.update(
                stuck=timed(f"{base}/?seconds={SPIN_SECONDS}", SPIN_SECONDS + 30)
            )
        )
        spinner.start()
        time.sleep(2)
        result["cheap"] = timed(base + "/", 60)
        spinner.join()
        time.sleep(1)
        result["logged"] = "WORKER TIMEOUT" in log.read_text()
        return result
    finally:
        stop(process)


def sign_in_page_load(options: list[str], log: Path) -> str:
    var = Path(tempfile.mkdtemp(prefix="worker-timeout-", dir=VAR_DIR))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        STATIC_MANIFEST="0",
        JOBTRACK_VAR_DIR=str(var),
        LOG_LEVEL="WARNING",
        AXES_ENABLED="0",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    process, base = start("jobtrack.wsgi", options, env, log)
    try:
        wrk(base + "/accounts/login/", seconds=2, connections=8, close_connections=True)
        result = wrk(
            base + "/accounts/login/", seconds=10, connections=8, close_connections=True
        )
        return (
            f"{result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
            f"p99 {result.p99_ms:.1f} ms, errors {result.errors}"
        )
    finally:
        stop(process)


def main() -> None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    lines = [
        f"gunicorn worker timeout, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; --timeout={TIMEOUT}, "
        f"a request that spins the CPU for {SPIN_SECONDS} s",
        "",
    ]
    for name, options in CONFIGS.items():
        log = VAR_DIR / "worker_timeout_gunicorn.log"
        stuck = stuck_request(options, log)
        load = sign_in_page_load(options, log)
        seconds, outcome = stuck["stuck"]
        cheap_seconds, cheap_outcome = stuck["cheap"]
        lines += [
            f"{name}:",
            f"  stuck request: {outcome} after {seconds:.1f} s; "
            f"gunicorn logged WORKER TIMEOUT: {'yes' if stuck['logged'] else 'no'}",
            f"  a cheap request meanwhile: {cheap_outcome} in {cheap_seconds * 1000:.0f} ms",
            f"  sign-in page, wrk 8 connections, new connection per request: {load}",
        ]
    text = "\n".join(lines) + "\n"
    (VAR_DIR / "worker_timeout.txt").write_text(text)
    print(text, end="")


if __name__ == "__main__":
    main()
