"""Generator for ``store_customers`` (module 01-data-detective).

Customers of an online home-goods store and whether they churned (no order in
the following six months). Planted trouble: impossible ages (150, -1, 0), missing
ages, negative spend, duplicated customer rows, most first orders falling in one
promotional week, heavily skewed spend, and a rare positive label.
"""

import numpy as np
import pandas as pd

SEED = 20261103
N = 2000

DATASETS = {
    "store_customers": {
        "module": "01-data-detective",
        "description": "2,000 online-store customers with a rare churn label and planted problems.",
        "card": "cards/store_customers.md",
    },
    "store_customers_truth": {
        "module": "01-data-detective",
        "description": "Ground truth for store_customers: one row per planted problem.",
        "card": "cards/store_customers.md",
    },
}

PROMO_WEEK = ("2025-11-24", "2025-11-30")  # Black Friday week


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    n = N
    age = np.clip(np.round(rng.normal(41, 13, n)), 18, 85)
    country = rng.choice(["US", "CA", "UK", "DE", "FR", "AU"], size=n, p=[0.52, 0.12, 0.14, 0.1, 0.07, 0.05])
    in_promo = rng.random(n) < 0.46
    promo_start = pd.Timestamp(PROMO_WEEK[0])
    other_days = rng.integers(0, 365, n)
    first_order = pd.Timestamp("2025-01-01") + pd.to_timedelta(other_days, unit="D")
    first_order = first_order.where(~in_promo, promo_start + pd.to_timedelta(rng.integers(0, 7, n), unit="D"))
    signup = first_order - pd.to_timedelta(rng.integers(0, 30, n), unit="D")
    orders = 1 + rng.poisson(np.where(in_promo, 1.2, 3.0))
    spend = np.round(orders * np.exp(rng.normal(3.6, 0.8, n)), 2)
    last_order_days = np.minimum(rng.exponential(np.where(in_promo, 60, 35)), 330).round().astype(int)
    tickets = rng.poisson(0.4, n)
    plan = rng.choice(["free", "plus", "premium"], size=n, p=[0.7, 0.22, 0.08])
    logit = -4.2 + 0.018 * last_order_days + 0.45 * tickets - 0.35 * orders + 0.9 * in_promo - 0.6 * (plan != "free")
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))

    table = pd.DataFrame(
        {
            "customer_id": [f"C{30000 + i}" for i in range(n)],
            "signup_date": signup.strftime("%Y-%m-%d"),
            "first_order_date": first_order.strftime("%Y-%m-%d"),
            "age": age,
            "country": country,
            "plan": plan,
            "orders_12m": orders,
            "spend_12m_usd": spend,
            "days_since_last_order": last_order_days,
            "support_tickets": tickets,
            "churned": churned.astype(int),
        }
    )
    problems = []

    def note(rows, column, issue, text):
        for customer in table.loc[rows, "customer_id"]:
            problems.append((customer, column, issue, text))

    picks = rng.choice(n, size=16, replace=False)
    bad_age, negative_spend = picks[:10], picks[10:]
    table.loc[bad_age, "age"] = rng.choice(
        [150.0, -1.0, 0.0, 999.0, 7.0, 150.0, 123.0, 2.0, -1.0, 150.0], size=10, replace=False
    )
    note(bad_age, "age", "impossible_value", "age outside 16-110 (typo or placeholder)")
    table.loc[negative_spend, "spend_12m_usd"] = -table.loc[negative_spend, "spend_12m_usd"]
    note(negative_spend, "spend_12m_usd", "impossible_value", "refund booked as negative spend")
    age_blank = rng.random(n) < 0.08
    age_blank[bad_age] = False
    table.loc[age_blank, "age"] = np.nan
    note(age_blank, "age", "missing", "customer skipped the optional age field")
    note(np.flatnonzero(in_promo), "first_order_date", "skewed_distribution", "first order in the promotional week")

    doubled = rng.choice(np.setdiff1d(np.arange(n), picks), size=12, replace=False)
    note(doubled, "", "exact_duplicate", "the same customer exported twice")
    full = pd.concat([table, table.loc[doubled]], ignore_index=True)
    full = full.iloc[rng.permutation(len(full))].reset_index(drop=True)
    truth = pd.DataFrame(problems, columns=["customer_id", "column", "issue", "note"])
    truth = truth.sort_values(["issue", "customer_id", "column"]).reset_index(drop=True)
    return {"store_customers": full, "store_customers_truth": truth}
