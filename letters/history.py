"""A letter's history: every text it had, why it changed, and the rule that prunes it.

The rules:
- Every change of the text (a save, a regeneration, a restore) and every sending keeps a
  LetterVersion. The first change also keeps the text as it was drafted, so the newest
  version is always the current text once anything changed.
- Saves coalesce: a save within COALESCE_WINDOW of the start of the newest version, when
  that version is a save too, updates it instead of adding one (one per minute of typing).
- Pruning (letter_versions_prune, daily from beat): every version is kept for KEEP_ALL;
  older ones keep only the newest of each day (UTC). A sent version and a letter's newest
  version are never pruned.
"""

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber, TruncDate

from .models import Letter, LetterVersion, VersionCause

COALESCE_WINDOW = dt.timedelta(minutes=1)
KEEP_ALL = dt.timedelta(days=90)
PRUNE_BATCH = 1000


def letter_version_record(
    *, letter: Letter, cause: str, now: dt.datetime, fold: bool = True
) -> None:
    """Keep the letter's current text as a version (a save may fold into the last one)."""
    newest = letter.versions.order_by("-saved_at", "-id").first()
    if (
        fold
        and cause == VersionCause.EDITED
        and newest is not None
        and newest.cause == VersionCause.EDITED
        and newest.started_at > now - COALESCE_WINDOW
    ):
        newest.subject, newest.body, newest.saved_at = letter.subject, letter.body, now
        newest.save(update_fields=["subject", "body", "saved_at"])
        return
    LetterVersion.objects.create(
        letter=letter,
        cause=cause,
        subject=letter.subject,
        body=letter.body,
        started_at=now,
        saved_at=now,
    )


def letter_version_keep_drafted(*, letter: Letter) -> None:
    """Before the first change: keep the text as drafting left it, so it can come back."""
    if letter.versions.exists():
        return
    when = letter.updated_at or letter.created_at
    LetterVersion.objects.create(
        letter=letter,
        cause=VersionCause.EDITED if letter.edited else VersionCause.DRAFTED,
        subject=letter.subject,
        body=letter.body,
        started_at=when,
        saved_at=when,
    )


def letter_versions_prune(*, now: dt.datetime) -> int:
    """Apply the pruning rule (module docstring); returns how many versions went."""
    # 1. Rank the old versions of each letter and day, newest first. A letter's newest
    #    version is the newest of its day, so it ranks first and stays.
    ranked = (
        LetterVersion.objects.filter(saved_at__lt=now - KEEP_ALL)
        .annotate(
            rank_in_day=Window(
                RowNumber(),
                partition_by=[F("letter_id"), TruncDate("saved_at", tzinfo=dt.UTC)],
                order_by=[F("saved_at").desc(), F("id").desc()],
            )
        )
        .filter(rank_in_day__gt=1)
        .values_list("pk", "cause")
    )
    # 2. Everything ranked after the first goes, except what was sent.
    doomed = [pk for pk, cause in ranked.iterator() if cause != VersionCause.SENT]
    # 3. In batches, so one statement never carries an unbounded list.
    for start in range(0, len(doomed), PRUNE_BATCH):
        LetterVersion.objects.filter(
            pk__in=doomed[start : start + PRUNE_BATCH]
        ).delete()
    return len(doomed)


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffPart:
    """A run of words: kept ("same"), only in the version ("removed"), only now ("added")."""

    kind: str
    text: str


_WORDS = re.compile(r"\s+|[^\s]+")


def text_diff(old: str, new: str) -> list[list[DiffPart]]:
    """A readable word diff, one list of parts per paragraph line; the template escapes."""
    lines: list[list[DiffPart]] = []
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines.extend(
                [DiffPart("same", line)] if line else [] for line in old_lines[a1:a2]
            )
            continue
        lines.extend(
            _word_diff("\n".join(old_lines[a1:a2]), "\n".join(new_lines[b1:b2]))
        )
    return lines


def _word_diff(old: str, new: str) -> list[list[DiffPart]]:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    runs = [
        [op == "equal", "".join(old_words[a1:a2]), "".join(new_words[b1:b2])]
        for op, a1, a2, b1, b2 in matcher.get_opcodes()
    ]
    # A lone space between two changes reads better as part of one longer change.
    for index in range(1, len(runs) - 1):
        same, text, _ = runs[index]
        if (
            same
            and text.isspace()
            and not runs[index - 1][0]
            and not runs[index + 1][0]
        ):
            runs[index][0] = False
    merged: list[list] = []
    for same, old_text, new_text in runs:
        if merged and not same and not merged[-1][0]:
            merged[-1][1] += old_text
            merged[-1][2] += new_text
        else:
            merged.append([same, old_text, new_text])
    parts: list[DiffPart] = []
    for same, old_text, new_text in merged:
        if same:
            parts.append(DiffPart("same", old_text))
            continue
        if old_text:
            parts.append(DiffPart("removed", old_text))
        if new_text:
            parts.append(DiffPart("added", new_text))
    return _split_lines(parts)


def _split_lines(parts: list[DiffPart]) -> list[list[DiffPart]]:
    lines: list[list[DiffPart]] = [[]]
    for part in parts:
        pieces = part.text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(DiffPart(part.kind, piece))
    return lines


def versions_recent(*, letter: Letter, limit: int) -> list[LetterVersion]:
    """The newest versions for the editor, bodies left unread (one query)."""
    return list(letter.versions.defer("body").order_by("-saved_at", "-id")[:limit])
