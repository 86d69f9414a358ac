"""The checklist beside each draft: the guide's rules, checked on the text as typed.

Runs on every pause in typing, so it loads what it compares against in two queries (the
person's notes, and every other letter to the same company) and does the rest in memory.
Pass a letter loaded with select_related("application", "interview", "interviewer").
"""

import re
from dataclasses import dataclass

from lemminflect import getAllLemmas

from applications.models import (
    ApplicationStatus,
    ConversationNotes,
    Greeting,
    Participation,
)
from letters.composing import (
    COORDINATOR_NOTES,
    NOTES_FOR_KIND,
    ROOM,
    SHORT_WORDS,
    THANKS_WORDS,
)
from letters.draft_values import first_name, greeting_name, merged_notes
from letters.models import (
    SUBJECT_MAX,
    THANK_YOU_KINDS,
    Letter,
    LetterKind,
    LetterStatus,
)
from letters.notes import CALENDAR, FUNCTION_WORDS, TEXT_SPEAK, Shape, shape_note
from letters.similarity import NEAR_COPY, letter_lines, letter_words, words_similarity

DETAIL_SHARE = (
    0.5  # of the noted detail's content words, for the detail to count as there
)
SENTENCE_WORDS = 25  # a note's sentence, about: a letter this close to full has no room
# Past this share of the stage's upper word bound a letter is no longer a note: Finish asks.
FAR_OVER = 1.5
AFTER_OFFER = (ApplicationStatus.OFFER, ApplicationStatus.ACCEPTED)


@dataclass(frozen=True)
class CheckItem:
    """One rule's verdict. ``blocking``: missed in a way that makes the letter half-written
    (a placeholder, far too long, no greeting), so Finish asks before going on."""

    label: str
    ok: bool
    detail: str = ""
    blocking: bool = False


@dataclass(frozen=True)
class _Facts:
    """What the rules compare the text against, loaded once per check."""

    kind: str
    company: str
    role: str
    name: str  # empty: the hiring team
    invited: bool
    greeting: str
    met: bool  # False: a final-round note to a coordinator who was not in the room
    notes: dict
    before_offer: bool
    siblings: list  # (recipient label, words) of the other letters to the company


def letter_checklist(*, letter: Letter, subject: str, body: str) -> list[CheckItem]:
    """Each rule of the letter's kind, evaluated on this (possibly unsaved) text."""
    facts = _facts(letter)
    text = _Text(subject=subject or "", body=body or "")
    return [rule(facts, text) for rule in RULES[facts.kind]]


def letter_finish_blockers(
    *, letter: Letter, subject: str, body: str
) -> list[CheckItem]:
    """The checklist items that make Finish ask for confirmation, in checklist order."""
    items = letter_checklist(letter=letter, subject=subject, body=body)
    return [item for item in items if item.blocking]


def _facts(letter: Letter) -> _Facts:
    interview = letter.interview
    application = letter.application
    participation = None
    if letter.interviewer_id:
        # A letter about the whole application greets as the latest round did.
        participation = (
            Participation.objects.filter(
                interview_id=interview.pk, interviewer_id=letter.interviewer_id
            )
            if interview is not None
            else Participation.objects.filter(
                interviewer_id=letter.interviewer_id
            ).order_by("-interview__ends_at", "-id")
        ).first()
    siblings = (
        Letter.objects.live()
        .filter(
            owner_id=letter.owner_id,
            # Said again for the application, so its (owner, company) index is used.
            application__owner_id=letter.owner_id,
            application__company__iexact=application.company,
        )
        .exclude(pk=letter.pk)
        .exclude(status=LetterStatus.SKIPPED)
        .select_related("interviewer")
        .only("id", "body", "kind", "interviewer__name")
    )
    return _Facts(
        kind=letter.kind,
        company=application.company,
        role=application.role,
        name=letter.interviewer.name if letter.interviewer_id else "",
        invited=participation is not None
        and participation.greeting == Greeting.FIRST_NAME,
        greeting=participation.greeting if participation else Greeting.FORMAL,
        met=participation is not None or not letter.interviewer_id,
        notes=merged_notes(participation, interview),
        before_offer=application.status not in AFTER_OFFER,
        siblings=[
            (
                f"{other.recipient_name} ({other.get_kind_display().lower()})",
                letter_words(other.body),
            )
            for other in siblings
        ],
    )


class _Text:
    """The text under check, with the views of it the rules share."""

    def __init__(self, *, subject: str, body: str):
        self.subject = subject.strip()
        self.body = body
        self.flat = _flat(body)
        self.words = _words(body)
        self.stems = {_stem(w) for w in self.words}
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        self.greeting = _flat(lines[0]) if lines else ""
        core = letter_lines(body)
        self.core_lines = core
        self.sentences = [
            sentence
            for line in core
            for sentence in re.split(r"(?<=[.!?])\s+(?=\S)", _URL.sub("LINK", line))
            if sentence
        ]


# -- rules ------------------------------------------------------------------------------


def addressed(facts: _Facts, text: _Text) -> CheckItem:
    greets = _greets(text.greeting)
    if not facts.name:
        ok = bool(re.match(r"(dear|hi|hello)\b", text.greeting))
        return CheckItem(
            "Addressed to the hiring team",
            ok,
            ""
            if ok
            else f"Open with a greeting, e.g. “Dear {facts.company} hiring team,”.",
            blocking=not greets,
        )
    name, first = facts.name, first_name(facts.name)
    surname = name.split()[-1]
    if facts.invited:
        ok = _has(text.greeting, first)
        advice = f"Open with “Dear {first},” – they invited first names."
    else:
        honorific = rf"\b(ms|mr|mrs|mx|dr|prof)\.? {re.escape(_flat(surname))}\b"
        ok = _has(text.greeting, name) or bool(re.search(honorific, text.greeting))
        advice = f"Open with “Dear {greeting_name(name, facts.greeting)},”."
    return CheckItem(
        f"Addressed to {name} by name",
        ok,
        "" if ok else advice,
        blocking=not ok and not greets,
    )


def role_and_company(facts: _Facts, text: _Text) -> CheckItem:
    missing = [
        f"the role (“{facts.role}”)" if not _has(text.flat, facts.role) else "",
        f"the company (“{facts.company}”)"
        if not _has(text.flat, facts.company)
        else "",
    ]
    missing = [m for m in missing if m]
    advice = f"Name {' and '.join(missing)} as you entered it." if missing else ""
    return CheckItem("Mentions the role and the company", not missing, advice)


def specific_detail(facts: _Facts, text: _Text) -> CheckItem:
    label = "Contains the specific detail from your conversation"
    noted = facts.notes["specific_detail"]
    if not noted:
        return CheckItem(
            label,
            False,
            "Note one thing only this conversation had (a story, a project, a "
            "question) in the interview log, and mention it here.",
        )
    ok = _covers(text, noted)
    return CheckItem(label, ok, "" if ok else f"Add the detail you noted: “{noted}”.")


def offers_material(facts: _Facts, text: _Text) -> CheckItem:
    noted = facts.notes["materials"]
    ok = (bool(noted) and _covers(text, noted)) or bool(_OFFER.search(text.flat))
    advice = (
        "Offer something more: work samples, figures, portfolio pieces or references"
    )
    advice += f" – you noted “{noted}”." if noted else "."
    return CheckItem("Offers more material", ok, "" if ok else advice)


def names_challenge(facts: _Facts, text: _Text) -> CheckItem:
    label = "Names a challenge they raised and how you would meet it"
    noted = facts.notes["challenge"]
    if not noted:
        return CheckItem(
            label,
            False,
            "Note the challenge they raised in the interview log, and say here how you "
            "would meet it.",
        )
    ok = _covers(text, noted)
    return CheckItem(
        label, ok, "" if ok else f"Name the challenge you discussed: “{noted}”."
    )


def says_thanks(facts: _Facts, text: _Text) -> CheckItem:
    ok = bool(re.search(r"\b(thank|grateful|appreciate)", text.flat))
    return CheckItem("Says thank you", ok, "" if ok else "Thank them for their time.")


def states_withdrawal(facts: _Facts, text: _Text) -> CheckItem:
    ok = bool(re.search(r"\bwithdraw", text.flat))
    advice = "Say plainly that you are withdrawing your application."
    return CheckItem("Says clearly that you are withdrawing", ok, "" if ok else advice)


def asks_timeline(facts: _Facts, text: _Text) -> CheckItem:
    ok = bool(re.search(_TIMELINE, text.flat))
    advice = "Ask politely how the timeline looks, or when they expect to decide."
    return CheckItem("Asks about the timeline", ok, "" if ok else advice)


def no_placeholders(facts: _Facts, text: _Text) -> CheckItem:
    found = _PLACEHOLDER.search(f"{text.subject}\n{text.body}")
    advice = f"Replace or remove “{found.group(0)}”." if found else ""
    return CheckItem(
        "No placeholder or bracket left", not found, advice, blocking=bool(found)
    )


def no_pay_talk(facts: _Facts, text: _Text) -> CheckItem:
    label = "No pay, benefits or vacation questions"
    found = facts.before_offer and _PAY.search(f"{text.subject}\n{text.body}")
    if not found:
        return CheckItem(label, True)
    advice = f"Remove “{found.group(0)}”: pay, benefits and time off wait for an offer."
    return CheckItem(label, False, advice)


def length(facts: _Facts, text: _Text) -> CheckItem:
    low, high = THANKS_WORDS if facts.kind in THANK_YOU_KINDS else SHORT_WORDS
    count = len(text.body.split())
    label = f"Length: {count} words (aim for {low}–{high})"
    if count < low:
        return CheckItem(
            label,
            False,
            "A little short: add a sentence about the conversation or why you fit.",
        )
    if count > high:
        advice = f"Too long: trim it to {high} words or fewer."
        longest = max(
            (
                (len(value.split()), field)
                for field, value in facts.notes.items()
                if field in _used(facts)
            ),
            default=(0, ""),
        )
        if longest[0] > 25:
            advice += (
                f" The longest part is your note on {_label(longest[1])} "
                f"({longest[0]} words): a sentence or two says it."
            )
        return CheckItem(label, False, advice, blocking=count > FAR_OVER * high)
    return CheckItem(label, True)


def notes_used(facts: _Facts, text: _Text) -> CheckItem:
    """Each note taken for this person is in the letter; the ones left out are named."""
    missing = [
        field
        for field in _used(facts)
        if facts.notes.get(field)
        and field != "specific_detail"  # its own item asks for it
        and not (
            _has(text.flat, facts.notes[field])
            if field == "link_to_share"
            else _covers(text, facts.notes[field])
        )
    ]
    if not missing:
        return CheckItem("Uses each of your notes", True)
    names = ", ".join(f"{_label(f)} (“{_clip(facts.notes[f])}”)" for f in missing)
    low, high = THANKS_WORDS if facts.kind in THANK_YOU_KINDS else SHORT_WORDS
    if len(text.body.split()) + SENTENCE_WORDS > high - ROOM:
        # No left-out note fits any more: leaving them out kept the letter short.
        return CheckItem(
            "Uses each of your notes",
            True,
            f"Left out to keep it short: {names}. Swap one in for a sentence that "
            "matters less.",
        )
    return CheckItem(
        "Uses each of your notes",
        False,
        f"Not in this letter: {names}. Add the ones that matter, in a sentence each.",
    )


def careful_writing(facts: _Facts, text: _Text) -> CheckItem:
    """What a careful reader notices first: "i", "ppl", a question without its mark,
    a capital in mid-sentence, doubled punctuation, a link with nothing said about it."""
    problems = []
    plain = _URL.sub("LINK", "\n".join(text.core_lines))
    if _LONE_I.search(plain):
        problems.append("write “I” as a capital")
    speak = _TEXT_SPEAK.search(plain)
    if speak:
        problems.append(f"spell out “{speak.group(0)}”")
    for sentence in text.sentences:
        if sentence.endswith(".") and _is_question(sentence):
            problems.append(f"end the question “{_clip(sentence)}” with “?”")
            break
    capital = _mid_capital(text.sentences, facts)
    if capital:
        problems.append(f"“{capital}” needs no capital in mid-sentence")
    doubled = _DOUBLED.search(plain)
    if doubled:
        problems.append(f"“{doubled.group(0)}” is doubled punctuation")
    bare = _bare_link(text.core_lines)
    if bare:
        problems.append(f"say why they might read {_clip(bare, 40)}")
    label = "Careful writing: capitals, question marks, punctuation, links"
    if not problems:
        return CheckItem(label, True)
    return CheckItem(label, False, capfirst_sentence("; ".join(problems)) + ".")


def not_a_copy(facts: _Facts, text: _Text) -> CheckItem:
    label = f"Not a near-copy of another letter to {facts.company}"
    mine = letter_words(text.body)
    scored = [(words_similarity(mine, other), who) for who, other in facts.siblings]
    score, who = max(scored, default=(0.0, ""))
    if score <= NEAR_COPY:
        return CheckItem(label, True)
    advice = (
        f"It reads much like your letter to {who} ({score:.0%} alike): make the "
        "specific parts different – people at one company compare notes."
    )
    return CheckItem(label, False, advice)


def subject_line(facts: _Facts, text: _Text) -> CheckItem:
    label = "Subject present and short"
    if not text.subject:
        return CheckItem(
            label, False, f"Add a subject, e.g. “Thank you – {facts.role} interview”."
        )
    if len(text.subject) > SUBJECT_MAX:
        return CheckItem(
            label,
            False,
            f"Shorten the subject to {SUBJECT_MAX} characters or "
            f"fewer (now {len(text.subject)}).",
        )
    return CheckItem(label, True)


_COMMON_HEAD = (addressed, role_and_company)
_COMMON_TAIL = (
    no_placeholders,
    no_pay_talk,
    careful_writing,
    notes_used,
    length,
    not_a_copy,
    subject_line,
)
_THANKS_RULES = (*_COMMON_HEAD, says_thanks, specific_detail, *_COMMON_TAIL)
RULES = {
    LetterKind.SCREEN: _THANKS_RULES,
    LetterKind.FIRST: _THANKS_RULES,
    LetterKind.SECOND: (
        *_COMMON_HEAD,
        says_thanks,
        specific_detail,
        offers_material,
        names_challenge,
        *_COMMON_TAIL,
    ),
    LetterKind.PANEL: _THANKS_RULES,
    LetterKind.FINAL: _THANKS_RULES,
    LetterKind.WITHDRAWAL: (
        *_COMMON_HEAD,
        says_thanks,
        states_withdrawal,
        *_COMMON_TAIL,
    ),
    LetterKind.CHECKIN: (*_COMMON_HEAD, asks_timeline, *_COMMON_TAIL),
}

# -- text matching ----------------------------------------------------------------------

# An offer: a verb of giving and something to give, in one sentence.
_OFFER = re.compile(
    r"\b(send|share|provide|pass on|show you|walk you through)\b[^.?!]{0,100}"
    r"\b(samples?|examples?|portfolio|figures|numbers|results|references?|case stud(?:y|ies)|"
    r"write-?ups?|documents?|designs?|code|slides|deck|reports?|materials?|work)\b"
)
_TIMELINE = (
    r"\b(timeline|time ?frame|timing|when you expect|decide|decision|next steps?|update|"
    r"where things stand|how the process is going|hear back)\b"
)
_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\[[^\]\n]*\]|\{[^{}\n]*\}|\{\{|\{%"
    r"|\bTODO\b|\bTBD\b|\bXXX+\b|\bNone\b(?! of\b)"
    r"|&(?:amp|lt|gt|quot|apos|nbsp|#x?[0-9a-f]+);",
    re.IGNORECASE,
)
# Words that turn a letter into a negotiation before there is an offer to negotiate.
_PAY = re.compile(
    r"\b(salary|salaries|pay(?!\s+(?:attention|off)\b)|paid time off|compensation|"
    r"remuneration|wages?|benefits?(?!\s+(?:of|from)\b)|vacation|holiday allowance|annual leave|"
    r"PTO|time off|days off|bonus(?:es)?|equity|stock options?|RSUs?|"
    r"perks?|pension|401\(?k\)?|signing bonus|relocation package|"
    r"remote days?|home[- ]office days?|work from home days?|WFH days?)\b",
    re.IGNORECASE,
)
_STOPWORDS = frozenset(
    "the and for with that this from your you our their about into when where which "
    "what who how why was were are is be been being have has had its it's not but "
    "all any can could would should will may might one two each every more most "
    "very also just over under than then them they there these those out off who "
    "whose whom while during after before between".split()
)


def _flat(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


_GREETING = re.compile(
    r"(dear|hi|hiya|hello|hey|good (morning|afternoon|evening|day)|greetings|"
    r"to whom|hallo|bonjour|hola|ciao|hej|salut|guten tag|liebe[rs]?|sehr geehrte[rs]?)\b"
)


def _greets(line: str) -> bool:
    """The first line is a greeting: a greeting word, or a short line ending like one
    ("Ana," / "Team:"), which covers greetings in other languages."""
    return bool(_GREETING.match(line)) or (
        len(line.split()) <= 6 and line.rstrip().endswith((",", ":", "!"))
    )


def _has(haystack: str, needle: str) -> bool:
    needle = _flat(needle)
    return bool(needle) and needle in haystack


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _flat(text))


def _stem(word: str) -> str:
    """Crude, on purpose: "migrating" and "migration" meet at "migra"."""
    return word[:5]


def _covers(text: _Text, noted: str) -> bool:
    """Enough of the noted phrase's content words are in the text, edits allowed."""
    content = {w for w in _words(noted) if len(w) > 2 and w not in _STOPWORDS}
    if not content:
        return _has(text.flat, noted)
    found = sum(1 for w in content if _stem(w) in text.stems)
    return found / len(content) >= DETAIL_SHARE


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LONE_I = re.compile(r"(?<![\w'’/.-])i(?=(?:['’](?:m|ve|d|ll))?(?![\w'’]))")
_TEXT_SPEAK = re.compile(
    r"(?<![\w/])(?:"
    + "|".join(re.escape(k) for k in TEXT_SPEAK)
    + r"|b4|gr8|cuz|idk|imo)"
    r"(?![\w/])"
)
_DOUBLED = re.compile(r"(?<!\.)([.,;:!?])\1(?!\1)|[,;:][.,;:]|[?!]\.")
_QUESTION_START = re.compile(
    r"^(?:(?:how|what|when|where|which|who|why)\s+(?:do|does|did|is|are|was|were|can|"
    r"could|would|will|should|has|have)\b|(?:do|does|did|is|are|can|could|would|will|"
    r"should)\s+(?:you|we|they|the|there|I|it|he|she|your|our)\b)",
    re.IGNORECASE,
)


def _used(facts: _Facts) -> tuple[str, ...]:
    if facts.kind == LetterKind.FINAL and not facts.met:
        return COORDINATOR_NOTES
    return NOTES_FOR_KIND.get(facts.kind, ())


def _label(field: str) -> str:
    return str(ConversationNotes._meta.get_field(field).verbose_name)


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def capfirst_sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_question(sentence: str) -> bool:
    if "," in " ".join(sentence.split()[:4]):
        return False  # "Should it help, I can send more." is a condition
    return bool(_QUESTION_START.match(sentence)) and (
        shape_note(sentence, slot="open_question").shape == Shape.QUESTION
    )


def _mid_capital(sentences: list[str], facts: _Facts) -> str:
    """A common word with a capital inside a sentence, not part of a run of capitals
    (a name, a title, a product) nor a word the user typed that way in their facts."""
    keep = set(f"{facts.company} {facts.role} {facts.name}".split())
    for note in facts.notes.values():
        keep.update(w for w in note.split() if w[:1].isupper())
    for sentence in sentences:
        words = sentence.split()
        for i in range(1, len(words)):
            word = words[i].strip("\"'“”‘’(),;:!?.")
            if not word[:1].isupper() or word in keep or word == "I":
                continue
            if len(word) > 1 and not word[1:].islower():
                continue
            if words[i - 1].endswith((":", "“", '"')) or words[i - 1][:1].isupper():
                continue
            if i + 1 < len(words) and (
                words[i + 1][:1].isupper() or words[i + 1] == "&"
            ):
                continue
            lower = word.lower()
            if lower in CALENDAR:
                continue
            if lower in FUNCTION_WORDS or getAllLemmas(lower):
                return word
    return ""


def _bare_link(lines: list[str]) -> str:
    """A link on a line with (almost) nothing else: the reader is not told why."""
    for line in lines:
        for match in _URL.finditer(line):
            rest = _URL.sub(" ", line)
            if len(re.findall(r"\w+", rest)) < 4:
                return match.group(0)
    return ""
