"""gunicorn worker classes and counts on this machine, measured on the app's pages.

    python -m bench.workers               # about 4 minutes on 2 cores

Each configuration serves bench.wsgi on loopback; wrk (8 connections, ``Connection:
close``: a new connection per request, as sync workers serve them) loads the bare
signed-in view, the dashboard and the log form of the user with 1,000 applications;
configurations are interleaved over the repeats and figures are medians. Only sync
workers let ``--timeout`` end a CPU-bound request (bench.worker_timeout). Uses the
benchmark database of `make bench` (seeded by its first run). Writes
var/bench/workers.txt.
"""

import argparse
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench.env import VAR_DIR, django_setup  # noqa: E402

CONFIGS = {
    "sync × 2": {"worker_class": "sync", "workers": 2},
    "sync × 3": {"worker_class": "sync", "workers": 3},
    "sync × 4": {"worker_class": "sync", "workers": 4},
    "sync × 6": {"worker_class": "sync", "workers": 6},
    "gthread 2 × 2": {"worker_class": "gthread", "workers": 2, "threads": 2},
    "gthread 2 × 4": {"worker_class": "gthread", "workers": 2, "threads": 4},
    "gthread 4 × 2": {"worker_class": "gthread", "workers": 4, "threads": 2},
}
PATHS = {"signed-in view": "/bench/signed-in/", "dashboard": "/", "log form": None}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    django_setup()
    from bench import pages
    from bench.load import wrk
    from bench.server import gunicorn

    target = pages.target_for(1000)
    paths = {**PATHS, "log form": target.paths["log"]}
    runs: dict[tuple[str, str], list] = {}
    for repeat in range(args.repeats):
        for name, config in CONFIGS.items():
            with gunicorn(**config) as base:
                for path in paths.values():  # warm every worker
                    wrk(base + path, cookie=target.cookie, seconds=2, connections=8,
                        close_connections=True, allow_empty=True)  # fmt: skip
                for label, path in paths.items():
                    result = wrk(
                        base + path,
                        cookie=target.cookie,
                        seconds=args.seconds,
                        connections=args.connections,
                        close_connections=True,
                    )
                    runs.setdefault((name, label), []).append(result)
            print(f"repeat {repeat + 1}, {name} done", file=sys.stderr, flush=True)
    lines = [
        "| workers | " + " | ".join(paths) + " |",
        "| --- | " + " | ".join("---" for _ in paths) + " |",
    ]
    for name in CONFIGS:
        cells = []
        for label in paths:
            results = runs[(name, label)]
            rps = statistics.median(r.rps for r in results)
            p50 = statistics.median(r.p50_ms for r in results)
            p99 = statistics.median(r.p99_ms for r in results)
            cells.append(f"{rps:,.0f} req/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    (VAR_DIR / "workers.txt").write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
