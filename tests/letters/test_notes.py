"""Notes as people type them: each shape recognised, tidied, and pointed at its reader."""

import pytest

from letters.notes import Shape, reader_names, shape_note, tidy

N, C, M, P, Q, A = (
    Shape.NOUN,
    Shape.CLAUSE,
    Shape.MINE,
    Shape.PLAN,
    Shape.QUESTION,
    Shape.ASKING,
)
DETAIL, TOPICS, LEARNED = "specific_detail", "topics", "learned"
CHALLENGE, HOW = "challenge", "how_to_meet_challenge"
QUESTION, MATERIALS = "open_question", "materials"

# (typed, slot, reader, shape, text as the letter will use it)
SHAPES = [
    # noun phrases
    ("the carrier scorecard", DETAIL, "", N, "the carrier scorecard"),
    ("The carrier scorecard.", DETAIL, "", N, "the carrier scorecard"),
    ("your story about moving billing to event sourcing", DETAIL, "", N,
     "your story about moving billing to event sourcing"),
    ("the whiteboard session where we sketched a schema", DETAIL, "", N,
     "the whiteboard session where we sketched a schema"),
    ("detailed walkthrough of the data model", DETAIL, "", N,
     "detailed walkthrough of the data model"),
    ("Too many handoffs between teams.", CHALLENGE, "", N,
     "too many handoffs between teams"),
    ("the nightly batch jobs that slow down every March", CHALLENGE, "", N,
     "the nightly batch jobs that slow down every March"),
    ("late trucks", CHALLENGE, "", N, "late trucks"),
    ("your question about the worst outage I have handled", DETAIL, "", N,
     "your question about the worst outage I have handled"),
    ("references from two engineers I mentored", MATERIALS, "", N,
     "references from two engineers I mentored"),
    ("the spreadsheet model I built for carrier costs", MATERIALS, "", N,
     "the spreadsheet model I built for carrier costs"),
    ("changes in the release plan", TOPICS, "", N, "changes in the release plan"),
    ("A short case study..", MATERIALS, "", N, "a short case study"),
    ("Smith & Sons Ltd.. contract review", MATERIALS, "", N,
     "Smith & Sons Ltd. contract review"),
    ("Fernway's intake form", DETAIL, "", N, "Fernway's intake form"),
    ("The Guardian piece on hiring", TOPICS, "", N, "the Guardian piece on hiring"),
    ("SLAs, the carrier scorecard, weekend cover", TOPICS, "", N,
     "SLAs, the carrier scorecard and weekend cover"),
    ("returns, damaged stock and the claims backlog", TOPICS, "", N,
     "returns, damaged stock and the claims backlog"),
    ("my portfolio, esp. the Kite case study", MATERIALS, "", N,
     "my portfolio, especially the Kite case study"),
    ("  references   from my last two managers ", MATERIALS, "", N,
     "references from my last two managers"),
    ("- the on-call rota", TOPICS, "", N, "the on-call rota"),
    ("Kafka", TOPICS, "", N, "Kafka"),
    ("SQL window functions", TOPICS, "", N, "SQL window functions"),
    # activities (-ing), and a bare verb read as one
    ("sketching the schema together", DETAIL, "", N, "sketching the schema together"),
    ("keeping contracts stable while three teams ship changes", CHALLENGE, "", N,
     "keeping contracts stable while three teams ship changes"),
    ("onboarding six engineers without slowing delivery", CHALLENGE, "", N,
     "onboarding six engineers without slowing delivery"),
    ("review the roadmap together", DETAIL, "", N, "reviewing the roadmap together"),
    ("hear back by friday", "next_step", "", N, "hearing back by Friday"),
    # clauses with a subject of their own
    ("the team plans to double in size next year", LEARNED, "", C,
     "the team plans to double in size next year"),
    ("the platform team owns its services end to end", LEARNED, "", C,
     "the platform team owns its services end to end"),
    ("engineers spend one day each sprint on tooling", LEARNED, "", C,
     "engineers spend one day each sprint on tooling"),
    ("people leave after a year", CHALLENGE, "", C, "people leave after a year"),
    ("the stock counts in the system drift away", CHALLENGE, "", C,
     "the stock counts in the system drift away"),
    ("pricing and underwriting share one backlog", LEARNED, "", C,
     "pricing and underwriting share one backlog"),
    ("design team is 4 ppl, reports to the CPO.", LEARNED, "", C,
     "the design team is 4 people and reports to the CPO"),
    ("they ship a new routing model every quarter.", LEARNED, "", C,
     "they ship a new routing model every quarter"),
    ("we talked for ages about the Leeds site", TOPICS, "", C,
     "we talked for ages about the Leeds site"),
    ("there is no analyst on the night shift", CHALLENGE, "", C,
     "there is no analyst on the night shift"),
    # fragments led by a verb
    ("asked me to sketch the schema live", DETAIL, "", C,
     "you asked me to sketch the schema live"),
    ("Asked me to sketch the schema live.", DETAIL, "", C,
     "you asked me to sketch the schema live"),
    ("walked me through the roadmap", DETAIL, "Dana Fischer", C,
     "you walked me through the roadmap"),
    ("ships to customers every friday", LEARNED, "", C,
     "the team ships to customers every Friday"),
    ("rebuilt the intake form at Fernway", HOW, "", M,
     "I rebuilt the intake form at Fernway"),
    ("start with an audit of the handoffs", HOW, "", P,
     "I would start with an audit of the handoffs"),
    ("send the deck from the pilot", MATERIALS, "", P,
     "I would send the deck from the pilot"),
    ("would start by mapping every handoff", HOW, "", P,
     "I would start by mapping every handoff"),
    # second person, and the reader in the third person
    ("you showed me the new warehouse map", DETAIL, "", C,
     "you showed me the new warehouse map"),
    ("u mentioned the redesign is top priority", DETAIL, "", C,
     "you mentioned the redesign is top priority"),
    ("She showed me the new map.", DETAIL, "Dana Fischer", C,
     "you showed me the new map"),
    ("she describes her team's rota", DETAIL, "Mia Holt", C,
     "you describe your team's rota"),
    ("he was late because of a fire drill", DETAIL, "Tom Reyes", C,
     "you were late because of a fire drill"),
    ("Dana walked me through the new warehouse map.", DETAIL, "Dana Fischer", C,
     "you walked me through the new warehouse map"),
    ("Jörg came back with a harder question", DETAIL, "Jörg Weber", C,
     "you came back with a harder question"),
    ("Dr. Whitaker's question about the pilot", DETAIL, "Dr. Sam Whitaker", N,
     "your question about the pilot"),
    ("she said the backlog halved", LEARNED, "Priya Nair", C, "the backlog halved"),
    ("she showed me the map", DETAIL, "", C, "she showed me the map"),
    # the writer: experience and plans
    ("I rebuilt the intake form at my last job.", HOW, "", M,
     "I rebuilt the intake form at my last job"),
    ("i led a booking flow redesign at Kite.", HOW, "", M,
     "I led a booking flow redesign at Kite"),
    ("At Fernway i cut handoffs by half", HOW, "", M,
     "at Fernway I cut handoffs by half"),
    ("I have forecast peaks for a grocery client", HOW, "", M,
     "I have forecast peaks for a grocery client"),
    ("I enjoyed the whiteboard session", DETAIL, "", M,
     "I enjoyed the whiteboard session"),
    ("I would start with an audit", HOW, "", P, "I would start with an audit"),
    ("I'd pair each new hire with a buddy", HOW, "", P,
     "I'd pair each new hire with a buddy"),
    ("my plan is to run both schedulers side by side", HOW, "", P,
     "I would run both schedulers side by side"),
    ("I can send the notebook", MATERIALS, "", P, "I can send the notebook"),
    ("In my next role I would start with the data", HOW, "", P,
     "in my next role I would start with the data"),
    # questions asked, with or without "?"
    ("How does the team decide which services move first?", QUESTION, "", Q,
     "how does the team decide which services move first"),
    ("how does the team decide which services move first", QUESTION, "", Q,
     "how does the team decide which services move first"),
    ("is there an on-call rota for new joiners", QUESTION, "", Q,
     "is there an on-call rota for new joiners"),
    ("Would the analyst role own the claims dashboard?", QUESTION, "", Q,
     "would the analyst role own the claims dashboard"),
    ("do you expect the role to travel??", QUESTION, "", Q,
     "do you expect the role to travel"),
    ("how many people are on the team", QUESTION, "", Q,
     "how many people are on the team"),
    ("the team's plans for next year?", QUESTION, "", Q, "the team's plans for next year"),
    # questions reported
    ("whether contract checks live in each repo", QUESTION, "", A,
     "whether contract checks live in each repo"),
    ("how success in the first six months would be measured", QUESTION, "", A,
     "how success in the first six months would be measured"),
    ("what the first 90 days would look like", QUESTION, "", A,
     "what the first 90 days would look like"),
    ("if the team is hiring again in spring", QUESTION, "", A,
     "if the team is hiring again in spring"),
    ("how much of the forecasting is done in Excel vs Python", QUESTION, "", A,
     "how much of the forecasting is done in Excel vs Python"),
    ("how to keep both schedulers in step", CHALLENGE, "", A,
     "how to keep both schedulers in step"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "slot", "reader", "shape", "text"), SHAPES)
def test_each_note_shape_is_recognised_and_tidied(typed, slot, reader, shape, text):
    note = shape_note(typed, slot=slot, reader=reader)

    assert (note.shape, note.text) == (shape, text), note.rule


def test_the_table_covers_every_shape_with_sixty_notes_or_more():
    assert len(SHAPES) >= 60
    assert {row[3] for row in SHAPES} == set(Shape)


@pytest.mark.parametrize(
    ("typed", "tidied"),
    [
        ("i think i'm ready", "I think I'm ready"),
        ("Works at Smith & Sons Ltd", "works at Smith & Sons Ltd."),
        ("great call,, thanks!!", "great call, thanks"),
        ("the roadmap …", "the roadmap"),
        ("ppl, u, ur team, thx", "people, you, your team, thanks"),
        ("the iPhone app", "the iPhone app"),
        ("McKinsey's report", "McKinsey's report"),
        ("Ana's team", "Ana's team"),
        ("   ", ""),
        ("the review on monday in june", "the review on Monday in June"),
        ("the March release", "the March release"),
        ("Python and Excel skills", "Python and Excel skills"),
        ("Excel vs Python", "Excel vs Python"),
        ("Notion pages for onboarding", "Notion pages for onboarding"),
        ("Great question on pricing", "great question on pricing"),
        ("a field with\u00a0odd   spacing , here", "a field with odd spacing, here"),
        ("عرض المشروع", "عرض المشروع"),
    ],
)
def test_tidying_keeps_facts_and_proper_nouns(typed, tidied):
    assert tidy(typed)[0] == tidied


def test_a_question_mark_is_remembered_after_tidying():
    assert tidy("why so?")[1] is True
    assert tidy("why so")[1] is False


def test_the_reader_is_recognised_by_any_of_their_names():
    names = reader_names("Dr. Sam Whitaker")
    assert names[0] == "Dr. Sam Whitaker"
    assert set(names) == {
        "Dr. Sam Whitaker",
        "Dr. Whitaker",
        "Sam Whitaker",
        "Whitaker",
        "Sam",
    }
    note = shape_note(
        "Whitaker asked about my thesis", slot=DETAIL, reader="Dr. Sam Whitaker"
    )
    assert note.text == "you asked about my thesis"


def test_a_ten_thousand_character_note_is_shaped_whole():
    typed = "the warehouse map " * 600

    note = shape_note(typed, slot=DETAIL)

    assert note.text == typed.strip()


def test_a_plan_knows_its_predicate():
    assert shape_note("I'd pair new hires", slot=HOW).predicate == "pair new hires"
    assert (
        shape_note("start with an audit", slot=HOW).predicate == "start with an audit"
    )
