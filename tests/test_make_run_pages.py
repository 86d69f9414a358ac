"""`make run` keeps its data in SQLite, which the suite's PostgreSQL never shows: a
query PostgreSQL takes and SQLite refuses (a LIMIT inside a UNION, say) fails here."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
EVERY_PAGE = textwrap.dedent(
    """
    import sys
    from demo import demo_pages, demo_seed, demo_setup
    demo_setup()
    seed = demo_seed()
    from django.conf import settings
    from django.test import Client
    settings.ALLOWED_HOSTS.append("testserver")
    failed = []
    for page in demo_pages(seed):
        client = Client()
        if page.who:
            client.force_login(seed[page.who])
        for _ in range(2):  # rendered, then as kept
            status = client.get(page.path).status_code
            if status != 200:
                failed.append(f"{page.slug} {page.path}: {status}")
    print("\\n".join(failed) or "every page 200")
    sys.exit(1 if failed else 0)
    """
)


def test_every_main_page_answers_on_the_embedded_default(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", EVERY_PAGE],
        cwd=SCRIPTS,
        env={**os.environ, "JOBTRACK_DEMO_DIR": str(tmp_path / "demo")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    assert "every page 200" in result.stdout
