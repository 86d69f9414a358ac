"""`make run`: the web server, a Celery worker and beat as one process group.

Ctrl-C (or SIGTERM) stops all of them together; if one dies, the others are stopped too.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")


def main() -> int:
    os.environ.setdefault("DEBUG", "1")
    # Static files as production serves them: hashed names, gzip (see `make run`).
    os.environ.setdefault("STATIC_MANIFEST", "1")
    os.environ.setdefault("SITE_URL", f"http://{HOST}:{PORT}")
    var_dir = Path(
        os.environ.get(
            "JOBTRACK_VAR_DIR", Path(__file__).resolve().parent.parent / "var"
        )
    )
    (var_dir / "mail").mkdir(parents=True, exist_ok=True)
    python = sys.executable
    commands = {
        "web": [python, "manage.py", "runserver", "--noreload", f"{HOST}:{PORT}"],
        "worker+beat": [
            python, "-m", "celery", "-A", "jobtrack", "worker", "-B", "--pool=solo",
            "--loglevel=INFO", "--schedule", str(var_dir / "celerybeat-schedule"),
        ],
    }  # fmt: skip
    processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
    print(
        f"\n  jobtrack is running: open http://{HOST}:{PORT}/\n"
        f"  Emails (sign-up links, password resets, reminders) are written to {var_dir / 'mail'}/\n"
        "  Press Ctrl-C to stop the web server, worker and beat together.\n",
        flush=True,
    )

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    failed = [
        name for name, p in processes.items() if p.returncode not in (0, -15, None)
    ]
    return 1 if failed and not stopping else 0


if __name__ == "__main__":
    sys.exit(main())
