"""Generator for the ``loan_*`` data sets (modules 09-data-in-production and 10-trustworthy-data).

An online lender, LendWell, triages personal-loan applications: a model predicts
whether a senior credit analyst, reading the full file, would call the application
*high risk*. The model was trained on analyst-reviewed applications from before
launch (``loan_training``). After launch, applications arrive in ten weekly
batches (``loan_production``) and nobody labels them, except for what the team
decides to send for review. Things change in production, on purpose:

- from week 4 a social-media campaign brings in younger applicants with lower
  incomes: ``age`` and ``annual_income`` drift gradually, a little more each week
  (job tenure, home ownership and loan size follow, weakly);
- in week 7 the credit bureau switches to a new score version that reports every
  applicant 60 points higher for the same risk: ``credit_score`` shifts
  abruptly (the applicants did not change, the measuring stick did);
- the share of high-risk applications rises (label balance), because the new
  applicants are riskier.

The analysts' verdicts on every production application are kept apart in
``loan_production_truth`` (the notebook "relabels" by looking them up), and which
column drifts in which week, and why, is in ``loan_drift_truth``.

A second, small table, ``loan_review_calibration``, is the weekly calibration set of
the review team: 40 applications with an agreed gold label, labeled again every week
by each of three analysts. Analyst C gets sloppier from week 6 (planted error rates
in ``loan_review_calibration_truth``).
"""

import numpy as np
import pandas as pd

SEED = 20260909
N_TRAIN = 3000
N_WEEKS = 10
BATCH_SIZE = 400
CAMPAIGN_WEEK = 4  # first week of the gradual drift
RESCALE_WEEK = 7  # the bureau's new score version
SCORE_SHIFT = 60  # points the new version adds, same risk
REGIONS = np.array(["North", "South", "East", "West", "Islands"])
REGION_SHARES = np.array([0.31, 0.27, 0.21, 0.18, 0.03])
HOMES = np.array(["rent", "mortgage", "own"])
ANALYSTS = ["A", "B", "C"]
CALIBRATION_ITEMS = 40

DATASETS = {
    "loan_training": {
        "module": "09-data-in-production, 10-trustworthy-data",
        "description": "3,000 loan applications from before launch, labeled high risk or not by credit analysts: the training set.",
        "card": "cards/loan_monitoring.md",
    },
    "loan_production": {
        "module": "09-data-in-production, 10-trustworthy-data",
        "description": "4,000 applications in 10 weekly production batches, unlabeled; some features drift, one shifts abruptly.",
        "card": "cards/loan_monitoring.md",
    },
    "loan_production_truth": {
        "module": "09-data-in-production, 10-trustworthy-data",
        "description": "Analysts' verdicts (high_risk) for every production application: stands in for relabeling.",
        "card": "cards/loan_monitoring.md",
    },
    "loan_drift_truth": {
        "module": "09-data-in-production",
        "description": "Ground truth of the drift: for each week and column, whether and how it was made to drift.",
        "card": "cards/loan_monitoring.md",
    },
    "loan_review_calibration": {
        "module": "10-trustworthy-data",
        "description": "The review team's weekly calibration set: 40 gold-labeled applications labeled by 3 analysts for 10 weeks.",
        "card": "cards/loan_monitoring.md",
    },
    "loan_review_calibration_truth": {
        "module": "10-trustworthy-data",
        "description": "Planted error rate of each analyst in each week of the calibration set.",
        "card": "cards/loan_monitoring.md",
    },
}


def _applicants(rng: np.random.Generator, n: int, week: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Applicants of one period (week 0 = training period), with their true risk probability."""
    campaign = max(0, week - CAMPAIGN_WEEK + 1)  # 0 before the campaign, 1, 2, ... after
    age = np.clip(np.round(rng.normal(42 - 0.9 * campaign, 11 - 0.15 * campaign, n)), 19, 75)
    employment = np.clip(np.round(rng.gamma(2.2, 0.13 * (age - 17) + 0.4, n), 1), 0, age - 17)
    log_income = (
        np.log(54000)
        + 0.011 * (age - 42)
        + 0.03 * np.minimum(employment, 15)
        - 0.03 * campaign
        + rng.normal(0, 0.42, n)
    )
    income = np.round(np.exp(log_income), -2)
    credit = np.clip(np.round(rng.normal(690 + 1.6 * (age - 42) + 1.5 * (employment - 6), 52, n)), 350, 850)
    dti = np.round(np.clip(rng.beta(3.2, 7.0, n) * 0.9, 0.01, 0.85), 3)
    loan = np.round(np.exp(np.log(0.22 * income) + 0.07 * campaign + rng.normal(0, 0.45, n)), -1).clip(1000, 60000)
    p_own = np.clip(0.02 + 0.006 * (age - 19), 0, 0.5)
    p_mortgage = np.clip(0.15 + 0.012 * (age - 19), 0, 0.55)
    u = rng.random(n)
    home = np.where(u < p_own, "own", np.where(u < p_own + p_mortgage, "mortgage", "rent"))
    region = rng.choice(REGIONS, size=n, p=REGION_SHARES)
    logit = (
        -1.55
        - 1.6 * (credit - 690) / 52
        + 1.0 * (dti - 0.29) / 0.12
        + 0.7 * (np.log(loan / income) - np.log(0.22)) / 0.45
        - 0.35 * (np.minimum(employment, 20) - 6) / 5
        + 0.25 * (home == "rent")
    )
    risk = 1 / (1 + np.exp(-logit))
    table = pd.DataFrame(
        {
            "age": age.astype(int),
            "annual_income": income.astype(int),
            "employment_years": employment,
            "home_ownership": home,
            "region": region,
            "credit_score": credit.astype(int),
            "debt_to_income": dti,
            "loan_amount": loan.astype(int),
        }
    )
    return table, risk


def _calibration_set(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The review team's weekly calibration set and each analyst's planted error rate."""
    rates = {analyst: np.full(N_WEEKS, base) for analyst, base in zip(ANALYSTS, (0.05, 0.07, 0.06))}
    rates["C"][5:] = [0.16, 0.24, 0.3, 0.32, 0.32]  # weeks 6-10: analyst C gets sloppier
    rows, truth = [], []
    for week in range(1, N_WEEKS + 1):
        gold = (rng.random(CALIBRATION_ITEMS) < 0.3).astype(int)
        difficulty = rng.random(CALIBRATION_ITEMS)  # hard items are missed more often by everyone
        for analyst in ANALYSTS:
            rate = rates[analyst][week - 1]
            wrong = rng.random(CALIBRATION_ITEMS) < rate * (0.5 + difficulty)
            labels = np.where(wrong, 1 - gold, gold)
            for item in range(CALIBRATION_ITEMS):
                rows.append((week, f"W{week:02d}-{item + 1:02d}", analyst, int(labels[item]), int(gold[item])))
            truth.append((analyst, week, float(rate)))
    table = pd.DataFrame(rows, columns=["week", "item_id", "analyst", "label", "gold_label"])
    truth_table = pd.DataFrame(truth, columns=["analyst", "week", "planted_error_rate"])
    return table, truth_table.sort_values(["analyst", "week"]).reset_index(drop=True)


def _drift_truth() -> pd.DataFrame:
    """For each week and column: is it drifting by design, how ("none", "weak", "gradual", "abrupt",
    "label balance"), and why. "weak" marks a real change in the generating process that is small
    next to sampling noise in a batch of 400."""
    columns = [
        "age",
        "annual_income",
        "employment_years",
        "home_ownership",
        "region",
        "credit_score",
        "debt_to_income",
        "loan_amount",
        "high_risk",
    ]
    rows = []
    for week in range(1, N_WEEKS + 1):
        campaign = week >= CAMPAIGN_WEEK
        for column in columns:
            kind, note = "none", ""
            if column == "age" and campaign:
                kind, note = (
                    "gradual",
                    f"campaign: mean age {0.9 * (week - CAMPAIGN_WEEK + 1):.1f} years below training",
                )
            elif column == "annual_income" and campaign:
                kind, note = "gradual", "campaign: younger, lower-income applicants"
            elif column == "employment_years" and campaign:
                kind, note = "weak", "follows the younger applicants"
            elif column == "home_ownership" and campaign:
                kind, note = "weak", "younger applicants rent more"
            elif column == "loan_amount" and campaign:
                kind, note = "weak", "larger loans for their income, but lower incomes"
            elif column == "credit_score" and week >= RESCALE_WEEK:
                kind, note = "abrupt", f"bureau's new score version: +{SCORE_SHIFT} points for the same risk"
            elif column == "credit_score" and campaign:
                kind, note = "weak", "younger applicants have slightly lower scores"
            elif column == "high_risk" and campaign:
                kind, note = "label balance", "riskier applicants: the high-risk share rises"
            rows.append((week, column, kind != "none", kind, note))
    return pd.DataFrame(rows, columns=["week", "column", "drifting", "kind", "note"])


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    train, risk = _applicants(rng, N_TRAIN, week=0)
    train["high_risk"] = (rng.random(N_TRAIN) < risk).astype(int)
    train.insert(0, "application_id", [f"L{i:05d}" for i in range(1, N_TRAIN + 1)])

    batches, verdicts = [], []
    for week in range(1, N_WEEKS + 1):
        batch, risk = _applicants(rng, BATCH_SIZE, week=week)
        verdict = (rng.random(BATCH_SIZE) < risk).astype(int)  # the analysts judge the real applicant
        if week >= RESCALE_WEEK:  # the bureau reports the same applicant higher
            batch["credit_score"] = np.clip(batch["credit_score"] + SCORE_SHIFT, 350, 850)
        batch.insert(0, "week", week)
        batches.append(batch)
        verdicts.append(verdict)
    production = pd.concat(batches, ignore_index=True)
    start = N_TRAIN + 1
    production.insert(0, "application_id", [f"L{i:05d}" for i in range(start, start + len(production))])
    production_truth = pd.DataFrame(
        {
            "application_id": production["application_id"],
            "week": production["week"],
            "high_risk": np.concatenate(verdicts),
        }
    )
    calibration, calibration_truth = _calibration_set(rng)
    return {
        "loan_training": train,
        "loan_production": production,
        "loan_production_truth": production_truth,
        "loan_drift_truth": _drift_truth(),
        "loan_review_calibration": calibration,
        "loan_review_calibration_truth": calibration_truth,
    }
