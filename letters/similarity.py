"""How alike two letters read to someone who holds both: difflib's ratio over the words
of their bodies, greeting and sign-off left out (every letter may share those).

Words, not characters: two letters share most letters of the alphabet whatever they say,
and a ratio over words stays fast however long the text is.
"""

import re
from difflib import SequenceMatcher

# Above this, two letters read as copies (issue 13): the drafts for six people met in one
# round at a company score 0.13–0.24 against each other; a letter copied and given a new
# greeting and detail scores 0.96.
NEAR_COPY = 0.6

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_GREETING = re.compile(r"^(dear|hi|hello|good (morning|afternoon))\b", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^(best|kind|warm|many|with)?\s*(regards|wishes|thanks|best)\b.*,?$|^(thank you|"
    r"sincerely|yours( sincerely| truly)?|cheers|all the best|best wishes),?$",
    re.IGNORECASE,
)


def letter_lines(text: str) -> list[str]:
    """The lines a reader reads as the letter: not the greeting, not the sign-off and
    the signature under it, no empty lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and _GREETING.match(lines[0]) and len(lines[0].split()) <= 8:
        lines = lines[1:]
    for index in range(len(lines) - 1, -1, -1):
        if _SIGN_OFF.match(lines[index]) and len(lines[index].split()) <= 4:
            return lines[:index]
    return lines


def letter_words(text: str) -> tuple[str, ...]:
    """The body's words, lower-cased, greeting and sign-off left out."""
    return tuple(_WORD.findall(" ".join(letter_lines(text)).lower()))


def words_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """0.0 for nothing in common, 1.0 for the same words in the same order."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
