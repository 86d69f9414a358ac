"""Evidence for the insights pages and the work-search record, for the closing note.

On the demo site (scripts/demo.py: fresh SQLite, served by gunicorn) with a half-year
of job search seeded for Hana (insights.seeding.HALF_YEAR), writes into OUT:
screenshots of the new pages at 1280 and 390 px, each report layout as a PDF and a PNG
of its first page, the CSV and what LibreOffice makes of it, and with --lighthouse the
accessibility and best-practices scores of the two new pages.

    .venv/bin/python scripts/insights_evidence.py OUT [--lighthouse]
"""

import argparse
import datetime as dt
import subprocess
import sys
import urllib.request
from pathlib import Path

from demo import DEMO_DIR, DEMO_PASSWORD, demo_server, demo_setup
from screenshots import CHROMIUM, CHROMIUM_ARGS, WIDTHS

LAYOUTS = ("us", "ny_ws5", "texas", "de")
# LibreOffice's CSV import: comma, double quote, UTF-8 (76), from line 1. Headless, it
# reads the file as Windows-1252 without these options, byte-order mark or not.
CSV_IMPORT = "CSV:44,34,76,1"


def seed() -> tuple[object, str]:
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from insights.models import Activity
    from insights.seeding import seed_half_year

    hana = User.objects.create_user(
        email="hana@example.com",
        password=DEMO_PASSWORD,
        full_name="Hana Müller-Åström",
        timezone="Europe/Berlin",
    )
    seed_half_year(user=hana)
    Activity.objects.create(
        owner=hana,
        kind="other",
        date=timezone.localdate() - dt.timedelta(days=1),
        employer="Hidden example",
        hidden=True,
    )
    client = Client()
    client.force_login(hana, backend="django.contrib.auth.backends.ModelBackend")
    name = settings.SESSION_COOKIE_NAME
    return hana, f"{name}={client.cookies[name].value}"


def screenshots(base: str, cookie: str, out: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    name, value = cookie.split("=", 1)
    pages = {
        "insights-quarter": "/insights/?period=quarter",
        "insights-all": "/insights/?period=all",
        "record": "/insights/record/",
        "dashboard": "/",
        "activity-add": "/insights/record/add/",
    }
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for label, (width, height) in WIDTHS.items():
            for slug, path in pages.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    is_mobile=label == "phone",
                    timezone_id="Europe/Berlin",
                    locale="en-US",
                )
                context.add_cookies([{"name": name, "value": value, "url": base}])
                page = context.new_page()
                response = page.goto(base + path, wait_until="load")
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                if response.status != 200 or overflow > 0:
                    problems.append(f"{slug}@{width}: {response.status}, {overflow}px")
                page.screenshot(path=out / f"{slug}-{width}.png", full_page=True)
                context.close()
        browser.close()
    return problems


def download(base: str, cookie: str, query: str, target: Path) -> None:
    request = urllib.request.Request(
        f"{base}/insights/record/export/?{query}", headers={"Cookie": cookie}
    )
    with urllib.request.urlopen(request) as response:
        target.write_bytes(response.read())


def exports(base: str, cookie: str, out: Path) -> None:
    from django.utils import timezone

    end = timezone.localdate()
    period = f"start={end - dt.timedelta(days=182):%Y-%m-%d}&end={end:%Y-%m-%d}"
    for layout in LAYOUTS:
        pdf = out / f"record-{layout}.pdf"
        download(base, cookie, f"{period}&layout={layout}&fmt=pdf", pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
             pdf, out / f"record-{layout}-page1"],
            check=True,
        )  # fmt: skip
    for layout in ("us", "de"):
        csv_file = out / f"record-{layout}.csv"
        download(base, cookie, f"{period}&layout={layout}&fmt=csv", csv_file)
        office = out / "libreoffice"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{DEMO_DIR}/lo-profile",
             "--headless", f"--infilter={CSV_IMPORT}", "--convert-to", "pdf",
             "--outdir", office, csv_file],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        converted = office / f"record-{layout}.pdf"
        subprocess.run(
            ["pdftotext", "-layout", converted, office / f"record-{layout}.txt"],
            check=True,
        )
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
             converted, office / f"record-{layout}-page1"],
            check=True,
        )  # fmt: skip


def lighthouse(base: str, cookie: str, out: Path) -> list[str]:
    from lighthouse import CATEGORIES, FORM_FACTORS, failing_audits, lighthouse_run

    lines = []
    for slug, path in (
        ("insights", "/insights/?period=quarter"),
        ("record", "/insights/record/"),
        ("activity-add", "/insights/record/add/"),
    ):
        for form_factor in FORM_FACTORS:
            result = lighthouse_run(
                base + path,
                cookie=cookie,
                form_factor=form_factor,
                report=DEMO_DIR / f"lighthouse-{slug}-{form_factor}.json",
            )
            scores = {
                c: round((result["categories"][c]["score"] or 0) * 100)
                for c in CATEGORIES
            }
            lines.append(f"{slug} {form_factor} {scores}")
            for category in CATEGORIES:
                lines += [f"  - {f}" for f in failing_audits(result, category)]
    (out / "lighthouse.txt").write_text("\n".join(lines) + "\n")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lighthouse", action="store_true")
    options = parser.parse_args()
    out = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    demo_setup()
    _, cookie = seed()
    with demo_server() as base:
        problems = screenshots(base, cookie, out)
        exports(base, cookie, out)
        if options.lighthouse:
            print("\n".join(lighthouse(base, cookie, out)))
    for problem in problems:
        print(f"  ! {problem}")
    print(f"Written to {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
