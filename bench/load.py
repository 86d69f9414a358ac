"""The load tool: Debian's wrk on loopback, keep-alive, latency percentiles parsed."""

import re
import shutil
import subprocess
from dataclasses import dataclass

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unreadable latency {text!r}")
    return float(match[1]) * UNITS[match[2]]


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    return path


def wrk(
    url: str,
    *,
    cookie: str = "",
    seconds: float,
    connections: int,
    threads: int = 1,
    allow_empty: bool = False,
    close_connections: bool = False,
) -> LoadResult | None:
    """close_connections: a new connection per request, as gunicorn's sync workers serve
    them; under keep-alive wrk would time only the first request on each connection."""
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout=10s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if close_connections:
        command += ["-H", "Connection: close"]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    if not re.search(r"[1-9]\d* requests in", out):
        if allow_empty:
            return None
        raise RuntimeError(f"wrk completed no request on {url}:\n{out}")
    percentiles = dict(re.findall(r"^\s*(\d+)%\s+([\d.]+[a-z]+)", out, re.MULTILINE))
    if "50" not in percentiles or "99" not in percentiles:
        raise RuntimeError(f"unreadable wrk output for {url}:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out)[1])
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)$", out, re.MULTILINE)
    errors = int(bad[1]) if bad else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors[1]))
    return LoadResult(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=requests,
        errors=errors,
    )
