"""Generator for ``error_tags_example`` (module 06-error-analysis): the course's example decision log.

In lesson 06 the learner tags a sample of the model's mistakes on ``digits_quality`` with one of
four categories (label issue, data quality, missing coverage, ambiguous) in the labeling widget.
Where the learner has not tagged (CI, nbval, a learner who skips), the lesson reads this log
instead, through ``utils.labeling.learner_decisions``, and says so on screen.

The stand-in policy (documented in ``cards/error_tags_example.md``): a simulated reviewer who is
usually right and makes the confusions people make. For every training image, its true category
is the first that applies in the lesson's order (label issue, data quality, missing coverage,
ambiguous), from the planted truth of ``digits_quality``; the reviewer's tag is drawn from
``CONFUSION[true category]`` with one seeded generator, image by image in table order. Every
training image gets a tag, so whichever images a model gets wrong, the log covers them.

The log has the format of ``utils.labeling.AnnotationLog`` (``item_id, label, annotator,
timestamp, action``), annotator ``me``, with fixed timestamps, so the bytes never change.
"""

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261107
CATEGORIES = ["label issue", "data quality", "missing coverage", "ambiguous"]
# P(tag | true category), rows in CATEGORIES order; each row sums to 1.
CONFUSION = {
    # a wrong label on a badly written digit can look like an honest hard case
    "label issue": {"label issue": 0.8, "ambiguous": 0.2},
    # a mild blur looks like poor handwriting; a crop can make the label look wrong
    "data quality": {"data quality": 0.6, "ambiguous": 0.3, "label issue": 0.1},
    # a shifted scanner-B digit looks like a damaged scan
    "missing coverage": {"missing coverage": 0.6, "data quality": 0.4},
    # a hard digit looks mislabeled
    "ambiguous": {"ambiguous": 0.6, "label issue": 0.4},
}
ANNOTATOR = "me"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

DATASETS = {
    "error_tags_example": {
        "module": "06-error-analysis",
        "description": "Example decision log for lesson 06: a stand-in reviewer's category for every digits_quality training image (annotation-log format).",
        "card": "cards/error_tags_example.md",
        "licence": "CC0-1.0",
    },
}


def _digits_truth() -> pd.DataFrame:
    """The planted truth of digits_quality, from its own generator (same seed, same rows)."""
    path = Path(__file__).with_name("digits_quality.py")
    spec = importlib.util.spec_from_file_location("generators.digits_quality", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate()["digits_quality_truth"]


def true_category(truth: pd.DataFrame) -> np.ndarray:
    """The first category that applies, in the lesson's order (label issue wins over everything)."""
    return np.select(
        [truth["is_label_error"], truth["degradation"] != "none", truth["scanner"] == "B"],
        CATEGORIES[:3],
        default=CATEGORIES[3],
    )


def generate() -> dict[str, pd.DataFrame]:
    truth = _digits_truth()
    rng = np.random.default_rng(SEED)
    tags = []
    for category in true_category(truth):
        options = CONFUSION[category]
        tags.append(rng.choice(list(options), p=list(options.values())))
    timestamps = [(START + timedelta(seconds=7 * i)).isoformat(timespec="milliseconds") for i in range(len(truth))]
    log = pd.DataFrame(
        {
            "item_id": truth["image_id"],
            "label": tags,
            "annotator": ANNOTATOR,
            "timestamp": timestamps,
            "action": "label",
        }
    )
    return {"error_tags_example": log}
