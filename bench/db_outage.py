"""What a signed-in page does while the database hangs for 30 s, under compose's gunicorn.

`python -m bench.db_outage` starts the web service's command from docker-compose.yml
natively (as tests/test_compose.py does), with DATABASE_URL pointing at a local TCP proxy
in front of PostgreSQL (tests/jobtrack/stalling_proxy.py). Three clients loop for the
whole run, each request waiting up to 60 s: a signed-in user on the dashboard, a static
file, and the health endpoint. After 10 s the proxy hangs (accepts, never answers, holds
back bytes on open connections) for 30 s, then forwards again for 20 s. The shared
PostgreSQL is never stopped. Prints a table per phase; writes var/bench/db_outage.txt.
"""

import collections
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import dj_database_url
import psycopg2

from tests.jobtrack.stalling_proxy import StallingProxy
from tests.test_compose import _command, _environment, _services, _start, _stop

from .env import BASE_DIR, VAR_DIR
from .server import HOST, free_port

DATABASE = "jt_outage_bench"
BEFORE, HANG, AFTER = 10, 30, 20


def fresh_database() -> tuple[str, dict]:
    server = dj_database_url.parse(
        os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    )
    connection = psycopg2.connect(
        host=server["HOST"] or "127.0.0.1",
        port=server["PORT"] or 5432,
        user=server["USER"] or "postgres",
        password=server["PASSWORD"] or None,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    connection.close()
    return DATABASE, server


def url_for(server: dict, port: int) -> str:
    password = f":{server['PASSWORD']}" if server["PASSWORD"] else ""
    return f"postgres://{server['USER'] or 'postgres'}{password}@127.0.0.1:{port}/{DATABASE}"


def signed_in_cookie(env: dict[str, str]) -> str:
    code = (
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from tests.factories import ApplicationFactory, UserFactory\n"
        "user = UserFactory(email='outage@example.com')\n"
        "for n in range(20): ApplicationFactory(owner=user, company=f'Acme {n}')\n"
        "s = SessionStore(); s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()\n"
        "print(s.session_key)\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return f"sessionid={out.strip().splitlines()[-1]}"


def probe(url: str, cookie: str, started: float, until: float, log: list) -> None:
    while time.monotonic() < until:
        request = urllib.request.Request(
            url, headers={"Cookie": cookie} if cookie else {}
        )
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                status = str(response.status)
        except urllib.error.HTTPError as error:
            status = str(error.code)
        except OSError as error:
            status = type(getattr(error, "reason", error)).__name__
        log.append((t0 - started, time.monotonic() - t0, status))
        time.sleep(0.5)


def summary(name: str, log: list) -> list[str]:
    lines = [f"{name}:"]
    for phase, low, high in (
        ("database answering", 0, BEFORE),
        (f"database hung ({HANG} s)", BEFORE, BEFORE + HANG),
        ("database back", BEFORE + HANG, BEFORE + HANG + AFTER),
    ):
        rows = [row for row in log if low <= row[0] < high]
        if not rows:
            continue
        times = [row[1] for row in rows]
        statuses = collections.Counter(row[2] for row in rows)
        lines.append(
            f"  {phase}: {len(rows)} requests, status {dict(sorted(statuses.items()))}, "
            f"median {statistics.median(times):.2f} s, max {max(times):.2f} s"
        )
    back = [row for row in log if row[0] >= BEFORE + HANG and row[2] == "200"]
    if back:
        first = back[0]
        lines.append(
            f"  first 200 after the database came back: request sent "
            f"{first[0] - BEFORE - HANG:.1f} s after, answered in {first[1]:.2f} s"
        )
    return lines


def main() -> None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _, server = fresh_database()
    proxy = StallingProxy((server["HOST"] or "127.0.0.1", int(server["PORT"] or 5432)))
    port = free_port()
    var = tempfile.mkdtemp(prefix="db-outage-", dir=VAR_DIR)
    redis_url = re.sub(
        r"(/\d+)?$",
        "/12",
        (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"),
        count=1,
    )
    overrides = {
        "DATABASE_URL": url_for(server, proxy.port),
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "JOBTRACK_VAR_DIR": var,
        "PORT": str(port),
    }
    log_path = VAR_DIR / "db_outage_web.log"
    web = _start("web", overrides, log_path)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/health/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or web.poll() is not None:
                    raise SystemExit(log_path.read_text()[-3000:]) from None
                time.sleep(0.5)
        direct_env = {  # the web service's environment, straight to PostgreSQL
            **os.environ,
            **_environment(_services()["web"]),
            **overrides,
            "DATABASE_URL": url_for(server, int(server["PORT"] or 5432)),
        }
        cookie = signed_in_cookie(direct_env)
        login = (
            urllib.request.urlopen(base + "/accounts/login/", timeout=10)
            .read()
            .decode()
        )
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', login).group(1)

        started = time.monotonic()
        until = started + BEFORE + HANG + AFTER
        logs = {"signed-in dashboard": [], "static file": [], "health endpoint": []}
        threads = [
            threading.Thread(
                target=probe,
                args=(base + "/", cookie, started, until, logs["signed-in dashboard"]),
            ),
            threading.Thread(
                target=probe,
                args=(base + stylesheet, "", started, until, logs["static file"]),
            ),
            threading.Thread(
                target=probe,
                args=(base + "/health/", "", started, until, logs["health endpoint"]),
            ),
        ]
        for thread in threads:
            thread.start()
        time.sleep(BEFORE)
        proxy.hang()
        time.sleep(HANG)
        proxy.forward()
        for thread in threads:
            thread.join()
    finally:
        _stop(web)
        proxy.close()
    command = " ".join(_command(_services()["web"])).split("exec ")[-1]
    lines = [
        f"database outage under compose's web command, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}",
        f"server: {command}",
        f"database limits: connect {os.environ.get('DATABASE_CONNECT_TIMEOUT', 5)} s, "
        f"statement {os.environ.get('DATABASE_STATEMENT_TIMEOUT', 15)} s; "
        f"{BEFORE} s answering, {HANG} s hung, {AFTER} s back; one client per row, "
        "a request every 0.5 s after the previous answer",
        "",
    ]
    for name, log in logs.items():
        lines += summary(name, log)
    lines += ["", "signed-in dashboard, every request (start s, seconds, status):"]
    lines += [f"  {t:6.1f} {d:6.2f} {s}" for t, d, s in logs["signed-in dashboard"]]
    text = "\n".join(lines) + "\n"
    (VAR_DIR / "db_outage.txt").write_text(text)
    print(text, end="")


if __name__ == "__main__":
    main()
