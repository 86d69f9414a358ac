"""A letter's middle, sentence by sentence: each note in the frame its shape calls for.

The phrasing number picks the opening, the frame of every note, the order of the
paragraphs and the closing, so letters to one company differ in structure as well as
words. A thank-you stays within its word range by leaving out whole sentences, least important
first (never the specific detail, never part of a note); the checklist names the notes
left out.
"""

import re
from urllib.parse import urlsplit

from letters import frames as f
from letters.notes import EMPTY, Note, Shape, capfirst

THANKS_WORDS = (75, 200)
SHORT_WORDS = (40, 120)
# A draft leaves this many words of its range free for a line of the user's own.
ROOM = 20

# Which notes each kind of letter uses (the log form offers only these for its stage).
NOTES_FOR_KIND = {
    "screen": (
        "specific_detail",
        "topics",
        "learned",
        "challenge",
        "how_to_meet_challenge",
        "materials",
    ),
    "first": (
        "specific_detail",
        "topics",
        "learned",
        "challenge",
        "how_to_meet_challenge",
        "open_question",
        "materials",
        "link_to_share",
    ),
    "final": (
        "specific_detail",
        "learned",
        "challenge",
        "how_to_meet_challenge",
        "open_question",
        "materials",
    ),
    "withdrawal": (),
    "checkin": ("materials",),
}
NOTES_FOR_KIND["second"] = NOTES_FOR_KIND["panel"] = NOTES_FOR_KIND["first"]
# The final-round note to a coordinator who was not met uses the day's notes.
COORDINATOR_NOTES = ("specific_detail", "learned")

SLOT_FIELDS = {
    "detail": "specific_detail",
    "topics": "topics",
    "learned": "learned",
    "challenge": "challenge",
    "how": "how_to_meet_challenge",
    "question": "open_question",
    "materials": "materials",
    "link": "link_to_share",
}
SLOT_TABLES = {
    "detail": f.DETAIL,
    "topics": f.TOPICS,
    "learned": f.LEARNED,
    "challenge": f.CHALLENGE,
    "how": f.HOW,
    "question": f.QUESTION,
    "materials": f.MATERIALS,
}
# Paragraph plans for thank-you letters; the phrasing number picks one.
ORDERS = (
    (
        ("opening", "detail", "topics"),
        ("learned", "challenge", "how"),
        ("question", "materials", "references", "team", "link"),
        ("next_step", "closing"),
    ),
    (
        ("detail", "opening"),
        ("challenge", "how", "materials", "references"),
        ("learned", "topics", "question", "team", "link"),
        ("next_step", "closing"),
    ),
    (
        ("opening",),
        ("detail", "topics", "learned"),
        ("challenge", "how"),
        ("question", "materials", "references", "team", "link"),
        ("next_step", "closing"),
    ),
    (
        ("opening", "detail"),
        ("learned", "topics", "question"),
        ("challenge", "how", "materials", "references", "team", "link"),
        ("next_step", "closing"),
    ),
)
# A detail longer than this reads badly as a letter's first sentence.
LONG_OPENING_DETAIL = 25
KIND_SALT = {"screen": 0, "first": 1, "second": 2, "panel": 3, "final": 5}
# Left out first when a draft runs long; the detail always stays.
DROP_ORDER = ("topics", "link", "learned", "question", "materials", "challenge", "how")
# A second round must offer material and name the challenge.
DROP_ORDER_SECOND = ("topics", "link", "learned", "question", "how")
_WORD = re.compile(r"\S+")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def compose(
    *, kind: str, variant: int, values: dict, notes: dict, frame_words: int
) -> str:
    """The letter's middle for this kind and phrasing; `frame_words` counts the greeting
    and sign-off, so the whole letter keeps to the kind's range."""
    if kind == "withdrawal":
        return _paragraphs(_withdrawal(variant, values, notes))
    if kind == "checkin":
        return _paragraphs(_checkin(variant, values, notes))
    if values.get("coordinator"):
        return _paragraphs(_coordinator(variant, values, notes))
    # Each kind starts its phrasings at a different place, so a screen and a panel
    # letter to one person, both phrasing 0, still differ.
    variant += KIND_SALT[kind]
    pieces = _thanks_pieces(kind, variant, values, notes)
    order = ORDERS[variant % len(ORDERS)]
    high = THANKS_WORDS[1] - ROOM - frame_words
    drops = DROP_ORDER_SECOND if kind == "second" else DROP_ORDER
    left_out = []
    for slot in drops:
        if _words(pieces) <= high:
            break
        if slot in pieces:
            left_out.append((slot, pieces.pop(slot)))
    # Whatever still fits goes back in, most important first.
    for slot, sentence in reversed(list(left_out)):
        if _words(pieces) + len(_WORD.findall(sentence)) <= high:
            pieces[slot] = sentence
            left_out.remove((slot, sentence))
    if order[0][0] == "detail" and len(_WORD.findall(pieces.get("detail", ""))) > (
        LONG_OPENING_DETAIL
    ):
        order = (("opening", "detail"), *order[1:])
    plan = [[pieces[s] for s in paragraph if s in pieces] for paragraph in order]
    return _paragraphs(plan)


def _words(pieces: dict) -> int:
    return sum(len(_WORD.findall(text)) for text in pieces.values())


def _fill(frame: str, note: Note = EMPTY, **values) -> str:
    text = note.text
    sentence = frame.format(
        n=text,
        N=capfirst(text),
        q=capfirst(text) + "?",
        p=note.predicate,
        **values,
    )
    # A value that ends with its own stop ("Smith & Sons Ltd.") at the end of a sentence.
    return _DOUBLE_STOP.sub(".", sentence)


def _pick(options, variant: int, salt: int = 0):
    return options[(variant + salt) % len(options)]


def _note_sentence(table: dict, note: Note, variant: int, values: dict) -> str:
    options = table.get(note.shape) or table[Shape.NOUN]
    return _fill(_pick(options, variant), note, **values)


def _thanks_pieces(kind: str, variant: int, values: dict, notes: dict) -> dict:
    used = NOTES_FOR_KIND[kind]
    pieces = {"opening": _fill(_pick(f.OPENINGS[kind], variant), **values)}
    for slot, table in SLOT_TABLES.items():
        field = SLOT_FIELDS[slot]
        note = notes.get(field, EMPTY)
        if field in used and note:
            pieces[slot] = _note_sentence(table, note, variant, values)
    if kind == "second" and "materials" not in pieces:
        pieces["materials"] = _pick(f.MATERIALS_OFFER, variant)
    if kind == "final":
        pieces["references"] = _pick(f.REFERENCES, variant, salt=2)
    next_step = values.get("next_step_note", EMPTY)
    if kind == "screen" and next_step:
        pieces["next_step"] = _note_sentence(f.NEXT_STEP, next_step, variant, values)
    url = values.get("link", "")
    if "link_to_share" in used and url:
        topic = link_topic(url)
        if topic:
            pieces["link"] = _fill(
                _pick(f.LINK_ON_TOPIC, variant), topic=topic, url=url
            )
        else:
            pieces["link"] = _fill(_pick(f.LINK_PLAIN, variant), url=url)
    if kind == "panel" and values.get("is_team"):
        pieces["team"] = _pick(f.TEAM_THANKS, variant)
    pieces["closing"] = _fill(_pick(f.CLOSINGS[kind], variant), **values)
    return pieces


def _coordinator(variant: int, values: dict, notes: dict) -> list[list[str]]:
    table = f.COORDINATOR
    first = [_fill(_pick(table["opening"], variant), **values)]
    detail = notes.get("specific_detail", EMPTY)
    if detail:
        first.append(_note_sentence(f.DETAIL, detail, variant, values))
    if values.get("others"):
        first.append(_fill(_pick(table["others"], variant), **values))
    second = []
    learned = notes.get("learned", EMPTY)
    if learned:
        second.append(_note_sentence(f.LEARNED, learned, variant, values))
    second.append(_pick(table["interest"], variant))
    second.append(_pick(f.REFERENCES, variant, salt=2))
    return [first, second, [_fill(_pick(table["closing"], variant), **values)]]


def _withdrawal(variant: int, values: dict, notes: dict) -> list[list[str]]:
    table = f.WITHDRAWAL
    first = [
        _fill(_pick(table["opening"], variant), **values),
        _pick(table["statement"], variant),
    ]
    reason = values.get("reason_note", EMPTY)
    if reason:
        # The reason follows the sentence that withdraws.
        after = next((i for i, s in enumerate(first) if "withdraw" in s), 0) + 1
        first.insert(after, _note_sentence(table["reason"], reason, variant, values))
    second = []
    if values.get("others"):
        second.append(_fill(_pick(table["others"], variant), **values))
    second.append(_pick(table["closing"], variant))
    return [first, second]


def _checkin(variant: int, values: dict, notes: dict) -> list[list[str]]:
    table = f.CHECKIN
    date = values.get("interview_date", "")
    dates = {
        "on_date": f" on {date}" if date else "",
        "after_date": f", following our interview on {date}" if date else "",
    }
    first = [
        _fill(_pick(table["opening"], variant), **values, **dates),
        _pick(table["interest"], variant),
    ]
    timeline = "timeline_dated" if values.get("decision_date") else "timeline"
    second = [_fill(_pick(table[timeline], variant), **values)]
    materials = notes.get("materials", EMPTY)
    if materials:
        second.append(_note_sentence(f.MATERIALS, materials, variant, values))
    else:
        second.append(_pick(table["offer"], variant))
    return [first, second]


def _paragraphs(plan: list[list[str]]) -> str:
    """Paragraphs of sentences; one left with a single sentence joins the next, so a
    sparse log still reads as a letter (the closing line may stand alone)."""
    paragraphs = [list(p) for p in plan if p]
    merged: list[list[str]] = []
    for index, paragraph in enumerate(paragraphs):
        if merged and len(merged[-1]) == 1 and index < len(paragraphs) - 1:
            merged[-1].extend(paragraph)
        else:
            merged.append(paragraph)
    return "\n\n".join(" ".join(sentences) for sentences in merged)


def link_topic(url: str) -> str:
    """What a link is about, read from its address: ".../incremental-batch-processing"
    gives "incremental batch processing"; "" when the address says nothing readable."""
    path = urlsplit(url).path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    last = re.sub(r"\.(html?|php|aspx?|pdf)$", "", last, flags=re.IGNORECASE)
    words = [w for w in re.split(r"[-_+]+", last) if w]
    if not 2 <= len(words) <= 9 or not all(w.isalpha() for w in words):
        return ""
    return " ".join(w.lower() for w in words)
