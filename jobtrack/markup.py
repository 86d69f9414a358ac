"""Markup written by the tags that draw a long list's rows in one call each."""

import html


def escaped(value) -> str:
    """``value`` as Django's ``conditional_escape`` writes it (safe text as it is, the
    rest through the standard library's html.escape, as Django's ``escape`` does),
    without its lazy-text check on every call, which costs more than the escaping
    when a page writes a thousand values."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
