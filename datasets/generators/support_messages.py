"""Generator for ``support_messages`` (module 05-representative-data).

Messages sent to the fitness app's support team, labelled with their intent
(sync, battery, hardware, account). The training set comes from the inbox of the
early adopters, who wore the band-3 with its long battery life: battery complaints
are rare in it. Since the watch shipped, a quarter of the inbox is about battery:
``support_messages_test`` is a labelled sample of today's inbox.

Messages are written from a small grammar with many phrasings per intent, so no two
families of messages are word-for-word alike.
"""

import numpy as np
import pandas as pd

SEED = 20261106

DATASETS = {
    "support_messages": {
        "module": "05-representative-data",
        "description": "396 support messages from early adopters, labelled by intent; battery messages are rare.",
        "card": "cards/support_messages.md",
    },
    "support_messages_test": {
        "module": "05-representative-data",
        "description": "320 support messages from today's inbox (80 per intent), for evaluation.",
        "card": "cards/support_messages.md",
    },
}

DEVICES = ["band", "band 3", "band-2", "watch", "tracker", "new watch"]
OPENERS = ["", "", "Hi,", "Hello,", "Hi team,", "Hey,", "Good morning,", "Help!", "Quick question:"]
CLOSERS = ["", "", "", "Thanks.", "Thank you!", "Any ideas?", "Please help.", "Cheers", "What can I do?"]
WHEN = [
    "since the last update",
    "since yesterday",
    "for a week now",
    "after I reinstalled the app",
    "every morning",
    "since I changed phones",
    "this week",
    "again",
    "all of a sudden",
    "today",
]
PHRASES = {
    "sync": [
        "my {device} won't sync with the app {when}",
        "the app says 'sync failed' {when}",
        "yesterday's workout never showed up in the app",
        "my steps from the {device} are missing in the app {when}",
        "the app is stuck on 'connecting to your {device}'",
        "data from my {device} doesn't appear on my phone {when}",
        "bluetooth pairing keeps dropping {when}",
        "my runs are not uploading to the app",
        "the {device} shows steps but the app shows zero",
        "the dashboard stopped updating {when}",
    ],
    "battery": [
        "the battery of my {device} is empty by lunchtime {when}",
        "my {device} needs charging twice a day {when}",
        "battery life is terrible {when}",
        "the {device} dies overnight even when fully charged",
        "charge drops from 100% to 40% in a few hours",
        "my {device} battery drains really fast {when}",
        "it won't hold a charge {when}",
        "the {device} switches off because the battery runs out",
        "I have to charge my {device} every few hours",
        "power goes from full to nothing during a single run",
    ],
    "hardware": [
        "the strap of my {device} broke {when}",
        "the screen of my {device} is cracked",
        "the buttons on the {device} stopped working {when}",
        "my {device} gives me a rash on the wrist",
        "the heart-rate light on the back of my {device} is off",
        "the clasp keeps opening {when}",
        "water got inside my {device} after swimming",
        "the {device} screen flickers {when}",
        "the charging pins on my {device} are rusty",
        "the {device} vibrates constantly {when}",
    ],
    "account": [
        "I was charged twice for my subscription",
        "I can't log in to my account {when}",
        "how do I cancel my premium plan?",
        "please delete my account and my data",
        "the password reset email never arrives",
        "I want a refund for this month",
        "how do I change the email on my account?",
        "my premium features disappeared {when}",
        "can I share my plan with my family?",
        "I forgot which email I signed up with",
    ],
}
TRAIN_MIX = {"sync": 150, "battery": 16, "hardware": 110, "account": 120}
# The early adopters' few battery complaints used only the first three phrasings.
TRAIN_FAMILIES = {"battery": 3}
TEST_MIX = {"sync": 80, "battery": 80, "hardware": 80, "account": 80}


def _message(rng: np.random.Generator, intent: str, families: int | None = None) -> str:
    choices = PHRASES[intent][:families] if families else PHRASES[intent]
    phrase = choices[rng.integers(len(choices))]
    body = phrase.format(device=DEVICES[rng.integers(len(DEVICES))], when=WHEN[rng.integers(len(WHEN))])
    body = body[0].upper() + body[1:] + rng.choice([".", ".", "!", "..."])
    parts = [OPENERS[rng.integers(len(OPENERS))], body, CLOSERS[rng.integers(len(CLOSERS))]]
    text = " ".join(part for part in parts if part)
    if rng.random() < 0.15:
        text = text.lower()
    return text


def _sample(rng: np.random.Generator, mix: dict, prefix: str, avoid: set, families: dict) -> pd.DataFrame:
    rows = []
    for intent, count in mix.items():
        made = 0
        while made < count:
            text = _message(rng, intent, families.get(intent))
            if text in avoid:
                continue
            avoid.add(text)
            rows.append((intent, text))
            made += 1
    order = rng.permutation(len(rows))
    table = pd.DataFrame([rows[i] for i in order], columns=["intent", "message"])
    table.insert(0, "message_id", [f"{prefix}{i:04d}" for i in range(1, len(table) + 1)])
    return table[["message_id", "message", "intent"]]


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    seen: set = set()
    train = _sample(rng, TRAIN_MIX, "M", seen, TRAIN_FAMILIES)
    test = _sample(rng, TEST_MIX, "Q", seen, {})  # no message appears in both
    return {"support_messages": train, "support_messages_test": test}
