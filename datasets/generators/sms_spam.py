"""The UCI SMS Spam Collection, converted from its published file.

Real text messages (2011): 5,574 labelled ham or spam, used in modules 00 (tuning vs acting on
flags), 01/04 (real exact and near duplicates) and 07 (active learning on imbalanced text).
Card: ``datasets/cards/sms_spam.md``.

    python datasets/build.py --real-source DIR

``DIR/sms_spam_collection/SMSSpamCollection`` is the file ``SMSSpamCollection`` from the
published zip (https://archive.ics.uci.edu/dataset/228/sms+spam+collection): one message a
line, ``label<TAB>text``, UTF-8, no header. The conversion keeps every line, in order, with
its text unchanged; it only adds an id.
"""

from __future__ import annotations

from pathlib import Path

SOURCE = "the published SMS Spam Collection from https://archive.ics.uci.edu/dataset/228/sms+spam+collection"
SOURCE_KIND = "folder"
SOURCE_FILES = {
    "sms_spam_collection/SMSSpamCollection": "7d039a24a6083ed9ef0f806ebad56bbb976e3aeb8de05669173bfdc4996c239d",
}
N_MESSAGES, N_SPAM = 5574, 747  # as published

DATASETS = {
    "sms_spam": {
        "module": "00-start-here, 01-data-detective, 04-cleaning, 07-active-learning",
        "description": "5,574 real SMS messages labelled ham or spam (747 spam): the UCI SMS Spam Collection.",
        "card": "cards/sms_spam.md",
        "licence": "CC BY 4.0 (UCI Machine Learning Repository); cite Almeida, Gómez Hidalgo, Yamakami, DocEng 2011",
        "source": "https://archive.ics.uci.edu/dataset/228/sms+spam+collection",
        "format": "csv.gz",
        "read_csv": {"dtype": "str", "keep_default_na": False},
    },
}


def generate_from(source: Path) -> dict:
    """``sms_spam``: ``message_id`` (``S0001``... in file order), ``label`` (ham/spam), ``text``."""
    import pandas as pd

    text = (Path(source) / "sms_spam_collection" / "SMSSpamCollection").read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.split("\n")[:-1], start=1):  # the file ends with a newline
        label, message = line.split("\t", 1)
        if label not in ("ham", "spam"):
            raise ValueError(f"SMSSpamCollection line {number}: unknown label {label!r}")
        rows.append({"message_id": f"S{number:04d}", "label": label, "text": message})
    table = pd.DataFrame(rows, columns=["message_id", "label", "text"])
    if len(table) != N_MESSAGES or (table["label"] == "spam").sum() != N_SPAM:
        raise ValueError(f"expected {N_MESSAGES} messages with {N_SPAM} spam, read {len(table)}")
    return {"sms_spam": table}
