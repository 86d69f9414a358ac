"""The sentences a letter is built from, one list per slot and note shape.

A frame is a Python format string over fixed names: {n} the note mid-sentence, {N} the
note starting a sentence, {q} a question as asked (with its "?"), {p} a plan without its
"I would", plus {role}, {company}, {format_noun}, {others}, {topic}, {url}, {references}.
User text only ever fills a name; it is never a format string itself.

Every list a letter may draw on has at least VARIANTS entries for the shapes people type
most, so six letters to one company can each take different words. Only the link frames
use a colon, so a letter never has more than one colon join.
"""

from letters.notes import Shape

VARIANTS = 6  # phrasings per thank-you kind; letters to one company take them in turn

N, C, M, P, Q, A = (
    Shape.NOUN,
    Shape.CLAUSE,
    Shape.MINE,
    Shape.PLAN,
    Shape.QUESTION,
    Shape.ASKING,
)

# -- openings: thanks, the role and the company -----------------------------------------

OPENINGS = {
    "screen": (
        "Thank you for taking the time to speak with me about the {role} role at {company}.",
        "Many thanks for the {format_noun} about the {role} position at {company}.",
        "I appreciated our {format_noun} about the {role} opening at {company}, and thank "
        "you for making the time.",
        "Thanks again for walking me through the {role} role at {company}.",
        "It was good to speak with you about the {role} position at {company}, and thank "
        "you for your time.",
        "Thank you for a helpful first {format_noun} about the {role} role at {company}.",
    ),
    "first": (
        "Thank you for your time and for telling me more about the {role} role at "
        "{company}.",
        "Thank you for meeting with me about the {role} position at {company}.",
        "I appreciated the chance to talk with you about the {role} role at {company}, "
        "and thank you for the time you gave me.",
        "Thank you for our conversation about the {role} role at {company}.",
        "It was a pleasure to talk with you about the {role} position at {company}, and "
        "thank you for your time.",
        "Thank you for interviewing me for the {role} role at {company}.",
    ),
    "second": (
        "Thank you for meeting with me again about the {role} role at {company}.",
        "Thank you for your time during my second interview for the {role} position at "
        "{company}.",
        "Thank you for another thoughtful conversation about the {role} role at "
        "{company}.",
        "I am grateful for the time you gave me in the second round for the {role} role "
        "at {company}.",
        "Thank you for showing me more of {company} during the second round for the "
        "{role} role.",
        "It was good to pick up the conversation about the {role} position at {company} "
        "again, and thank you for your time.",
    ),
    "panel": (
        "Thank you for sitting on the panel for the {role} role at {company}.",
        "Thank you for your time on the interview panel for the {role} position at "
        "{company}.",
        "I appreciated the time you spent with me on the {role} panel at {company}.",
        "Thank you for your questions during the panel interview for the {role} role at "
        "{company}.",
        "Thank you for being part of the panel for the {role} position at {company}.",
        "I am grateful for your time on the {role} panel at {company}.",
    ),
    "final": (
        "Thank you for your time during the final round for the {role} role at "
        "{company}.",
        "Thank you for meeting with me in the last round of interviews for the {role} "
        "position at {company}.",
        "I am grateful for the time you gave me in the final stage of the {role} process "
        "at {company}.",
        "Thank you for our conversation in the final round for the {role} role at "
        "{company}.",
        "Thank you for seeing me in the final round for the {role} position at "
        "{company}.",
        "Thank you for making time for me in the final round for the {role} role at "
        "{company}.",
    ),
}

# -- closings: interest, and the next step the stage calls for --------------------------

CLOSINGS = {
    "screen": (
        "I am keen to continue the process and look forward to hearing from you.",
        "I would welcome the chance to take the next step with you.",
        "I remain very interested and look forward to the next conversation.",
        "I hope we can keep talking, and I look forward to hearing about next steps.",
        "I am very interested in the role and would be glad to move on to the next stage.",
        "I look forward to hearing from you about the next stage.",
    ),
    "first": (
        "I am very interested in the role and look forward to hearing about the next "
        "steps.",
        "The conversation made me keener on the role, and I hope to hear from you soon.",
        "I would be glad to continue the conversation, and I look forward to hearing "
        "from you.",
        "I remain very interested in joining {company} and look forward to the next "
        "steps.",
        "I hope we can talk again soon about the next stage.",
        "I am excited about the role and look forward to hearing how things move "
        "forward.",
    ),
    "second": (
        "The day left me keener than ever on the role, and I look forward to what comes "
        "next.",
        "I would very much like to join you, and I am ready for whatever step comes next.",
        "I left more enthusiastic than when I arrived, and I hope to continue the "
        "conversation soon.",
        "I came away even more interested in joining {company}, and I look forward to "
        "hearing from you.",
        "Seeing more of how the team works made me want the role even more, and I would "
        "be glad to take the next step.",
        "I hope to keep the conversation going and look forward to hearing from you.",
    ),
    "panel": (
        "I am very interested in joining {company} and look forward to the next steps.",
        "I would be glad to continue the conversation and look forward to hearing from "
        "you.",
        "The session made me keener on the role, and I hope to hear from you soon.",
        "I remain very interested and look forward to the next stage.",
        "I look forward to hearing about the next steps.",
        "I hope to have the chance to work with you, and I look forward to hearing from "
        "you.",
    ),
    "final": (
        "I am ready for the next steps and look forward to hearing from you.",
        "I am ready to move forward whenever you are.",
        "I look forward to the next steps and would be delighted to join you.",
        "I would be glad to join the team and can move quickly on whatever comes next.",
        "I want this job more than ever, and I am ready for whatever comes next.",
        "I hope to hear from you soon, and I am ready to take the next step.",
    ),
}

# -- the notes --------------------------------------------------------------------------

DETAIL = {
    N: (
        "I particularly enjoyed {n}.",
        "{N} has stayed with me since we spoke.",
        "I keep coming back to {n}.",
        "For me, the highlight was {n}.",
        "I am still thinking about {n}.",
        "{N} was the part I enjoyed most.",
    ),
    C: (
        "I particularly enjoyed the moment when {n}.",
        "I keep thinking back to when {n}.",
        "The highlight for me was when {n}.",
        "The moment when {n} has stayed with me.",
        "I am still thinking about the moment {n}.",
        "One of the best moments was when {n}.",
    ),
    M: ("{N}, and I have been thinking about it since.", "{N}."),
    A: (
        "I enjoyed hearing {n}.",
        "I keep thinking about {n}.",
        "It was good to hear {n}.",
    ),
    Q: (
        "Your question “{q}” has stayed with me.",
        "I have kept thinking about your question “{q}” since we spoke.",
        "I enjoyed working through your question “{q}”",
    ),
}
DETAIL[P] = DETAIL[M]

TOPICS = {
    N: (
        "It was good to talk through {n} as well.",
        "I also enjoyed our talk about {n}.",
        "Talking about {n} was useful too.",
        "I appreciated the time we spent on {n}.",
        "Our discussion of {n} was helpful too.",
        "I was glad we covered {n}.",
    ),
    C: ("It was good to talk about how {n}.", "I also appreciated hearing that {n}."),
    A: ("It was good to talk about {n}.", "I was glad we covered {n}."),
    Q: ("It was good to talk through the question “{q}” as well.",),
    M: ("{N}.",),
}
TOPICS[P] = TOPICS[M]

LEARNED = {
    N: (
        "I came away knowing more about {n}.",
        "It helped to learn about {n}.",
        "Hearing about {n} gave me a clearer picture of the team.",
        "I was glad to hear about {n}.",
        "Learning about {n} made the role more appealing still.",
        "I had not known about {n} before, and it appeals to me.",
    ),
    C: (
        "I was glad to learn that {n}.",
        "It was good to hear that {n}.",
        "I had not known that {n}, and it makes the role more appealing.",
        "Learning that {n} gave me a clearer picture of the role.",
        "I came away knowing that {n}.",
        "Hearing that {n} made me want the role more.",
    ),
    A: ("It helped to hear {n}.", "I came away understanding {n}."),
    M: ("{N}.",),
    Q: ("I came away with a new question, “{q}”, which I would enjoy exploring.",),
}
LEARNED[P] = LEARNED[M]

CHALLENGE = {
    N: (
        "You were candid about the challenge of {n}.",
        "I have been thinking about the challenge you raised around {n}.",
        "You mentioned {n} as something the team is working through.",
        "I noted what you said about {n}.",
        "You described {n} as a real problem for the team.",
        "You told me about {n}, and I have thought about it since.",
    ),
    C: (
        "You mentioned that {n}.",
        "You were candid that {n}.",
        "I have been thinking about what you said, that {n}.",
        "You explained that {n}.",
        "You told me {n}.",
        "I noted that {n}.",
    ),
    A: (
        "You raised the question of {n}.",
        "I have been thinking about {n}.",
        "We talked about {n}.",
    ),
    Q: (
        "The question you raised, “{q}”, has stayed with me.",
        "You asked “{q}”, and I have been thinking about it since.",
    ),
    M: ("{N}.",),
}
CHALLENGE[P] = CHALLENGE[M]

# How the writer would meet it: experience is told as past and linked to the challenge.
HOW = {
    M: (
        "{N}, and I would bring the same approach here.",
        "{N}, and I would like to bring that experience to {company}.",
        "{N}, and I would start from that experience.",
        "{N}, and I would gladly do it again here.",
        "{N}, and I would like to do the same here.",
        "{N}, which is where I would start here too.",
    ),
    P: (
        "{N}.",
        "If I joined, {n}.",
        "My first step would be to {p}.",
        "In the role, {n}.",
        "Given the chance, {n}.",
        "My plan would be to {p}.",
    ),
    N: (
        "My approach would start with {n}.",
        "I would begin with {n}.",
        "I would tackle it with {n}.",
        "I would bring {n} to it.",
    ),
    C: ("I think {n}.", "From what I have seen, {n}.", "{N}."),
    A: ("I have been thinking about {n}.",),
    Q: ("I would start by asking “{q}”",),
}

QUESTION = {
    Q: (
        "I am still curious about one thing. {q}",
        "I left with one question. {q}",
        "If you have a moment, I would love to know one more thing. {q}",
        "I have one question I did not get to ask. {q}",
        "One more question, if I may. {q}",
        "I would also be glad of your view on something. {q}",
    ),
    A: (
        "I would still like to understand {n}.",
        "I am curious {n}.",
        "I would love to hear {n}.",
        "If you have a moment, I would be glad to know {n}.",
        "I am still wondering {n}.",
        "I would welcome your view on {n}.",
    ),
    N: (
        "I would love to hear more about {n}.",
        "I am curious to learn more about {n}.",
        "I would welcome a word on {n} when you have a moment.",
        "I am still wondering about {n}.",
        "If there is a chance, I would like to hear more about {n}.",
        "I would be glad to know more about {n}.",
    ),
    C: (
        "I would like to know whether {n}.",
        "I am curious whether {n}.",
        "I am still wondering whether {n}.",
    ),
    M: ("{N}, so I would be glad to hear more.",),
}
QUESTION[P] = QUESTION[M]

MATERIALS = {
    N: (
        "I would be glad to send {n}.",
        "If it helps, I can share {n}.",
        "I am happy to send {n} whenever it suits you.",
        "I can send {n} if that would be useful.",
        "If it would help, I can pass on {n}.",
        "I would be happy to share {n}.",
    ),
    P: (
        "I would be glad to {p}.",
        "If it helps, I can {p}.",
        "I am happy to {p} whenever it suits you.",
        "I can {p} if that would be useful.",
        "If it would help, I can {p}.",
        "I would be happy to {p}.",
    ),
    M: ("{N}.",),
    C: ("{N}, and I am happy to send it.",),
    A: ("I would be glad to send more on {n}.",),
    Q: ("{q}",),
}

# A second round must offer more material even when none was noted.
MATERIALS_OFFER = (
    "I would be glad to send work samples or references so you can see how I work.",
    "If it helps your decision, I can share examples of my work or put you in touch "
    "with references.",
    "I can send you samples of my past work or figures from recent projects.",
    "If it would be useful, I can share a portfolio piece or two and the names of "
    "references.",
    "I would be happy to follow up with work samples or references.",
    "If more material would help, I can send examples of my work.",
)

# A final round says references are ready.
REFERENCES = (
    "My references are ready whenever you need them.",
    "I can put you in touch with my references straight away.",
    "References are available whenever they would help.",
    "I have references ready to share at any point.",
    "If references would help, I can send their details straight away.",
    "I am happy to share references whenever you need them.",
)

# A shared link always comes with its reason; {topic} is read from the link's address.
LINK_ON_TOPIC = (
    "In case it is useful, here is the piece on {topic} that I mentioned: {url}",
    "I mentioned a piece on {topic}, and you can find it here: {url}",
    "The article on {topic} I brought up is here: {url}",
    "Since it came up, here is the piece on {topic}: {url}",
    "You may enjoy the piece on {topic} that I mentioned: {url}",
    "Here is the write-up on {topic} I mentioned: {url}",
)
LINK_PLAIN = (
    "Here is the article I mentioned in our conversation, in case it is useful: {url}",
    "I said I would send the piece I mentioned, and here it is: {url}",
    "Following up on our conversation, this is the piece I mentioned: {url}",
)

TEAM_THANKS = (
    "Please pass my thanks on to everyone on the panel.",
    "I would be grateful if you could share my thanks with the whole panel.",
    "Please thank the other panel members on my behalf.",
)

# -- the other kinds --------------------------------------------------------------------

COORDINATOR = {
    "opening": (
        "Thank you for organising the final round for the {role} role at {company}; the "
        "day ran smoothly from start to finish.",
        "Thank you for arranging the final interviews for the {role} position at "
        "{company} and for keeping everything so clear.",
        "I am grateful for the care you took in setting up the final round for the "
        "{role} role at {company}.",
    ),
    "interest": (
        "The day made me even more certain that I want to join the team.",
        "I came away keener than ever on the role.",
        "Meeting everyone made me want the job even more.",
    ),
    "others": (
        "I was glad to meet {others}.",
        "It was good to meet {others}.",
        "I enjoyed meeting {others}.",
    ),
    "closing": (
        "I look forward to hearing about the next steps.",
        "I am ready for whatever comes next and look forward to hearing from you.",
        "Thank you again, and I look forward to hearing from you.",
    ),
}

WITHDRAWAL = {
    "opening": (
        "Thank you for the time you have given me during the process for the {role} "
        "role at {company}.",
        "I am writing to let you know that I am withdrawing my application for the "
        "{role} position at {company}.",
        "Thank you again for considering me for the {role} role at {company}.",
    ),
    "statement": (
        "After careful thought, I have decided to withdraw my application.",
        "It was not an easy decision, and I am grateful for the care you took over my "
        "application.",
        "I would like to withdraw from the process.",
    ),
    "reason": {
        M: ("{N}.",),
        C: ("{N}.",),
        P: ("{N}.",),
        # A thing, not a statement ("another offer", "Family reasons"): it opens its
        # sentence, so a capital the user typed stays right whatever the word is.
        N: (
            "{N} tipped the balance.",
            "{N} decided it for me.",
            "{N} made the difference in the end.",
        ),
        A: ("{N}.",),
        Q: ("{N}.",),
    },
    "others": (
        "Please pass my thanks on to {others} as well.",
        "I would be glad if you could also thank {others} for me.",
        "My thanks go to {others} too.",
    ),
    "closing": (
        "I enjoyed learning about your work and wish you and the team every success. I "
        "hope our paths cross again.",
        "I wish the team all the best in finding the right person, and I would be happy "
        "to stay in touch.",
        "I have a lot of respect for what you are building, and I would welcome the "
        "chance to work together in the future.",
    ),
}

CHECKIN = {
    "opening": (
        "I hope you are well. I am following up on my interview for the {role} role at "
        "{company}{on_date}.",
        "I wanted to check in about the {role} position at {company}{after_date}.",
        "Thank you again for the interview for the {role} role at {company}{on_date}.",
    ),
    "interest": (
        "I remain very interested in the position.",
        "I am still very keen on the role.",
        "My interest is as strong as ever.",
    ),
    "timeline": (
        "Could you tell me how the timeline looks for a decision?",
        "Is there an update on the timeline you could share?",
        "I would be grateful to hear how the process is going and when you expect to "
        "decide.",
    ),
    "timeline_dated": (
        "You mentioned you hoped to decide by {decision_date}, so could you tell me "
        "where things stand?",
        "You hoped to decide by {decision_date}; is there an update you could share?",
        "I would be grateful to hear how things stand, since you hoped to decide by "
        "{decision_date}.",
    ),
    "offer": (
        "I would be happy to send anything that would help.",
        "If more information from me would help, just let me know.",
        "In the meantime, I am glad to answer any further questions.",
    ),
}

NEXT_STEP = {
    N: (
        "I understand the next step is {n}.",
        "I noted that the next step is {n}.",
        "I gather the next step is {n}.",
    ),
    C: ("As you said, {n}.", "I understand that {n}.", "I noted that {n}."),
    P: ("{N}.",),
    M: ("{N}.",),
    A: ("I noted {n}.",),
    Q: ("{q}",),
}
