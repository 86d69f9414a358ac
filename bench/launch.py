"""Start a helper process and wait until it answers: the one launcher and the one wait
loop that bench, the demo site, the chaos run and the integration tests share."""

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until(
    predicate: Callable[[], object], *, timeout: float, interval: float = 0.1
) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds pass; its last answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def answers_http(url: str, *, timeout: float = 2) -> Callable[[], bool]:
    """True once the server answers `url` at all; its status is the caller's business."""

    def check() -> bool:
        try:
            urllib.request.urlopen(url, timeout=timeout).close()
        except urllib.error.HTTPError:
            return True
        except (OSError, TimeoutError):
            return False
        return True

    return check


def accepts_tcp(port: int) -> Callable[[], bool]:
    def check() -> bool:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
        except OSError:
            return False
        return True

    return check


@contextmanager
def launched(
    command: list[str],
    *,
    ready: Callable[[], object],
    log: Path | None = None,
    timeout: float = 60,
    stop_timeout: float = 20,
    **popen,
) -> Iterator[subprocess.Popen]:
    """Run `command`, wait until `ready()` is true, yield the process; stop it (and only
    it) afterwards. A process that exits or never gets ready raises with its log's tail."""
    out = log.open("ab") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **popen)
    try:
        if (
            not wait_until(
                lambda: process.poll() is not None or ready(), timeout=timeout
            )
            or process.poll() is not None
        ):
            tail = log.read_text(errors="replace")[-3000:] if log is not None else ""
            raise RuntimeError(f"{command[0]} … {command[-1]} did not start\n{tail}")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if log is not None:
            out.close()
