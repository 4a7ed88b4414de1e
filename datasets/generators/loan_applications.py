"""Generator for ``loan_applications`` (module 02-red-flags, hidden bias).

Past personal-loan applications at a regional lender, with whether the loan was
repaid. Applicants come from the city, the suburbs and rural towns; rural
applicants are only about 7% of the history. Whether someone repays depends on
their income *relative to the cost of living where they live*, and rural costs are
lower: a rural applicant earning $38,000 is as safe as a city applicant earning
far more. A model that sees income in dollars but not where it is earned learns
the city's scale, and wrongly rejects many rural applicants who would have repaid.
Overall accuracy hardly notices, because rural applicants are so few.
"""

import numpy as np
import pandas as pd

SEED = 20261105
N = 8000
REGIONS = {  # share of applicants, median income (USD), cost-of-living index
    "city": (0.62, 72_000, 1.00),
    "suburbs": (0.31, 64_000, 0.90),
    "rural": (0.07, 36_000, 0.55),
}

DATASETS = {
    "loan_applications": {
        "module": "02-red-flags",
        "description": "8,000 past loan applications (city, suburbs, rural) and whether each loan defaulted.",
        "card": "cards/loan_applications.md",
    },
}


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    names = list(REGIONS)
    region = rng.choice(names, size=N, p=[REGIONS[r][0] for r in names])
    median_income = np.array([REGIONS[r][1] for r in region])
    cost = np.array([REGIONS[r][2] for r in region])
    income = median_income * np.exp(rng.normal(0, 0.35, N))
    age = np.clip(np.round(rng.normal(41, 12, N)), 19, 80).astype(int)
    years_employed = np.clip(np.round(np.minimum(age - 18, rng.gamma(2.0, 4.0, N)), 0), 0, None).astype(int)
    loan = np.round(np.clip(income * rng.uniform(0.08, 0.45, N), 1000, None), -2)
    existing_debt = np.round(income * rng.gamma(1.2, 0.12, N), -2)
    late_payments = rng.poisson(0.6, N)
    # Repayment depends on purchasing power (income / local cost), the debt burden and the history.
    purchasing_power = np.log(income / cost / 70_000)
    burden = (loan + existing_debt) / income
    logit = (
        -2.4
        - 4.0 * purchasing_power
        + 5.0 * (burden - 0.45)
        + 0.9 * late_payments
        - 0.06 * years_employed
        + rng.normal(0, 0.3, N)
    )
    defaulted = (rng.random(N) < 1 / (1 + np.exp(-logit))).astype(int)
    table = pd.DataFrame(
        {
            "application_id": np.arange(700001, 700001 + N),
            "region": region,
            "age": age,
            "annual_income_usd": np.round(income, -2).astype(int),
            "loan_amount_usd": loan.astype(int),
            "existing_debt_usd": existing_debt.astype(int),
            "years_employed": years_employed,
            "late_payments_2y": late_payments,
            "defaulted": defaulted,
        }
    )
    return {"loan_applications": table}
