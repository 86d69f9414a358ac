"""`make screenshots`: the main pages at desktop (1280 px) and phone (390 px) width.

Seeds the demo site (scripts/demo.py), serves it, and writes full-page PNGs into
screenshots/ (git-ignored). `--readme` also refreshes docs/dashboard.png for the README.
"""

import argparse
import sys
from pathlib import Path

from demo import (
    BASE_DIR,
    demo_pages,
    demo_seed,
    demo_server,
    demo_session_cookies,
    demo_setup,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
OUT_DIR = BASE_DIR / "screenshots"
README_IMAGE = BASE_DIR / "docs" / "dashboard.png"


def readme_image_save(source: Path) -> None:
    """The dashboard for the README: the top of the page, a palette PNG of a few dozen KB."""
    from PIL import Image, ImageChops

    README_IMAGE.parent.mkdir(exist_ok=True)
    with Image.open(source) as image:
        image = image.convert("RGB")
        # Cut the empty page background under the footer.
        background = Image.new("RGB", image.size, image.getpixel((0, image.height - 1)))
        content = ImageChops.difference(image, background).getbbox()
        bottom = min(image.height, (content[3] + 24) if content else image.height, 900)
        top = image.crop((0, 0, image.width, bottom))
        small = top.resize((top.width * 3 // 4, top.height * 3 // 4), Image.LANCZOS)
        small.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
            README_IMAGE, optimize=True
        )
    print(f"  README image: {README_IMAGE} ({README_IMAGE.stat().st_size // 1024} KB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--readme", action="store_true", help="refresh docs/dashboard.png"
    )
    options = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    demo_setup()
    seed = demo_seed()
    pages = demo_pages(seed)
    cookies = demo_session_cookies(seed)
    OUT_DIR.mkdir(exist_ok=True)
    problems = []
    with demo_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for label, (width, height) in WIDTHS.items():
            for page_spec in pages:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    is_mobile=label == "phone",
                    has_touch=label == "phone",
                    timezone_id="Europe/Berlin",
                    locale="en-US",
                )
                if page_spec.who:
                    name, value = cookies[page_spec.who]
                    context.add_cookies([{"name": name, "value": value, "url": base}])
                page = context.new_page()
                errors = []
                page.on(
                    "console",
                    lambda m, e=errors: m.type == "error" and e.append(m.text),
                )
                page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
                response = page.goto(base + page_spec.path, wait_until="load")
                status = response.status if response else "no response"
                if status != 200 or errors:
                    problems.append(
                        f"{page_spec.slug} @{width}: HTTP {status} {errors}"
                    )
                # Horizontal scrolling at phone width is a layout bug worth flagging.
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                if overflow > 0:
                    problems.append(f"{page_spec.slug} @{width}: {overflow}px too wide")
                path = OUT_DIR / f"{page_spec.slug}-{width}.png"
                page.screenshot(path=path, full_page=True)
                print(f"  {path.relative_to(BASE_DIR)}  (HTTP {status})")
                context.close()
        browser.close()
    if options.readme:
        readme_image_save(OUT_DIR / "dashboard-1280.png")
    for problem in problems:
        print(f"  ! {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
