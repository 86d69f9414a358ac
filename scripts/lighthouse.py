"""`make lighthouse`: performance, accessibility and best-practices scores of the main
signed-in pages.

Runs Lighthouse (npm, node_modules/.bin/lighthouse) offline against the seeded demo site
(scripts/demo.py, served by gunicorn as in production: hashed, compressed static files)
with Debian's Chromium, signed in through a session cookie, at phone (Lighthouse's
simulated slow 4G and CPU) and desktop form factors. Prints each score and every failing
audit; exits 1 when performance is below 95 or another category below 100.
`--all` checks every demo page instead of the dashboard, the log form and the letter editor.
"""

import argparse
import json
import os
import subprocess
import sys

from demo import (
    BASE_DIR,
    DEMO_DIR,
    demo_pages,
    demo_seed,
    demo_server,
    demo_session_cookies,
    demo_setup,
)

LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices")
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100}
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
}
DEFAULT_PAGES = ("dashboard", "interview-log", "letter-edit")
FORM_FACTORS = {"phone": [], "desktop": ["--preset=desktop"]}


def lighthouse_run(url: str, *, cookie: str | None, form_factor: str, report) -> dict:
    """One Lighthouse run; returns the parsed JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        *FORM_FACTORS[form_factor],
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(command, check=True, env=env, timeout=180)
    return json.loads(report.read_text())


def _item_summary(item: dict) -> str:
    """The element's HTML and, for contrast and the like, the measured reason."""
    node = item.get("node") or {}
    reason = (node.get("explanation") or "").strip().splitlines()[-1:]
    snippet = node.get("snippet") or str(item.get("source") or "")
    return " ".join([snippet[:100], *[r.strip()[:110] for r in reason]]).strip()


def failing_audits(result: dict, category: str) -> list[str]:
    """The audits that cost points in a category, with the elements they name."""
    failures = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if ref["weight"] == 0 or audit["score"] is None or audit["score"] >= 1:
            continue
        items = (audit.get("details") or {}).get("items") or []
        where = [_item_summary(item) for item in items[:3]]
        detail = "; ".join(w for w in where if w)
        failures.append(
            f"{ref['id']}: {audit['title']}" + (f" [{detail}]" if detail else "")
        )
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--all", action="store_true", help="every demo page")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(
            "Lighthouse is missing: run `npm ci` (make lighthouse does)",
            file=sys.stderr,
        )
        return 1
    demo_setup()
    seed = demo_seed()
    cookies = demo_session_cookies(seed)
    pages = [p for p in demo_pages(seed) if options.all or p.slug in DEFAULT_PAGES]
    below = []
    with demo_server() as base:
        for page in pages:
            cookie = "=".join(cookies[page.who]) if page.who else None
            for form_factor in FORM_FACTORS:
                report = DEMO_DIR / f"lighthouse-{page.slug}-{form_factor}.json"
                result = lighthouse_run(
                    base + page.path,
                    cookie=cookie,
                    form_factor=form_factor,
                    report=report,
                )
                if result.get("runtimeError"):
                    print(f"{page.slug} ({form_factor}): {result['runtimeError']}")
                    below.append(page.slug)
                    continue
                final_url = result.get("finalDisplayedUrl", "")
                scores = {
                    c: round((result["categories"][c]["score"] or 0) * 100)
                    for c in CATEGORIES
                }
                line = "  ".join(f"{c} {s:3d}" for c, s in scores.items())
                print(f"{page.slug:<20} {form_factor:<8} {line}   {page.path}")
                print(
                    " " * 30
                    + ", ".join(
                        f"{label} {result['audits'][audit]['displayValue']}"
                        for label, audit in METRICS.items()
                    )
                )
                if page.who and "/accounts/login/" in final_url:
                    print(
                        "    ! redirected to sign-in: the session cookie was not accepted"
                    )
                    below.append(page.slug)
                for category, score in scores.items():
                    if score < GOALS[category]:
                        below.append(page.slug)
                        for failure in failing_audits(result, category):
                            print(f"    - {category}: {failure}")
    print(f"\nReports: {DEMO_DIR}/lighthouse-*.json")
    if below:
        print(f"Below the goals: {', '.join(sorted(set(below)))}")
        return 1
    print("Every page meets performance 95, accessibility and best practices 100.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
