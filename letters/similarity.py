"""How alike two letters read: word 3-gram shingles compared by Jaccard index.

Lines of a few words (greeting, closing, signature, contact details) are left out, since
every letter may share them; what counts is the wording of the sentences.
"""

import re

SHINGLE_WORDS = 3
SHORT_LINE_WORDS = 6
# At or above this, two letters read as copies. Measured on the drafts (issue 3): letters
# in different phrasings with different notes score 0.03–0.10, one phrasing with different
# notes 0.28–0.42; a letter copied and given a new name and detail scores well above 0.5.
NEAR_COPY = 0.5

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def letter_shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The letter's overlapping runs of three words, lower-cased, short lines left out."""
    words: list[str] = []
    for line in text.splitlines():
        line_words = _WORD.findall(line.lower())
        if len(line_words) > SHORT_LINE_WORDS:
            words.extend(line_words)
    return frozenset(
        tuple(words[i : i + SHINGLE_WORDS])
        for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def shingle_similarity(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def letter_similarity(a: str, b: str) -> float:
    """0.0 for letters with no three-word run in common, 1.0 for the same wording."""
    return shingle_similarity(letter_shingles(a), letter_shingles(b))
