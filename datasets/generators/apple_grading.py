"""Generator for ``apple_grading`` (module 00-start-here).

A packing house grades apples as premium / standard / reject from six
measurements. The written rule is the same for every shift, but the night shift
kept using last season's looser rule for "premium" and is tired enough to slip now
and then. The test set was re-graded by the head inspector, so its labels are clean.
"""

import numpy as np
import pandas as pd

SEED = 20261101
N_TRAIN = 1500
N_TEST = 600
GRADES = np.array(["reject", "standard", "premium"])

DATASETS = {
    "apple_grading": {
        "module": "00-start-here",
        "description": "1,500 graded apples from three shifts; the night shift's labels are inconsistent.",
        "card": "cards/apple_grading.md",
    },
    "apple_grading_test": {
        "module": "00-start-here",
        "description": "600 apples re-graded by the head inspector: a clean test set.",
        "card": "cards/apple_grading.md",
    },
    "apple_grading_truth": {
        "module": "00-start-here",
        "description": "Ground truth for apple_grading: the correct grade and why a label is wrong.",
        "card": "cards/apple_grading.md",
    },
}


def _measure(rng: np.random.Generator, n: int) -> pd.DataFrame:
    quality = rng.normal(0.0, 1.0, n)  # latent quality the rule is written against
    size = rng.normal(0.0, 1.0, n)
    return pd.DataFrame(
        {
            "diameter_mm": np.round(72 + 6 * size + 1.5 * quality + rng.normal(0, 1.5, n), 1),
            "weight_g": np.round(180 + 35 * size + 8 * quality + rng.normal(0, 8, n), 0),
            "sugar_brix": np.round(12.5 + 1.2 * quality + rng.normal(0, 0.8, n), 1),
            "firmness_kgf": np.round(7.5 + 0.8 * quality + rng.normal(0, 0.7, n), 2),
            "blemish_pct": np.round(np.clip(6 - 2.5 * quality + rng.normal(0, 2.0, n), 0, None), 1),
            "color_score": np.round(np.clip(0.6 + 0.12 * quality + rng.normal(0, 0.08, n), 0, 1), 3),
        }
    )


def _grade_by_rule(table: pd.DataFrame, premium_cut: float) -> np.ndarray:
    """The written grading rule: a weighted score with two cut-offs."""
    score = (
        (table["sugar_brix"] - 12.5) / 1.4
        + (table["firmness_kgf"] - 7.5) / 1.0
        - (table["blemish_pct"] - 6) / 3.0
        + (table["color_score"] - 0.6) / 0.14
        + (table["diameter_mm"] - 72) / 12
    ).to_numpy()
    return np.where(score < -2.2, 0, np.where(score < premium_cut, 1, 2))


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    n = N_TRAIN + N_TEST
    table = _measure(rng, n)
    true_grade = _grade_by_rule(table, premium_cut=2.4)
    night_rule_grade = _grade_by_rule(table, premium_cut=0.4)

    shift = rng.choice(["day", "evening", "night"], size=n, p=[0.4, 0.3, 0.3])
    inspector = np.where(
        shift == "day",
        rng.choice(["D1", "D2"], size=n),
        np.where(shift == "evening", rng.choice(["E1", "E2"], size=n), "N1"),
    )
    given = true_grade.copy()
    cause = np.full(n, "", dtype=object)
    night = shift == "night"
    loose = night & (night_rule_grade != true_grade)
    given[loose] = night_rule_grade[loose]
    cause[loose] = "night shift used last season's premium rule"
    slip = night & ~loose & (rng.random(n) < 0.12)
    given[slip] = (true_grade[slip] + rng.choice([-1, 1], size=n)[slip]).clip(0, 2)
    changed_by_slip = slip & (given != true_grade)
    cause[changed_by_slip] = "night shift slip (adjacent grade)"
    day_slip = ~night & (rng.random(n) < 0.02)
    given[day_slip] = (true_grade[day_slip] + rng.choice([-1, 1], size=n)[day_slip]).clip(0, 2)
    changed_by_day_slip = day_slip & (given != true_grade)
    cause[changed_by_day_slip] = "occasional slip (adjacent grade)"

    table.insert(0, "apple_id", [f"A{i:05d}" for i in range(1, n + 1)])
    table.insert(1, "shift", shift)
    table.insert(2, "inspector", inspector)
    train = table.iloc[:N_TRAIN].copy()
    train["grade"] = GRADES[given[:N_TRAIN]]
    test = table.iloc[N_TRAIN:].copy()
    test["grade"] = GRADES[true_grade[N_TRAIN:]]  # re-graded by the head inspector
    truth = pd.DataFrame(
        {
            "apple_id": train["apple_id"],
            "given_grade": train["grade"],
            "true_grade": GRADES[true_grade[:N_TRAIN]],
            "is_label_error": given[:N_TRAIN] != true_grade[:N_TRAIN],
            "cause": cause[:N_TRAIN],
        }
    )
    return {
        "apple_grading": train.reset_index(drop=True),
        "apple_grading_test": test.reset_index(drop=True),
        "apple_grading_truth": truth.reset_index(drop=True),
    }
