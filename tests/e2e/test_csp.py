"""Chromium runs the main pages under the real Content-Security-Policy and reports nothing.

Every `securitypolicyviolation` event and every console message about the policy is
recorded while the pages load and while the letter editor's script runs; the list must
stay empty. The header half is tests/security/test_headers.py.
"""

from django.utils import timezone

from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    UserFactory,
)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


def watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if "Content Security Policy" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def visit(page, url: str, problems: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    problems.extend(f"{url}: {v}" for v in page.evaluate("window.__cspViolations"))


def test_main_pages_raise_no_csp_violation(page, live_url, sign_in):
    user = UserFactory(email="csp@example.com", full_name="Ana Rivera")
    application = ApplicationFactory(owner=user, company="Acme", role="Data Engineer")
    interview = InterviewFactory(application=application)
    person = ParticipationFactory(interview=interview).interviewer
    draft = LetterFactory(interview=interview, interviewer=person)
    finished = LetterFactory(
        interview=interview,
        interviewer=person,
        kind="withdrawal",
        status="finished",
        finished_at=timezone.now(),
    )
    problems = watch(page)

    for name in ("accounts:login", "accounts:signup", "accounts:password_reset"):
        visit(page, live_url(name), problems)
    sign_in(page, user)
    pages = [
        live_url("overview:dashboard"),
        live_url("overview:application_list"),
        live_url("applications:create"),
        live_url("overview:application_detail", application.pk),
        live_url("applications:interview_log"),
        live_url("applications:interview_log", query=f"application={application.pk}"),
        live_url("overview:interview_detail", interview.pk),
        live_url("applications:interview_edit", interview.pk),
        live_url("letters:list"),
        live_url("letters:edit", finished.pk),
        live_url("accounts:profile"),
        live_url("accounts:password_change"),
        live_url("overview:account_delete"),
    ]
    for url in pages:
        visit(page, url, problems)

    # The editor's own script at work: typing re-evaluates the checklist on the server.
    visit(page, live_url("letters:edit", draft.pk), problems)
    body = page.locator("textarea[name='body']")
    body.fill("Dear Ms. Rivera,\n\nThank you for the conversation today.")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)
    problems.extend(page.evaluate("window.__cspViolations"))

    assert problems == []

    # The recorder is not deaf: an inline event handler is blocked and reported.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"1\">')"
    )
    page.wait_for_timeout(500)
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
