"""Generator for ``card_transactions`` (module 02-red-flags, class imbalance).

One month of card transactions at a small bank, with fraud at about 1 in 125.
Three fraud schemes, each with its own fingerprint, and plenty of honest
transactions that look like them (people do travel, and do buy laptops at night),
so a model has to trade catching fraud against bothering customers.
"""

import numpy as np
import pandas as pd

SEED = 20261103
N = 16_000
FRAUD_RATE = 0.009

DATASETS = {
    "card_transactions": {
        "module": "02-red-flags",
        "description": "20,000 card transactions, about 0.8% fraud (1 in 125): the accuracy paradox.",
        "card": "cards/card_transactions.md",
    },
    "card_transactions_truth": {
        "module": "02-red-flags",
        "description": "Ground truth for card_transactions: the fraud scheme behind each fraudulent transaction.",
        "card": "cards/card_transactions.md",
    },
}

CATEGORIES = ["grocery", "fuel", "restaurant", "online_retail", "electronics", "travel", "pharmacy", "gaming"]
CATEGORY_SHARE = [0.27, 0.14, 0.19, 0.18, 0.05, 0.05, 0.08, 0.04]
CATEGORY_AMOUNT = {  # median amount in USD, spread (log scale)
    "grocery": (42, 0.6),
    "fuel": (48, 0.35),
    "restaurant": (31, 0.6),
    "online_retail": (55, 0.8),
    "electronics": (180, 0.9),
    "travel": (320, 0.8),
    "pharmacy": (24, 0.6),
    "gaming": (20, 0.8),
}
ONLINE_SHARE = {
    "grocery": 0.1,
    "fuel": 0.0,
    "restaurant": 0.15,
    "online_retail": 1.0,
    "electronics": 0.55,
    "travel": 0.7,
    "pharmacy": 0.1,
    "gaming": 1.0,
}
SCHEMES = {  # scheme: share of the fraud
    "card_testing": 0.35,  # many tiny online charges to check a stolen number works
    "account_takeover": 0.40,  # a big online purchase from a taken-over account, often at night
    "skimmed_card_abroad": 0.25,  # a cloned card used in person, far from home
}


def _legit(rng: np.random.Generator, n: int) -> pd.DataFrame:
    category = rng.choice(CATEGORIES, size=n, p=CATEGORY_SHARE)
    median = np.array([CATEGORY_AMOUNT[c][0] for c in category])
    spread = np.array([CATEGORY_AMOUNT[c][1] for c in category])
    amount = median * np.exp(rng.normal(0, spread))
    online = rng.random(n) < np.array([ONLINE_SHARE[c] for c in category])
    # Most people shop by day; a few at night.
    hour = np.where(rng.random(n) < 0.9, rng.normal(14.5, 3.6, n), rng.uniform(0, 24, n))
    travelling = rng.random(n) < 0.04
    distance = np.where(
        online, 0.0, np.where(travelling, rng.lognormal(np.log(900), 0.8, n), rng.lognormal(np.log(6), 0.9, n))
    )
    foreign = (~online & travelling & (rng.random(n) < 0.6)) | (online & (rng.random(n) < 0.06))
    n_24h = rng.poisson(2.2, n) + 1
    account_age = np.round(rng.lognormal(np.log(1100), 0.8, n))
    new_device = online & (rng.random(n) < 0.05)
    return pd.DataFrame(
        {
            "merchant_category": category,
            "amount_usd": amount,
            "online": online,
            "new_device": new_device,
            "hour": hour,
            "distance_from_home_km": distance,
            "foreign": foreign,
            "n_tx_last_24h": n_24h,
            "account_age_days": account_age,
        }
    )


def _fraud(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    schemes = rng.choice(list(SCHEMES), size=n, p=list(SCHEMES.values()))
    rows = _legit(rng, n)  # start from ordinary behaviour, then overwrite what the scheme changes
    testing = schemes == "card_testing"
    takeover = schemes == "account_takeover"
    abroad = schemes == "skimmed_card_abroad"
    k = testing.sum()
    rows.loc[testing, "merchant_category"] = rng.choice(["online_retail", "gaming", "online_retail"], size=k)
    rows.loc[testing, "amount_usd"] = rng.uniform(0.5, 6.0, k)
    rows.loc[testing, "online"] = True
    rows.loc[testing, "distance_from_home_km"] = 0.0
    rows.loc[testing, "n_tx_last_24h"] = rng.poisson(5.0, k) + 2
    rows.loc[testing, "new_device"] = rng.random(k) < 0.5
    rows.loc[testing, "foreign"] = rng.random(k) < 0.35
    k = takeover.sum()
    rows.loc[takeover, "merchant_category"] = rng.choice(
        ["electronics", "online_retail", "travel"], size=k, p=[0.5, 0.3, 0.2]
    )
    rows.loc[takeover, "amount_usd"] = 260 * np.exp(rng.normal(0, 0.7, k))
    rows.loc[takeover, "online"] = True
    rows.loc[takeover, "distance_from_home_km"] = 0.0
    rows.loc[takeover, "new_device"] = rng.random(k) < 0.7
    rows.loc[takeover, "hour"] = np.where(rng.random(k) < 0.55, rng.uniform(0, 6, k), rng.normal(15, 4, k))
    rows.loc[takeover, "account_age_days"] = np.round(rng.lognormal(np.log(700), 1.0, k))
    k = abroad.sum()
    rows.loc[abroad, "online"] = False
    rows.loc[abroad, "new_device"] = False
    rows.loc[abroad, "merchant_category"] = rng.choice(
        ["electronics", "grocery", "fuel", "restaurant"], size=k, p=[0.4, 0.2, 0.2, 0.2]
    )
    rows.loc[abroad, "amount_usd"] = 120 * np.exp(rng.normal(0, 0.9, k))
    rows.loc[abroad, "distance_from_home_km"] = rng.lognormal(np.log(1500), 0.9, k)
    rows.loc[abroad, "foreign"] = rng.random(k) < 0.8
    rows.loc[abroad, "n_tx_last_24h"] = rng.poisson(3.0, k) + 1
    return rows, schemes


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    n_fraud = int(rng.binomial(N, FRAUD_RATE))
    legit = _legit(rng, N - n_fraud)
    fraud, schemes = _fraud(rng, n_fraud)
    table = pd.concat(
        [legit.assign(is_fraud=0, scheme=""), fraud.assign(is_fraud=1, scheme=schemes)], ignore_index=True
    )
    table = table.iloc[rng.permutation(len(table))].reset_index(drop=True)
    table["hour"] = np.mod(np.floor(table["hour"]), 24).astype(int)
    table["amount_usd"] = np.round(table["amount_usd"].astype(float), 2).clip(lower=0.5)
    table["distance_from_home_km"] = np.round(table["distance_from_home_km"].astype(float), 1)
    table["online"] = table["online"].astype(int)
    table["foreign"] = table["foreign"].astype(int)
    table["new_device"] = table["new_device"].astype(int)
    table["account_age_days"] = table["account_age_days"].clip(lower=1, upper=9000).astype(int)
    table.insert(0, "transaction_id", np.arange(100001, 100001 + len(table)))
    columns = [
        "transaction_id",
        "amount_usd",
        "merchant_category",
        "online",
        "new_device",
        "hour",
        "distance_from_home_km",
        "foreign",
        "n_tx_last_24h",
        "account_age_days",
        "is_fraud",
    ]
    truth = table.loc[table["is_fraud"] == 1, ["transaction_id", "scheme"]].reset_index(drop=True)
    return {"card_transactions": table[columns], "card_transactions_truth": truth}
