"""Interview logs for the drafting and checklist tests: realistic, and nearly empty."""

import datetime as dt

from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    ParticipationFactory,
    UserFactory,
)

# Three people met at one company, each with notes of their own.
PEOPLE = [
    {
        "name": "Ana Rivera",
        "title": "Head of Data Platform",
        "greeting": "formal",
        "notes": {
            "specific_detail": "your story about moving the billing pipeline to event "
            "sourcing in six weeks",
            "topics": "the on-call rotation, code review habits and the roadmap for "
            "the reporting service",
            "learned": "the platform team owns its services end to end, from design "
            "to on-call",
            "challenge": "the nightly batch jobs that slow down every March when tax "
            "reports peak",
            "how_to_meet_challenge": "I moved a similar batch pipeline to incremental "
            "processing at Fintrail and cut its runtime from six hours to forty minutes",
            "open_question": "How does the team decide which services move to the new "
            "platform first?",
            "materials": "the design document from the Fintrail pipeline migration",
            "link_to_share": "https://example.org/articles/incremental-batch-processing",
        },
    },
    {
        "name": "Ben Okafor",
        "title": "Staff Engineer",
        "greeting": "first_name",
        "notes": {
            "specific_detail": "the whiteboard session where we sketched a schema for "
            "late-arriving events",
            "topics": "data contracts between teams and testing strategies for "
            "streaming jobs",
            "learned": "engineers spend one day each sprint on tooling and documentation",
            "challenge": "keeping data contracts stable while three product teams ship "
            "changes every week",
            "how_to_meet_challenge": "I introduced schema checks in CI at my last job, "
            "which stopped breaking changes before they reached production",
            "open_question": "whether contract checks would live in each team's "
            "repository or in a shared one",
            "materials": "a short write-up of the schema-check tooling and two example "
            "pull requests",
            "link_to_share": "https://example.org/blog/data-contracts-in-practice",
        },
    },
    {
        "name": "Chloe Nguyen",
        "title": "Engineering Manager",
        "greeting": "formal",
        "notes": {
            "specific_detail": "your question about the hardest trade-off I made as a "
            "tech lead",
            "topics": "mentoring junior engineers, hiring plans and how projects are "
            "staffed",
            "learned": "the team plans to double in size next year and wants people "
            "who enjoy mentoring",
            "challenge": "onboarding six new engineers without slowing down delivery",
            "how_to_meet_challenge": "I set up a buddy system and a starter project "
            "track that brought new hires to their first production change within "
            "two weeks",
            "open_question": "how success in the first six months would be measured",
            "materials": "references from two engineers I mentored",
            "link_to_share": "",
        },
    },
]

# What the user noted for the day as a whole (team letters, the coordinator's note).
INTERVIEW_NOTES = {
    "specific_detail": "the live review of last month's outage in the operations room",
    "topics": "how the data platform supports the finance and reporting teams",
    "learned": "every engineer joins the incident rota after three months",
    "challenge": "replacing a ten-year-old reporting warehouse without downtime",
    "how_to_meet_challenge": "I led a warehouse migration with parallel runs and "
    "daily reconciliation, finishing with no reporting gaps",
    "open_question": "what the first quarter in the role would focus on",
    "materials": "a case study of that warehouse migration",
    "link_to_share": "https://example.org/talks/zero-downtime-warehouse-moves",
}

EMPTY_NOTES = {field: "" for field in INTERVIEW_NOTES}


def make_user(**kwargs):
    values = {
        "email": "alice@example.com",
        "full_name": "Alice Martin",
        "signature": "Alice Martin",
        "phone": "+49 30 1234567",
        "links": "https://www.linkedin.com/in/alice-martin-example",
    }
    values.update(kwargs)
    return UserFactory(**values)


def make_application(owner=None, **kwargs):
    values = {
        "company": "Northwind Analytics",
        "role": "Senior Data Engineer",
        "next_step": "a decision by the end of next week",
        "decision_expected_on": dt.date(2026, 12, 4),
    }
    values.update(kwargs)
    return ApplicationFactory(owner=owner or make_user(), **values)


def make_interview(application, *, stage="first", people=1, notes=None, **kwargs):
    """An interview of this stage with the first `people` of PEOPLE, notes filled in."""
    interview = InterviewFactory(
        application=application,
        stage=stage,
        ends_at=dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC),
        timezone="Europe/Berlin",
        **(INTERVIEW_NOTES if notes is None else notes),
        **kwargs,
    )
    for position, person in enumerate(PEOPLE[:people]):
        interviewer = application.interviewers.filter(
            name=person["name"]
        ).first() or InterviewerFactory(
            application=application,
            name=person["name"],
            title=person["title"],
            email=f"{person['name'].split()[0].lower()}@northwind.example",
        )
        ParticipationFactory(
            interview=interview,
            interviewer=interviewer,
            position=position,
            greeting=person["greeting"],
            **(person["notes"] if notes is None else notes),
        )
    return interview


def make_coordinator(application):
    return InterviewerFactory(
        application=application,
        name="Dana Fischer",
        title="Talent Partner",
        email="dana@northwind.example",
        is_coordinator=True,
    )


# What the same people said in later rounds: new conversations, new notes.
LATER_ROUNDS = {
    "second": {
        "Ana Rivera": {
            "specific_detail": "the tour of the new observability dashboards",
            "learned": "the team retires one legacy job every sprint",
            "challenge": "alert fatigue on the night rota",
            "how_to_meet_challenge": "I cut paging alerts by two thirds at Fintrail "
            "by grouping them per service",
            "open_question": "who owns the alert rules today",
        },
        "Ben Okafor": {
            "specific_detail": "you asked me to review a real pull request from last week",
            "learned": "code review is expected within one working day",
            "challenge": "reviews that stall when the author is in another timezone",
            "how_to_meet_challenge": "I would pair authors across timezones for the "
            "first month",
            "open_question": "is there a written review guide",
        },
    },
    "panel": {
        "Ana Rivera": {
            "specific_detail": "your question about the worst outage I have handled",
            "learned": "every incident review is public inside the company",
            "challenge": "post-mortems that never turn into fixes",
            "how_to_meet_challenge": "At Fintrail I tracked post-mortem actions on "
            "one board and closed nine of ten within a month",
            "open_question": "how are incident actions prioritised against features",
        },
        "Ben Okafor": {
            "specific_detail": "the debate about exactly-once delivery",
            "learned": "streaming jobs are tested against replayed production traffic",
            "challenge": "replays that take a whole night to run",
            "how_to_meet_challenge": "sampled replays that finish in under an hour",
            "open_question": "whether replays run on every merge",
        },
        "Chloe Nguyen": {
            "specific_detail": "hearing how you grew two engineers into tech leads",
            "learned": "every engineer has a written growth plan",
            "challenge": "finding time for mentoring during busy quarters",
            "how_to_meet_challenge": "I blocked one afternoon a week for mentoring "
            "and kept it even during launches",
            "open_question": "how mentoring is recognised in reviews",
        },
    },
    "final": {
        "Ana Rivera": {
            "specific_detail": "sketching the first ninety days together",
            "learned": "the new hire would lead the warehouse migration",
            "challenge": "moving reports without a freeze",
            "how_to_meet_challenge": "I would run old and new reports side by side for "
            "a month",
            "open_question": "when the migration is meant to start",
        },
        "Ben Okafor": {
            "specific_detail": "you walked me through the on-call handbook",
            "learned": "on-call weeks come with a day off afterwards",
            "challenge": "an on-call handbook that is out of date",
            "how_to_meet_challenge": "I rewrote our runbooks at my last job and "
            "linked each alert to one",
            "open_question": "who keeps the handbook current",
        },
    },
}


def later_round_notes(interview):
    """Give the people of a later round the notes of that round's conversation."""
    for participation in interview.participations.select_related("interviewer"):
        notes = LATER_ROUNDS.get(interview.stage, {}).get(
            participation.interviewer.name
        )
        if notes:
            for field, value in notes.items():
                setattr(participation, field, value)
            participation.save()
