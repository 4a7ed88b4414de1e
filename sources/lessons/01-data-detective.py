# %% [markdown]
# # 01 · Reading your data like a detective
#
# A property site wants to predict asking prices, and an online store wants to predict which
# customers will leave. Both teams have a table and a deadline, and both are tempted to call
# `model.fit` straight away. This lesson is about the hour *before* that: reading the table like
# a detective, writing down every clue, and deciding what each one means.
#
# Both tables are course-made, with problems planted on purpose and the answers kept apart (the
# *ground truth*). At the end you will score your own investigation against it.
#
# **In this lesson you will:**
# - profile a table: types, ranges, and where values are missing (and whether that is random);
# - find exact duplicates and the harder kind, the same house re-posted with a reworded address;
# - write rules for impossible values and catch a unit mix-up from a ratio;
# - tell outliers that are errors from outliers that are real (IQR and z-scores);
# - spot skewed distributions and an imbalanced label, and say why they matter;
# - write your findings down as an audit table, and measure how much of the truth you found.

# %%
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats

from utils import data, plots

SEED = 0
plots.use_course_style()
listings = data.load("house_listings")
customers = data.load("store_customers")
print(f"listings: {listings.shape}, customers: {customers.shape}")

# %% [markdown]
# ## 1. First look: shape, types, ranges
#
# Start with what every column *is*. `describe()` is the fastest lie detector there is: look at the
# minimum and maximum of each numeric column and ask whether a real house could have that value.

# %%
listings.head()

# %%
listings.describe().T.round(1)

# %% [markdown]
# Already suspicious: the smallest price, the largest `year_built`, and a negative
# `living_area_sqft`. Hold those thoughts; first, the blanks.
#
# ## 2. Missing values, and whether they are random
#
# Count missing cells per column, then ask the more important question: *which* rows are missing
# them? Values missing at random cost you data; values missing for a reason can bias a model.

# %%
missing = listings.isna().sum().to_frame("n_missing")
missing["pct_missing"] = (100 * missing["n_missing"] / len(listings)).round(1)
plots.missing_heatmap(listings)
plt.show()
missing[missing["n_missing"] > 0].sort_values("n_missing", ascending=False)

# %% [markdown]
# Is the lot size missing at random? The description tells us the style of each house.

# %%
style = listings["description"].str.extract(r"-bed (.+?) with")[0]
lot_missing_by_style = listings["lot_sqft"].isna().groupby(style).mean().sort_values(ascending=False)
lot_missing_by_style.plot.bar(title="Share of listings with no lot size, by style", ylabel="share missing", rot=30)
plt.show()
lot_missing_by_style.round(2).to_frame("share missing")

# %% [markdown]
# Townhouses rarely have a lot of their own, so agents leave it blank: the value is missing *for a
# reason*. Filling it with the median lot size would invent gardens. Write that in the audit.
#
# ## 3. Duplicates: exact copies and re-posts
#
# Exact duplicates are easy: the scraper loaded some pages twice.

# %%
exact = listings.duplicated(keep="first")
print(f"{exact.sum()} rows are exact copies of an earlier row")
listings[listings.duplicated(keep=False)].sort_values("listing_id").head(6)

# %% [markdown]
# The harder kind: an agent takes a listing down and re-posts it with a new id, a later date, a
# slightly different price, and the address typed differently ("St." for "Street", capitals, a
# trailing comma). No two rows are equal, so `duplicated()` sees nothing. The trick is to
# **normalize** the field that identifies the house, then look for collisions.

# %%
STREET_WORDS = {"st": "street", "ave": "avenue", "rd": "road", "dr": "drive", "ln": "lane", "ct": "court"}


def normalize_address(text: str) -> str:
    """Lower-case, drop punctuation, squeeze spaces, spell out street abbreviations."""
    words = re.sub(r"[^\w\s]", " ", str(text).lower()).split()
    return " ".join(STREET_WORDS.get(word, word) for word in words)


for raw in ["12 Oak St.", "12 OAK STREET", "12  Oak St", "12 oak street,"]:
    print(f"{raw!r:20} -> {normalize_address(raw)!r}")

# %%
unique_listings = (
    listings.drop_duplicates("listing_id")
    .assign(
        address_key=lambda t: t["address"].map(normalize_address),
        posted=lambda t: pd.to_datetime(t["posted_date"]),
    )
    .sort_values(["posted", "listing_id"])
)
same_house = unique_listings.groupby(["town", "bedrooms", "address_key"])
reposts = unique_listings[same_house.cumcount() > 0]
print(f"{len(reposts)} listings re-post a house that was already listed")
example_key = reposts["address_key"].iloc[0]
unique_listings[unique_listings["address_key"] == example_key][["listing_id", "posted_date", "address", "price_usd"]]

# %% [markdown]
# ## 4. Impossible values: rules, written down
#
# An impossible value breaks a fact about the world, not a statistical pattern. Write each fact as
# a rule with a name, so the audit can say how many rows broke it.

# %%
posted_year = pd.to_datetime(listings["posted_date"]).dt.year
listing_rules = {
    "price below $1,000": listings["price_usd"] < 1000,
    "built after it was posted": listings["year_built"] > posted_year,
    "living area not positive": listings["living_area_sqft"] <= 0,
}
customer_rules = {
    "age outside 16-110": ~customers["age"].between(16, 110) & customers["age"].notna(),
    "negative spend": customers["spend_12m_usd"] < 0,
}
rule_table = pd.DataFrame(
    [("house_listings", rule, int(mask.sum())) for rule, mask in listing_rules.items()]
    + [("store_customers", rule, int(mask.sum())) for rule, mask in customer_rules.items()],
    columns=["table", "rule", "rows breaking it"],
)
rule_table

# %%
customers.loc[customer_rules["age outside 16-110"], ["customer_id", "age"]].sort_values("age")

# %% [markdown]
# Note `& customers["age"].notna()`: a missing age is not an impossible age. Missing and wrong are
# different findings with different fixes.
#
# ## 5. A unit mix-up, caught by a ratio
#
# Some agents typed the living area in square metres. Each value alone looks plausible (a 150
# "sqft" flat?), but the **price per square foot** gives it away: about 10.8 times too high.

# %%
plausible = (listings["living_area_sqft"] > 0) & (listings["price_usd"] >= 1000)  # leave the rule-breakers out
price_per_sqft = (listings["price_usd"] / listings["living_area_sqft"]).where(plausible)
ax = np.log10(price_per_sqft.dropna()).plot.hist(bins=60, title="Price per square foot (log scale)")
ax.set_xlabel("log10(price per sqft)")
plt.show()
town_median = price_per_sqft.groupby(listings["town"]).transform("median")
unit_suspects = price_per_sqft > 5 * town_median
print(f"{unit_suspects.sum()} listings cost more than 5x their town's median per sqft")
listings.loc[unit_suspects, ["listing_id", "town", "living_area_sqft", "price_usd"]].head()

# %% [markdown]
# ## 6. Outliers: errors or rare truths?
#
# Two classic detectors: **IQR fences** (Tukey: below Q1 - 1.5·IQR or above Q3 + 1.5·IQR) and
# **z-scores** (more than 3 standard deviations from the mean). Neither knows anything about
# houses; both only say "unusual".

# %%
price = listings["price_usd"]
q1, q3 = price.quantile([0.25, 0.75])
iqr_flag = (price < q1 - 1.5 * (q3 - q1)) | (price > q3 + 1.5 * (q3 - q1))
z_flag = pd.Series(np.abs(stats.zscore(price, nan_policy="omit")) > 3, index=price.index)
truth = data.load_truth("house_listings")
mansions = listings["listing_id"].isin(truth.loc[truth["issue"] == "genuine_extreme", "listing_id"])
placeholder = price < 1000
outlier_table = pd.DataFrame(
    {
        "flagged": [iqr_flag.sum(), z_flag.sum()],
        "of which real mansions": [(iqr_flag & mansions).sum(), (z_flag & mansions).sum()],
        "placeholder prices caught": [(iqr_flag & placeholder).sum(), (z_flag & placeholder).sum()],
    },
    index=["IQR fences (k=1.5)", "z-score > 3"],
)
outlier_table.loc["(total in the table)"] = ["", mansions.sum(), placeholder.sum()]
outlier_table

# %%
fig, ax = plt.subplots()
ax.hist(np.log10(price[price > 1000]), bins=60)
ax.set(title="Asking prices (log scale); the right tail holds real mansions", xlabel="log10(price in USD)")
plt.show()

# %% [markdown]
# Read the table. The IQR fences flag many more houses than there are mansions, because prices
# are skewed to the right and the fences assume a symmetric spread; the z-score flags fewer. Both
# flag the mansions, and **flagged is not wrong**: the mansions are real, and a price model that
# never sees them will be wrong about every large house. And look at the last column: the $0 and
# $1 placeholder prices sit *below* the mean but not far enough to trip either detector (the lower
# IQR fence is below zero). Rules found them, not outlier statistics. Use detectors to *look*, and
# decide with knowledge of the domain.
#
# ## 7. Skewed distributions and an imbalanced label
#
# The customer table has two skews that change what a model learns.

# %%
first_order = pd.to_datetime(customers["first_order_date"])
weekly = first_order.dt.to_period("W-SUN").value_counts().sort_index()
ax = weekly.plot(title="New customers per week (first order)")
ax.set_ylabel("customers")
plt.show()
busiest = weekly.idxmax()
print(f"busiest week {busiest}: {weekly.max()} customers, {weekly.max() / weekly.sum():.0%} of all")

# %%
churn_share = customers["churned"].mean()
print(f"churned: {churn_share:.1%} of customers")
print(f"a model that always answers 'stays' is {1 - churn_share:.1%} accurate and finds no churner")
churn_by_cohort = customers.groupby(first_order.dt.to_period("W-SUN") == busiest)["churned"].mean()
churn_by_cohort.index = ["other weeks", "promotion week"]
churn_by_cohort.round(3).to_frame("churn rate")


# %% [markdown]
# Nearly half the customers arrived in one promotional week, and they churn at a different rate:
# a random train/test split will mostly test the model on bargain hunters. And with a rare label,
# accuracy is meaningless (module 02 deals with this properly). Spend is skewed too
# (`customers["spend_12m_usd"].skew()`), which is real and not an error: look at it on a log scale.
#
# ## 8. Write it down: the audit, scored against the truth
#
# An audit is a table: what you checked, what you found, how many rows, and what you will do. Here
# it is built from the findings above, then compared with the planted ground truth.


# %%
def ids(mask, table=listings, key="listing_id"):
    return set(table.loc[mask, key])


found = {
    "exact_duplicate": ids(exact),
    "near_duplicate": set(reposts["listing_id"]),
    "impossible_value": ids(pd.concat(listing_rules, axis=1).any(axis=1)),
    "unit_mixup": ids(unit_suspects),
    "genuine_extreme": ids(z_flag & (price > q3)),
}
decisions = {
    "exact_duplicate": "drop the copy",
    "near_duplicate": "keep the latest post, link the ids",
    "impossible_value": "set to missing, ask the agent",
    "unit_mixup": "convert square metres to square feet",
    "genuine_extreme": "keep: real and rare",
}
rows = []
for issue, flagged_ids in found.items():
    planted = set(truth.loc[truth["issue"] == issue, "listing_id"])
    rows.append(
        {
            "finding": issue,
            "rows flagged": len(flagged_ids),
            "planted": len(planted),
            "found (recall)": len(flagged_ids & planted) / len(planted),
            "right (precision)": len(flagged_ids & planted) / max(len(flagged_ids), 1),
            "decision": decisions[issue],
        }
    )
audit = pd.DataFrame(rows).round(2)
audit

# %% tags=["claim-check"]
# The detective's rules must keep finding what the lesson says they find.
scores = audit.set_index("finding")
assert (
    scores.loc[["exact_duplicate", "near_duplicate", "impossible_value", "unit_mixup"], "found (recall)"] == 1
).all(), scores
assert (scores.loc[["near_duplicate", "impossible_value", "unit_mixup"], "right (precision)"] >= 0.95).all(), scores

# %% [markdown]
# Every duplicate, re-post, impossible value and unit mix-up was found by a rule you can read.
# The last row is the honest one: a z-score alone does not know a mansion from a typo; it found
# candidates, and the decision to *keep* them came from looking. In module 04 you will turn an
# audit like this into cleaning steps that never throw away what matters.
#
# ### Try it
#
# 1. Change `k` in the IQR fences to 3. How many prices are still flagged? Which rule would you
#    trust for a salary column? For sensor readings?
# 2. Drop `bedrooms` from the re-post key (`groupby(["town", "address_key"])`). Does precision
#    change? Why might a re-post change the number of bedrooms?
# 3. Profile `customers` the same way: missing ages by plan, duplicates by `customer_id`.

# %%
# Try it here.

# %% [markdown]
# ## Check your understanding
#
# 1. Why is "missing" a different finding from "impossible", and why should the audit keep them apart?
# 2. The lot size is missing mostly for townhouses. What goes wrong if you fill it with the median?
# 3. Why did `duplicated()` miss every re-posted listing, and what made them findable?
# 4. A value outside the IQR fences: error or rare truth? What would you check before deciding?
# 5. Nearly half the customers came in one week. How could that mislead a churn model's evaluation?
#
# <details><summary>Answers</summary>
#
# 1. Missing means *unknown*; impossible means *known to be wrong*. They get different fixes
#    (impute or leave blank vs. correct, re-ask, or set to missing), and their counts mean
#    different things to whoever owns the data.
# 2. It invents a garden for houses that have none, and the model learns that townhouses have
#    median lots; better keep it missing (with an indicator) or use 0 if "no lot" is the truth.
# 3. Re-posts differ in id, date, price and spelling of the address, so no two rows are equal.
#    Normalizing the address and grouping by the fields that identify a house made them collide.
# 4. Check it against domain facts (is a 9,000 sqft house at $4.8M plausible?), related columns
#    (bedrooms, price per sqft), and the source. Outlier statistics only say "unusual".
# 5. A random split puts mostly promotion customers in the test set, so the score describes
#    bargain hunters; the cohorts churn differently, so report metrics per cohort or split by time.
# </details>
#
# ## Summary
#
# - Profile before you model: types, ranges, missingness *and its pattern*, duplicates, rules, ratios, skews.
# - Normalize identifying fields to find near-duplicates that exact comparison misses.
# - Impossible values are found by rules; outlier statistics find *unusual* values, some real.
# - Write findings down as an audit table with counts and decisions.
#
# ## Going further
#
# - Library one-liners: `df.isna().sum()`, `df.duplicated()`, `Series.quantile`, `scipy.stats.zscore`;
#   cleanlab's `Datalab` flags near-duplicates and outliers automatically (module 04).
# - Gebru et al. (2021), *Datasheets for Datasets*, Communications of the ACM: the questions a data
#   card answers, used for every data set in this course.
# - Next: the exercise, [`exercises/01-data-detective/01-data-detective.ipynb`](../exercises/01-data-detective/01-data-detective.ipynb),
#   then module 02, *The red flags nobody tells you about*.
