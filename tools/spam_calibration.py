"""Check the spam corpus's calibration: does the capstone's data-only improvement hold? (Not a test.)

    python tools/spam_calibration.py                       # the shipped corpus, five cross-validation seeds
    python tools/spam_calibration.py --data-seeds 1-15     # the design: regenerate with other seeds

For a corpus, it trains the project's fixed model (``utils.spam.fixed_model()``) and reports the test
accuracy after each data change of the capstone, in order: labels as given; broken rows repaired or
dropped; duplicates removed; the emails cleanlab flags reviewed; the ``--budget`` emails with the
lowest label quality reviewed. The reviewer is perfect (the ground truth), as in the notebooks'
simulated review. Cross-validation seeds change which emails are flagged; the model itself has no
randomness. The figures in ``datasets/cards/spam_emails.md`` ("Calibration") come from this script.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import importlib.util
import io
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from utils import data, spam  # noqa: E402

BASE64 = re.compile(r"[A-Za-z0-9+/=\n]{40,}")
MOJIBAKE_MARKERS = ("Ã", "Â", "â€")
FORWARD_MARKER = "---------- Forwarded message ---------"
FORWARD_PREFIX = re.compile(r"^(?:\s*(?:fwd|fw)\s*:\s*)+", re.IGNORECASE)


def repair_text(body):
    """A body decoded from base64 or mended from mojibake; None if empty (the capstone's contract)."""
    if not isinstance(body, str) or not body.strip():
        return None
    stripped = body.strip()
    if BASE64.fullmatch(stripped):
        try:
            return base64.b64decode(stripped.replace("\n", ""), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            pass
    if any(marker in body for marker in MOJIBAKE_MARKERS):
        try:
            return body.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return body


def repair_bodies(table: pd.DataFrame) -> pd.DataFrame:
    repaired = table.assign(body=table["body"].map(repair_text))
    return repaired[repaired["body"].notna()].copy()


def duplicate_key(table: pd.DataFrame) -> pd.Series:
    def body_key(body):
        text = "" if not isinstance(body, str) else body
        at = text.find(FORWARD_MARKER)
        if at >= 0:
            rest = text[at:]
            text = rest.split("\n\n", 1)[1] if "\n\n" in rest else ""
        return " ".join(text.lower().split())

    subject = table["subject"].fillna("").astype(str).str.replace(FORWARD_PREFIX, "", regex=True)
    return subject.map(lambda s: " ".join(s.lower().split())) + "\x00" + table["body"].map(body_key)


def deduplicate(table: pd.DataFrame) -> pd.DataFrame:
    keys = duplicate_key(table)
    empty = keys.str.endswith("\x00")
    order = table.assign(_key=keys).sort_values(["date", "email_id"])
    repeated = order["_key"].duplicated() & ~empty.loc[order.index]
    return table.drop(index=order.index[repeated])


def accuracy(train: pd.DataFrame, test: pd.DataFrame) -> float:
    model = spam.fixed_model().fit(train, train["label"])
    return float((model.predict(test) == test["label"]).mean())


def review(table: pd.DataFrame, ids, truth: pd.Series) -> pd.DataFrame:
    chosen = table["email_id"].isin(set(ids))
    return table.assign(label=table["label"].where(~chosen, table["email_id"].map(truth)))


def calibrate(emails, test, truth, cv_seeds, budget) -> list[dict]:
    from cleanlab.filter import find_label_issues
    from cleanlab.rank import get_label_quality_scores
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    true_label = truth.set_index("email_id")["true_label"]
    base = {
        "labels as given": accuracy(emails, test),
        "true labels": accuracy(emails.assign(label=emails["email_id"].map(true_label)), test),
    }
    repaired = repair_bodies(emails)
    base["rows repaired"] = accuracy(repaired, test)
    unique = deduplicate(repaired)
    base["deduplicated"] = accuracy(unique, test)
    y = (unique["label"] == "spam").to_numpy().astype(int)
    rows = []
    for seed in cv_seeds:
        cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
        probs = cross_val_predict(spam.fixed_model(), unique, unique["label"], cv=cv, method="predict_proba")
        flagged = unique["email_id"].to_numpy()[find_label_issues(y, probs)]
        order = np.argsort(get_label_quality_scores(y, probs), kind="stable")
        lowest = unique["email_id"].to_numpy()[order[:budget]]
        rows.append(
            {
                **base,
                "cv seed": seed,
                "flagged": len(flagged),
                "flagged reviewed": accuracy(review(unique, flagged, true_label), test),
                f"lowest {budget} reviewed": accuracy(review(unique, lowest, true_label), test),
            }
        )
    return rows


def _generator(seed: int):
    spec = importlib.util.spec_from_file_location("spam_corpus", ROOT / "datasets" / "generators" / "spam_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.SEED = seed
    return module


def _csv_round_trip(table: pd.DataFrame) -> pd.DataFrame:
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    buffer.seek(0)
    return pd.read_csv(buffer)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-seeds", help="regenerate the corpus with these seeds, e.g. 1-15 or 3,7")
    parser.add_argument("--cv-seeds", default="0-4", help="cross-validation seeds (default 0-4)")
    parser.add_argument("--budget", type=int, default=120, help="emails reviewed by lowest label quality")
    args = parser.parse_args(argv)

    def seeds(text):
        out = []
        for part in text.split(","):
            lo, _, hi = part.partition("-")
            out += list(range(int(lo), int(hi or lo) + 1))
        return out

    warnings.filterwarnings("ignore")
    pd.set_option("display.width", 200)
    if not args.data_seeds:
        rows = calibrate(
            data.load("spam_emails"),
            data.load("spam_emails_test"),
            data.load("spam_emails_truth"),
            seeds(args.cv_seeds),
            args.budget,
        )
        print(pd.DataFrame(rows).round(3).to_string(index=False))
        return 0
    summary = []
    for seed in seeds(args.data_seeds):
        tables = {name: _csv_round_trip(table) for name, table in _generator(seed).generate().items()}
        rows = calibrate(
            tables["spam_emails"],
            tables["spam_emails_test"],
            tables["spam_emails_truth"],
            seeds(args.cv_seeds)[:1],
            args.budget,
        )
        summary.append({"data seed": seed, **{k: v for k, v in rows[0].items() if k != "cv seed"}})
        print(summary[-1], flush=True)
    frame = pd.DataFrame(summary)
    print(frame.round(3).to_string(index=False))
    print("mean:", frame.drop(columns="data seed").mean().round(3).to_dict())
    print("min:", frame.drop(columns="data seed").min().round(3).to_dict())
    print("max:", frame.drop(columns="data seed").max().round(3).to_dict())
    return 0


if __name__ == "__main__":
    sys.exit(main())
