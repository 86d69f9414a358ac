"""`python -m bench.zipprobe COUNT FORMAT EMAIL`: stream a ZIP of COUNT letters to nowhere
and print JSON: seconds, first-byte seconds, bytes, peak RSS (ru_maxrss) before and after."""

import json
import resource
import sys
import time

from bench.env import django_setup


def main(count: int, fmt: str, email: str) -> None:
    django_setup()
    from accounts.models import User
    from exports.formats import letters_zip_stream
    from letters.models import Letter

    user = User.objects.get(email=email)
    ids = list(
        Letter.objects.for_user(user)
        .exportable()
        .order_by("id")
        .values_list("id", flat=True)[:count]
    )
    if len(ids) < count:
        raise SystemExit(f"only {len(ids)} exportable letters")
    letters = Letter.objects.for_user(user).filter(pk__lte=ids[-1])
    # Everything imported and warmed before the baseline: the ZIP's own cost is the rest.
    for _ in letters_zip_stream(letters=letters.filter(pk=ids[0]), fmt=fmt):
        pass
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = 0
    first_byte = None
    started = time.perf_counter()
    for piece in letters_zip_stream(letters=letters, fmt=fmt):
        if piece and first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(piece)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "count": count,
                "format": fmt,
                "seconds": seconds,
                "first_byte": first_byte,
                "bytes": size,
                "rss_before_kb": before,
                "rss_peak_kb": peak,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
