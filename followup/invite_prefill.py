"""From a parsed invite to the log form, filled in for the user to confirm.

The guesses, each overridable on the form:

1. The application: one of the user's whose company is in the title or is the
   organiser's or an attendee's email domain; the role in the title breaks a tie, then
   the most recently active. With none, the company and role are guessed for a new one.
2. The stage from words in the title; without any, the stage after the last round.
3. The format from the join link: video with one, phone when the title or place says
   so, on site when a place is given.
4. People already met at that company are recognised by address, then by name: ticked
   as returning when they belong to the chosen application, pre-filled otherwise.

The pre-fill waits in the session under a random key until the log form is saved.
"""

import datetime as dt
import re
import secrets
from dataclasses import asdict, dataclass, field

from applications.models import (
    CLOSED_STATUSES,
    Application,
    Interview,
    Interviewer,
    InterviewFormat,
    InterviewStatus,
    Stage,
)
from applications.stages import stage_suggest

from .invites import ParsedInvite
from .models import InterviewInvite

SESSION_KEY = "followup_invites"
# Pre-fills kept at once per session (one per open tab, roughly); the oldest goes first.
SESSION_LIMIT = 5
# Applications compared with an invite: the most recently active ones.
CANDIDATES = 300
# People met at one company, recognised among the invited.
PEOPLE_LIMIT = 200

# Title words, most specific first: "Final panel" is a final round.
STAGE_WORDS = (
    (Stage.FINAL, r"final"),
    (Stage.PANEL, r"panel"),
    (Stage.SECOND, r"second|2nd|round\s*(?:2|two)"),
    (Stage.LATER, r"third|3rd|fourth|4th|round\s*(?:3|4|three|four)|on-?site|loop"),
    (Stage.SCREEN, r"screen(?:ing)?|intro(?:ductory)?\s+call|recruiter\s+call"),
    (Stage.FIRST, r"first|1st|round\s*(?:1|one)"),
)
PHONE_WORDS = re.compile(
    r"\b(phone|telephone|call me)\b|^tel:|\+?\d[\d ()-]{7,}\d", re.I
)
COMPANY_SUFFIXES = {
    "inc", "llc", "ltd", "limited", "gmbh", "ag", "bv", "nv", "sa", "sas", "plc",
    "corp", "corporation", "co", "company", "group", "se", "oy", "ab", "srl", "spa",
    "pty", "kg",
}  # fmt: skip
# Mail and scheduling services: their domain says nothing about the employer.
SERVICE_DOMAINS = {
    "gmail", "googlemail", "google", "outlook", "hotmail", "live", "msn", "yahoo",
    "icloud", "me", "mac", "aol", "proton", "protonmail", "gmx", "web", "mail",
    "yandex", "zoom", "calendly", "greenhouse", "lever", "ashbyhq", "goodtime",
    "myworkday", "workday", "smartrecruiters", "teams", "microsoft", "office",
}  # fmt: skip
SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}
ROLE_WORDS = re.compile(
    r"\b(engineer|developer|manager|designer|analyst|scientist|lead|director|"
    r"architect|specialist|consultant|coordinator|administrator|officer|associate|"
    r"intern|researcher|writer|editor|accountant|recruiter|product|marketing|sales|"
    r"head of|vp|sre|devops)\b",
    re.IGNORECASE,
)
NOT_ROLE_WORDS = re.compile(
    r"\b(interview|round|screen(?:ing)?|call|chat|meeting|final|panel|first|second|"
    r"third|1st|2nd|3rd|on-?site|with|invitation|invite|updated?)\b",
    re.IGNORECASE,
)
SEPARATORS = re.compile(r"\s+[-–—|/:]\s+|\s*[|:()\[\]]\s*|\s+(?:with|at|for)\s+")


@dataclass
class InvitePrefill:
    """What the log form is filled with; plain values, kept in the session as JSON."""

    summary: str
    starts_at: str  # ISO 8601, aware
    ends_at: str
    stage: str
    format: str
    application_id: int | None
    new_company: str
    new_role: str
    people: list[dict]
    returning_ids: list[int]
    join_url: str
    location: str
    uid: str
    sequence: int
    notes: list[str] = field(default_factory=list)
    existing_interview_id: int | None = None

    def form_initial(self) -> dict:
        initial = {
            "status": InterviewStatus.SCHEDULED,
            "stage": self.stage,
            "format": self.format,
            "starts_at": dt.datetime.fromisoformat(self.starts_at),
            "ends_at": dt.datetime.fromisoformat(self.ends_at),
            "returning": self.returning_ids,
        }
        if self.application_id:
            initial["application"] = self.application_id
        else:
            initial.update(new_company=self.new_company, new_role=self.new_role)
        return initial


def invite_prefill(*, user, invite: ParsedInvite) -> InvitePrefill:
    """The log form's starting values for an invite, matched to the user's records."""
    # Plain rows, not model instances: hundreds are compared on every import.
    candidates = (
        Application.objects.for_user(user)
        .order_by("-updated_at", "-id")
        .values_list("pk", "company", "role", "status", named=True)[:CANDIDATES]
    )
    domains = _org_labels(invite, user_email=user.email)
    best = _best_application(candidates, invite.summary, domains)
    application = (
        Application(pk=best.pk, owner=user, company=best.company, role=best.role)
        if best is not None
        else None
    )
    if application is not None:
        company, role = application.company, application.role
    else:
        company = _company_guess(invite, domains)
        role = _role_guess(invite.summary, company)
    people, returning = _people(user, invite, company=company, application=application)
    existing = interview_for_invite_uid(user=user, uid=invite.uid)
    return InvitePrefill(
        summary=invite.summary,
        starts_at=invite.starts_at.isoformat(),
        ends_at=invite.ends_at.isoformat(),
        stage=stage_from_title(invite.summary)
        or stage_suggest(application=application),
        format=format_for(invite),
        application_id=application.pk if application else None,
        new_company="" if application else company[:200],
        new_role="" if application else role[:200],
        people=people,
        returning_ids=returning,
        join_url=invite.join_url,
        location=invite.location,
        uid=invite.uid,
        sequence=invite.sequence,
        notes=list(invite.notes),
        existing_interview_id=existing.pk if existing else None,
    )


def stage_from_title(title: str) -> str | None:
    for stage, words in STAGE_WORDS:
        if re.search(rf"\b(?:{words})\b", title, re.IGNORECASE):
            return stage
    return None


def format_for(invite: ParsedInvite) -> str:
    if invite.join_url:
        return InterviewFormat.VIDEO
    if PHONE_WORDS.search(invite.summary) or PHONE_WORDS.search(invite.location):
        return InterviewFormat.PHONE
    if invite.location:
        return InterviewFormat.ONSITE
    return InterviewFormat.VIDEO


# 1. The application ----------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _company_words(company: str) -> list[str]:
    words = _words(company)
    while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words.pop()
    return words


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return n > 0 and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _org_labels(invite: ParsedInvite, *, user_email: str) -> list[str]:
    """'acme' for ana@mail.acme.co.uk; mail services and the user's own domain left out."""
    own = _label(user_email.rsplit("@", 1)[-1]) if "@" in user_email else ""
    labels = []
    for domain in invite.domains:
        label = _label(domain)
        if label and label != own and label not in SERVICE_DOMAINS | set(labels):
            labels.append(label)
    return labels


def _label(domain: str) -> str:
    parts = domain.casefold().strip(".").split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in SECOND_LEVEL:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else ""


def _company_matches(company: str, title_words: list[str], labels: list[str]) -> bool:
    words = _company_words(company)
    if not words:
        return False
    if _contains(title_words, words):
        return True
    joined = "".join(words)
    return any(label == joined or label == words[0] for label in labels)


def _best_application(applications, title: str, labels: list[str]):
    title_words = _words(title)
    best, best_score = None, None
    for application in applications:
        if not _company_matches(application.company, title_words, labels):
            continue
        score = (
            _contains(title_words, _words(application.role)),
            application.status not in CLOSED_STATUSES,
        )
        if best_score is None or score > best_score:  # ties: most recent first
            best, best_score = application, score
    return best


def _company_guess(invite: ParsedInvite, labels: list[str]) -> str:
    """The organisation's domain as written in the title, else the domain capitalised."""
    words = re.findall(r"[\w&'-]+", invite.summary)
    for label in labels:
        for start in range(len(words)):
            for end in range(start + 1, min(start + 4, len(words)) + 1):
                run = words[start:end]
                if "".join(run).casefold() == label:
                    return " ".join(run)
    if labels:
        return labels[0].capitalize()
    match = re.search(
        r"\b(?:with|at)\s+(?P<name>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*)",
        invite.summary,
    )
    people = {p.name.casefold() for p in invite.people}
    if invite.organizer:
        people.add(invite.organizer.name.casefold())
    if match and match["name"].casefold() not in people:
        return match["name"]
    return ""


def _role_guess(title: str, company: str) -> str:
    """The part of the title that names a job, without the company or round words."""
    company_words = _company_words(company)
    for part in SEPARATORS.split(title):
        part = part.strip(" -–—")
        if not part or not ROLE_WORDS.search(part):
            continue
        if company_words and _contains(_words(part), company_words):
            part = re.sub(re.escape(company), "", part, flags=re.IGNORECASE)
        part = " ".join(NOT_ROLE_WORDS.sub(" ", part).split()).strip(" -–—,")
        if part and ROLE_WORDS.search(part):
            return part
    return ""


# 4. People -------------------------------------------------------------------------------


def _people(user, invite: ParsedInvite, *, company: str, application):
    """Formset rows for people not yet met at the application; ids of those who were."""
    known = []
    if company:
        known = list(
            Interviewer.objects.for_user(user)
            .filter(application__company__iexact=company)
            .order_by("-created_at", "-id")[:PEOPLE_LIMIT]
        )
    by_email = {p.email.casefold(): p for p in reversed(known) if p.email}
    by_name = {p.name.casefold(): p for p in reversed(known)}
    rows, returning = [], []
    for person in invite.people:
        met = by_email.get(person.email.casefold()) or by_name.get(
            person.name.casefold()
        )
        if (
            met is not None
            and application is not None
            and met.application_id == (application.pk)
        ):
            if met.pk not in returning:
                returning.append(met.pk)
            continue
        rows.append(
            {
                "name": met.name if met else person.name,
                "title": met.title if met else "",
                "email": person.email or (met.email if met else ""),
                "is_coordinator": met.is_coordinator if met else False,
            }
        )
    return rows, returning


# The session --------------------------------------------------------------------------


def invite_prefill_store(*, session, prefill: InvitePrefill) -> str:
    """Keep a pre-fill for the log form; returns the key its URL carries."""
    stored = dict(session.get(SESSION_KEY, {}))
    while len(stored) >= SESSION_LIMIT:
        stored.pop(next(iter(stored)))
    key = secrets.token_urlsafe(12)
    stored[key] = asdict(prefill)
    session[SESSION_KEY] = stored
    return key


def invite_prefill_load(*, session, key: str) -> InvitePrefill | None:
    found = session.get(SESSION_KEY, {}).get(key or "")
    return InvitePrefill(**found) if found else None


def invite_prefill_forget(*, session, key: str) -> None:
    stored = dict(session.get(SESSION_KEY, {}))
    if stored.pop(key, None) is not None:
        session[SESSION_KEY] = stored


def invite_attach(*, interview: Interview, prefill: InvitePrefill) -> InterviewInvite:
    """Remember the invite a saved interview came from: its join link and identity."""
    invite, _ = InterviewInvite.objects.update_or_create(
        interview=interview,
        defaults={
            "owner_id": interview.owner_id,
            "uid": prefill.uid,
            "sequence": prefill.sequence,
            "summary": prefill.summary,
            "join_url": prefill.join_url,
            "location": prefill.location,
        },
    )
    return invite


def interview_for_invite_uid(*, user, uid: str) -> Interview | None:
    """The interview already made from an invite with this UID, if any."""
    if not uid:
        return None
    found = (
        InterviewInvite.objects.for_user(user)
        .filter(uid=uid)
        .select_related("interview__application")
        .first()
    )
    return found.interview if found else None
