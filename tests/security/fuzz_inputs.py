"""What the fuzz tests type: Hypothesis strategies for hostile text, and what must not come back.

Unicode of every category (control characters included), very long strings, HTML/JS,
Django template syntax that would leak the SECRET_KEY or dump the context if it were ever
evaluated, header-injection newlines, spreadsheet formulas and path tricks.
"""

from django.conf import settings
from hypothesis import strategies as st

# Each line is something that has broken a web application somewhere.
PAYLOADS = (
    "{{ messages.storages.0.signer.key }}",
    "{% debug %}",
    '{{ "EVAL"|add:"UATED" }}',
    "{% load static %}{% static 'x' %}{% now 'Y' %}",
    "{{ request.META }}{{ settings.SECRET_KEY }}",
    '<script>alert("fuzz")</script>',
    '"><fuzz-tag onmouseover="alert(1)">',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "Ana Rivera\r\nBcc: evil@example.com",
    "Thanks\nX-Injected: yes",
    "\r\n\r\n<html>",
    "\x00",
    "\x01\x07\x08\x0b\x0c\x1b[31m\x7f",
    "\u202eevil\u202c",
    "\ufeff\u200b\u00ad",
    "🙂👩‍💻🏳️‍🌈",
    "名前 李小龙 Владимир Ελένη محمد",
    "Renée Ölçer-Núñez",
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "con.txt",
    '"quoted"; filename="x.exe"',
    "%s%n%x%(name)s{0}",
    "' OR 1=1 --",
    "None",
    "&amp; &#x27; &lt;b&gt;",
    "${7*7}#{7*7}",
    "\n\n\n",
    "   ",
)

# If any of these shows up in a response, user text was evaluated or not escaped.
EVALUATED_MARKERS = ("EVALUATED", "'False': False", "&#x27;False&#x27;: False")
RAW_MARKUP = ("<fuzz-tag", '<script>alert("fuzz")', "<img src=x onerror")


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    payload = st.sampled_from(PAYLOADS)
    return st.one_of(
        payload,
        st.text(max_size=max_size),  # any code point but surrogates, controls included
        st.builds(
            lambda before, middle, after: before + middle + after,
            st.text(max_size=12),
            payload,
            st.text(max_size=12),
        ),
        st.lists(payload, min_size=2, max_size=5).map("\n".join),
        st.builds(lambda n, end: "x" * n + end, st.integers(200, 5_000), payload),
    )


def hostile_email() -> st.SearchStrategy[str]:
    return st.one_of(
        hostile_text(),
        st.builds(lambda name: f"{name}@example.com", hostile_text(20)),
        st.sampled_from(["ana@example.com", "a+b@example.co.uk", "x@localhost"]),
    )


def hostile_url() -> st.SearchStrategy[str]:
    return st.one_of(
        hostile_text(),
        st.builds(lambda path: f"https://example.com/{path}", hostile_text(20)),
        st.just("https://example.com/a?b=c&d=%22e%22"),
    )


def assert_nothing_evaluated(text: str, where: str = "") -> None:
    assert settings.SECRET_KEY not in text, f"SECRET_KEY leaked {where}"
    for marker in EVALUATED_MARKERS:
        assert marker not in text, f"user text was evaluated {where}: {marker!r}"


def assert_escaped(html: str, where: str = "") -> None:
    assert_nothing_evaluated(html, where)
    for marker in RAW_MARKUP:
        assert marker not in html, (
            f"user markup came back unescaped {where}: {marker!r}"
        )
