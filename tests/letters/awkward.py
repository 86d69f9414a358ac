"""Logs typed the way people really type: fragments, verbs first, "i", "ppl", full stops,
questions without "?", the reader in the third person, very long notes, six people at
one company. Written for issue 13; every note here is made up."""

import datetime as dt

from tests.factories import InterviewerFactory, InterviewFactory, ParticipationFactory
from tests.letters.logs import EMPTY_NOTES, make_application, make_user

SMITH_PEOPLE = [
    (
        "Dr. Sam Whitaker",
        "formal",
        {
            "specific_detail": "Asked me to sketch the schema for late orders live.",
            "topics": "SLAs, the carrier scorecard, weekend cover",
            "learned": "they ship a new routing model every quarter.",
            "challenge": "Too many handoffs between the day and night shift.",
            "how_to_meet_challenge": "At Fernway i cut handoffs by half with one "
            "shared board.",
            "open_question": "how do new analysts get access to production data",
            "materials": "A short case study on the Fernway board..",
            "link_to_share": "https://example.org/blog/fewer-handoffs-in-warehouses",
        },
    ),
    (
        "Dana Fischer",
        "first_name",
        {
            "specific_detail": "Dana walked me through the new warehouse map.",
            "learned": "The team plans to open a second site in Leeds next spring",
            "challenge": "the carrier scorecard is rebuilt by hand every monday",
            "how_to_meet_challenge": "I would start with an audit of which columns "
            "anyone actually reads",
            "open_question": "Is the Leeds site run by the same team",
            "materials": "the spreadsheet model i built for carrier costs",
        },
    ),
    (
        "Jörg Weber",
        "formal",
        {
            "specific_detail": "Jörg came back with a harder version of the routing "
            "question.",
            "learned": "everyone rotates through the warehouse floor in their first "
            "month",
            "challenge": "late trucks",
            "how_to_meet_challenge": "rebuilt the dock schedule at my last job so late "
            "trucks no longer blocked loading",
            "open_question": "what the first 90 days would look like",
            "materials": "references from my last two managers",
        },
    ),
    (
        "Priya Nair",
        "first_name",
        {
            "specific_detail": "you showed me how the returns desk triages damaged "
            "parcels",
            "topics": "returns, damaged stock and the claims backlog",
            "learned": "she said the claims backlog halved after they hired a second "
            "analyst",
            "challenge": "ppl leave the claims desk after a year bc the work is "
            "repetitive",
            "how_to_meet_challenge": "automate the first pass of the claims triage",
            "open_question": "Would the analyst role own the claims dashboard?",
        },
    ),
    (
        "Marcus O'Neill",
        "first_name",
        {
            "specific_detail": "I enjoyed the whiteboard session on forecasting peak "
            "season",
            "challenge": "forecasting peak season volumes when the big clients change "
            "their promotions late",
            "how_to_meet_challenge": "I have forecast promotion-driven peaks for a "
            "grocery client using weekly scenario runs",
            "open_question": "how much of the forecasting is done in Excel vs Python",
            "materials": "send the forecasting notebook with the client data removed",
            "link_to_share": "https://example.org/p/8812",
        },
    ),
    (
        "Li Wei",
        "formal",
        {
            "specific_detail": "She described how her team moved the batch jobs to the "
            "new scheduler.",
            "topics": "on-call, the scheduler migration.",
            "learned": "the scheduler migration finished two weeks early",
            "challenge": "how to keep the old and new scheduler in step during the "
            "switch",
            "how_to_meet_challenge": "my plan is to run both schedulers side by side "
            "for a week and compare the outputs daily",
            "open_question": "whether the analysts join the on-call rota",
            "materials": "the runbook I wrote for a similar cut-over",
        },
    ),
]

LONG_NOTES = {
    "specific_detail": "your story about the week the old warehouse system went down "
    "during the January sale and the whole team moved to paper pick lists, which "
    "meant that every order had to be checked twice by hand and the night shift "
    "stayed on until six in the morning to clear the backlog before the trucks left",
    "topics": "the roadmap for the new warehouse system, how the analysts and the "
    "engineers split the work on reporting, what a normal week looks like, how "
    "priorities are set each quarter, and how much of the job is meetings versus "
    "hands-on analysis with the data",
    "learned": "the analytics team sits with operations on the warehouse floor two "
    "days a week so that every report is built with the people who use it, and "
    "nobody ships a dashboard without a named owner on the operations side who "
    "agrees to read it every morning",
    "challenge": "the stock counts in the system drift away from what is actually "
    "on the shelves over a few weeks, so the team runs a full manual count every "
    "month, which closes the warehouse for a day and costs a lot of overtime",
    "how_to_meet_challenge": "At Kite Retail I set up rolling cycle counts of the "
    "fifty most picked locations every night and a simple drift report that "
    "flagged locations where the count and the system disagreed by more than two "
    "units, which let us stop the monthly full count within a quarter",
    "open_question": "how the team decides which reports to retire when nobody "
    "reads them any more and whether analysts have a say in that decision",
    "materials": "the drift report template and a two-page write-up of how the "
    "cycle counts were scheduled",
    "link_to_share": "https://example.org/articles/cycle-counting-without-closing",
}


def add_person(application, interview, position, name, greeting, notes, **kwargs):
    interviewer = application.interviewers.filter(
        name=name
    ).first() or InterviewerFactory(
        application=application,
        name=name,
        title="",
        email=f"person{position}@example.com",
        **kwargs,
    )
    ParticipationFactory(
        interview=interview,
        interviewer=interviewer,
        position=position,
        greeting=greeting,
        **{**EMPTY_NOTES, **notes},
    )


def done_interview(application, stage, notes=None, **kwargs):
    return InterviewFactory(
        application=application,
        stage=stage,
        ends_at=dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC),
        timezone="Europe/London",
        **{**EMPTY_NOTES, **(notes or {})},
        **kwargs,
    )


def smith_round(user=None):
    """Six people met in one second round at a company with an abbreviation."""
    application = make_application(
        owner=user or make_user(email="sam@example.com", full_name="Robin Hale",
                                signature="Robin Hale", phone="", links=""),
        company="Smith & Sons Ltd.",
        role="Operations Analyst",
        next_step="",
    )  # fmt: skip
    interview = done_interview(application, "second")
    for position, (name, greeting, notes) in enumerate(SMITH_PEOPLE):
        add_person(application, interview, position, name, greeting, notes)
    return interview


def lowercase_screen(user):
    application = make_application(
        owner=user, company="Lumen Health", role="Product Designer",
        next_step="hear back by friday",
    )  # fmt: skip
    interview = done_interview(application, "screen", format="phone")
    add_person(
        application, interview, 0, "Ana Rivera", "first_name",
        {
            "specific_detail": "u mentioned the redesign of the booking flow is top "
            "priority",
            "learned": "design team is 4 ppl, reports to the CPO.",
            "how_to_meet_challenge": "i led a booking flow redesign at Kite that "
            "lifted completion by 12%.",
            "materials": "my portfolio, esp. the Kite case study",
        },
    )  # fmt: skip
    return interview


def long_first(user):
    application = make_application(
        owner=user, company="Harbour Freight Co", role="Inventory Analyst"
    )
    interview = done_interview(application, "first")
    add_person(application, interview, 0, "Mei Tanaka", "formal", LONG_NOTES)
    return interview


def panel_team(user):
    application = make_application(
        owner=user, company="Orbit Insurance", role="Pricing Analyst"
    )
    return done_interview(
        application,
        "panel",
        notes={
            "specific_detail": "grilled me on the pricing model for an hour.",
            "learned": "pricing and underwriting share one backlog",
            "challenge": "quotes take three days because of manual checks",
            "how_to_meet_challenge": "At my last job I automated the first round of "
            "quote checks and we went from three days to one",
            "open_question": "Does the panel decide together or does the hiring "
            "manager decide",
            "materials": "the pricing model walkthrough deck",
        },
    )


def final_with_coordinator(user):
    application = make_application(
        owner=user, company="Sato Labs", role="Imaging Scientist",
        decision_expected_on=dt.date(2026, 12, 4),
    )  # fmt: skip
    InterviewerFactory(
        application=application, name="Tom Reyes", title="Recruiter",
        email="tom@example.com", is_coordinator=True,
    )  # fmt: skip
    interview = done_interview(
        application, "final", notes={"learned": "they publish every method as "
                                     "open source"}
    )  # fmt: skip
    add_person(
        application, interview, 0, "Dr. Hana Sato", "formal",
        {
            "specific_detail": "Showed me the lab's new imaging rig.",
            "learned": "they publish every method as open source",
            "challenge": "keeping imaging throughput up while the rig is recalibrated",
            "how_to_meet_challenge": "I would schedule calibrations into the night "
            "runs",
            "open_question": "when does the team expect to decide.",
            "materials": "two sample analyses.",
        },
    )  # fmt: skip
    return interview
