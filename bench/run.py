"""`make bench`: pages against reference views, data-size independence, reminder sweep and
delivery, letter drafting and exports; prints one table with the goals beside each figure.

    python -m bench.run             # full run (about 8 minutes on 2 cores; the first run
                                    # also seeds the database, about 5 minutes more)
    python -m bench.run --quick     # a smoke run: short loads, 3 repeats, smaller sets
    python -m bench.run --fresh     # drop and re-seed the benchmark database first

PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench) and
Redis at BENCH_REDIS_URL (default redis://127.0.0.1:6379/11); wrk from Debian's packages.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench import data, followup, letters, pages, reminders  # noqa: E402
from bench.env import VAR_DIR, django_setup  # noqa: E402
from bench.load import wrk_path  # noqa: E402

GOAL_PAGE_RATIO = 0.33
GOAL_SCALE_RATIO = 0.80
GOAL_SERVER_MS = 15.0
GOAL_DUE_MS = 1.0
GOAL_DRAIN_S = 5.0
GOAL_DRAIN_TASKS = 200
GOAL_EMAILS_PER_S = 200
GOAL_EXPORT_MS = {"docx": 10.0, "pdf": 5.0, "eml": 2.0}
GOAL_ZIP_RSS = 1.10
# A letter at the body limit, however it is laid out: layout is bounded per block.
GOAL_LONGEST_PDF_MS = 1000.0
GOAL_INVITE_MS = 20.0
GOAL_FEED_MS = 50.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"PostgreSQL {pg}, load average {os.getloadavg()[0]:.1f} at the end"
    )


class Table:
    def __init__(self):
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, measure: str, figure: str, goal: str = "", met: bool | None = None):
        verdict = "" if met is None else ("yes" if met else "NO")
        self.rows.append((measure, figure, goal, verdict))

    def render(self) -> str:
        header = ("Measure", "Figure", "Goal", "Met")
        widths = [max(len(r[i]) for r in [header, *self.rows]) for i in range(4)]
        line = "| " + " | ".join(
            h.ljust(w) for h, w in zip(header, widths, strict=True)
        )
        out = [line + " |", "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        for row in self.rows:
            cells = [c.ljust(w) for c, w in zip(row, widths, strict=True)]
            out.append("| " + " | ".join(cells) + " |")
        return "\n".join(out)


def missed(figure: float, goal: float, higher_is_better: bool) -> str:
    """How far from the goal, as the factor to gain."""
    if higher_is_better:
        if figure <= 0:
            return " (nothing completed)"
        return f" (short by {goal / figure:.1f}×)" if figure < goal else ""
    return f" (over by {figure / goal:.1f}×)" if figure > goal else ""


def run_pages_section(args, table: Table) -> None:
    from bench.server import gunicorn

    sizes = sorted({10, args.small, args.main, args.big})
    targets = {size: pages.target_for(size) for size in sizes}
    log("counting queries per page")
    queries = pages.queries_per_page(targets, (10, args.main, args.big))
    log(f"timing each page in-process at {args.small:,}, {args.main:,}, {args.big:,}")
    timed = pages.server_times(
        [targets[size] for size in (args.main, args.small, args.big)],
        runs=args.server_runs,
    )
    server_ms, small_ms, big_ms = (
        timed[size] for size in (args.main, args.small, args.big)
    )
    log(f"gunicorn gthread {args.workers}×{args.threads}, wrk {args.connections} conns")
    with gunicorn(workers=args.workers, threads=args.threads) as base:
        results = pages.run_pages(
            base=base,
            targets=targets,
            main=args.main,
            small=args.small,
            big=args.big,
            repeats=args.repeats,
            seconds=args.seconds,
            connections=args.connections,
            log=log,
        )
    med = pages.median_of
    for key, label, _ in pages.REFERENCES:
        runs = results.runs[key]
        table.add(
            f"{label} (reference)",
            f"{med(runs, 'rps'):,.0f} req/s, p50 {med(runs, 'p50_ms'):.1f} ms, "
            f"p99 {med(runs, 'p99_ms'):.1f} ms",
        )
    for key, label in pages.PAGES:
        runs = results.runs[key]
        ratio = statistics.median(results.ratios[key])
        scale = statistics.median(results.scale[key])
        counts = queries[key]
        table.add(
            f"{label} @{args.main:,} apps",
            f"{med(runs, 'rps'):,.0f} req/s, p50 {med(runs, 'p50_ms'):.1f} ms, "
            f"p99 {med(runs, 'p99_ms'):.1f} ms",
        )
        table.add(
            "  server time, rendered in-process",
            f"{server_ms[key]:.1f} ms" + missed(server_ms[key], GOAL_SERVER_MS, False),
            f"≤ {GOAL_SERVER_MS:g} ms",
            server_ms[key] <= GOAL_SERVER_MS,
        )
        table.add(
            "  ÷ bare signed-in view",
            f"{ratio:.2f}×" + missed(ratio, GOAL_PAGE_RATIO, True),
            f"≥ {GOAL_PAGE_RATIO:.2f}×",
            ratio >= GOAL_PAGE_RATIO,
        )
        table.add(
            f"  @{args.big:,} ÷ @{args.small:,} apps",
            f"{scale:.2f}×" + missed(scale, GOAL_SCALE_RATIO, True),
            f"≥ {GOAL_SCALE_RATIO:.2f}×",
            scale >= GOAL_SCALE_RATIO,
        )
        rendered_scale = small_ms[key] / big_ms[key]
        table.add(
            f"  same, rendered in-process ({small_ms[key]:.1f} → {big_ms[key]:.1f} ms)",
            f"{rendered_scale:.2f}×" + missed(rendered_scale, GOAL_SCALE_RATIO, True),
            f"≥ {GOAL_SCALE_RATIO:.2f}×",
            rendered_scale >= GOAL_SCALE_RATIO,
        )
        table.add(
            "  queries @" + "/".join(f"{s:,}" for s in sorted(counts)) + " rows",
            " / ".join(str(counts[s]) for s in sorted(counts)),
            "equal",
            len(set(counts.values())) == 1,
        )


def run_reminders_section(args, table: Table) -> str:
    meta = data.sweep_prepare(log=log)
    due_ms, due_rows, plan = reminders.due_query(meta=meta, runs=20, lock=False)
    uses_index = "reminder_pending_due" in plan
    server = re.search(r"Execution Time: ([\d.]+) ms", plan)
    table.add(
        f"Due query, {data.SWEEP_INTERVIEWS:,} interviews, {data.SWEEP_DUE:,} due",
        f"{due_ms:.2f} ms for {due_rows:,} rows"
        + (f", {float(server[1]):.2f} ms in the server" if server else "")
        + (" (partial index)" if uses_index else " (NO partial index)")
        + missed(due_ms, GOAL_DUE_MS, False),
        f"≤ {GOAL_DUE_MS:g} ms, partial index",
        due_ms <= GOAL_DUE_MS and uses_index,
    )
    claim_ms, claim_rows, claim_plan = reminders.due_query(meta=meta, runs=20)
    table.add(
        "  same, locking the rows (FOR UPDATE SKIP LOCKED)",
        f"{claim_ms:.2f} ms for {claim_rows:,} rows",
    )
    plan = f"{plan}\n\nWith FOR UPDATE SKIP LOCKED, as the sweep runs it:\n{claim_plan}"
    log("draining the backlog")
    backlog, seconds, runs, tasks = reminders.drain(meta=meta)
    table.add(
        f"Backlog of {backlog:,} drained (sweep → Redis)",
        f"{seconds:.2f} s" + missed(seconds, GOAL_DRAIN_S, False),
        f"≤ {GOAL_DRAIN_S:g} s",
        seconds <= GOAL_DRAIN_S,
    )
    table.add(
        "  Celery tasks for it",
        f"{tasks:,} send tasks from {runs} sweep runs"
        + missed(tasks, GOAL_DRAIN_TASKS, False),
        f"≤ {GOAL_DRAIN_TASKS}",
        tasks <= GOAL_DRAIN_TASKS,
    )
    log("delivering to the SMTP sink")
    emails, delivery_s, connections = reminders.deliver(meta=meta, users=args.emails)
    rate = emails / delivery_s if delivery_s else 0.0
    table.add(
        "Reminder emails to an SMTP sink, 1 worker",
        f"{rate:,.0f} emails/s ({emails:,} in {delivery_s:.1f} s, "
        f"{connections:,} SMTP connections)" + missed(rate, GOAL_EMAILS_PER_S, True),
        f"≥ {GOAL_EMAILS_PER_S}/s",
        rate >= GOAL_EMAILS_PER_S,
    )
    return plan


def run_letters_section(args, table: Table) -> None:
    per_letter, drafted = letters.drafting(interviews=args.draft_interviews)
    table.add("Drafting, per letter", f"{per_letter:.1f} ms ({drafted} letters)")
    exported = letters.exports(letters=args.export_letters)
    for fmt, ms in exported.items():
        goal = GOAL_EXPORT_MS.get(fmt)
        table.add(
            f"Export {fmt.upper()}, per letter",
            f"{ms:.2f} ms" + (missed(ms, goal, False) if goal else ""),
            f"≤ {goal:g} ms" if goal else "",
            ms <= goal if goal else None,
        )
    for shape, ms in letters.longest_pdf().items():
        table.add(
            f"PDF of the longest allowed letter ({shape})",
            f"{ms:.0f} ms" + missed(ms, GOAL_LONGEST_PDF_MS, False),
            f"≤ {GOAL_LONGEST_PDF_MS:g} ms",
            ms <= GOAL_LONGEST_PDF_MS,
        )
    probes = {n: letters.zip_probe(count=n, fmt=args.zip_format) for n in (1000, 3000)}
    for n, probe in probes.items():
        table.add(
            f"ZIP of {n:,} letters ({args.zip_format})",
            f"{probe['seconds']:.2f} s, first byte {probe['first_byte'] * 1000:.0f} ms, "
            f"{probe['bytes'] / 1e6:.1f} MB, peak RSS {probe['rss_peak_kb'] / 1024:.0f} MB",
        )
    ratio = probes[3000]["rss_peak_kb"] / probes[1000]["rss_peak_kb"]
    table.add(
        "  peak RSS 3,000 ÷ 1,000",
        f"{ratio:.3f}×" + missed(ratio, GOAL_ZIP_RSS, False),
        f"≤ {GOAL_ZIP_RSS:.2f}×",
        ratio <= GOAL_ZIP_RSS,
    )


def run_followup_section(args, table: Table) -> None:
    log("importing invites")
    for name, (ms, best) in followup.invite_import(runs=args.invite_runs).items():
        table.add(
            f"Invite import, {name}",
            f"{ms:.1f} ms (best {best:.1f})" + missed(ms, GOAL_INVITE_MS, False),
            f"≤ {GOAL_INVITE_MS:g} ms",
            ms <= GOAL_INVITE_MS,
        )
    log("serving the calendar feed")
    ms, best, size, events = followup.feed(runs=args.invite_runs)
    table.add(
        f"Calendar feed, {followup.FEED_DAYS} days of interviews",
        f"{ms:.1f} ms (best {best:.1f}) for {events} events, {size / 1000:.0f} kB"
        + missed(ms, GOAL_FEED_MS, False),
        f"≤ {GOAL_FEED_MS:g} ms",
        ms <= GOAL_FEED_MS,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short smoke run")
    parser.add_argument("--fresh", action="store_true", help="re-create the database")
    parser.add_argument(
        "--reseed", action="store_true", help="seed the page users again"
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3, help="per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--main", type=int, default=1000, help="applications of the user"
    )
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--big", type=int, default=10000)
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--draft-interviews", type=int, default=200)
    parser.add_argument("--export-letters", type=int, default=200)
    parser.add_argument("--zip-format", default="txt")
    parser.add_argument("--invite-runs", type=int, default=50)
    parser.add_argument(
        "--server-runs", type=int, default=30, help="in-process requests per page"
    )
    parser.add_argument(
        "--only", default="pages,reminders,letters,followup", help="sections to run"
    )
    parser.add_argument("--output", default=str(VAR_DIR / "results.txt"))
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.seconds = min(args.repeats, 3), 2
        args.emails, args.draft_interviews, args.export_letters = 300, 40, 40
    sections = set(args.only.split(","))
    if "pages" in sections:
        wrk_path()
    started = time.perf_counter()
    data.database_create(fresh=args.fresh)
    django_setup()
    if args.reseed:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        data.pages_retire()
    log("preparing the database")
    # The follow-through section seeds its own users: alone, it needs no page users.
    sizes = (
        sorted({10, args.small, args.main, args.big}) if sections - {"followup"} else []
    )
    data.database_prepare(sizes=sizes, log=log)
    table = Table()
    plan = ""
    failed = None
    try:
        if "pages" in sections:
            run_pages_section(args, table)
        if "reminders" in sections:
            plan = run_reminders_section(args, table)
        if "letters" in sections:
            run_letters_section(args, table)
        if "followup" in sections:
            run_followup_section(args, table)
    except Exception as error:  # the sections measured so far are still worth the table
        failed = error
        log(f"a section failed: {error!r}")
    elapsed = time.perf_counter() - started
    report = "\n".join(
        [
            f"jobtrack benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
            f"Machine: {machine()}",
            f"Pages: gunicorn gthread {args.workers} workers × {args.threads} threads on "
            f"loopback, wrk {args.connections} connections, {args.seconds:g} s per run, "
            f"{args.repeats} interleaved repeats; figures are medians, ratios medians "
            "of per-repeat ratios. Under load a page is looked at again and again, as a "
            "user does between changes: from the page cache (jobtrack.pagecache). "
            "Server time and queries are of the page rendered, as after every change.",
            "",
            table.render(),
            "",
            *(["EXPLAIN ANALYZE of the due query:", plan, ""] if plan else []),
            f"Run took {elapsed / 60:.1f} min.",
            *([f"STOPPED by an error: {failed!r}"] if failed else []),
        ]
    )
    print(report)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(report + "\n")
    if failed:
        raise failed
    return 0


if __name__ == "__main__":
    sys.exit(main())
