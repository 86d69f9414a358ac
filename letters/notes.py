"""Notes as people type them, understood before a letter places them.

A note arrives in any shape: a noun phrase ("the carrier scorecard"), a clause ("she showed
me the new map"), a fragment that starts with a verb ("asked me to sketch the schema"), a
question with or without its "?", the writer's own experience ("I rebuilt the intake form")
or plan ("I would start with an audit"). `shape_note` tidies what was typed and says which
`Shape` it is, rewritten where the letter needs it:

- a fragment that starts with a past verb is something the reader did in detail-like slots
  ("you asked me to …") and something the writer did in the slots about their own work
  ("I rebuilt …"); one that starts with a bare verb is a plan there ("I would start …");
- the reader written about in the third person ("Dana walked me through", "she described")
  is spoken to ("you walked me through", "you described") in a letter to that person.

Tidying keeps the user's facts and proper nouns: it collapses spaces, drops end stops and
doubled punctuation ("Ltd.." → "Ltd."), writes a lone "i" as "I", spells out a few
text-speak words, and lowers the first word when it cannot be a name ("A short case
study", "Too many handoffs"). lemminflect supplies the verb forms and which words are
nouns, verbs, adjectives; it ships its own data, so nothing is downloaded.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from lemminflect import getAllLemmas, getInflection


class Shape(StrEnum):
    NOUN = (
        "noun"  # a thing or an activity: "the carrier scorecard", "sketching it live"
    )
    CLAUSE = (
        "clause"  # a statement whose subject is not the writer: "you showed me the map"
    )
    MINE = "mine"  # the writer's own experience or view: "I rebuilt the intake form"
    PLAN = "plan"  # what the writer would do: "I would start with an audit"
    QUESTION = "question"  # a question asked directly: "how does the team decide?"
    ASKING = "asking"  # a question reported: "whether checks live in one repository"


# Slots where "you said that …" only reports what follows.
REPORTED_SLOTS = frozenset({"learned", "challenge", "topics"})
_REPORTED = re.compile(
    r"you (?:said|mentioned|told me|explained|pointed out|noted)(?: that)? (.+)$"
)
# Slots where a past-tense fragment tells what the writer did (elsewhere: the reader).
WRITER_SLOTS = frozenset({"how_to_meet_challenge", "materials", "reason"})

AUXILIARIES = frozenset(
    "do does did is are was were can could would will should shall may might must has have "
    "had don't doesn't didn't isn't aren't wasn't weren't can't won't wouldn't".split()
)
QUESTION_WORDS = frozenset("how what when where which who whom whose why".split())
PLAN_MODALS = frozenset("would could will can might shall".split())
PLAN_CONTRACTIONS = ("i'd", "i'll")
SUBJECT_PRONOUNS = frozenset("you we they it he she".split())
# Words after a verb that show it is acting on something ("asked me", "walked through").
OBJECT_STARTS = frozenset(
    "me us him her them it the a an another how what why about through back up over out "
    "on into to that my our your their his its this those these some several two three four "
    "five every all each with".split()
)
# Words after which no verb of the note's own subject is looked for.
RELATIVES = frozenset("where which who whom whose that when while because but".split())
# Prepositions: a phrase inside the subject ("the counts in the system drift").
BOUNDARIES = frozenset(
    "about of in on at for from by with without between among into onto over under "
    "after before during to".split()
)
QUANTITIES = frozenset("one two three four five some several many few half".split())
PARTICLES = frozenset("away down off out up back apart".split())
# After a word that may be a plural noun or a verb ("plans", "ships"): it is the verb.
VERB_NEXT = frozenset(
    "to the a an its their his her our your my every all each more most no".split()
)
DETERMINERS = frozenset(
    "the a an this that these those my our your their his her its".split()
)
# Common words not in lemminflect's dictionary (it lists content words only).
FUNCTION_WORDS = frozenset(
    "a an the and or but if so as at by for from in into of on onto to with without about "
    "after before during over under between through this that these those my our your "
    "their his her its some any each every all both either neither no not one two three "
    "how what when where which who whom whose why whether while because although though "
    "too very more most much many few less least it we they you he she there here then "
    "than also just only even still again".split()
)
TEXT_SPEAK = {
    "ppl": "people",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "w/": "with",
    "b/c": "because",
    "tmrw": "tomorrow",
    "bc": "because",
}
# Days and months typed in lower case ("may" and "march" are ordinary words too).
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february april "
    "june july august september october november december".split()
)
HONORIFICS = frozenset("mr mrs ms miss mx dr prof professor sir dame".split())
_SPEAK = re.compile(
    r"(?<![\w/])(" + "|".join(re.escape(k) for k in TEXT_SPEAK) + r")(?![\w/])"
)
_LONE_I = re.compile(r"(?<![\w'’])i(?=(?:['’](?:m|ve|d|ll))?(?![\w'’]))")
_DOUBLED = re.compile(r"(?<!\.)([.,;:!?])\1(?!\1)")
_SPACE_BEFORE = re.compile(r"\s+([,;:!?])")
_LEAD = re.compile(r"^[\s\-–—•*·>]+")
_TRAILING = ".,;:!…-–— \t"
_WORD = re.compile(r"[\w'’/&.-]+")


@dataclass(frozen=True)
class Note:
    """A tidied note: `text` fits mid-sentence (no end stop); `shape` picks its frame."""

    text: str
    shape: Shape
    rule: str = ""  # how the typed note was read, for the evidence table and tests

    @property
    def predicate(self) -> str:
        """A plan without its "I would": "start with an audit"."""
        match = re.match(
            r"(?:i\s+(?:would|could|will|can|might|shall)|i['’](?:d|ll))\s+(.*)$",
            self.text,
            re.IGNORECASE,
        )
        if match:
            return match.group(1)
        match = re.match(
            r"my (?:plan|approach|first step) (?:is|would be) (?:to )?(.*)$",
            self.text,
            re.IGNORECASE,
        )
        return match.group(1) if match else self.text

    @property
    def sentence(self) -> str:
        """The note as a sentence of its own, with its end mark."""
        end = "?" if self.shape == Shape.QUESTION else "."
        return capfirst(self.text) + end

    def __bool__(self) -> bool:
        return bool(self.text)


EMPTY = Note("", Shape.NOUN)


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def tidy(text: str | None, *, keep: frozenset[str] = frozenset()) -> tuple[str, bool]:
    """The note tidied for the middle of a sentence, and whether it ended with "?"."""
    text = " ".join((text or "").split())
    text = _LEAD.sub("", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _DOUBLED.sub(r"\1", text)
    text = _LONE_I.sub("I", text)
    text = _SPEAK.sub(lambda m: TEXT_SPEAK[m.group(1)], text)
    text = re.sub(r"(?<!\w)esp\.(?=\s)", "especially", text)
    text = re.sub(
        r"\b[a-z]+\b",
        lambda m: m.group(0).capitalize() if m.group(0) in CALENDAR else m.group(0),
        text,
    )
    asked = text.rstrip(" .…!").endswith("?")
    text = text.rstrip(_TRAILING + "?").strip()
    # An abbreviation at the end keeps its own stop ("Smith & Sons Ltd" reads wrong).
    if re.search(r"\b(?:Ltd|Inc|Co|Corp|etc|Jr|Sr|St)$", text):
        text += "."
    return _lower_first_word(text, keep), asked


def _lower_first_word(text: str, keep: frozenset[str]) -> str:
    words = text.split(" ")
    first = words[0]
    if (
        not first[:1].isupper()
        or first in keep
        or first == "I"
        or first.startswith("I'")
    ):
        return text
    bare = first.strip("\"'“”‘’(")
    if not bare[1:].islower() and len(bare) > 1:
        return text  # "SQL", "McKinsey": an acronym or a name
    common = bare.lower() in FUNCTION_WORDS or _never_a_name(bare.lower())
    next_is_name = len(words) > 1 and (
        (words[1][:1].isupper() and words[1] != "I") or words[1] == "&"
    )
    if not common or (next_is_name and bare.lower() not in FUNCTION_WORDS):
        return text  # "Smith & Sons", "Fernway": leave proper nouns alone
    return " ".join([first.replace(bare[0], bare[0].lower(), 1), *words[1:]])


def _never_a_name(word: str) -> bool:
    """An adjective, an adverb or an inflected form ("Great", "Too", "Asked", "Works"):
    safe to lower. A word that is only a bare noun or verb may be a product or a name
    ("Python", "Excel", "Notion"), so it keeps its capital and the checklist asks."""
    lemmas = getAllLemmas(word)
    if "ADJ" in lemmas or "ADV" in lemmas:
        return True
    return any(word not in forms for forms in lemmas.values())


def _lemmas(word: str) -> dict:
    return getAllLemmas(word.lower().strip(".,;:!?\"'“”‘’()"))


def _is_past(word: str) -> bool:
    lower = word.lower()
    return any(
        lower != lemma
        and lower in {*getInflection(lemma, "VBD"), *getInflection(lemma, "VBN")}
        for lemma in _lemmas(word).get("VERB", ())
    )


def _is_third_singular(word: str) -> bool:
    lemmas = _lemmas(word)
    return any(
        word.lower() in getInflection(lemma, "VBZ") and word.lower() != lemma
        for lemma in lemmas.get("VERB", ())
    )


def _is_base_verb(word: str) -> bool:
    return word.lower() in _lemmas(word).get("VERB", ())


def _is_plural(word: str) -> bool:
    lower = word.lower()
    if lower in {"people", "staff", "customers", "users", "teams", "engineers"}:
        return True
    return lower.endswith("s") and any(
        lower != lemma and lower in getInflection(lemma, "NNS")
        for lemma in _lemmas(word).get("NOUN", ())
    )


def _is_noun(word: str) -> bool:
    return "NOUN" in _lemmas(word) or "ADJ" in _lemmas(word)


def _gerund(word: str) -> str:
    forms = getInflection(word.lower(), "VBG")
    return forms[0] if forms else word


def _participle(word: str) -> str:
    """ "chose" → "chosen"; "accepted" stays."""
    forms = getInflection(_base(word), "VBN")
    return forms[0] if forms else word


def _base(word: str) -> str:
    lemmas = _lemmas(word).get("VERB", ())
    return lemmas[0] if lemmas else word


_TO_YOU = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
           "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't"}  # fmt: skip


def _speak_to_reader(rest: list[str]) -> list[str]:
    """The words after the reader's name or pronoun, as said to them ("you described")."""
    out = list(rest)
    if out:
        verb = out[0]
        lower = verb.lower()
        if lower in _TO_YOU:
            out[0] = _TO_YOU[lower]
        elif _is_third_singular(verb):
            out[0] = _base(verb)
    possessive = {
        "her": "your",
        "his": "your",
        "herself": "yourself",
        "himself": "yourself",
    }
    for i, word in enumerate(out):
        key = word.lower()
        if key in possessive:
            out[i] = possessive[key]
        elif key == "him":
            out[i] = "you"
    return out


def _finite_verb_ahead(words: list[str]) -> bool:
    """A subject then a verb before any relative word: a clause. The subject may carry
    a phrase ("the stock counts in the system drift away") or be two nouns joined by
    "and" ("pricing and underwriting share one backlog")."""
    plural_subject = _is_plural(words[0])
    in_phrase = False
    for i, word in enumerate(words[1:9], start=1):
        lower = word.lower().strip(",")
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        prev = words[i - 1].lower().strip(",")
        if lower in RELATIVES:
            return False
        if lower in {"i", "we", "you", "they", "he", "she"}:
            # "the model I built", "the outage I have handled": a clause inside a noun
            return False
        if lower in AUXILIARIES:
            return True
        if lower in {"and", "or"} and not in_phrase:
            plural_subject = True
            continue
        if lower in BOUNDARIES:
            in_phrase = True
            continue
        if prev in DETERMINERS or prev in BOUNDARIES:
            if not in_phrase and _is_plural(word):
                plural_subject = True
            continue
        if (
            _is_past(word)
            and not _is_noun(word)
            and (nxt in OBJECT_STARTS or nxt in BOUNDARIES or not nxt)
        ):
            return True
        if _is_third_singular(word) and (not _is_noun(word) or nxt in VERB_NEXT):
            return True
        if _is_base_verb(word) and not _is_plural(word):
            after = (
                nxt in OBJECT_STARTS
                or nxt in PARTICLES
                or nxt in VERB_NEXT
                or nxt in QUANTITIES
            )
            if plural_subject and (not _is_noun(word) or after):
                return True
            if (
                _is_plural(prev)
                and not in_phrase
                and (not _is_noun(word) or after or nxt in BOUNDARIES)
            ):
                return True
        if not in_phrase and _is_plural(word):
            plural_subject = True
    return False


def reader_names(name: str) -> list[str]:
    """The ways a note may name its reader, longest first: "Dr. Sam Whitaker",
    "Sam Whitaker", "Dr. Whitaker", "Whitaker", "Sam"."""
    words = name.split()
    if not words:
        return []
    titled = words[0].lower().rstrip(".") in HONORIFICS and len(words) > 1
    bare = words[1:] if titled else words
    names = [" ".join(words), " ".join(bare)]
    if titled:
        names.append(f"{words[0]} {bare[-1]}")
        names.append(bare[-1])
    if len(bare) > 1:
        names.append(bare[0])
    return sorted(dict.fromkeys(names), key=len, reverse=True)


def shape_note(
    text: str | None,
    *,
    slot: str = "specific_detail",
    reader: str = "",
    keep: frozenset[str] = frozenset(),
) -> Note:
    """What the note says and in which shape, tidied and pointed at its reader.

    `reader` is the name of the person the letter goes to ("" for a team letter); `keep`
    holds words never to lower-case (company, people's names).
    """
    note = _shape(text, slot=slot, reader=reader, keep=keep)
    if slot in REPORTED_SLOTS and note.shape == Shape.CLAUSE:
        reported = _REPORTED.match(note.text)
        if reported:
            inner = _shape(reported.group(1), slot=slot, keep=keep)
            if inner.shape in {Shape.CLAUSE, Shape.NOUN}:
                note = Note(
                    inner.text, inner.shape, note.rule + "; you said that … → …"
                )
    if note.shape == Shape.CLAUSE:
        note = Note(_with_article(_and_verb(note.text)), note.shape, note.rule)
    if note.shape == Shape.NOUN and slot == "topics":
        note = Note(_and_list(note.text), note.shape, note.rule)
    return note


def _with_article(text: str) -> str:
    """ "design team is 4 people" → "the design team is 4 people": a singular compound
    subject typed without its article."""
    words = text.split(" ")
    if len(words) < 3 or not words[0].islower() or not words[1].islower():
        return text
    first, second, verb = words[0], words[1], words[2].lower()
    nouns = all(
        _is_noun(w)
        and not _is_plural(w)
        and w not in FUNCTION_WORDS
        and not w.endswith("ing")
        for w in (first, second)
    )
    if nouns and (verb in {"is", "was", "has"} or _is_third_singular(verb)):
        return f"the {text}"
    return text


def _and_list(text: str) -> str:
    """ "SLAs, the scorecard, weekend cover" → "SLAs, the scorecard and weekend cover"."""
    if text.count(", ") < 1 or re.search(r"\b(?:and|or)\b", text):
        return text
    head, _, last = text.rpartition(", ")
    return f"{head} and {last}"


def _and_verb(text: str) -> str:
    """ "the team is 4 people, reports to the CPO" → "… 4 people and reports to the CPO"."""
    match = re.search(r", (\w+) (\w+)", text)
    if (
        match
        and _is_third_singular(match.group(1))
        and (not _is_noun(match.group(1)) or match.group(2).lower() in VERB_NEXT)
    ):
        if " and " not in text[match.end() :]:
            return f"{text[: match.start()]} and {text[match.start() + 2 :]}"
    return text


def _shape(
    text: str | None,
    *,
    slot: str = "specific_detail",
    reader: str = "",
    keep: frozenset[str] = frozenset(),
) -> Note:
    reader_words = frozenset(reader.split())
    names = reader_names(reader)
    reason = slot == "reason"
    tidied, asked = tidy(text, keep=keep | reader_words)
    if not tidied:
        return EMPTY
    words = tidied.split(" ")
    first = words[0].lower()
    second = words[1].lower() if len(words) > 1 else ""
    writer_slot = slot in WRITER_SLOTS

    # The reader written about: "Dana walked me through", "she described".
    for name in names:
        if tidied.startswith(name + " ") or tidied.startswith(name + "'s "):
            if tidied.startswith(name + "'s "):
                rest = ["your", *tidied[len(name) + 3 :].split(" ")]
                return Note(" ".join(rest), Shape.NOUN, "reader's → your")
            rest = _speak_to_reader(tidied[len(name) + 1 :].split(" "))
            return Note(" ".join(["you", *rest]), Shape.CLAUSE, "reader by name → you")
    if reader and first in {"she", "he"} and second:
        rest = _speak_to_reader(words[1:])
        return Note(" ".join(["you", *rest]), Shape.CLAUSE, "she/he → you")

    # Questions, asked or reported.
    if first in {"whether", "if"}:
        return Note(tidied, Shape.ASKING, "whether/if → reported question")
    if first in QUESTION_WORDS:
        # "how does …", "how long will …", "how many people are …"
        probe = [w.lower() for w in words[1:2]]
        if second in {"long", "often", "soon"}:
            probe = [w.lower() for w in words[2:3]]
        elif second in {"much", "many"}:
            probe = [w.lower() for w in words[2:4]]
        if asked or any(word in AUXILIARIES for word in probe):
            return Note(tidied, Shape.QUESTION, "wh-word + auxiliary → question")
        return Note(tidied, Shape.ASKING, "wh-word + subject → reported question")
    if (
        first in AUXILIARIES
        and second
        and (
            second in SUBJECT_PRONOUNS
            or second in DETERMINERS
            or second in {"there", "i", "people", "everyone", "anyone"}
            or asked
        )
    ):
        return Note(tidied, Shape.QUESTION, "auxiliary + subject → question")
    if asked:
        return Note(tidied, Shape.QUESTION, "ends with ? → question")

    # The writer: plans, and experience.
    if first in PLAN_CONTRACTIONS or (first == "i" and second in PLAN_MODALS):
        return Note(tidied, Shape.PLAN, "I would/I'd/I can → plan")
    plan = re.match(
        r"my (?:plan|approach|first step) (?:is|would be) (?:to )?(.+)$", tidied, re.I
    )
    if plan:
        return Note(
            f"I would {plan.group(1)}", Shape.PLAN, "my plan is to … → I would …"
        )
    if first in {"i", "i'm", "i've", "i’m", "i’ve"}:
        return Note(tidied, Shape.MINE, "I … → my experience")
    if reason and first in {"have", "am", "will"} and second:
        return Note(f"I {tidied}", Shape.MINE, "have/am … → I have/am … (a reason)")
    if first in {"at", "in", "on", "for", "during", "when", "while", "as", "with"}:
        head = [w.lower().strip(",") for w in words[:9]]
        if "i" in head:
            after = head[head.index("i") + 1] if head.index("i") + 1 < len(head) else ""
            if after in PLAN_MODALS:
                return Note(tidied, Shape.PLAN, "opening phrase, then I would → plan")
            return Note(tidied, Shape.MINE, "opening phrase, then I → my experience")
    if (
        first in {"would", "could", "will"}
        and second
        and second not in SUBJECT_PRONOUNS
    ):
        return Note(f"I {tidied}", Shape.PLAN, "would … → I would …")

    # Fragments that start with a verb.
    if first.endswith("ing") and first not in {
        "thing",
        "morning",
        "evening",
        "ceiling",
    }:
        if _finite_verb_ahead(words):
            return Note(tidied, Shape.CLAUSE, "-ing subject + verb → clause")
        if reason:
            return Note(
                f"I am {tidied}", Shape.MINE, "-ing fragment → I am … (a reason)"
            )
        return Note(tidied, Shape.NOUN, "-ing fragment → activity")
    if (
        _is_past(first)
        and (second in OBJECT_STARTS or not second)
        and not (_is_noun(first) and second not in OBJECT_STARTS)
    ):
        if reason:
            # News the reader has not heard yet: "I have accepted another offer".
            done = [_participle(words[0]), *words[1:]]
            return Note(
                " ".join(["I have", *done]), Shape.MINE, "past verb first → I have …"
            )
        who = "I" if writer_slot else "you"
        shape = Shape.MINE if writer_slot else Shape.CLAUSE
        return Note(f"{who} {tidied}", shape, f"past verb first → {who} …")
    if _is_third_singular(first) and (not _is_noun(first) or second in VERB_NEXT):
        return Note(f"the team {tidied}", Shape.CLAUSE, "verb-s first → the team …")
    if _is_base_verb(first) and (second in OBJECT_STARTS) and first not in DETERMINERS:
        if writer_slot:
            return Note(f"I would {tidied}", Shape.PLAN, "bare verb first → I would …")
        return Note(
            " ".join([_gerund(first), *words[1:]]), Shape.NOUN, "bare verb → -ing"
        )

    if first in SUBJECT_PRONOUNS or first in {"there", "everyone", "nobody"}:
        return Note(tidied, Shape.CLAUSE, "pronoun subject → clause")
    if _finite_verb_ahead(words):
        return Note(tidied, Shape.CLAUSE, "subject + verb → clause")
    return Note(tidied, Shape.NOUN, "no verb of its own → noun phrase")
