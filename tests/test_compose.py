"""docker-compose.yml is checked without a Docker engine: docker-compose validates it, and the
web, worker and beat commands it names are started natively against the local PostgreSQL
and Redis, so the file cannot drift from what actually starts.
"""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from bench.launch import answers_http, free_port, wait_until

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE_FILE = BASE_DIR / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")
DATABASE_NAME = "infra_compose"
REDIS_DB = 7
IN_CI = bool(os.environ.get("CI")) or os.environ.get("JOBTRACK_REQUIRE_SERVICES") == "1"


def _interpolate(value: str) -> str:
    """Compose's own substitution with nothing in .env: ${VAR:-default} -> default."""
    value = re.sub(r"\$\{(\w+):?-([^}]*)\}", lambda m: m.group(2), value)
    assert "${" not in value, f"a variable compose would require: {value}"
    return value.replace("$$", "$")


def _services() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: _interpolate(str(value)) for key, value in env.items()}


def _command(service: dict) -> list[str]:
    command = service.get("command") or []
    if isinstance(command, str):
        command = shlex.split(command)
    return [_interpolate(part) for part in command]


# --- the file itself -------------------------------------------------------------------


def _docker_compose() -> str:
    docker_compose = shutil.which("docker-compose")
    if docker_compose is None:
        if IN_CI:
            pytest.fail(
                "docker-compose is not installed (apt-get install docker-compose)"
            )
        pytest.skip("docker-compose is not installed")
    return docker_compose


def test_docker_compose_accepts_the_file_with_no_env_file_and_no_secret_key():
    """One command: `docker compose up` needs no .env (the key is generated)."""
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [_docker_compose(), "-f", str(COMPOSE_FILE), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=BASE_DIR / "tests",  # no .env here
        env={**env, "COMPOSE_INTERACTIVE_NO_CLI": "1"},
    )
    assert result.returncode == 0, result.stderr


def test_a_secret_key_from_the_environment_reaches_the_app_services():
    key = "from-dot-env-" + "k" * 50
    result = subprocess.run(
        [_docker_compose(), "-f", str(COMPOSE_FILE), "config"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=BASE_DIR / "tests",
        env={**os.environ, "SECRET_KEY": key, "COMPOSE_INTERACTIVE_NO_CLI": "1"},
    )
    services = yaml.safe_load(result.stdout)["services"]
    for name in APP_SERVICES:
        assert services[name]["environment"]["SECRET_KEY"] == key, name


def test_app_services_read_the_generated_key_and_start_after_it_exists():
    services = _services()
    init = services["secret-key"]
    assert init["restart"] == "no"  # a one-shot: never restarted after it exits
    assert init["image"] == services["web"]["image"]
    key_file = _environment(init)["SECRET_KEY_FILE"]
    for name in APP_SERVICES:
        service = services[name]
        assert _environment(service)["SECRET_KEY_FILE"] == key_file, name
        assert _environment(service)["SECRET_KEY"] == "", name
        assert "secrets:/run/jobtrack-secrets:ro" in service["volumes"], name
        condition = service["depends_on"]["secret-key"]["condition"]
        assert condition == "service_completed_successfully", name


def test_the_key_generator_writes_64_private_characters_once(tmp_path):
    """The secret-key service's command, run natively: a new key on first start, the
    same key on every later start."""
    key_file = tmp_path / "secrets" / "secret_key"
    env = {
        "PATH": os.environ["PATH"],
        **_environment(_services()["secret-key"]),
        "SECRET_KEY_FILE": str(key_file),
    }
    command = [sys.executable, *_command(_services()["secret-key"])[1:]]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
    assert first.returncode == 0, first.stderr
    key = key_file.read_text()
    assert len(key) == 64 and re.fullmatch(r"[A-Za-z0-9_-]+", key)
    assert key_file.stat().st_mode & 0o777 == 0o600
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
    assert again.returncode == 0, again.stderr
    assert key_file.read_text() == key


def test_web_worker_and_beat_share_one_image_and_environment():
    services = _services()
    web = services["web"]
    web_env = {k: v for k, v in _environment(web).items() if k != "PORT"}
    for name in ("worker", "beat"):
        assert services[name]["image"] == web["image"]
        assert services[name]["build"] == web["build"]
        assert _environment(services[name]) == web_env, name


def test_worker_and_beat_start_after_web_has_migrated_and_the_services_are_healthy():
    services = _services()
    for name in ("worker", "beat"):
        depends = services[name]["depends_on"]
        for needed in ("web", "db", "redis"):
            assert depends[needed]["condition"] == "service_healthy", (name, needed)


def test_exactly_one_beat_and_the_stack_the_design_names():
    services = _services()
    assert {"web", "worker", "beat", "db", "redis", "mailpit"} <= set(services)
    beats = [name for name, s in services.items() if "beat" in _command(s)]
    assert beats == ["beat"]
    assert "replicas" not in (services["beat"].get("deploy") or {})
    assert services["db"]["image"].startswith("postgres:16")
    assert any(
        v.endswith(":/var/lib/postgresql/data") for v in services["db"]["volumes"]
    )
    redis_command = _command(services["redis"])
    assert "--appendonly" in redis_command and "noeviction" in redis_command
    for name in ("db", "redis", "mailpit", "web"):
        assert services[name].get("healthcheck", {}).get("test"), (
            f"{name} has no healthcheck"
        )
    env = _environment(services["web"])
    assert env["EMAIL_HOST"] == "mailpit" and env["EMAIL_PORT"] == "1025"
    assert env["SECURE_SSL_REDIRECT"] == "0"
    assert "/health/" in " ".join(services["web"]["healthcheck"]["test"])


def test_web_runs_workers_whose_timeout_ends_a_stuck_request():
    """gthread's timeout never fires while a thread spins; sync's kills the worker."""
    command = " ".join(_command(_services()["web"]))
    assert "--worker-class sync" in command
    assert re.search(r"--timeout (\d+)", command)


# --- the same commands, started natively ------------------------------------------------


def _service_unreachable(message: str):
    if os.environ.get("JOBTRACK_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def native_env(tmp_path_factory) -> dict[str, str]:
    """The compose environment with the network names replaced by the local services."""
    import dj_database_url
    import psycopg2
    import redis

    server = dj_database_url.parse(
        os.environ.get("DATABASE_URL", "")
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "postgres://postgres@127.0.0.1:5432/postgres"
    )
    try:
        connection = psycopg2.connect(
            host=server["HOST"] or "127.0.0.1",
            port=server["PORT"] or 5432,
            user=server["USER"] or "postgres",
            password=server["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        )
    except psycopg2.OperationalError as error:
        _service_unreachable(f"PostgreSQL is unreachable: {error}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE_NAME}")
    connection.close()

    redis_base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    redis_url = re.sub(r"(/\d+)?$", f"/{REDIS_DB}", redis_base.rstrip("/"), count=1)
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).flushdb()
    except redis.exceptions.ConnectionError as error:
        _service_unreachable(f"Redis is unreachable: {error}")

    password = f":{server['PASSWORD']}" if server["PASSWORD"] else ""
    var_dir = tmp_path_factory.mktemp("compose-var")
    key_file = tmp_path_factory.mktemp("compose-secrets") / "secret_key"
    init = _services()["secret-key"]
    subprocess.run(
        [sys.executable, *_command(init)[1:]],
        env={**_environment(init), "SECRET_KEY_FILE": str(key_file)},
        check=True,
        timeout=30,
    )
    return {
        "SECRET_KEY_FILE": str(key_file),
        "DATABASE_URL": (
            f"postgres://{server['USER'] or 'postgres'}{password}@"
            f"{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/{DATABASE_NAME}"
        ),
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "JOBTRACK_VAR_DIR": str(var_dir),
    }


def _start(name: str, overrides: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a service's command as the container would: its environment, nothing inherited."""
    service = _services()[name]
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "LANG": "C.UTF-8",
        **_environment(service),
        **overrides,
    }
    env["HOME"] = env["JOBTRACK_VAR_DIR"]  # gunicorn's control socket lives under $HOME
    return subprocess.Popen(
        _command(service),
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # one process group: gunicorn/celery children stop too
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for_log(process, log: Path, pattern: str, timeout: float) -> str:
    def seen() -> bool:
        return bool(re.search(pattern, log.read_text(errors="replace")))

    wait_until(lambda: process.poll() is not None or seen(), timeout=timeout)
    text = log.read_text(errors="replace")
    if not seen():
        pytest.fail(
            f"no {pattern!r} within {timeout}s (exit {process.poll()}):\n{text[-3000:]}"
        )
    return text


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.services
def test_web_command_migrates_collects_static_and_serves_the_sign_in_page(
    native_env, tmp_path
):
    port = free_port()
    log = tmp_path / "web.log"
    process = _start("web", {**native_env, "PORT": str(port)}, log)
    try:
        base = f"http://127.0.0.1:{port}"
        up = answers_http(f"{base}/accounts/login/", timeout=15)
        wait_until(lambda: process.poll() is not None or up(), timeout=60)
        status, html = _get(f"{base}/accounts/login/") if up() else (None, "")
        output = log.read_text(errors="replace")[-3000:]
        assert status == 200, f"sign-in page: {status}\n{output}"
        # Hashed static files from collectstatic, served by whitenoise.
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', html)
        assert stylesheet, html[:500]
        assert _get(base + stylesheet.group(1))[0] == 200
        assert "Booting worker" in output
        assert _get(f"{base}/health/") == (200, '{"database": "ok", "redis": "ok"}')
    finally:
        _stop(process)


@pytest.mark.services
def test_worker_command_connects_to_redis_and_reports_ready(native_env, tmp_path):
    log = tmp_path / "worker.log"
    process = _start("worker", native_env, log)
    try:
        text = _wait_for_log(process, log, r"celery@\S+ ready\.", timeout=30)
        assert f"redis://127.0.0.1:6379/{REDIS_DB}" in text or f"/{REDIS_DB}" in text
    finally:
        _stop(process)


@pytest.mark.services
def test_beat_command_starts_its_scheduler(native_env, tmp_path):
    log = tmp_path / "beat.log"
    process = _start("beat", native_env, log)
    try:
        _wait_for_log(process, log, r"beat: Starting", timeout=30)
        time.sleep(1)
        assert process.poll() is None, log.read_text()
    finally:
        _stop(process)
