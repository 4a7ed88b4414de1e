# %% [markdown]
# # 09 · Exercises: keeping data healthy in production
#
# You are on LendWell's data team, with the lesson's data (the training applications and ten
# weekly production batches), and with the real YouTube comments of the lesson's last section.
#
# - Each exercise gives you a function to write. Replace `raise NotImplementedError()` (after
#   `# YOUR CODE HERE`) with your code and keep the function's name and arguments.
# - Run the test cell under each function: its messages tell you what is wrong. When you submit,
#   **hidden tests** also run your function on fresh inputs and check the contract in its
#   docstring to the letter, so read the contract first.
# - Graded answer cells are scored from their definitions only (functions, classes, imports and
#   constants): put any other code, such as trying your function, in a cell of your own.
# - In Exercise 1 you write PSI **by hand** with NumPy: do not call `utils.monitoring`, which does
#   the same (the hidden tests check). In Exercises 2 and 3 you may use it.
# - Exercise 4 is a written answer, graded by a person.
# - Before you submit: *Kernel → Restart and run all* (or the **Validate** button).

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd

from utils import data

SEED = 0
FEATURES = ["age", "annual_income", "employment_years", "credit_score", "debt_to_income", "loan_amount"]
applications = data.load("loan_training")  # the training set
production = data.load("loan_production")  # 10 weekly batches (column "week"), no labels
comments = data.load("youtube_spam")  # real comments on five videos (column "video"), as published
comments["posted"] = pd.to_datetime(comments["date"], format="ISO8601")  # an empty date becomes NaT
comments["characters"] = comments["content"].str.replace("\ufeff", "", regex=False).str.len()
comments["hour"] = comments["posted"].dt.hour  # hour of the day it was posted (UTC); NaN when undated
production.head()


# %% [markdown]
# ## Exercise 1: Compute the population stability index by hand (4 points)
#
# Write `psi`, following the binning contract of the lesson exactly:
#
# 1. the inner bin edges are the quantiles of **`reference`** at the levels k/bins, for
#    k = 1, ..., bins-1, computed with `np.quantile` (its default method), with duplicates removed
#    (`np.unique`). Write the levels as `np.linspace(0, 1, bins + 1)[1:-1]` or as
#    `np.arange(1, bins) / bins`, as you prefer: the tests accept both. (They can differ in the
#    last bit, since `3 * 0.1` is not `0.3` in floating point, and that can move a value sitting
#    exactly on an edge into the next bin);
# 2. a value goes to the bin on the right of every edge it is greater than **or equal to**
#    (`np.searchsorted(edges, x, side="right")`), so the first and last bins are open-ended and
#    values outside the reference's range still count;
# 3. the share of each sample in each bin is floored at `eps` (do **not** renormalize afterwards);
# 4. `PSI = sum((current_share - reference_share) * ln(current_share / reference_share))`.
#
# Inputs may be lists, arrays or Series, of any lengths (one value included); return a Python
# `float`.


# %% nbgrader={"grade": false, "grade_id": "psi-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def psi(reference, current, bins: int = 10, eps: float = 1e-4) -> float:
    """Population stability index of `current` against `reference`.

    Parameters
    ----------
    reference : array-like of float, shape (n_reference,)
        The baseline sample (training data of one feature). It alone defines the bins.
    current : array-like of float, shape (n_current,)
        The batch to compare.
    bins : int
        Number of quantile bins of the reference (10 = deciles).
    eps : float
        Floor for each bin's share.

    Returns
    -------
    float >= 0
    """
    # contract: edges = np.unique(np.quantile(reference, levels k / bins for k = 1..bins-1));
    # bin index = np.searchsorted(edges, x, side="right"); shares floored at eps, not renormalized
    ### BEGIN SOLUTION
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1]))
    n_bins = len(edges) + 1
    ref_share = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=n_bins) / reference.size
    cur_share = np.bincount(np.searchsorted(edges, current, side="right"), minlength=n_bins) / current.size
    ref_share = np.maximum(ref_share, eps)
    cur_share = np.maximum(cur_share, eps)
    return float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "psi-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: psi on hand-checkable examples and on the course data."""
_same = psi(np.arange(1, 101), np.arange(1, 101))
assert abs(_same) < 1e-12, f"a sample compared with itself has PSI 0, got {_same}"
# reference 1..100: deciles 10.9, 20.8, ...; current 1..50 fills the first five bins (0.2 each), the rest are empty
_half = psi(np.arange(1, 101), np.arange(1, 51))
_expected = 5 * (0.2 - 0.1) * np.log(2) + 5 * (1e-4 - 0.1) * np.log(1e-4 / 0.1)
assert np.isfinite(_half), "PSI is infinite: floor each bin's share at eps before taking the log"
assert np.isclose(_half, _expected, rtol=1e-6), (
    f"expected {_expected:.4f}, got {_half:.4f}: check the bins (reference deciles), the eps floor "
    "(without renormalizing) and the formula (both directions: (c - r) * ln(c / r))"
)
# ties: reference quartile edges are 2.25, 3 and 4; the values 3 and 4 sit exactly on an edge
_ties = psi([1, 2, 2, 3, 3, 3, 4, 4, 4, 4], [3, 3, 4, 4], bins=4)
_r, _c = np.array([0.3, 1e-4, 0.3, 0.4]), np.array([1e-4, 1e-4, 0.5, 0.5])
_expected = float(np.sum((_c - _r) * np.log(_c / _r)))
assert np.isclose(_ties, _expected, rtol=1e-6), (
    f"expected {_expected:.4f}, got {_ties:.4f}: use the `bins` argument, and put a value equal to an edge "
    "in the bin on its right (searchsorted side='right')"
)
_week1 = production[production["week"] == 1]
_week7 = production[production["week"] == 7]
assert psi(applications["credit_score"], _week1["credit_score"]) < 0.1, (
    "week 1's credit scores did not drift: PSI should be below 0.1"
)
assert psi(applications["credit_score"], _week7["credit_score"]) > 0.25, (
    "week 7's credit scores jumped: PSI should be above 0.25"
)
assert isinstance(_same, float), f"return a Python float, got {type(_same).__name__}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "psi-hidden", "locked": true, "points": 3.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: psi against the contract and SciPy on fresh inputs, ties, out-of-range values, eps, bins, no utils."""
### BEGIN HIDDEN TESTS
import types as _types

import utils.monitoring as _course_monitoring


def _calls_utils_monitoring(function):
    """True if `function` (or a function nested in it) refers to utils.monitoring or one of its functions."""
    function = getattr(function, "__wrapped__", function)  # a grader may wrap the function (functools.wraps)
    codes = [function.__code__] if hasattr(function, "__code__") else []
    while codes:
        code = codes.pop()
        for _name in code.co_names:
            _obj = function.__globals__.get(_name)
            if (
                "monitoring" in _name
                or _obj is _course_monitoring
                or getattr(_obj, "__module__", None) == "utils.monitoring"
            ):
                return True
        codes.extend(const for const in code.co_consts if isinstance(const, _types.CodeType))
    return False


from scipy import stats as _stats


def _ref_psi(reference, current, bins=10, eps=1e-4, levels=None):
    reference, current = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    levels = np.linspace(0, 1, bins + 1)[1:-1] if levels is None else levels
    edges = np.unique(np.quantile(reference, levels))
    r = np.maximum(
        np.bincount(np.searchsorted(edges, reference, side="right"), minlength=len(edges) + 1) / reference.size, eps
    )
    c = np.maximum(
        np.bincount(np.searchsorted(edges, current, side="right"), minlength=len(edges) + 1) / current.size, eps
    )
    return float(np.sum((c - r) * np.log(c / r))), r, c


def _allowed(reference, current, bins=10, eps=1e-4):
    """The contract's PSI for every way of writing the levels k / bins (they can differ in the last bit)."""
    _k = np.arange(1, bins)
    _level_sets = (
        np.linspace(0, 1, bins + 1)[1:-1],
        _k / bins,
        _k * (1 / bins),
        np.linspace(1 / bins, (bins - 1) / bins, bins - 1),
        (_k * 100 / bins) / 100,  # np.percentile at 100 * k / bins
    )
    return [_ref_psi(reference, current, bins, eps, _levels)[0] for _levels in _level_sets]


def _follows_contract(reference, current, **kwargs):
    _got = psi(reference, current, **kwargs)
    _want = _allowed(reference, current, **kwargs)
    return any(np.isclose(_got, _w, rtol=1e-9, atol=1e-15) for _w in _want), _got, _want[0]


_rng = np.random.default_rng(2024)
for _ in range(4):
    _a = _rng.normal(0, 1, _rng.integers(400, 2000))
    _b = _rng.normal(_rng.uniform(-0.4, 0.4), _rng.uniform(0.8, 1.3), _rng.integers(200, 600))
    _ok, _got, _want = _follows_contract(_a, _b)
    assert _ok, (
        f"differs from the contract on fresh normal samples: {_got} vs {_want}. Check each step: "
        "edges = unique quantiles of reference, searchsorted side='right', shares floored at eps"
    )
    _, _r, _c = _ref_psi(_a, _b)
    assert np.isclose(_want, _stats.entropy(_c, _r) + _stats.entropy(_r, _c))  # PSI = KL both ways (scipy)
# the eps floor is applied, with the given eps, and not renormalized
_a, _b = np.linspace(0, 1, 1000), np.full(80, 3.0)
for _eps in (1e-4, 1e-2):
    _ok, _got, _want = _follows_contract(_a, _b, eps=_eps)
    assert _ok, f"with eps={_eps}: expected {_want}, got {_got}; floor each share at eps and do not renormalize"
# a share that is not zero but below eps is floored too (not only the empty bins)
_ok, _got, _want = _follows_contract(np.linspace(0, 1, 1000), np.r_[np.full(79, 3.0), 0.05], eps=0.05)
assert _ok, f"with eps=0.05: expected {_want}, got {_got}; floor every share at eps, not only the empty bins"
# the bins come from the reference only: swapping the arguments changes the answer
_a, _b = _rng.exponential(1, 1500), _rng.exponential(1.5, 500)
assert _follows_contract(_b, _a)[0], (
    "the bins must be the quantiles of `reference` (the first argument), not of `current` or both"
)
# values outside the reference's range count in the end bins
_a, _b = _rng.uniform(0, 1, 1000), _rng.uniform(0.5, 1.5, 300)
assert _follows_contract(_a, _b)[0], (
    "values above the reference's maximum must count in the last bin (do not use np.histogram over the reference's range)"
)
_a, _b = _rng.uniform(0, 1, 1000), _rng.uniform(-0.5, 0.5, 300)
assert _follows_contract(_a, _b)[0], "values below the reference's minimum must count in the first bin"
# ties: integer ages, many values equal to an edge; x == edge goes to the bin on its right
_a, _b = _rng.integers(18, 70, 3000), _rng.integers(18, 60, 400)
for _bins in (10, 5, 7):
    assert _follows_contract(_a, _b, bins=_bins)[0], (
        f"bins={_bins}, integer data: a value equal to an edge must go to the bin on its right (searchsorted side='right')"
    )
# tied quantiles merge (60% zeros): np.unique on the edges
_a = np.r_[np.zeros(600), _rng.uniform(0, 1, 400)]
_b = np.r_[np.zeros(100), _rng.uniform(0, 2, 200)]
assert _follows_contract(_a, _b)[0], "repeated quantiles must merge into one edge (np.unique)"
assert _follows_contract(_a, _a[::3], bins=4)[0], "use the `bins` argument"
# a batch of one value; lists and Series; the result is a float
assert _follows_contract(_rng.normal(0, 1, 500), [0.3])[0], "a batch of a single value is a valid input"
assert _follows_contract(list(range(1, 21)), [21.0])[0], "a single value above the reference's range"
_lst = list(_rng.normal(0, 1, 300))
assert _follows_contract(_lst, pd.Series(_lst[:100], index=range(500, 600)))[0], "lists and Series must work"
assert type(psi(_lst, _lst)) in (float, np.float64), "return a float"
# the course data
for _week in (4, 9):
    _w = production[production["week"] == _week]
    for _feature in ("age", "credit_score", "annual_income"):
        _ok, _got, _want = _follows_contract(applications[_feature], _w[_feature])
        assert _ok, f"week {_week}, {_feature}: expected {_want:.6f}, got {_got:.6f}"
assert not _calls_utils_monitoring(psi), "write PSI by hand with NumPy: do not call utils.monitoring"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Raise a drift alert over batches (3 points)
#
# A single PSI value above 0.1 can be bad luck; a single value above 0.25 rarely is. Write
# `first_alerts`: for each feature (a column of `psi_by_week`), the first week whose alert fires,
# where a week **fires** when
#
# - its PSI is `>= alert`, or
# - its PSI and the PSI of the `patience - 1` batches just before it (in week order) are all
#   `>= warn` (a streak of `patience` batches at warning level or above).
#
# The rows of `psi_by_week` are the batches, indexed by week number, possibly out of order and not
# necessarily consecutive numbers ("just before" means the previous row once sorted by week).
# Return a dict `{feature: week}` in column order, with `None` for a feature that never fires.
#
# The cell below builds the PSI table of the course data (with the course's `utils.monitoring`,
# allowed here) so you can try your function on it.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "psi-by-week", "locked": true, "schema_version": 3, "solution": false, "task": false}
from utils import monitoring

psi_by_week = monitoring.drift_table(applications, production, features=FEATURES).pivot(
    index="week", columns="feature", values="psi"
)[FEATURES]
psi_by_week.round(3)


# %% nbgrader={"grade": false, "grade_id": "alerts-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def first_alerts(psi_by_week: pd.DataFrame, warn: float = 0.1, alert: float = 0.25, patience: int = 2) -> dict:
    """First week each feature's drift alert fires.

    Parameters
    ----------
    psi_by_week : pandas.DataFrame, shape (n_weeks, n_features)
        PSI values; index: week numbers (any order); columns: features.
    warn, alert : float
        Thresholds, both inclusive (>=).
    patience : int >= 1
        Number of consecutive batches at or above `warn` that fire the alert.

    Returns
    -------
    dict
        feature -> week number (the index label) of the first firing week, or None.
    """
    # contract: sort by week; a week fires if psi >= alert, or the last `patience` rows up to it are all >= warn
    ### BEGIN SOLUTION
    ordered = psi_by_week.sort_index()
    result = {}
    for feature in ordered.columns:
        values = ordered[feature].to_numpy(dtype=float)
        fired = None
        streak = 0
        for week, value in zip(ordered.index, values):
            streak = streak + 1 if value >= warn else 0
            if value >= alert or streak >= patience:
                fired = week
                break
        result[feature] = fired
    return result
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "alerts-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: first_alerts on a small table and on the course data."""
_table = pd.DataFrame(
    {"x": [0.05, 0.12, 0.11, 0.30], "y": [0.02, 0.30, 0.01, 0.02], "z": [0.05, 0.12, 0.02, 0.15]}, index=[1, 2, 3, 4]
)
_got = first_alerts(_table)
assert isinstance(_got, dict) and list(_got) == ["x", "y", "z"], (
    f"return a dict with one key per column, in order; got {_got}"
)
assert _got["x"] == 3, f"x is >= 0.1 in weeks 2 and 3 (two in a row): it fires in week 3, got {_got['x']}"
assert _got["y"] == 2, f"y reaches the alert level 0.25 in week 2: it fires at once, got {_got['y']}"
assert _got["z"] is None, f"z is never >= 0.1 two weeks in a row, nor >= 0.25: expected None, got {_got['z']}"
assert first_alerts(_table.iloc[::-1]) == _got, (
    "the same table with its rows in reverse order must give the same answer: sort the rows by week first"
)
_edge = pd.DataFrame({"e": [0.0, 0.25, 0.0], "f": [0.1, 0.1, 0.0]}, index=[1, 2, 3])
assert first_alerts(_edge) == {"e": 2, "f": 2}, (
    f"both thresholds are inclusive (>=): exactly 0.25 fires, and so do two weeks at exactly 0.1; got {first_alerts(_edge)}"
)
_course = first_alerts(psi_by_week)
assert _course["credit_score"] == 7, f"credit_score jumps in week 7; got {_course['credit_score']}"
assert _course["debt_to_income"] is None, "debt_to_income never drifts"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "alerts-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: first_alerts with unsorted and gapped weeks, inclusive thresholds, patience, broken streaks."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame(
    {"a": [0.11, 0.02, 0.15, 0.5], "b": [0.12, 0.12, 0.0, 0.0], "c": [0.3, 0.0, 0.0, 0.0]}, index=[9, 3, 7, 12]
)
# sorted by week: 3, 7, 9, 12 -> a: 0.02, 0.15, 0.11, 0.5 ; b: 0.12, 0.0, 0.12, 0.0 ; c: 0.0, 0.0, 0.3, 0.0
_got = first_alerts(_t)
assert _got["a"] == 9, (
    f"expected 9, got {_got['a']}: sort the rows by week first (weeks 7 and 9 are consecutive batches) "
    "and return the week number (the index label), not a position"
)
assert _got["b"] is None, f"b's warnings (weeks 3 and 9) are not consecutive batches: expected None, got {_got['b']}"
assert _got["c"] == 9, f"c reaches the alert level in week 9, got {_got['c']}"
_inclusive = pd.DataFrame({"u": [0.1, 0.1, 0.0], "v": [0.0, 0.25, 0.0]}, index=[1, 2, 3])
assert first_alerts(_inclusive) == {"u": 2, "v": 2}, (
    f"both thresholds are inclusive (>=): got {first_alerts(_inclusive)}"
)
assert first_alerts(_t, patience=1)["b"] == 3, "with patience=1, the first week at warning level fires"
assert first_alerts(_t, patience=3)["a"] == 12, (
    "with patience=3, a fires only when the alert level is reached in week 12"
)
assert first_alerts(_t, warn=0.2, alert=0.6, patience=2)["a"] is None, "use the warn and alert arguments"
_s = pd.DataFrame({"f": [0.12, 0.3, 0.01]}, index=[1, 2, 3])
assert first_alerts(_s, alert=0.9)["f"] == 2, (
    "with alert=0.9, 0.3 is a warning week: weeks 1 and 2 make a streak of two"
)
_r = pd.DataFrame({"g": [0.2, 0.05, 0.2, 0.2, 0.0]}, index=[1, 2, 3, 4, 5])
assert first_alerts(_r)["g"] == 4, "a week below warn breaks the streak: g fires in week 4"
assert all(v is None or int(v) == v for v in first_alerts(psi_by_week).values())
_rng = np.random.default_rng(99)
_big = pd.DataFrame(
    _rng.uniform(0, 0.14, size=(30, 3)), index=_rng.permutation(np.arange(100, 130)), columns=["p", "q", "r"]
)
_o = _big.sort_index()
for _col in _big.columns:
    _want = next(
        (
            w
            for w, prev, now in zip(_o.index[1:], _o[_col].to_numpy()[:-1], _o[_col].to_numpy()[1:])
            if prev >= 0.1 and now >= 0.1
        ),
        None,
    )
    assert first_alerts(_big)[_col] == _want, (
        f"fresh table, column {_col}: expected {_want}, got {first_alerts(_big)[_col]}"
    )
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Measure drift between real segments (3 points)
#
# The lesson deployed a spam filter on a video it had never seen. Before any label arrives, the
# first question is how different each video's comments are from the rest. Write
# `segment_drift(table, segment_column, feature, bins=10)`, which returns a `pandas.DataFrame`
# with **one row per segment** (each distinct value of `table[segment_column]`), sorted in
# ascending order of the segment (as `sorted()` orders them), the index named `segment_column`,
# and three columns in this order:
#
# - `rows`: the number of the segment's rows that have a value of `feature` (an integer);
# - `dropped`: the number of the segment's rows whose `feature` is missing (NaN), left out of
#   the comparison (an integer);
# - `psi`: the PSI of the segment's values (*current*) against the values of **all the other
#   segments together** (*reference*), with the contract of Exercise 1 and `bins` bins (`eps`
#   1e-4). Missing values are left out of both samples. It is `NaN` when either sample is empty.
#
# Rows whose segment is missing belong to no segment: they are left out everywhere. Do not
# modify `table`. You may use the course's `monitoring.psi(reference, current, bins=bins)` (it
# follows Exercise 1's contract) or your own `psi`.
#
# The set-up cell gave the real comments two features: `characters` (the comment's length) and
# `hour` (the hour of the day it was posted, missing when the comment has no date). The lesson
# found that every undated comment is a spam comment on the Eminem video: see what that does to
# a drift check that leaves missing values out.


# %% nbgrader={"grade": false, "grade_id": "segment-drift-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def segment_drift(table: pd.DataFrame, segment_column: str, feature: str, bins: int = 10) -> pd.DataFrame:
    """PSI of each segment's `feature` against all other segments, with the rows each side used.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, >= 2)
        One row per item; any index.
    segment_column : str
        Column naming each row's segment (video, month, site, ...).
    feature : str
        Numeric column to compare; may contain NaN.
    bins : int
        Number of quantile bins of the reference (Exercise 1).

    Returns
    -------
    pandas.DataFrame, shape (n_segments, 3)
        Index: the segments, sorted, named `segment_column`; columns `rows` (int), `dropped` (int),
        `psi` (float, NaN when a sample is empty).
    """
    # contract: for each segment s: current = values of s (NaN dropped), reference = values of every
    # other segment (NaN dropped, rows without a segment left out); psi(reference, current, bins=bins)
    ### BEGIN SOLUTION
    from utils import monitoring

    segments = table[segment_column]
    values = table[feature]
    result = {}
    for segment in sorted(segments.dropna().unique()):
        inside = (segments == segment).to_numpy()
        outside = (segments.notna() & (segments != segment)).to_numpy()
        current = values[inside].dropna()
        reference = values[outside].dropna()
        drift = monitoring.psi(reference, current, bins=bins) if len(current) and len(reference) else np.nan
        result[segment] = {"rows": len(current), "dropped": int(inside.sum()) - len(current), "psi": float(drift)}
    report = pd.DataFrame.from_dict(result, orient="index", columns=["rows", "dropped", "psi"])
    report = report.astype({"rows": int, "dropped": int, "psi": float})
    return report.rename_axis(segment_column)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "segment-drift-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: segment_drift on the real YouTube comments (length and hour of posting)."""
from utils import monitoring

_hours = segment_drift(comments, "video", "hour")
assert type(_hours) is pd.DataFrame and list(_hours.columns) == ["rows", "dropped", "psi"], (
    f"return a DataFrame with the columns rows, dropped, psi; got {type(_hours).__name__}"
    + (f" with columns {list(_hours.columns)}" if isinstance(_hours, pd.DataFrame) else "")
)
assert list(_hours.index) == ["Eminem", "KatyPerry", "LMFAO", "Psy", "Shakira"] and _hours.index.name == "video", (
    f"one row per video, sorted, index named 'video'; got {list(_hours.index)} named {_hours.index.name!r}"
)
assert (_hours.loc["Eminem", "rows"], _hours.loc["Eminem", "dropped"]) == (203, 245), (
    f"Eminem has 448 comments, 245 of them undated: expected rows 203 and dropped 245, "
    f"got {_hours.loc['Eminem', 'rows']} and {_hours.loc['Eminem', 'dropped']}"
)
assert _hours["dropped"].drop("Eminem").eq(0).all(), "the other videos have no undated comment"
_psy = comments["video"] == "Psy"
_want = monitoring.psi(comments.loc[~_psy, "hour"].dropna(), comments.loc[_psy, "hour"].dropna())
assert np.isclose(_hours.loc["Psy", "psi"], _want, rtol=1e-6), (
    f"Psy: expected {_want:.4f}, got {_hours.loc['Psy', 'psi']:.4f}: the reference is the dated comments of the "
    "*other* videos (not all comments), the current sample is Psy's, and missing hours are left out"
)
_length = segment_drift(comments, "video", "characters")
assert _length["dropped"].eq(0).all() and _length["rows"].sum() == len(comments), "every comment has a length"
assert (_length["psi"] > 0).all(), f"every video differs from the others a little: {_length['psi'].round(3).to_dict()}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "segment-drift-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: segment_drift on fresh tables (reference = other segments, NaN, empty samples, bins, index, types) and the real data."""
### BEGIN HIDDEN TESTS


def _ref_psi(reference, current, bins=10, eps=1e-4, levels=None):
    reference, current = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    levels = np.linspace(0, 1, bins + 1)[1:-1] if levels is None else levels
    edges = np.unique(np.quantile(reference, levels))
    r = np.maximum(
        np.bincount(np.searchsorted(edges, reference, side="right"), minlength=len(edges) + 1) / reference.size, eps
    )
    c = np.maximum(
        np.bincount(np.searchsorted(edges, current, side="right"), minlength=len(edges) + 1) / current.size, eps
    )
    return float(np.sum((c - r) * np.log(c / r)))


def _psi_matches(got, reference, current, bins=10):
    """`got` equals the contract's PSI for one of the ways of writing the levels k / bins."""
    _k = np.arange(1, bins)
    _level_sets = (
        np.linspace(0, 1, bins + 1)[1:-1],
        _k / bins,
        _k * (1 / bins),
        np.linspace(1 / bins, (bins - 1) / bins, bins - 1),
        (_k * 100 / bins) / 100,
    )
    return any(np.isclose(got, _ref_psi(reference, current, bins, 1e-4, _l), rtol=1e-9) for _l in _level_sets)


def _check_report(report, table, segment_column, feature, bins=10, where="fresh table"):
    assert type(report) is pd.DataFrame and list(report.columns) == ["rows", "dropped", "psi"], (
        f"{where}: a DataFrame with the columns rows, dropped, psi"
    )
    _segments = table[segment_column]
    _expected_index = sorted(_segments.dropna().unique())
    assert list(report.index) == _expected_index, f"{where}: one row per segment, sorted: expected {_expected_index}"
    assert report.index.name == segment_column, f"{where}: name the index {segment_column!r}"
    assert report["rows"].dtype.kind in "iu" and report["dropped"].dtype.kind in "iu", (
        f"{where}: rows and dropped are counts: integers, not floats (got {report['rows'].dtype}, {report['dropped'].dtype})"
    )
    for _s in _expected_index:
        _inside = (_segments == _s).to_numpy()
        _outside = (_segments.notna() & (_segments != _s)).to_numpy()
        _cur = table[feature][_inside].dropna().to_numpy()
        _ref = table[feature][_outside].dropna().to_numpy()
        assert report.loc[_s, "rows"] == len(_cur) and report.loc[_s, "dropped"] == _inside.sum() - len(_cur), (
            f"{where}, segment {_s!r}: expected rows {len(_cur)}, dropped {_inside.sum() - len(_cur)}; "
            f"got {report.loc[_s, 'rows']}, {report.loc[_s, 'dropped']}"
        )
        _got = report.loc[_s, "psi"]
        if len(_cur) == 0 or len(_ref) == 0:
            assert np.isnan(_got), f"{where}, segment {_s!r}: one sample is empty, so psi is NaN; got {_got}"
        else:
            assert _psi_matches(_got, _ref, _cur, bins), (
                f"{where}, segment {_s!r}: psi {_got} differs from the PSI of its values against the other "
                f"segments' values (missing values and rows without a segment left out, bins={bins})"
            )


_rng = np.random.default_rng(41)
_n = 60
_fresh = pd.DataFrame(
    {
        "site": _rng.choice(["Zoë", "Ärzte", "anna", "Bea"], _n),
        "x": np.round(_rng.normal(0, 1, _n), 1),
        "other": np.arange(_n),
    },
    index=_rng.permutation(np.arange(1000, 1000 + _n)),
)
_fresh.loc[_fresh.index[:7], "x"] = np.nan
_fresh.loc[_fresh["site"] == "Bea", "x"] = _fresh.loc[_fresh["site"] == "Bea", "x"] + 1.5
_fresh.loc[_fresh.index[10], "site"] = None  # no segment: left out everywhere
_fresh.loc[_fresh.index[11], "x"] = 40.0
_fresh.loc[_fresh.index[11], "site"] = None  # an extreme value without a segment must not enter any reference
_copy = _fresh.copy()
_check_report(
    segment_drift(_fresh, "site", "x"), _fresh, "site", "x", where="fresh table with NaN and unsegmented rows"
)
pd.testing.assert_frame_equal(_fresh, _copy, obj="the input table (do not modify it)")
_check_report(segment_drift(_fresh, "site", "x", bins=4), _fresh, "site", "x", bins=4, where="bins=4")
# a segment of one row, a segment with no value at all, integer segments
_small = pd.DataFrame(
    {"week": [3, 1, 1, 2, 3, 1, 2, 2, 4, 4], "v": [5.0, 1.0, 2.0, 2.0, np.nan, 3.0, 2.0, 4.0, np.nan, np.nan]},
    index=[9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
)
_report = segment_drift(_small, "week", "v", bins=3)
_check_report(_report, _small, "week", "v", bins=3, where="small table (week 3 has one value, week 4 none)")
assert (_report.loc[4, "rows"], _report.loc[4, "dropped"]) == (0, 2) and np.isnan(_report.loc[4, "psi"])
# a single segment: no other segment to compare with
_single = segment_drift(pd.DataFrame({"g": ["a", "a", "a"], "v": [1.0, 2.0, 3.0]}), "g", "v")
assert len(_single) == 1 and np.isnan(_single.loc["a", "psi"]), "with one segment there is no reference: psi is NaN"
# the real comments
_check_report(segment_drift(comments, "video", "hour"), comments, "video", "hour", where="YouTube, hour")
_check_report(
    segment_drift(comments, "video", "characters", bins=5),
    comments,
    "video",
    "characters",
    bins=5,
    where="YouTube, characters, bins=5",
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4 (written): A monitoring plan for LendWell (4 points)
#
# Write LendWell's monitoring plan for the triage model, in 10-20 lines (a list is fine). Cover:
# (a) **what** is monitored (which features, which outputs, which labels) and how often;
# (b) **thresholds** and why they are right for a batch of 400, including what happens at a
# warning and at an alert and who acts; (c) when to **relabel and retrain** rather than fix the
# pipeline or wait, with a labeling budget and how you check that the retrained model is better
# before it replaces the old one; (d) one thing the real YouTube comments taught you that changes
# the plan (batch sizes, alarms that do not mean a drop, traps in the data), and how the plan
# handles it. Use numbers from the lesson.

# %% [markdown] nbgrader={"grade": true, "grade_id": "monitoring-plan", "locked": false, "points": 4.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (4 points, 1 per part).*
# (a) 1 point: names concrete signals at a stated cadence, at least per-feature drift (PSI or KS)
# *and* one signal that needs no labels on the model's output (flag rate, score PSI), plus a
# labeled sample (accuracy once labels arrive).
# (b) 1 point: gives numeric thresholds with a reason tied to batch size or noise (e.g. the PSI noise
# floor of undrifted batches of 400 is about 0.05, so 0.1 does not fire by chance; or a streak rule
# like Exercise 2) and says who does what at warning vs alert. Folklore thresholds with no reason: 0.5.
# (c) 1 point: a decision rule linking drift to the model's reliance on the feature (or to
# measured accuracy on a labeled slice); distinguishes an upstream change (fix the data, e.g. map
# the new credit scores) from a population change (relabel and retrain); states a budget (e.g.
# 300 labels from the alarmed weeks) and validates the retrained model on freshly labeled,
# held-out recent data against the current model before switching.
# (d) 1 point: one lesson of the real data, correctly stated, with a concrete change to the plan:
# thresholds from the noise floor of each batch's size (small batches have a floor far above
# 0.25); an alarm is not a drop, so alarms trigger a labeled sample rather than a retraining;
# check the data for traps before trusting a split (undated rows that are all one class,
# repeated texts). A lesson stated without a change to the plan: 0.5.
#
# *Example answer.*
# - Daily, per batch: PSI of the six numeric features against the training data (decile bins),
#   the KS statistic as a second opinion, and the share of applications flagged by the model.
# - Weekly: accuracy on the applications labeled that week (the review team's queue plus 50
#   random applications, so that the sample is not only the flagged ones).
# - Thresholds: PSI >= 0.1 is a warning (undrifted batches of 400 stay below about 0.05),
#   two warnings in a row or one PSI >= 0.25 is an alert; the on-call data scientist opens a
#   ticket at an alert, the weekly review discusses warnings.
# - On an alert in a feature with a large model weight (credit score), first ask the data owner
#   whether the source changed (new bureau score version: map the scores back); if the population
#   changed, buy 300 labels from the alarmed weeks and retrain.
# - The retrained model replaces the old one only if it beats it on a further 200 freshly labeled
#   recent applications.
# - From the YouTube comments: an alarm said "the data changed" in 13 of 15 batches, and the
#   accuracy dropped in 6. So an alert buys a labeled sample first; retraining waits until the
#   labels confirm a drop. Days with few applications (holidays) are pooled until a batch reaches
#   400, or judged against the noise floor of their own size.
# ### END SOLUTION
