"""Generator for ``house_listings`` (module 01-data-detective).

Scraped real-estate listings from five towns, with the trouble real scraped data
has: missing fields, listings loaded twice, the same house re-posted by its agent
with a reworded address and a new price, placeholder prices ($1), a year built in
the future, living areas typed in square metres instead of square feet, and a
few genuine mansions that are extreme but real.
"""

import numpy as np
import pandas as pd

SEED = 20261102
N_BASE = 1150

DATASETS = {
    "house_listings": {
        "module": "01-data-detective",
        "description": "About 1,200 scraped house listings with planted quality problems.",
        "card": "cards/house_listings.md",
    },
    "house_listings_truth": {
        "module": "01-data-detective",
        "description": "Ground truth for house_listings: one row per planted problem.",
        "card": "cards/house_listings.md",
    },
}

TOWNS = {  # town: (share of listings, price per sqft)
    "Riverton": (0.46, 210),
    "Maple Falls": (0.22, 165),
    "Eastbrook": (0.16, 290),
    "Cedar Hill": (0.11, 140),
    "Port Ellis": (0.05, 330),
}
STREETS = [
    "Oak",
    "Maple",
    "Pine",
    "Cedar",
    "Elm",
    "Willow",
    "Lake",
    "Hill",
    "River",
    "Park",
    "Mill",
    "Church",
    "Spring",
    "Forest",
    "Meadow",
    "Ridge",
    "Sunset",
    "Highland",
]
SUFFIXES = [("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Drive", "Dr"), ("Lane", "Ln"), ("Court", "Ct")]
STYLES = ["colonial", "ranch", "craftsman", "cape cod", "split-level", "townhouse", "victorian"]
FEATURES = [
    "renovated kitchen",
    "large backyard",
    "two-car garage",
    "new roof",
    "finished basement",
    "hardwood floors",
    "walk to schools",
    "quiet cul-de-sac",
    "open floor plan",
    "mountain views",
]


def _description(rng, bedrooms, style):
    picks = rng.choice(FEATURES, size=2, replace=False)
    return f"{bedrooms}-bed {style} with {picks[0]} and {picks[1]}."


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    n = N_BASE
    towns = list(TOWNS)
    town = rng.choice(towns, size=n, p=[TOWNS[t][0] for t in towns])
    bedrooms = rng.choice([1, 2, 3, 4, 5, 6], size=n, p=[0.06, 0.2, 0.36, 0.26, 0.09, 0.03])
    bathrooms = np.clip(np.round((bedrooms * 0.6 + rng.normal(0.4, 0.5, n)) * 2) / 2, 1, None)
    sqft = np.round(np.exp(rng.normal(np.log(550 + 420 * bedrooms), 0.18))).astype(int)
    year_built = np.clip(np.round(rng.normal(1978, 24, n)), 1890, 2025).astype(int)
    lot_sqft = np.round(np.exp(rng.normal(np.log(7000), 0.5, n)), -1)
    per_sqft = np.array([TOWNS[t][1] for t in town]) * np.exp(rng.normal(0, 0.15, n))
    age_discount = 1 - np.clip(2025 - year_built, 0, 100) * 0.002
    price = np.round(sqft * per_sqft * age_discount, -3).astype(float)
    posted = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    number = rng.integers(1, 999, n)
    street = rng.choice(STREETS, size=n)
    suffix_index = rng.integers(0, len(SUFFIXES), n)
    address = [f"{number[i]} {street[i]} {SUFFIXES[suffix_index[i]][0]}" for i in range(n)]
    while True:  # two different houses never share an address in one town: redraw the house number
        clash = pd.Series(list(zip(town, address))).duplicated().to_numpy()
        if not clash.any():
            break
        for i in np.flatnonzero(clash):
            number[i] = rng.integers(1000, 9999)
            address[i] = f"{number[i]} {street[i]} {SUFFIXES[suffix_index[i]][0]}"
    style = rng.choice(STYLES, size=n)
    description = [_description(rng, bedrooms[i], style[i]) for i in range(n)]
    agent = rng.choice([f"AG{i:03d}" for i in range(1, 41)], size=n)

    table = pd.DataFrame(
        {
            "listing_id": [f"L{100000 + i}" for i in range(n)],
            "posted_date": posted.strftime("%Y-%m-%d"),
            "town": town,
            "address": address,
            "bedrooms": bedrooms,
            "bathrooms": bathrooms,
            "living_area_sqft": sqft.astype(float),
            "lot_sqft": lot_sqft,
            "year_built": year_built.astype(float),
            "price_usd": price,
            "agent_id": agent,
            "description": description,
        }
    )
    problems = []  # (listing_id, column, issue, note)

    def note(ids, column, issue, text):
        for listing in ids:
            problems.append((listing, column, issue, text))

    # Genuine mansions: extreme but real (keep them!).
    mansions = rng.choice(n, size=6, replace=False)
    table.loc[mansions, "living_area_sqft"] = rng.integers(9000, 14000, 6).astype(float)
    table.loc[mansions, "bedrooms"] = rng.integers(7, 10, 6)
    table.loc[mansions, "price_usd"] = np.round(table.loc[mansions, "living_area_sqft"] * 520, -3)
    note(table.loc[mansions, "listing_id"], "price_usd", "genuine_extreme", "a real mansion: extreme, but correct")
    others = np.setdiff1d(np.arange(n), mansions)

    picks = rng.choice(others, size=70, replace=False)
    placeholder, future, metric, neg_area, lot_missing_block = np.split(picks, [8, 14, 44, 47])
    table.loc[placeholder, "price_usd"] = rng.choice([1.0, 0.0, 1.0, 10.0], size=len(placeholder))
    note(table.loc[placeholder, "listing_id"], "price_usd", "impossible_value", "placeholder price typed by the agent")
    table.loc[future, "year_built"] = rng.choice([2027.0, 2031.0, 2109.0, 2030.0], size=len(future))
    note(table.loc[future, "listing_id"], "year_built", "impossible_value", "year built after the listing was posted")
    table.loc[metric, "living_area_sqft"] = np.round(table.loc[metric, "living_area_sqft"] / 10.7639)
    note(table.loc[metric, "listing_id"], "living_area_sqft", "unit_mixup", "area entered in square metres")
    table.loc[neg_area, "living_area_sqft"] = -table.loc[neg_area, "living_area_sqft"]
    note(table.loc[neg_area, "listing_id"], "living_area_sqft", "impossible_value", "negative living area")

    # Missing values: lot size often blank for townhouses, year built missing more for old houses.
    lot_blank = (table["description"].str.contains("townhouse") & (rng.random(n) < 0.7)) | (rng.random(n) < 0.04)
    table.loc[lot_blank, "lot_sqft"] = np.nan
    old = year_built < 1940
    year_blank = (old & (rng.random(n) < 0.35)) | (rng.random(n) < 0.02)
    year_blank[future] = False
    table.loc[year_blank, "year_built"] = np.nan
    bath_blank = rng.random(n) < 0.03
    table.loc[bath_blank, "bathrooms"] = np.nan
    note(table.loc[lot_blank, "listing_id"], "lot_sqft", "missing", "lot size left blank")
    note(table.loc[year_blank, "listing_id"], "year_built", "missing", "year built unknown (more often for old houses)")
    note(table.loc[bath_blank, "listing_id"], "bathrooms", "missing", "bathrooms left blank")

    # Re-posted listings: same house, reworded address, new id, later date, new price.
    clean_rows = np.setdiff1d(others, picks)
    reposted = rng.choice(clean_rows, size=40, replace=False)
    reposts = table.loc[reposted].copy()
    new_ids = [f"L{200000 + i}" for i in range(len(reposts))]
    for j, (row, original) in enumerate(reposts.iterrows()):
        num, *name, suffix = original["address"].split(" ")
        short = dict(SUFFIXES)[suffix]
        variant = j % 4
        if variant == 0:
            new_address = f"{num} {' '.join(name)} {short}."
        elif variant == 1:
            new_address = f"{num} {' '.join(name).upper()} {suffix.upper()}"
        elif variant == 2:
            new_address = f"{num}  {' '.join(name)} {short}"
        else:
            new_address = f"{num} {' '.join(name).lower()} {suffix.lower()},"
        reposts.loc[row, "address"] = new_address
        reposts.loc[row, "listing_id"] = new_ids[j]
        later = pd.Timestamp(original["posted_date"]) + pd.Timedelta(days=int(rng.integers(20, 90)))
        reposts.loc[row, "posted_date"] = later.strftime("%Y-%m-%d")
        reposts.loc[row, "price_usd"] = float(np.round(original["price_usd"] * rng.choice([0.95, 0.97, 0.98, 1.0]), -3))
        problems.append((new_ids[j], "", "near_duplicate", f"re-post of {original['listing_id']}"))
    # Exact duplicates: the scraper loaded some pages twice.
    doubled = rng.choice(clean_rows[~np.isin(clean_rows, reposted)], size=18, replace=False)
    copies = table.loc[doubled].copy()
    for listing in copies["listing_id"]:
        problems.append((listing, "", "exact_duplicate", "the same row loaded twice by the scraper"))

    full = pd.concat([table, reposts, copies], ignore_index=True)
    order = rng.permutation(len(full))
    full = full.iloc[order].reset_index(drop=True)
    truth = pd.DataFrame(problems, columns=["listing_id", "column", "issue", "note"])
    truth = truth.sort_values(["issue", "listing_id", "column"]).reset_index(drop=True)
    return {"house_listings": full, "house_listings_truth": truth}
