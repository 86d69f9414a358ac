"""One helper for every email: subject, text and HTML rendered from three templates."""

from email.header import Header

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.text import Truncator

# Long enough for any subject worth reading, short enough that even encoded non-Latin
# text stays under the 998 characters a header line may have (RFC 5322).
SUBJECT_MAX = 150


class OneLineSubjectMessage(EmailMultiAlternatives):
    """The Subject header on one line. The standard library's folding starts a long
    encoded subject on a new line, which parsers read back with a leading space."""

    def message(self):
        message = super().message()
        message.policy = message.policy.clone(max_line_length=0)  # 0: never fold
        message.replace_header("Subject", subject_header(self.subject))
        return message


def subject_header(subject: str) -> str:
    """ASCII as it is; other text as RFC 2047 encoded words side by side on one line
    (the space between two encoded words is not part of the text)."""
    if subject.isascii():
        return subject
    encoded = Header(subject, "utf-8").encode()
    return " ".join(part.strip() for part in encoded.splitlines())


def make_message(name, to, ctx, headers=None) -> EmailMultiAlternatives:
    """Render emails/<name>-subject.txt, -body.txt and -body.html into one message.

    The subject is squeezed onto one line (a stray newline would be a header injection);
    `to` is one address or a list of them.
    """
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    text = render_to_string(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    message = OneLineSubjectMessage(
        subject=Truncator(subject).chars(SUBJECT_MAX),
        body=text,
        to=[to] if isinstance(to, str) else list(to),
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message
