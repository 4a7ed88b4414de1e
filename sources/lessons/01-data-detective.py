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
# - write your findings down as an audit table, and measure how much of the truth you found;
# - find real exact and near duplicates in 5,574 real text messages, and measure what they do to a
#   naive train/test split.

# %%
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

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

# %% tags=["claim-check"]
# "missing mostly for townhouses": most listings without a lot size are townhouses.
townhouse_share_of_missing = (style[listings["lot_sqft"].isna()] == "townhouse").mean()
assert lot_missing_by_style.idxmax() == "townhouse" and townhouse_share_of_missing > 0.75, townhouse_share_of_missing

# %% [markdown]
# Most listings without a lot size are townhouses. Townhouses rarely have a lot of their own, so agents leave it blank: the value is missing *for a
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
        "flagged": [iqr_flag.sum(), z_flag.sum(), None],  # no detector on the last row
        "of which real mansions": [(iqr_flag & mansions).sum(), (z_flag & mansions).sum(), mansions.sum()],
        "placeholder prices caught": [(iqr_flag & placeholder).sum(), (z_flag & placeholder).sum(), placeholder.sum()],
    },
    index=["IQR fences (k=1.5)", "z-score > 3", "(total in the table)"],
).astype("Int64")  # whole numbers, with <NA> where a cell has no value
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

# %% tags=["claim-check"]
promotion_share = weekly.max() / weekly.sum()
assert round(100 * promotion_share) == 47, promotion_share  # "nearly half (47%)"
churn_ratio = churn_by_cohort["promotion week"] / churn_by_cohort["other weeks"]
assert 8 < churn_ratio < 12, churn_ratio  # "about ten times as often"


# %% [markdown]
# Nearly half the customers (47%) arrived in one promotional week, and they churn at a different
# rate: nearly half of a random test set will be bargain hunters, so its score mixes two
# populations that behave differently. And with a rare label, accuracy is meaningless (module 02
# deals with this properly). Spend is skewed too
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
# The last row also scores 1.0, but it is different in kind: the z-score's 6 flags happen to be
# exactly the 6 real mansions, and the finding is "keep", not "fix". A z-score alone does not know
# a mansion from a typo (section 6: it caught none of the 8 placeholder prices); it found
# candidates, and the decision to *keep* them came from looking. In module 04 you will turn an
# audit like this into cleaning steps that never throw away what matters.

# %% tags=["claim-check"]
assert scores.loc["genuine_extreme", ["rows flagged", "planted"]].tolist() == [6, 6], scores
assert z_flag.sum() == 6 and (z_flag & placeholder).sum() == 0 and placeholder.sum() == 8

# %% [markdown]
# ## Does it hold on real data?
#
# Every problem in the listings was planted. Real data has its own. The **SMS Spam Collection**
# (card `sms_spam`; Almeida, Gómez Hidalgo and Yamakami, 2011) holds 5,574 real text messages
# labeled ham or spam, gathered from several published sources. Does it have duplicates, and what
# do they do to the first thing everyone does with such a table: a random train/test split?
#
# Exact copies first, then near copies. A spam campaign sends the same text with a different
# phone number or prize, and people type "Ok..." and "ok" alike, so the key for a near copy
# lower-cases the text, turns every number into `0` and every run of other characters
# (punctuation, spaces, symbols such as £) into one space.

# %%
sms = data.load("sms_spam")


def message_key(text: str) -> str:
    """Lower-case; every run of digits becomes 0; every run of non-letters/digits becomes one space."""
    text = re.sub(r"[0-9]+", "0", text.lower())
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


sms["key"] = sms["text"].map(message_key)
exact_copy = sms["text"].duplicated(keep="first")
near_copy = sms["key"].duplicated(keep="first") & ~exact_copy
sms_duplicates = pd.DataFrame(
    {
        "messages": sms.groupby("label").size(),
        "exact copies of an earlier row": exact_copy.groupby(sms["label"]).sum(),
        "near copies (same key, different text)": near_copy.groupby(sms["label"]).sum(),
    }
)
sms_duplicates.loc["all"] = sms_duplicates.sum()
sms_duplicates["share repeated"] = (
    sms_duplicates["exact copies of an earlier row"] + sms_duplicates["near copies (same key, different text)"]
) / sms_duplicates["messages"]
sms_duplicates.round(3)

# %% [markdown]
# Some near copies that differ by more than case or spacing, each pair sharing one key:

# %%
loose_copy = sms["text"].str.lower().str.split().str.join(" ").duplicated()  # same words, other case or spacing
near_keys = sms.loc[near_copy & ~loose_copy & sms["label"].eq("spam"), "key"].drop_duplicates().head(3)
for key in near_keys:
    for text in sms.loc[sms["key"] == key, "text"].drop_duplicates().head(2):
        print(repr(text))
    print()

# %% tags=["claim-check"]
assert exact_copy.sum() == 403 and near_copy.sum() == 71, (exact_copy.sum(), near_copy.sum())
spam_repeated = sms_duplicates.loc["spam", "share repeated"]
ham_repeated = sms_duplicates.loc["ham", "share repeated"]
assert round(100 * spam_repeated) == 20 and round(100 * ham_repeated) == 7, (spam_repeated, ham_repeated)

# %% [markdown]
# 403 rows repeat an earlier message exactly, and 71 more are near copies that `duplicated()` does
# not see. They are not spread evenly: 20% of the spam rows repeat an earlier message (campaigns
# are sent many times), against 7% of the ham. Now split the table at random, 70/30, as most
# tutorials do, and train a spam filter on word frequencies (logistic regression with `C=100`,
# the value lesson 00's grid chose). How many test messages have a copy in training, and how well
# does the model do on them?

# %%
sms_train, sms_test = train_test_split(sms, test_size=0.3, stratify=sms["label"], random_state=SEED)
spam_filter = make_pipeline(TfidfVectorizer(), LogisticRegression(C=100, max_iter=1000))
spam_filter.fit(sms_train["text"], sms_train["label"])
sms_test = sms_test.assign(
    correct=spam_filter.predict(sms_test["text"]) == sms_test["label"],
    copy_in_training=sms_test["key"].isin(set(sms_train["key"])),
)
is_spam = sms_test["label"] == "spam"
leak_table = pd.DataFrame(
    {
        "test messages": sms_test.groupby("copy_in_training").size(),
        "accuracy": sms_test.groupby("copy_in_training")["correct"].mean(),
        "spam messages": sms_test[is_spam].groupby("copy_in_training").size(),
        "spam caught (recall)": sms_test[is_spam].groupby("copy_in_training")["correct"].mean(),
    }
).rename(index={False: "no copy in training", True: "a copy in training"})
leak_table.loc["all (what the naive split reports)"] = [
    len(sms_test),
    sms_test["correct"].mean(),
    is_spam.sum(),
    sms_test.loc[is_spam, "correct"].mean(),
]
leak_table.round(3)

# %% tags=["claim-check"]
leaked_share = sms_test["copy_in_training"].mean()
leaked_spam_share = sms_test.loc[is_spam, "copy_in_training"].mean()
assert round(100 * leaked_share) == 11 and round(100 * leaked_spam_share) == 24, (leaked_share, leaked_spam_share)
seen, unseen, overall = leak_table.index[1], leak_table.index[0], leak_table.index[2]
assert leak_table.loc[seen, "spam caught (recall)"] == 1.0, leak_table
recall_gap = leak_table.loc[overall, "spam caught (recall)"] - leak_table.loc[unseen, "spam caught (recall)"]
accuracy_gap = leak_table.loc[overall, "accuracy"] - leak_table.loc[unseen, "accuracy"]
assert 0.02 < recall_gap < 0.06 and 0 < accuracy_gap < 0.005, (recall_gap, accuracy_gap)

# %% [markdown]
# 11% of the test messages, and 24% of the test spam, have a copy (exact or near) in training. The
# model catches every one of those spam messages: it has seen them. On spam it has not seen, it
# catches fewer, so the naive split's spam recall is a few points higher than what a new campaign
# would meet. Overall accuracy barely moves (less than half a point): most repeated ham is short
# and easy ("Ok", "Sorry, I'll call later"), and most messages are ham. The leak hides in the rare
# class, where it matters most.
#
# The honest conclusion: duplicates are real and common here, and a naive split flatters exactly
# the number a spam team cares about. The fix is cheap: group copies by their key and keep each
# group on one side of the split (`sklearn.model_selection.GroupShuffleSplit(...).split(X, groups=key)`),
# or drop them before splitting. How far to go (exact copies only? numbers masked?) is a judgment
# about what counts as "the same message" for your use, which the key makes explicit and
# reviewable.
#
# ### Try it
#
# 1. Change `k` in the IQR fences to 3. How many prices are still flagged? Which rule would you
#    trust for a salary column? For sensor readings?
# 2. Drop `bedrooms` from the re-post key (`groupby(["town", "address_key"])`). Does precision
#    change? Why might a re-post change the number of bedrooms?
# 3. Profile `customers` the same way: missing ages by plan, duplicates by `customer_id`.
# 4. Split the SMS messages with `GroupShuffleSplit` on `sms["key"]` instead. What spam recall does
#    the model reach on that test set? Try another `random_state` too: how much does it move?

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
# 6. In the SMS messages, why did duplicates change spam recall more than overall accuracy?
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
# 5. A random split puts nearly half promotion customers in the test set, and they churn about ten
#    times as often as the others, so one overall score mixes two populations; report metrics per
#    cohort, or split by time.
# 6. Spam repeats far more often than ham (campaigns), so a larger share of the test spam has a copy
#    in training; and spam is the rare class, so its recall rests on few messages, while overall
#    accuracy is dominated by ham, whose repeats are easy anyway.
# </details>
#
# ## Summary
#
# - Profile before you model: types, ranges, missingness *and its pattern*, duplicates, rules, ratios, skews.
# - Normalize identifying fields to find near-duplicates that exact comparison misses.
# - Impossible values are found by rules; outlier statistics find *unusual* values, some real.
# - Write findings down as an audit table with counts and decisions.
# - Real data repeats itself: 474 of 5,574 real text messages repeat an earlier one once case,
#   numbers and punctuation are ignored. Keep copies on one side of a split, or the test score
#   flatters the model where it matters most.
#
# ## Going further
#
# - Library one-liners: `df.isna().sum()`, `df.duplicated()`, `Series.quantile`, `scipy.stats.zscore`;
#   cleanlab's `Datalab` flags near-duplicates and outliers automatically (module 04).
# - Gebru et al. (2021), *Datasheets for Datasets*, Communications of the ACM: the questions a data
#   card answers, used for every data set in this course.
# - T. A. Almeida, J. M. Gómez Hidalgo, A. Yamakami (2011), *Contributions to the Study of SMS Spam
#   Filtering: New Collection and Results*, DocEng 2011: the SMS Spam Collection (CC BY 4.0).
# - `sklearn.model_selection.GroupShuffleSplit` and `GroupKFold`: splits that keep a group together.
# - Next: the exercise, [`exercises/01-data-detective/01-data-detective.ipynb`](../exercises/01-data-detective/01-data-detective.ipynb),
#   then module 02, *The red flags nobody tells you about*.
