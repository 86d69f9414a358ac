"""One helper for every email: subject, text and HTML rendered from three templates."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def make_message(name, to, ctx, headers=None) -> EmailMultiAlternatives:
    """Render emails/<name>-subject.txt, -body.txt and -body.html into one message.

    The subject is squeezed onto one line (a stray newline would be a header injection);
    `to` is one address or a list of them.
    """
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    text = render_to_string(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to] if isinstance(to, str) else list(to),
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message
