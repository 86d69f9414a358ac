"""Where a page's time goes: one page profiled in-process with cProfile.

    python -m bench.profile log                 # the log form, user with 1,000 applications
    python -m bench.profile dashboard --size 10000 --runs 50 --sort tottime

Uses the benchmark database (seeded by `make bench`); prints the median request time and
the top functions, and writes the raw stats to var/bench/profile-<page>-<size>.prof
(readable with `python -m pstats` or snakeviz).
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench.env import VAR_DIR, django_setup  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="a page key of bench.pages.PAGES, or 'all'")
    parser.add_argument("--size", type=int, default=1000, help="applications")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    django_setup()
    from bench import pages

    target = pages.target_for(args.size)
    keys = [k for k, _ in pages.PAGES] if args.page == "all" else [args.page]
    client = pages.rendering_client(args.size)
    for key in keys:
        path = target.paths[key]
        for _ in range(3):
            client.get(path)
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            client.get(path)
        profiler.disable()
        out = VAR_DIR / f"profile-{key}-{args.size}.prof"
        profiler.dump_stats(out)
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(args.sort)
        stats.print_stats(args.top)
        print(
            f"== {key} {path} at {args.size:,} applications: "
            f"median {statistics.median(samples):.1f} ms over {args.runs} requests "
            f"(unprofiled); profile of {args.runs} requests in {out}"
        )
        print(text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
