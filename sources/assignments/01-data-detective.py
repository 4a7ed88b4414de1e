# %% [markdown]
# # 01 · Exercise: the data detective's toolkit
#
# You will write the tools from the lesson as functions that work on *any* table, use one of them
# on 5,574 real text messages, then audit the customer table. Replace each
# `raise NotImplementedError()` with your code, keep the names and arguments, and run the test cell
# below each function. Hidden tests run your functions on fresh tables when you submit, including
# awkward ones (ties, missing values, boundaries), so follow each contract exactly.
#
# Answer cells are scored from their definitions only: the functions, classes, imports and
# constants you write there. Anything else in an answer cell (a print, a variable computed from
# the data) does not run when your work is scored, so keep experiments in a cell of your own.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import re

import numpy as np
import pandas as pd

from utils import data

SEED = 0
listings = data.load("house_listings")
customers = data.load("store_customers")
sms = data.load("sms_spam")  # real text messages (exercise 8)
sms_test = sms.sample(frac=0.3, random_state=SEED)  # a naive random split, 70/30
sms_train = sms.drop(index=sms_test.index)
listings.head(3)


# %% [markdown]
# ## Exercise 1: Report missing values per column (3 points)
#
# Return one row per column **that has at least one missing value**, with `n_missing` (int) and
# `pct_missing` (percent of all rows, 0-100, not rounded), sorted by `n_missing` from most to
# fewest, ties broken by column name (A to Z). The index is the column name, named `"column"`.


# %% nbgrader={"grade": false, "grade_id": "missing-report-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def missing_report(table: pd.DataFrame) -> pd.DataFrame:
    """Count and share of missing values per column.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)

    Returns
    -------
    pandas.DataFrame, shape (n_columns_with_missing, 2)
        Index "column"; columns "n_missing" (int) and "pct_missing" (float, 0-100).
    """
    # contract: only columns with >= 1 missing value; sorted by n_missing desc, then name asc
    ### BEGIN SOLUTION
    counts = table.isna().sum()
    counts = counts[counts > 0]
    report = pd.DataFrame({"n_missing": counts.astype(int), "pct_missing": 100.0 * counts / len(table)})
    report = report.rename_axis("column").reset_index()
    return report.sort_values(["n_missing", "column"], ascending=[False, True]).set_index("column")
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "missing-report-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: missing_report on the listings (which columns, order, and percentages)."""
report = missing_report(listings)
assert list(report.columns) == ["n_missing", "pct_missing"], (
    f"expected columns n_missing, pct_missing; got {list(report.columns)}"
)
assert list(report.index) == ["lot_sqft", "year_built", "bathrooms"], (
    f"expected lot_sqft, year_built, bathrooms (most missing first); got {list(report.index)}"
)
assert report.loc["lot_sqft", "n_missing"] == listings["lot_sqft"].isna().sum()
assert str(report["n_missing"].dtype).startswith("int"), (
    f"n_missing holds integer counts, not {report['n_missing'].dtype}"
)
assert report.index.name == "column", f"name the index 'column', not {report.index.name!r}"
assert np.isclose(report.loc["bathrooms", "pct_missing"], 100 * listings["bathrooms"].isna().mean()), (
    "pct_missing is a percentage of all rows (0-100), not a fraction"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "missing-report-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: missing_report on fresh tables (ties by name, no-missing columns left out, exact percentages)."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame({"b": [1, None, 3, None], "a": [None, 2, None, 4], "c": [1, 2, 3, 4], "d": ["x", None, "y", "z"]})
_r = missing_report(_t)
assert list(_r.index) == ["a", "b", "d"], f"ties (a and b both have 2) go by name, and c has none: got {list(_r.index)}"
assert _r.index.name == "column", "name the index 'column'"
assert np.allclose(_r["pct_missing"].to_numpy(dtype=float), [50.0, 50.0, 25.0]), (
    "pct_missing must be exact percentages of all rows"
)
assert _r["n_missing"].tolist() == [2, 2, 1] and str(_r["n_missing"].dtype).startswith("int"), (
    f"n_missing holds integer counts: got {_r['n_missing'].tolist()} ({_r['n_missing'].dtype})"
)
_third = missing_report(pd.DataFrame({"q": [None, 1.0, 2.0]}))
assert np.isclose(_third.loc["q", "pct_missing"], 100 / 3, rtol=1e-9), (
    f"1 of 3 rows is 33.333...%, not rounded: got {_third.loc['q', 'pct_missing']}"
)
assert len(missing_report(pd.DataFrame({"x": [1, 2]}))) == 0, "a table with no missing values gives an empty report"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Find exact duplicate rows (2 points)
#
# Return the index labels of the rows that repeat an **earlier** row in every column (the first
# occurrence is not a duplicate), in table order.


# %% nbgrader={"grade": false, "grade_id": "exact-duplicates-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def exact_duplicate_rows(table: pd.DataFrame) -> list:
    """Index labels of rows identical, in every column, to an earlier row.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)

    Returns
    -------
    list
        Index labels in table order; the first copy of each row is not included.
    """
    ### BEGIN SOLUTION
    return list(table.index[table.duplicated(keep="first")])
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "exact-duplicates-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: exact_duplicate_rows finds the listings the scraper loaded twice."""
dups = exact_duplicate_rows(listings)
assert len(dups) == 18, f"expected 18 repeated rows, got {len(dups)}: count only the later copies"
assert listings.loc[dups, "listing_id"].isin(listings.drop(index=dups)["listing_id"]).all()
_pair = exact_duplicate_rows(pd.DataFrame({"a": [1, 2, 1]}, index=[30, 20, 10]))
assert _pair == [10], (
    f"expected [10]: the index label of the later copy (positions and earlier copies are not); got {_pair}"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "exact-duplicates-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: exact_duplicate_rows on a fresh table (all columns compared, index labels, order)."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame({"a": [1, 1, 2, 1, 2], "b": ["x", "x", "y", "z", "y"]}, index=[10, 20, 30, 40, 50])
assert exact_duplicate_rows(_t) == [20, 50], (
    f"expected [20, 50] (index labels of later copies), got {exact_duplicate_rows(_t)}"
)
assert exact_duplicate_rows(pd.DataFrame({"a": [1, 2, 3]})) == []
assert len(exact_duplicate_rows(customers)) == 12, "the customer table has 12 repeated rows"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Find re-posted listings (4 points)
#
# First, `normalize_address`: lower-case; replace every character that is not a letter, digit,
# underscore or whitespace with a space; split on whitespace and re-join with single spaces; and
# replace these whole words by their full form: `st` street, `ave` avenue, `rd` road,
# `dr` drive, `ln` lane, `ct` court (only whole words: "stone" stays "stone").
#
# Then `find_reposts`: two listings are the same house when they have the same `town`, the same
# `bedrooms` and the same normalized `address`, and **different** `listing_id`s (rows with the same
# id are exact copies, not re-posts: count each id once). Within a house, the original is the
# earliest `posted_date` (ties: the smaller `listing_id`); return one row per later listing,
# paired with its original, sorted by `original_id` then `repost_id`, with a fresh 0..n-1 index.


# %% nbgrader={"grade": false, "grade_id": "reposts-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def normalize_address(text: str) -> str:
    """Canonical form of a street address (see the contract above)."""
    ### BEGIN SOLUTION
    words = re.sub(r"[^\w\s]", " ", str(text).lower()).split()
    full = {"st": "street", "ave": "avenue", "rd": "road", "dr": "drive", "ln": "lane", "ct": "court"}
    return " ".join(full.get(word, word) for word in words)
    ### END SOLUTION


def find_reposts(listings: pd.DataFrame) -> pd.DataFrame:
    """Pairs (original_id, repost_id) of listings of the same house.

    Parameters
    ----------
    listings : pandas.DataFrame
        Needs columns listing_id, posted_date, town, bedrooms, address.

    Returns
    -------
    pandas.DataFrame, shape (n_reposts, 2)
        Columns "original_id", "repost_id".
    """
    ### BEGIN SOLUTION
    keyed = (
        listings.drop_duplicates("listing_id")
        .assign(
            _address=lambda t: t["address"].map(normalize_address),
            _posted=lambda t: pd.to_datetime(t["posted_date"]),
        )
        .sort_values(["_posted", "listing_id"])
    )
    pairs = []
    for _, house in keyed.groupby(["town", "bedrooms", "_address"], sort=False):
        first = house["listing_id"].iloc[0]
        pairs += [(first, later) for later in house["listing_id"].iloc[1:]]
    result = pd.DataFrame(pairs, columns=["original_id", "repost_id"])
    return result.sort_values(["original_id", "repost_id"]).reset_index(drop=True)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "reposts-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: normalize_address on the lesson's examples, and find_reposts' shape."""
for _raw in ["12 Oak St.", "12 OAK STREET", "12  Oak St", "12 oak street,"]:
    assert normalize_address(_raw) == "12 oak street", (
        f"normalize_address({_raw!r}) gave {normalize_address(_raw)!r}, expected '12 oak street'"
    )
pairs = find_reposts(listings)
assert list(pairs.columns) == ["original_id", "repost_id"], (
    f"expected columns original_id, repost_id; got {list(pairs.columns)}"
)
assert len(pairs) > 0 and (pairs["original_id"] != pairs["repost_id"]).all(), "a listing is never a re-post of itself"
assert len(pairs) == 40, f"the lesson found 40 re-posts; got {len(pairs)} pairs"
assert not pairs["original_id"].isin(pairs["repost_id"]).any(), (
    "an original is never itself a re-post: pair every later post with the first post of the house"
)
_posted = listings.drop_duplicates("listing_id").set_index("listing_id")["posted_date"]
assert (_posted[pairs["original_id"]].to_numpy() <= _posted[pairs["repost_id"]].to_numpy()).all(), (
    "the original is the earliest post of the house"
)
assert list(pairs.index) == list(range(len(pairs))), "return a fresh 0..n-1 index"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "reposts-hidden", "locked": true, "points": 3.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: normalization edge cases, re-posts against the ground truth, originals, ties and exact copies."""
### BEGIN HIDDEN TESTS
assert normalize_address("7 Stone Ct") == "7 stone court", "replace whole words only: 'Stone' stays 'stone'"
assert normalize_address(" 3 Mill  Rd.,") == "3 mill road"
_truth = data.load_truth("house_listings")
_planted = _truth[_truth["issue"] == "near_duplicate"]
_expected = set(zip(_planted["note"].str.replace("re-post of ", "", regex=False), _planted["listing_id"]))
_found = set(zip(find_reposts(listings)["original_id"], find_reposts(listings)["repost_id"]))
assert _found == _expected, (
    f"found {len(_found)} pairs, {len(_found & _expected)} of the {len(_expected)} planted; check the key (town, bedrooms, address) and which post is the original"
)
_t = pd.DataFrame(
    {
        "listing_id": ["B2", "A1", "C3", "D4", "D4", "E5", "F6"],
        "posted_date": [
            "2025-03-01",
            "2025-03-01",
            "2025-01-05",
            "2025-02-01",
            "2025-02-01",
            "2025-02-02",
            "2025-02-03",
        ],
        "town": ["X", "X", "X", "Y", "Y", "Y", "Y"],
        "bedrooms": [3, 3, 3, 2, 2, 2, 3],
        "address": ["1 Elm St", "1 ELM STREET", "1 elm st.", "9 Ash Ave", "9 Ash Ave", "9 ash avenue", "9 Ash Ave"],
    }
)
_r = find_reposts(_t)
assert list(_r.itertuples(index=False, name=None)) == [("C3", "A1"), ("C3", "B2"), ("D4", "E5")], (
    f"got {list(_r.itertuples(index=False, name=None))}: originals are the earliest post (ties: smaller id), exact copies count once, bedrooms must match"
)
assert list(_r.index) == [0, 1, 2], "return a fresh 0..n-1 index"
_tie = pd.DataFrame(
    {
        "listing_id": ["K8", "K7", "K9"],
        "posted_date": ["2025-04-01", "2025-04-01", "2025-04-02"],
        "town": ["Z", "Z", "Z"],
        "bedrooms": [1, 1, 1],
        "address": ["2 Oak Ln", "2 oak lane", "2 OAK LN."],
    }
)
assert list(find_reposts(_tie).itertuples(index=False, name=None)) == [("K7", "K8"), ("K7", "K9")], (
    f"K7 and K8 were both posted first: the original is the smaller id, K7; got {find_reposts(_tie).values.tolist()}"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4: Flag impossible values by rule (3 points)
#
# Return a boolean DataFrame with the same index as `listings` and three columns, one per rule:
# `price_too_low` (`price_usd` below 1000), `built_after_posting` (`year_built` later than the
# *year* of `posted_date`) and `nonpositive_area` (`living_area_sqft` zero or negative). A missing
# value never breaks a rule (it is missing, not impossible).


# %% nbgrader={"grade": false, "grade_id": "impossible-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def impossible_values(listings: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per rule; True where a row breaks it.

    Parameters
    ----------
    listings : pandas.DataFrame, shape (n_rows, ...)

    Returns
    -------
    pandas.DataFrame, shape (n_rows, 3), dtype bool
        Columns "price_too_low", "built_after_posting", "nonpositive_area".
    """
    ### BEGIN SOLUTION
    posted_year = pd.to_datetime(listings["posted_date"]).dt.year
    return pd.DataFrame(
        {
            "price_too_low": (listings["price_usd"] < 1000).to_numpy(),
            "built_after_posting": (listings["year_built"] > posted_year).to_numpy(),
            "nonpositive_area": (listings["living_area_sqft"] <= 0).to_numpy(),
        },
        index=listings.index,
    ).astype(bool)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "impossible-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: impossible_values on the listings (columns, counts per rule)."""
flags = impossible_values(listings)
assert list(flags.columns) == ["price_too_low", "built_after_posting", "nonpositive_area"], list(flags.columns)
assert flags.index.equals(listings.index), "keep the index of the input"
assert flags["price_too_low"].sum() == 8, f"expected 8 placeholder prices, got {flags['price_too_low'].sum()}"
assert flags["nonpositive_area"].sum() == 3, f"expected 3 non-positive areas, got {flags['nonpositive_area'].sum()}"
assert flags["built_after_posting"].sum() == 6, (
    f"expected 6 houses built after their posting year, got {flags['built_after_posting'].sum()}: "
    "a missing year_built breaks no rule"
)
_tail = impossible_values(listings.tail(4))
assert _tail.index.equals(listings.tail(4).index), f"keep the input's index labels: got {list(_tail.index)}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "impossible-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: impossible_values at the boundaries, with missing values and a custom index."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame(
    {
        "posted_date": ["2025-06-01", "2025-06-01", "2024-12-31", "2025-01-01", "2025-01-01"],
        "price_usd": [1000.0, 999.0, np.nan, 250000.0, 5.0],
        "year_built": [2025.0, 2026.0, 2025.0, np.nan, 1990.0],
        "living_area_sqft": [0.0, 1.0, np.nan, -5.0, 800.0],
    },
    index=["a", "b", "c", "d", "e"],
)
_f = impossible_values(_t)
assert _f.loc["a"].tolist() == [False, False, True], (
    f"row a: $1,000 is allowed, built in the posting year is allowed, area 0 is not positive; got {_f.loc['a'].tolist()}"
)
assert _f.loc["b"].tolist() == [True, True, False], f"row b: got {_f.loc['b'].tolist()}"
assert _f.loc["c"].tolist() == [False, True, False], (
    f"row c: missing values break no rule, 2025 > 2024; got {_f.loc['c'].tolist()}"
)
assert _f.loc["d"].tolist() == [False, False, True], f"row d: got {_f.loc['d'].tolist()}"
assert _f.loc["e"].tolist() == [True, False, False], f"row e: got {_f.loc['e'].tolist()}"
assert all(str(_dtype) == "bool" for _dtype in _f.dtypes), "every column must be boolean"
_truth = data.load_truth("house_listings")
_flagged = set(listings.loc[impossible_values(listings).any(axis=1), "listing_id"])
assert _flagged == set(_truth.loc[_truth["issue"] == "impossible_value", "listing_id"]), (
    "the rules should find exactly the planted impossible values"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 5: Flag outliers with IQR fences and z-scores (3 points)
#
# `iqr_outliers(values, k)`: True where a value is below `Q1 - k*IQR` or above `Q3 + k*IQR`, with
# quartiles from `Series.quantile` (its default, linear interpolation) over the non-missing values.
# `zscore_outliers(values, threshold)`: True where `|value - mean| / std > threshold`, with the
# **population** standard deviation (`ddof=0`, as `scipy.stats.zscore` uses). Missing values are
# never outliers and are ignored when computing the statistics. Both keep the input's index.


# %% nbgrader={"grade": false, "grade_id": "outliers-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def iqr_outliers(values: pd.Series, k: float = 1.5) -> pd.Series:
    """Tukey's fences: True outside [Q1 - k*IQR, Q3 + k*IQR].

    Parameters
    ----------
    values : pandas.Series, shape (n,)
    k : float

    Returns
    -------
    pandas.Series of bool, shape (n,), same index
    """
    ### BEGIN SOLUTION
    q1, q3 = values.quantile(0.25), values.quantile(0.75)
    spread = q3 - q1
    return ((values < q1 - k * spread) | (values > q3 + k * spread)).astype(bool)
    ### END SOLUTION


def zscore_outliers(values: pd.Series, threshold: float = 3.0) -> pd.Series:
    """True where the population z-score's magnitude exceeds `threshold`.

    Parameters
    ----------
    values : pandas.Series, shape (n,)
    threshold : float

    Returns
    -------
    pandas.Series of bool, shape (n,), same index
    """
    ### BEGIN SOLUTION
    z = (values - values.mean()) / values.std(ddof=0)
    return (z.abs() > threshold).fillna(False).astype(bool)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "outliers-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: the outlier detectors on listing prices."""
iqr_flags, z_flags = iqr_outliers(listings["price_usd"]), zscore_outliers(listings["price_usd"])
assert iqr_flags.index.equals(listings.index) and z_flags.index.equals(listings.index), "keep the input's index"
assert iqr_flags.sum() > z_flags.sum() > 0, "on these right-skewed prices the IQR fences flag more houses than z > 3"
assert not iqr_outliers(pd.Series([1.0, 2.0, 3.0, 4.0])).any(), "evenly spaced values have no outliers"
_ten = pd.Series([0.0] * 9 + [10.0, np.nan], index=list("abcdefghijk"))
_z = zscore_outliers(_ten, threshold=2.9)
assert _z.index.equals(_ten.index) and _z.tolist() == [False] * 9 + [True, False], (
    f"got {_z.tolist()}: with the population std (ddof=0) the 10 has z = 3.0 > 2.9; a missing value is never an outlier"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "outliers-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: outliers against numpy/scipy on fresh data, with missing values, k and threshold."""
### BEGIN HIDDEN TESTS
from scipy import stats as _stats

_rng = np.random.default_rng(3)
_v = pd.Series(np.concatenate([_rng.normal(0, 1, 300), [8.0, -7.5, 3.1]]), index=np.arange(303) * 2)
_v.iloc[[5, 50]] = np.nan
_q1, _q3 = np.nanpercentile(_v, [25, 75])
for _k in (1.5, 3.0):
    _want = (_v < _q1 - _k * (_q3 - _q1)) | (_v > _q3 + _k * (_q3 - _q1))
    assert (iqr_outliers(_v, k=_k) == _want).all(), f"IQR fences differ from numpy's percentiles for k={_k}"
_z = np.abs(_stats.zscore(_v.to_numpy(), nan_policy="omit"))
for _thr in (2.0, 3.0):
    _want = pd.Series(np.nan_to_num(_z, nan=0.0) > _thr, index=_v.index)
    assert (zscore_outliers(_v, threshold=_thr) == _want).all(), (
        f"z-scores differ from scipy.stats.zscore (ddof=0) at threshold {_thr}: population std, not sample std"
    )
_small = pd.Series([0.0] * 9 + [10.0])
assert zscore_outliers(_small, threshold=2.9).tolist() == [False] * 9 + [True], (
    "with ddof=0 the last value has z = 3.0 > 2.9; the sample std (ddof=1) would give 2.85"
)
assert not iqr_outliers(_v).iloc[[5, 50]].any() and not zscore_outliers(_v).iloc[[5, 50]].any(), (
    "missing values are never outliers"
)
assert iqr_outliers(_v).dtype == bool and zscore_outliers(_v).dtype == bool
_fence = pd.Series([-1.5, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.5])  # Q1 = 0, Q3 = 1: fences -1.5 and 2.5
assert not iqr_outliers(_fence).any(), "values exactly on a fence are not outside it: use < and >, not <= and >="
assert iqr_outliers(pd.Series([-1.6, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.5])).tolist() == [True] + [False] * 9
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 6: Find the busiest week (2 points)
#
# Weeks start on **Monday**. Return the Monday (a `pandas.Timestamp` at midnight) of the week with
# the most dates, and that week's share of all non-missing dates. If two weeks tie, return the
# earlier. `dates` holds ISO date strings and may contain missing values, and may span several
# years (the same week number in two years is two different weeks).


# %% nbgrader={"grade": false, "grade_id": "busiest-week-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def busiest_week(dates: pd.Series) -> tuple:
    """(Monday of the busiest week, its share of all non-missing dates).

    Parameters
    ----------
    dates : pandas.Series of str, shape (n,)

    Returns
    -------
    tuple (pandas.Timestamp, float)
    """
    ### BEGIN SOLUTION
    parsed = pd.to_datetime(dates).dropna()
    mondays = (parsed - pd.to_timedelta(parsed.dt.day_of_week, unit="D")).dt.normalize()
    counts = mondays.value_counts()
    top = counts[counts == counts.max()].index.min()
    return pd.Timestamp(top), float(counts.max() / len(parsed))
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "busiest-week-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: busiest_week on the customers' first orders (the promotion week)."""
week, share = busiest_week(customers["first_order_date"])
assert week == pd.Timestamp("2025-11-24"), f"expected the week of Monday 2025-11-24, got {week}"
assert 0.4 < share < 0.55, f"that week holds close to half of all first orders; got share {share:.3f}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "busiest-week-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: busiest_week with Sunday/Monday boundaries, ties and missing dates."""
### BEGIN HIDDEN TESTS
_d = pd.Series(["2025-03-02", "2025-03-03", "2025-03-05", "2025-03-09", "2025-03-10", "2025-03-11", None, "2025-02-24"])
_w, _s = busiest_week(_d)
assert _w == pd.Timestamp("2025-03-03") and np.isclose(_s, 3 / 7), (
    f"got {(_w, _s)}: weeks start on Monday, so Sunday 2025-03-09 belongs to the week of Monday 2025-03-03; missing dates do not count"
)
_w3, _s3 = busiest_week(pd.Series(["2025-01-13", "2025-01-06"]))
assert _w3 == pd.Timestamp("2025-01-06") and np.isclose(_s3, 0.5), f"ties go to the earlier week: got {(_w3, _s3)}"
_w2, _s2 = busiest_week(pd.Series(["2024-12-30", "2025-01-01", "2025-01-05", "2025-01-06"]))
assert _w2 == pd.Timestamp("2024-12-30") and np.isclose(_s2, 0.75), f"weeks cross year ends: got {(_w2, _s2)}"
_w4, _s4 = busiest_week(pd.Series(["2025-03-05", "2024-03-04", "2025-03-12", "2024-03-06"]))
assert _w4 == pd.Timestamp("2024-03-04") and np.isclose(_s4, 0.5), (
    f"got {(_w4, _s4)}: week 10 of 2024 and week 10 of 2025 are different weeks (group by Monday, not by week number)"
)
assert isinstance(_w4, pd.Timestamp) and _w4 == _w4.normalize(), "the Monday as a Timestamp at midnight"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 7: Summarize label imbalance (2 points)
#
# Return a dict with `majority_class`, `minority_class` (ties: the class that sorts first, by
# `str()`), `minority_share` (minority count / all non-missing labels) and `imbalance_ratio`
# (majority count / minority count). Missing labels are ignored.


# %% nbgrader={"grade": false, "grade_id": "imbalance-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def imbalance_summary(labels: pd.Series) -> dict:
    """Majority and minority class, the minority's share, and the imbalance ratio.

    Parameters
    ----------
    labels : pandas.Series, shape (n,)

    Returns
    -------
    dict with keys majority_class, minority_class, minority_share, imbalance_ratio
    """
    ### BEGIN SOLUTION
    counts = labels.dropna().value_counts()
    by_size = sorted(counts.index, key=lambda value: (-counts[value], str(value)))
    smallest = counts.min()
    minority = min((value for value in counts.index if counts[value] == smallest), key=str)
    majority = by_size[0]
    return {
        "majority_class": majority,
        "minority_class": minority,
        "minority_share": float(counts[minority] / counts.sum()),
        "imbalance_ratio": float(counts[majority] / counts[minority]),
    }
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "imbalance-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: imbalance_summary on the churn label."""
summary = imbalance_summary(customers["churned"])
assert summary["majority_class"] == 0 and summary["minority_class"] == 1, summary
assert 0.03 < summary["minority_share"] < 0.06, (
    f"churners are about 4% of customers, got {summary['minority_share']:.3f}"
)
assert summary["imbalance_ratio"] > 10, "more than ten stayers per churner"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "imbalance-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: imbalance_summary with several classes, ties and missing labels."""
### BEGIN HIDDEN TESTS
_s = imbalance_summary(pd.Series(["b", "a", "c", "b", "a", "b", None, "c"]))
assert _s["majority_class"] == "b" and _s["minority_class"] == "a", f"a and c tie for minority: take 'a'; got {_s}"
assert np.isclose(_s["minority_share"], 2 / 7) and np.isclose(_s["imbalance_ratio"], 1.5), (
    f"missing labels are ignored; got {_s}"
)
_s2 = imbalance_summary(pd.Series([3, 3, 1, 1, 2]))
assert _s2["majority_class"] == 1 and _s2["minority_class"] == 2, (
    f"majority ties go to the class that sorts first; got {_s2}"
)
_s3 = imbalance_summary(pd.Series([9, 10, 5, 5, 5, 9, 10]))
assert _s3["majority_class"] == 5 and _s3["minority_class"] == 10, (
    f"9 and 10 tie for minority: by str(), '10' sorts before '9'; got {_s3}"
)
assert type(_s3["minority_share"]) in (float, np.float64) and np.isclose(_s3["minority_share"], 2 / 7), _s3
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 8: Find near-duplicate messages that leak across a split (3 points)
#
# Real data: the SMS Spam Collection from the lesson, split at random into `sms_train` and
# `sms_test` by the set-up cell. Write two functions.
#
# `message_key(text)` returns the key under which two messages count as the same message:
#
# 1. lower-case the text with `str.lower()`;
# 2. replace every run of one or more digits `0`-`9` by a single `0`;
# 3. replace every run of one or more characters that are neither letters nor digits by a single
#    space. Letters and digits are the characters for which `str.isalnum()` is True, so `é` and `ß`
#    are letters, while spaces, tabs, punctuation, symbols such as `£` and the underscore `_` are not;
# 4. remove the spaces at the start and the end.
#
# For example, `message_key("WIN £1000 now!!")` is `"win 0 now"`.
#
# `leaked_test_rows(train_texts, test_texts)` returns the index labels of the rows of `test_texts`
# whose key equals the key of at least one row of `train_texts`, as a `list`, in the order of
# `test_texts`. A test row is listed once, however many training rows share its key; test rows that
# only repeat each other (no match in training) are not leaked. Both inputs are pandas Series of
# strings; their indexes may overlap, differ, or be in any order. Neither function changes its input.


# %% nbgrader={"grade": false, "grade_id": "near-duplicates-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def message_key(text: str) -> str:
    """The near-duplicate key of a message (see the four steps above)."""
    ### BEGIN SOLUTION
    text = re.sub(r"[0-9]+", "0", text.lower())
    return " ".join(re.sub(r"[\W_]+", " ", text).split())
    ### END SOLUTION


def leaked_test_rows(train_texts: pd.Series, test_texts: pd.Series) -> list:
    """Index labels of the test rows that have a near duplicate in training.

    Parameters
    ----------
    train_texts : pandas.Series of str, shape (n_train,)
    test_texts : pandas.Series of str, shape (n_test,)

    Returns
    -------
    list
        Index labels of `test_texts`, in its order, each at most once.
    """
    ### BEGIN SOLUTION
    training_keys = {message_key(text) for text in train_texts}
    return [label for label, text in test_texts.items() if message_key(text) in training_keys]
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "near-duplicates-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: message_key on short texts, leaked_test_rows on the SMS split."""
for _raw, _want in [("WIN £1000 now!!", "win 0 now"), ("Ok...", "ok"), ("see_you @ 5pm", "see you 0pm")]:
    assert message_key(_raw) == _want, (
        f"message_key({_raw!r}) gave {message_key(_raw)!r}, expected {_want!r}: lower-case, one 0 per run "
        "of digits, one space per run of other characters, no space at either end"
    )
leaked = leaked_test_rows(sms_train["text"], sms_test["text"])
assert type(leaked) is list, f"return a list, not {type(leaked).__name__}"
assert set(leaked) <= set(sms_test.index), "return index labels of sms_test (not positions, not texts)"
assert leaked == [label for label in sms_test.index if label in set(leaked)], "keep the order of test_texts"
assert len(leaked) == 195, (
    f"expected 195 leaked test messages, got {len(leaked)}: compare keys (not raw texts), list each test row once"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "near-duplicates-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: message_key on non-ASCII letters, underscores, numbers and spaces; leaked_test_rows on fresh Series."""
### BEGIN HIDDEN TESTS
_cases = {
    "Café CRÈME, s'il vous plaît": "café crème s il vous plaît",
    "ÉCOLE Straße 7": "école straße 0",
    "call_me_now": "call me now",
    "win £1,000!": "win 0 0",
    "a1b22c333d": "a0b0c0d",
    "  tab\tand\nnewline  ": "tab and newline",
    "!!! ...": "",
    "6pm or 7PM?": "0pm or 0pm",
}
for _raw, _want in _cases.items():
    _got = message_key(_raw)
    assert type(_got) is str and _got == _want, (
        f"message_key({_raw!r}) gave {_got!r}, expected {_want!r}: str.lower(), letters are str.isalnum() "
        "(non-ASCII letters stay), underscores and symbols become spaces, one 0 per run of digits 0-9"
    )
_train = pd.Series(["Ok", "ok!!", "WIN £100 now", "see you at 5"], index=[7, 8, 3, 0])
_test = pd.Series(
    ["hello", "ok...", "win £250 NOW", "hello", "See you at 6pm", "OK", "Hello!"], index=[11, 3, 10, 12, 0, 5, 2]
)
_test_before, _train_before = _test.copy(), _train.copy()
_got = leaked_test_rows(_train, _test)
assert type(_got) is list, f"return a list, not {type(_got).__name__}"
assert _got == [3, 10, 5], (
    f"expected [3, 10, 5], got {_got}: index labels of the test rows, in test order, each once; '6pm' is not '5'; "
    "'hello' repeats only within the test set"
)
pd.testing.assert_series_equal(_test, _test_before, obj="test_texts (it must not change)")
pd.testing.assert_series_equal(_train, _train_before, obj="train_texts (it must not change)")
assert leaked_test_rows(pd.Series([], dtype=object), _test) == [], "nothing in training: nothing leaks"
assert leaked_test_rows(_train, pd.Series(["OK"], index=["only"])) == ["only"], "a test set of one row"
_s_labels = pd.Series(["Ok", "new text"], index=["a", "b"])
assert leaked_test_rows(pd.Series(["o.k", "OK"], index=["a", "z"]), _s_labels) == ["a"], "string index labels"
_keys = set(
    sms_train["text"].map(lambda _t: " ".join(re.sub(r"[\W_]+", " ", re.sub(r"[0-9]+", "0", _t.lower())).split()))
)
_want = [
    _label
    for _label, _t in sms_test["text"].items()
    if " ".join(re.sub(r"[\W_]+", " ", re.sub(r"[0-9]+", "0", _t.lower())).split()) in _keys
]
assert leaked_test_rows(sms_train["text"], sms_test["text"]) == _want, "on the SMS split"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 9 (written): Audit the customer table (4 points)
#
# Use your functions (and anything else) on `customers`, then write the audit: for each problem
# you found, what it is, how many rows, how you found it, and what you would do about it (fix,
# drop, keep, ask someone), with one sentence of why. End with the one finding that most threatens
# a churn model, and why. Use the code cell below for your investigation.

# %%
# Your investigation of `customers` here.

# %% [markdown] nbgrader={"grade": true, "grade_id": "customer-audit", "locked": false, "points": 4.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (4 points).*
# - 1 point: finds the objective problems with correct counts: 12 duplicated rows, 10 impossible
#   ages (e.g. 150, 999, -1, 0), 6 negative spends, missing ages (about 8%).
# - 1 point: separates missing from impossible and proposes a different action for each (set
#   impossible ages to missing and ask; keep missing ages missing or impute with an indicator;
#   treat negative spend as refunds to be re-booked, not dropped blindly).
# - 1 point: notices the skews: nearly half the first orders in the Black Friday week, spend
#   heavily right-skewed (real, keep, use log scale), churn about 4% positive.
# - 1 point: names the biggest threat with a reason, e.g. the rare label (accuracy is meaningless,
#   use recall/precision) or the promotion cohort (different churn rate; split or report by cohort).
# - Deduct a point for "removing outliers" of spend without checking they are errors.
#
# *Example answer.* 12 rows are exact copies (drop the copies). 10 ages are impossible (150, 999,
# -1, 0, 2, 7, 123): set to missing and ask the data owner; 162 ages are missing (8%): keep as
# missing with an indicator, since age was optional. 6 negative spends are refunds booked as spend:
# re-book them, do not drop the customers. 47% of first orders fall in the week of 24 Nov 2025
# (a promotion); these customers churn at about 8% vs 1% for the rest, so evaluate per cohort.
# Spend is right-skewed but real. Biggest threat: churn is 4% positive, so a model that predicts
# "stays" is 96% accurate and useless; evaluate with recall and precision on churners.
# ### END SOLUTION
