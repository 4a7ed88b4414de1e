"""Generator for ``moderation_labels`` (module 02-red-flags, annotation drift).

A local news site pays five moderators to label reader comments as ``offensive``
or ``acceptable``. Each comment is labeled by three of the five, over eight weeks.
The guideline says sarcasm is *acceptable* unless it insults a person. From week 5,
one moderator (``mira``) starts calling sarcastic comments offensive. In week 3 a
council vote to close the central library made readers angrier, and they stayed
angry: from week 3 on, the share of offensive comments really is higher, for every
moderator. A detector that only watches each moderator's own label rate over time
mistakes that real change for drift; comparing each moderator with the others in
the same week does not.
"""

import numpy as np
import pandas as pd

SEED = 20261104
WEEKS = 8
PER_WEEK = 180
ANNOTATORS = ["kofi", "lena", "mira", "omar", "tess"]
DRIFTER, DRIFT_WEEK = "mira", 5
EVENT_WEEK = 3
SLIP = {"kofi": 0.05, "lena": 0.03, "mira": 0.03, "omar": 0.04, "tess": 0.05}
DRIFT_PROB = 0.85  # share of sarcastic comments the drifter calls offensive from DRIFT_WEEK on

DATASETS = {
    "moderation_labels": {
        "module": "02-red-flags",
        "description": "4,320 moderation labels: 1,440 comments x 3 of 5 moderators over 8 weeks; one moderator drifts.",
        "card": "cards/moderation_labels.md",
    },
    "moderation_comments": {
        "module": "02-red-flags",
        "description": "The 1,440 reader comments behind moderation_labels (id, week, text).",
        "card": "cards/moderation_labels.md",
    },
    "moderation_labels_truth": {
        "module": "02-red-flags",
        "description": "Ground truth for moderation_labels: the correct label of every comment and why a label is wrong.",
        "card": "cards/moderation_labels.md",
    },
}

TOPICS = [
    "the new bike lanes on Harbour Road",
    "the stadium expansion",
    "the summer festival",
    "the bus timetable change",
    "the parking fees downtown",
    "the new bakery on Mill Street",
    "the school merger",
    "the river clean-up",
    "the night-time noise rules",
    "the tram extension",
    "the council's budget",
    "the farmers' market moving",
    "the pool closing for repairs",
]
LIBRARY = ["the library closure", "closing the central library", "the council's library vote"]
PEOPLE = [
    "the mayor",
    "the councillor",
    "the reporter",
    "the previous commenter",
    "whoever wrote this",
    "the planning officer",
    "the festival organiser",
]

ACCEPTABLE = [
    "I think {topic} is a good idea, but the timing could have been better.",
    "Does anyone know when {topic} is supposed to start? The article doesn't say.",
    "Thanks for covering {topic}. More local reporting like this, please.",
    "Not convinced about {topic}. Who pays for it in the end?",
    "We went last weekend and honestly it was fine. People are overreacting about {topic}.",
    "My kids' school is affected by {topic} and nobody asked the parents.",
    "Good article. One correction: the meeting about {topic} is on Thursday, not Wednesday.",
    "I disagree with {person} on {topic}, but I respect that they showed up to explain it.",
    "Can we get the actual numbers on {topic}? Opinions are cheap.",
    "I've lived here 30 years and {topic} is the first change I actually like.",
    "Mixed feelings about {topic}. Some parts make sense, others don't.",
    "Please keep the comments civil, folks. This affects all of us, {topic} or not.",
]
SARCASTIC = [
    "Oh wonderful, {topic}. Exactly what nobody asked for.",
    "Great, another brilliant plan. I'm sure {topic} will go perfectly this time.",
    "Wow, {topic}, what a surprise. Said no one ever.",
    "Can't wait for {topic} to fix all our problems. Any day now.",
    "Sure, because {topic} worked so well last time.",
    "Ah yes, {topic}. Truly the most pressing issue of our age.",
    "Love how {topic} got announced the week everyone is on holiday. Very convenient.",
    "Oh good, {person} has a plan. I feel so much better about {topic} now.",
    "Ten out of ten for creativity on {topic}. Zero for common sense.",
    "Shocking news: {topic} costs more than promised. Who could have guessed.",
]
OFFENSIVE = [
    "{person} is an idiot and so is everyone who voted for {topic}.",
    "Only a complete moron would defend {topic}. Get lost.",
    "Someone tell {person} to shut up. Nobody wants their garbage about {topic}.",
    "People who support {topic} are brainless sheep.",
    "{person} should be ashamed. Pathetic clown, resign already.",
    "What a bunch of losers running {topic}. Clowns, all of them.",
    "If you like {topic} you're too stupid to be allowed to vote.",
    "Anyone who still defends {topic} is a total idiot. Grow a brain.",
]


def _text(rng: np.random.Generator, kind: str, week: int) -> str:
    library_share = 0.0 if week < EVENT_WEEK else (0.6 if week == EVENT_WEEK else 0.3)
    topic = rng.choice(LIBRARY) if rng.random() < library_share else rng.choice(TOPICS)
    templates = {"acceptable": ACCEPTABLE, "sarcastic": SARCASTIC, "offensive": OFFENSIVE}[kind]
    text = str(rng.choice(templates)).format(topic=topic, person=rng.choice(PEOPLE))
    text = text[0].upper() + text[1:]
    if rng.random() < 0.15:
        text = text.rstrip(".") + "!!"
    if rng.random() < 0.08:
        text = text.lower()
    return text


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    comments, labels, truth = [], [], []
    comment_id = 5001
    for week in range(1, WEEKS + 1):
        offensive_share = 0.12 if week < EVENT_WEEK else 0.22
        kinds = rng.choice(
            ["offensive", "sarcastic", "acceptable"], size=PER_WEEK, p=[offensive_share, 0.22, 0.78 - offensive_share]
        )
        for kind in kinds:
            true_label = "offensive" if kind == "offensive" else "acceptable"
            comments.append((comment_id, week, _text(rng, str(kind), week)))
            for annotator in sorted(rng.choice(ANNOTATORS, size=3, replace=False)):
                label, issue = true_label, ""
                if annotator == DRIFTER and week >= DRIFT_WEEK and kind == "sarcastic" and rng.random() < DRIFT_PROB:
                    label, issue = "offensive", "drift"
                elif rng.random() < SLIP[annotator]:
                    label = "acceptable" if true_label == "offensive" else "offensive"
                    issue = "slip"
                labels.append((comment_id, week, annotator, label))
                truth.append((comment_id, annotator, true_label, str(kind), issue))
            comment_id += 1
    return {
        "moderation_labels": pd.DataFrame(labels, columns=["comment_id", "week", "annotator", "label"]),
        "moderation_comments": pd.DataFrame(comments, columns=["comment_id", "week", "text"]),
        "moderation_labels_truth": pd.DataFrame(
            truth, columns=["comment_id", "annotator", "true_label", "kind", "issue"]
        ),
    }
