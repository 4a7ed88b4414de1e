# %% [markdown]
# # 09 · Exercises: keeping data healthy in production
#
# You are on LendWell's data team, with the lesson's data: the training applications, ten weekly
# production batches, and the review team's weekly calibration set.
#
# - Each exercise gives you a function to write. Replace `raise NotImplementedError()` (after
#   `# YOUR CODE HERE`) with your code and keep the function's name and arguments.
# - Run the test cell under each function: its messages tell you what is wrong. When you submit,
#   **hidden tests** also run your function on fresh inputs and check the contract in its
#   docstring to the letter, so read the contract first.
# - In Exercises 1, 3 and 4 you write the statistic **by hand** with NumPy: do not call
#   `utils.monitoring`, which does the same (the hidden tests check). The tests compare your
#   result with SciPy and scikit-learn.
# - Exercise 7 is a written answer, graded by a person.
# - Before you submit: *Kernel → Restart and run all* (or the **Validate** button).

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd

from utils import data

SEED = 0
FEATURES = ["age", "annual_income", "employment_years", "credit_score", "debt_to_income", "loan_amount"]
applications = data.load("loan_training")  # the training set
production = data.load("loan_production")  # 10 weekly batches (column "week"), no labels
review = data.load("loan_review_calibration")  # the review team's weekly calibration set
production.head()


# %% [markdown]
# ## Exercise 1: Compute the population stability index by hand (4 points)
#
# Write `psi`, following the binning contract of the lesson exactly:
#
# 1. the inner bin edges are the quantiles of **`reference`** at 1/bins, 2/bins, ..., (bins-1)/bins,
#    computed with `np.quantile` (its default method), with duplicates removed (`np.unique`);
# 2. a value goes to the bin on the right of every edge it is greater than **or equal to**
#    (`np.searchsorted(edges, x, side="right")`), so the first and last bins are open-ended and
#    values outside the reference's range still count;
# 3. the share of each sample in each bin is floored at `eps` (do **not** renormalize afterwards);
# 4. `PSI = sum((current_share - reference_share) * ln(current_share / reference_share))`.


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
    # contract: edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1))[1:-1]);
    # bin index = np.searchsorted(edges, x, side="right"); shares floored at eps, not renormalized
    ### BEGIN SOLUTION
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1))[1:-1])
    n_bins = len(edges) + 1
    ref_share = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=n_bins) / reference.size
    cur_share = np.bincount(np.searchsorted(edges, current, side="right"), minlength=n_bins) / current.size
    ref_share = np.maximum(ref_share, eps)
    cur_share = np.maximum(cur_share, eps)
    return float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "psi-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: psi on a hand-checkable example and on the course data."""
_same = psi(np.arange(1, 101), np.arange(1, 101))
assert abs(_same) < 1e-12, f"a sample compared with itself has PSI 0, got {_same}"
# reference 1..100: deciles 10.9, 20.8, ...; current 1..50 fills the first five bins (0.2 each), the rest are empty
_half = psi(np.arange(1, 101), np.arange(1, 51))
_expected = 5 * (0.2 - 0.1) * np.log(2) + 5 * (1e-4 - 0.1) * np.log(1e-4 / 0.1)
assert np.isfinite(_half), "PSI is infinite: floor each bin's share at eps before taking the log"
assert np.isclose(_half, _expected, rtol=1e-6), (
    f"expected {_expected:.4f}, got {_half:.4f}: check the bins (reference deciles) and the eps floor (without renormalizing)"
)
_week1 = production[production["week"] == 1]
_week7 = production[production["week"] == 7]
assert psi(applications["credit_score"], _week1["credit_score"]) < 0.1, (
    "week 1's credit scores did not drift: PSI should be below 0.1"
)
assert psi(applications["credit_score"], _week7["credit_score"]) > 0.25, (
    "week 7's credit scores jumped: PSI should be above 0.25"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "psi-hidden", "locked": true, "points": 3.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: psi against a reference implementation and SciPy on fresh inputs, ties, out-of-range values, eps, no utils."""
### BEGIN HIDDEN TESTS
import types as _types

import utils.monitoring as _course_monitoring


def _calls_utils_monitoring(function):
    """True if `function` (or a function nested in it) refers to utils.monitoring or one of its functions."""
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


def _ref_psi(reference, current, bins=10, eps=1e-4):
    reference, current = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1))[1:-1])
    r = np.maximum(
        np.bincount(np.searchsorted(edges, reference, side="right"), minlength=len(edges) + 1) / reference.size, eps
    )
    c = np.maximum(
        np.bincount(np.searchsorted(edges, current, side="right"), minlength=len(edges) + 1) / current.size, eps
    )
    return float(np.sum((c - r) * np.log(c / r))), r, c


_rng = np.random.default_rng(2024)
for _ in range(4):
    _a = _rng.normal(0, 1, _rng.integers(400, 2000))
    _b = _rng.normal(_rng.uniform(-0.4, 0.4), _rng.uniform(0.8, 1.3), _rng.integers(200, 600))
    _want, _r, _c = _ref_psi(_a, _b)
    assert np.isclose(psi(_a, _b), _want, rtol=1e-9), (
        f"differs from the contract on fresh normal samples: {psi(_a, _b)} vs {_want}. Check each step: "
        "edges = unique quantiles of reference, searchsorted side='right', shares floored at eps"
    )
    assert np.isclose(_want, _stats.entropy(_c, _r) + _stats.entropy(_r, _c))  # PSI = KL both ways (scipy)
# the eps floor is applied, with the given eps, and not renormalized
_a, _b = np.linspace(0, 1, 1000), np.full(80, 3.0)
for _eps in (1e-4, 1e-2):
    assert np.isclose(psi(_a, _b, eps=_eps), _ref_psi(_a, _b, eps=_eps)[0], rtol=1e-9), (
        f"with eps={_eps}: floor each share at eps and do not renormalize"
    )
# the bins come from the reference only: swapping the arguments changes the answer
_a, _b = _rng.exponential(1, 1500), _rng.exponential(1.5, 500)
assert np.isclose(psi(_b, _a), _ref_psi(_b, _a)[0], rtol=1e-9), (
    "the bins must be the quantiles of `reference` (the first argument), not of `current` or both"
)
# values outside the reference's range count in the end bins
_a, _b = _rng.uniform(0, 1, 1000), _rng.uniform(0.5, 1.5, 300)
assert np.isclose(psi(_a, _b), _ref_psi(_a, _b)[0], rtol=1e-9), (
    "values above the reference's maximum must count in the last bin (do not use np.histogram over the reference's range)"
)
# ties: integer ages, many values equal to an edge; x == edge goes to the bin on its right
_a, _b = _rng.integers(18, 70, 3000), _rng.integers(18, 60, 400)
assert np.isclose(psi(_a, _b), _ref_psi(_a, _b)[0], rtol=1e-9), (
    "with integer data, a value equal to an edge must go to the bin on its right (searchsorted side='right')"
)
# tied quantiles merge (60% zeros): np.unique on the edges
_a = np.r_[np.zeros(600), _rng.uniform(0, 1, 400)]
_b = np.r_[np.zeros(100), _rng.uniform(0, 2, 200)]
assert np.isclose(psi(_a, _b), _ref_psi(_a, _b)[0], rtol=1e-9), (
    "repeated quantiles must merge into one edge (np.unique)"
)
assert np.isclose(psi(_a, _a[::3], bins=4), _ref_psi(_a, _a[::3], bins=4)[0], rtol=1e-9), "use the `bins` argument"
# lists and Series work; the course data
_lst = list(_rng.normal(0, 1, 300))
assert np.isclose(psi(_lst, pd.Series(_lst[:100])), _ref_psi(_lst, _lst[:100])[0], rtol=1e-9)
assert isinstance(psi(_lst, _lst), float), "return a Python float"
_w9 = production[production["week"] == 9]
assert np.isclose(psi(applications["age"], _w9["age"]), _ref_psi(applications["age"], _w9["age"])[0], rtol=1e-9)
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
# ## Exercise 3: Compute the expected calibration error by hand (3 points)
#
# Write `expected_calibration_error` for binary labels and predicted probabilities of class 1,
# with the binning of `sklearn.calibration.calibration_curve(strategy="uniform")`:
#
# - `n_bins` equal-width bins of [0, 1], **closed on the right**: bin `b` holds
#   `b/n_bins < p <= (b+1)/n_bins`, and the first bin also holds `p = 0` (so 0.1 is in the
#   first of ten bins, and 1.0 in the last);
# - `ECE = sum over non-empty bins of (n_b / n) * |share of 1s in bin b - mean p in bin b|`.


# %% nbgrader={"grade": false, "grade_id": "ece-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def expected_calibration_error(y_true, y_prob, n_bins: int = 10) -> float:
    """Expected calibration error of binary probabilities.

    Parameters
    ----------
    y_true : array-like of {0, 1}, shape (n,)
    y_prob : array-like of float in [0, 1], shape (n,)
        Predicted probability of class 1.
    n_bins : int
        Number of equal-width bins.

    Returns
    -------
    float in [0, 1]
    """
    # contract: bin = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p, side="left"); weights n_b / n
    ### BEGIN SOLUTION
    y_true = np.asarray(y_true, dtype=float)
    y_prob = np.asarray(y_prob, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    index = np.searchsorted(edges[1:-1], y_prob, side="left")
    count = np.bincount(index, minlength=n_bins)
    gap_sum = np.bincount(index, weights=y_true - y_prob, minlength=n_bins)
    return float(np.sum(np.abs(gap_sum[count > 0])) / y_true.size)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "ece-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: expected_calibration_error on hand-checkable examples."""
_e = expected_calibration_error([0, 1, 1], [0.2, 0.4, 0.9], n_bins=2)
assert np.isclose(_e, 2 / 3 * abs(0.5 - 0.3) + 1 / 3 * abs(1 - 0.9)), (
    f"expected {2 / 3 * 0.2 + 1 / 3 * 0.1:.4f}, got {_e}: weight each bin's gap by its share of the examples"
)
# 0.1 sits on an edge: it belongs to the first bin, with 0.05
_e = expected_calibration_error([0, 1, 0], [0.05, 0.1, 0.15])
assert np.isclose(_e, 2 / 3 * abs(0.5 - 0.075) + 1 / 3 * 0.15), (
    f"got {_e}: bins are closed on the right, so p = 0.1 goes in the first bin (0, 0.1]"
)
_e = expected_calibration_error([1, 1, 0], [1.0, 1.0, 0.0])
assert np.isclose(_e, 0.0), (
    f"p = 1.0 belongs to the last bin and p = 0 to the first; perfect predictions have ECE 0, got {_e}"
)
assert isinstance(_e, float), "return a Python float"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "ece-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: expected_calibration_error agrees with calibration_curve's bins on fresh inputs; rejects unweighted or squared gaps."""
### BEGIN HIDDEN TESTS
import types as _types

import utils.monitoring as _course_monitoring


def _calls_utils_monitoring(function):
    """True if `function` (or a function nested in it) refers to utils.monitoring or one of its functions."""
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


from sklearn.calibration import calibration_curve

_rng = np.random.default_rng(77)
for _n_bins in (5, 10, 20):
    _p = np.round(_rng.beta(0.8, 1.6, 1500), 2)  # rounding puts many values exactly on edges
    _y = (_rng.random(1500) < np.clip(_p * 1.3, 0, 1)).astype(int)
    _idx = np.searchsorted(np.linspace(0, 1, _n_bins + 1)[1:-1], _p, side="left")
    _count = np.bincount(_idx, minlength=_n_bins)
    _frac = np.bincount(_idx, weights=_y, minlength=_n_bins)[_count > 0] / _count[_count > 0]
    _mean = np.bincount(_idx, weights=_p, minlength=_n_bins)[_count > 0] / _count[_count > 0]
    _pt, _pp = calibration_curve(_y, _p, n_bins=_n_bins, strategy="uniform")
    assert np.allclose(_frac, _pt) and np.allclose(_mean, _pp)  # the contract's bins are scikit-learn's
    _want = float(np.sum(_count[_count > 0] / 1500 * np.abs(_frac - _mean)))
    _got = expected_calibration_error(_y, _p, n_bins=_n_bins)
    assert np.isclose(_got, _want, rtol=1e-9), (
        f"n_bins={_n_bins}: expected {_want:.5f}, got {_got:.5f} (bins as in sklearn's calibration_curve, weights n_b / n)"
    )
_y = pd.Series([0, 1] * 50, index=range(500, 600))
_p = pd.Series(np.linspace(0.01, 0.99, 100), index=range(100))
assert np.isclose(expected_calibration_error(_y, _p), expected_calibration_error(_y.to_numpy(), _p.to_numpy())), (
    "compare by position, not by pandas index"
)
# on the course data: a model trained with class_weight="balanced" over-predicts risk (as in the lesson)
from sklearn.linear_model import LogisticRegression as _LR
from sklearn.pipeline import make_pipeline as _make_pipeline
from sklearn.preprocessing import StandardScaler as _Scaler

_fit, _held = applications.iloc[:2000], applications.iloc[2000:]
_model = _make_pipeline(_Scaler(), _LR(max_iter=1000, class_weight="balanced")).fit(_fit[FEATURES], _fit["high_risk"])
_p = _model.predict_proba(_held[FEATURES])[:, 1]
_y = _held["high_risk"].to_numpy()
_idx = np.searchsorted(np.linspace(0, 1, 11)[1:-1], _p, side="left")
_want = float(sum(abs(_y[_idx == _b].sum() - _p[_idx == _b].sum()) for _b in range(10)) / len(_p))
_got = expected_calibration_error(_held["high_risk"], _p)
assert np.isclose(_got, _want, rtol=1e-9) and _got > 0.05, (
    f"on the held-out applications: expected {_want:.4f}, got {_got:.4f}"
)
# a calibrated model on many examples has a small ECE; an overconfident one does not
_p = _rng.uniform(0, 1, 20000)
_y = (_rng.random(20000) < _p).astype(int)
assert expected_calibration_error(_y, _p) < 0.02
assert expected_calibration_error(_y, np.clip(0.5 + 2 * (_p - 0.5), 0, 1)) > 0.1
assert not _calls_utils_monitoring(expected_calibration_error), (
    "write the ECE by hand with NumPy: do not call utils.monitoring"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4: Implement the Laplace mechanism (3 points)
#
# Write `add_laplace_noise`: add to **each** value its own independent noise drawn from a Laplace
# distribution centred on 0 with scale `sensitivity / epsilon`. Make it reproducible with a
# **local** generator, `np.random.default_rng(seed)` (never reseed NumPy's global generator).
# Raise a `ValueError` when `epsilon` or `sensitivity` is not positive. Do not modify the input.


# %% nbgrader={"grade": false, "grade_id": "laplace-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def add_laplace_noise(values, sensitivity: float, epsilon: float, seed: int) -> np.ndarray:
    """Values plus independent Laplace(0, sensitivity / epsilon) noise.

    Parameters
    ----------
    values : array-like of float, any shape
        The true answers (e.g. counts).
    sensitivity : float > 0
        The most one person can change one answer.
    epsilon : float > 0
        The privacy budget.
    seed : int
        Seed of the local generator np.random.default_rng(seed).

    Returns
    -------
    numpy.ndarray of float, same shape as `values`

    Raises
    ------
    ValueError
        If sensitivity <= 0 or epsilon <= 0.
    """
    # contract: one independent Laplace(0, sensitivity / epsilon) draw per entry, from np.random.default_rng(seed);
    # the input is not modified
    ### BEGIN SOLUTION
    if not sensitivity > 0:
        raise ValueError(f"sensitivity must be positive, got {sensitivity}")
    if not epsilon > 0:
        raise ValueError(f"epsilon must be positive, got {epsilon}")
    values = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    return values + rng.laplace(0.0, sensitivity / epsilon, size=values.shape)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "laplace-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: add_laplace_noise keeps the shape, is reproducible, has the right spread, rejects epsilon <= 0."""
_counts = applications.groupby("region")["high_risk"].sum().to_numpy()
_noisy = add_laplace_noise(_counts, sensitivity=1, epsilon=0.5, seed=SEED)
assert isinstance(_noisy, np.ndarray) and _noisy.shape == _counts.shape, (
    "return a NumPy array with the shape of the input"
)
assert np.array_equal(_noisy, add_laplace_noise(_counts, sensitivity=1, epsilon=0.5, seed=SEED)), (
    "the same seed must give the same noise"
)
assert not np.array_equal(_noisy, add_laplace_noise(_counts, sensitivity=1, epsilon=0.5, seed=SEED + 1)), (
    "a different seed must give different noise"
)
_noise = add_laplace_noise(np.zeros(20000), sensitivity=1, epsilon=0.5, seed=SEED)
assert 1.8 < np.abs(_noise).mean() < 2.2, (
    f"the mean |noise| of Laplace(0, b) is b = 1 / 0.5 = 2; got {np.abs(_noise).mean():.3f}"
)
try:
    add_laplace_noise(_counts, sensitivity=1, epsilon=0, seed=SEED)
except ValueError:
    pass
else:
    raise AssertionError("epsilon = 0 must raise ValueError (it would mean infinite noise)")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "laplace-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: the noise is Laplace(0, sensitivity/epsilon) (KS against scipy.stats.laplace), independent per value, locally seeded."""
### BEGIN HIDDEN TESTS
import types as _types

import utils.monitoring as _course_monitoring


def _calls_utils_monitoring(function):
    """True if `function` (or a function nested in it) refers to utils.monitoring or one of its functions."""
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

for _sens, _eps, _seed in ((1.0, 0.5, 3), (2.0, 0.25, 11), (3.0, 6.0, 123)):
    _b = _sens / _eps
    _base = np.full(40000, 50.0)
    _noise = add_laplace_noise(_base, sensitivity=_sens, epsilon=_eps, seed=_seed) - 50.0
    # With 40,000 draws a correct implementation has KS statistic < 0.02 except with probability ~1e-14.
    _ks = _stats.kstest(_noise, _stats.laplace(scale=_b).cdf).statistic
    assert _ks < 0.02, (
        f"sensitivity={_sens}, epsilon={_eps}: the noise is not Laplace with scale {_b} (KS statistic {_ks:.3f}); scale = sensitivity / epsilon"
    )
    assert abs(np.abs(_noise).mean() / _b - 1) < 0.04, (
        f"mean |noise| should be the scale {_b}, got {np.abs(_noise).mean():.3f}"
    )
    assert abs(_noise.mean()) < 0.05 * _b, "the noise must be centred on 0"
    assert len(np.unique(_noise)) > 39000, "every value needs its own independent noise draw, not one draw for all"
# reproducible with the seed, without touching NumPy's global generator
_state = np.random.get_state()[1].copy()
_x1 = add_laplace_noise(np.zeros(50), sensitivity=1, epsilon=1, seed=2025)
_x2 = add_laplace_noise(np.zeros(50), sensitivity=1, epsilon=1, seed=2025)
assert np.array_equal(_x1, _x2), "the same seed must reproduce the same noise"
assert not np.array_equal(_x1, add_laplace_noise(np.zeros(50), sensitivity=1, epsilon=1, seed=2026)), (
    "different seeds must give different noise"
)
assert np.array_equal(np.random.get_state()[1], _state), (
    "use a local generator np.random.default_rng(seed); do not reseed np.random's global state"
)
# values keep their own offsets; 2-d input keeps its shape; input not modified
_vals = np.arange(12, dtype=float).reshape(3, 4)
_copy = _vals.copy()
_out = add_laplace_noise(_vals, sensitivity=1, epsilon=1, seed=5)
assert _out.shape == (3, 4) and np.array_equal(_vals, _copy), "keep the input's shape and do not modify it"
assert np.array_equal(
    _out, add_laplace_noise([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], sensitivity=1, epsilon=1, seed=5)
), "lists must work like arrays"
for _bad in (dict(sensitivity=1, epsilon=-1), dict(sensitivity=0, epsilon=1), dict(sensitivity=-2, epsilon=1)):
    try:
        add_laplace_noise([1.0], seed=0, **_bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"{_bad} must raise ValueError")
assert not _calls_utils_monitoring(add_laplace_noise), "write the mechanism yourself: do not call utils.monitoring"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 5: Score a synthetic table against the real one (3 points)
#
# Write `column_distances`: for every column of `real` (in its order), how far the synthetic
# column is from the real one, ignoring missing values:
#
# - **numeric** columns (`pd.api.types.is_numeric_dtype`, booleans excluded): the two-sample
#   Kolmogorov-Smirnov statistic (you may use `scipy.stats.ks_2samp(...).statistic`);
# - **other** columns: the total variation distance between the category shares,
#   `0.5 * sum over categories of |share in real - share in synthetic|`, over every category seen in
#   **either** table (a category missing from one table has share 0 there).


# %% nbgrader={"grade": false, "grade_id": "distances-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def column_distances(real: pd.DataFrame, synthetic: pd.DataFrame) -> pd.Series:
    """Per-column distance between a real and a synthetic table.

    Parameters
    ----------
    real, synthetic : pandas.DataFrame
        Tables with (at least) the same columns; any numbers of rows.

    Returns
    -------
    pandas.Series of float, shape (n_columns,)
        Index: the columns of `real`, in order. Values in [0, 1]; 0 = same distribution.
    """
    # contract: numeric (not bool) -> KS statistic; other -> 0.5 * sum |p - q| over the union of categories; NaN dropped
    ### BEGIN SOLUTION
    from scipy.stats import ks_2samp

    result = {}
    for column in real.columns:
        a, b = real[column].dropna(), synthetic[column].dropna()
        if pd.api.types.is_numeric_dtype(a) and not pd.api.types.is_bool_dtype(a):
            # method="asymp": only the statistic is needed, and the exact p-value is slow on big samples
            result[column] = float(ks_2samp(a.to_numpy(dtype=float), b.to_numpy(dtype=float), method="asymp").statistic)
        else:
            shares = pd.concat([a.value_counts(normalize=True), b.value_counts(normalize=True)], axis=1).fillna(0.0)
            result[column] = float(0.5 * (shares.iloc[:, 0] - shares.iloc[:, 1]).abs().sum())
    return pd.Series(result, dtype=float)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "distances-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: column_distances on a resampled copy of the applications and on a broken synthetic table."""
import warnings

warnings.filterwarnings("ignore", message="ks_2samp: Exact calculation unsuccessful")  # scipy's note on big samples
_columns = FEATURES + ["home_ownership", "region", "high_risk"]
_real = applications[_columns]
_resampled = _real.sample(len(_real), replace=True, random_state=SEED)
_d = column_distances(_real, _resampled)
assert isinstance(_d, pd.Series) and list(_d.index) == _columns, (
    "return a Series indexed by the columns of `real`, in order"
)
assert (_d >= 0).all() and (_d < 0.05).all(), f"a resampled copy is close to the real table in every column; got\n{_d}"
_broken = _resampled.assign(region="North")
_want = 1 - (_real["region"] == "North").mean()
assert np.isclose(column_distances(_real, _broken)["region"], _want), (
    f"all rows 'North': the TVD is 1 - share of North = {_want:.3f}; did you take half the sum of |differences| of shares?"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "distances-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: column_distances on fresh tables (KS vs scipy, TVD with unseen categories and unequal sizes, NaN, order)."""
### BEGIN HIDDEN TESTS
from scipy.stats import ks_2samp as _ks_2samp

_rng = np.random.default_rng(31)
_r = pd.DataFrame(
    {
        "colour": _rng.choice(["red", "blue"], 400, p=[0.75, 0.25]),
        "x": _rng.normal(0, 1, 400),
        "n": _rng.integers(0, 5, 400),
    }
)
_s = pd.DataFrame(
    {
        "x": _rng.normal(0.5, 1, 100),
        "n": _rng.integers(0, 7, 100),
        "colour": _rng.choice(["red", "blue", "green"], 100, p=[0.5, 0.3, 0.2]),
    }
)
_d = column_distances(_r, _s)
assert list(_d.index) == ["colour", "x", "n"], f"index in the order of `real`'s columns, got {list(_d.index)}"
assert np.isclose(_d["x"], _ks_2samp(_r["x"], _s["x"]).statistic), (
    "numeric columns: the two-sample KS statistic (scipy.stats.ks_2samp)"
)
assert np.isclose(_d["n"], _ks_2samp(_r["n"], _s["n"]).statistic), (
    "integer columns are numeric too: use the KS statistic"
)
_p, _q = _r["colour"].value_counts(normalize=True), _s["colour"].value_counts(normalize=True)
_tvd = 0.5 * (abs(_p["red"] - _q["red"]) + abs(_p["blue"] - _q["blue"]) + _q["green"])
assert np.isclose(_d["colour"], _tvd), (
    f"expected TVD {_tvd:.4f}, got {_d['colour']:.4f}: use shares (not counts) and include categories seen only in the synthetic table"
)
_d2 = column_distances(pd.DataFrame({"c": ["a", "a", "b", None]}), pd.DataFrame({"c": ["b", "b", None, None, "a"]}))
assert np.isclose(_d2["c"], 0.5 * (abs(2 / 3 - 1 / 3) + abs(1 / 3 - 2 / 3))), (
    "ignore missing values when computing shares"
)
_d3 = column_distances(pd.DataFrame({"v": [1.0, 2.0, np.nan, 4.0]}), pd.DataFrame({"v": [1.0, 2.0, 4.0]}))
assert np.isclose(_d3["v"], 0.0), "drop missing values before the KS statistic"
assert np.isclose(column_distances(_r, _r).max(), 0.0)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 6: Check a labeling-quality SLA (3 points)
#
# The review team's service level: *each analyst agrees with the gold label on at least `target`
# of the weekly calibration set.* Write `sla_report`, one row per (week, analyst):
#
# - `items`: the number of calibration items the analyst labeled that week; `agreement`: the
#   share of them where `label == gold_label`;
# - `low`, `high`: the Wilson score interval of that share at level `1 - alpha` (as
#   `statsmodels.stats.proportion.proportion_confint(count, nobs, alpha=alpha, method="wilson")`);
# - `status`: `"breach"` if `high < target`, else `"at risk"` if `agreement < target`, else `"ok"`.
#
# Columns in this order: `week`, `analyst`, `items`, `agreement`, `low`, `high`, `status`; rows
# sorted by week, then analyst; a fresh 0..n-1 index.


# %% nbgrader={"grade": false, "grade_id": "sla-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sla_report(calibration: pd.DataFrame, target: float = 0.85, alpha: float = 0.05) -> pd.DataFrame:
    """Weekly agreement-with-gold per analyst, with Wilson intervals and an SLA status.

    Parameters
    ----------
    calibration : pandas.DataFrame, shape (n_labels, >= 4)
        Columns `week`, `analyst`, `label`, `gold_label` (one row per item an analyst labeled).
    target : float
        The SLA's minimum share of agreement with gold.
    alpha : float
        1 - confidence level of the Wilson interval.

    Returns
    -------
    pandas.DataFrame, shape (n_week_analyst_pairs, 7)
        Columns week, analyst, items, agreement, low, high, status.
    """
    # contract: status = "breach" if high < target, else "at risk" if agreement < target, else "ok";
    # rows sorted by week, then analyst
    ### BEGIN SOLUTION
    from statsmodels.stats.proportion import proportion_confint

    correct = calibration["label"] == calibration["gold_label"]
    grouped = correct.groupby([calibration["week"], calibration["analyst"]]).agg(["sum", "count"])
    report = pd.DataFrame(
        {
            "week": grouped.index.get_level_values(0),
            "analyst": grouped.index.get_level_values(1),
            "items": grouped["count"].to_numpy(),
        }
    )
    report["agreement"] = grouped["sum"].to_numpy() / grouped["count"].to_numpy()
    low, high = proportion_confint(grouped["sum"].to_numpy(), grouped["count"].to_numpy(), alpha=alpha, method="wilson")
    report["low"], report["high"] = low, high
    report["status"] = np.where(
        report["high"] < target, "breach", np.where(report["agreement"] < target, "at risk", "ok")
    )
    return report.sort_values(["week", "analyst"]).reset_index(drop=True)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "sla-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: sla_report on the review team's calibration set."""
_rep = sla_report(review)
assert list(_rep.columns) == ["week", "analyst", "items", "agreement", "low", "high", "status"], (
    f"columns: {list(_rep.columns)}"
)
assert len(_rep) == 30 and (_rep["items"] == 40).all(), "10 weeks x 3 analysts, 40 items each"
assert list(_rep["week"]) == sorted(_rep["week"]), "sort the rows by week, then analyst"
assert (_rep["low"] <= _rep["agreement"]).all() and (_rep["agreement"] <= _rep["high"]).all(), (
    "the interval must contain the estimate"
)
_c8 = _rep[(_rep["week"] == 8) & (_rep["analyst"] == "C")].iloc[0]
assert _c8["status"] == "breach", (
    f"analyst C agrees with gold on {_c8['agreement']:.0%} in week 8: a clear breach of 85%"
)
assert set(_rep.loc[_rep["status"] == "breach", "analyst"]) == {"C"}, "only analyst C breaches the SLA"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "sla-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: sla_report on fresh tables (Wilson bounds vs statsmodels, at-risk vs breach, inclusive target, unsorted input)."""
### BEGIN HIDDEN TESTS
from statsmodels.stats.proportion import proportion_confint as _confint


def _rows(week, analyst, n_right, n_wrong):
    return [{"week": week, "analyst": analyst, "label": 1, "gold_label": 1}] * n_right + [
        {"week": week, "analyst": analyst, "label": 0, "gold_label": 1}
    ] * n_wrong


_table = pd.DataFrame(_rows(5, "Y", 16, 4) + _rows(2, "Z", 10, 10) + _rows(2, "X", 17, 3) + _rows(5, "X", 20, 0))
_table = _table.sample(frac=1, random_state=3).reset_index(drop=True)
_rep = sla_report(_table, target=0.85)
assert list(zip(_rep["week"], _rep["analyst"])) == [(2, "X"), (2, "Z"), (5, "X"), (5, "Y")], (
    "sort by week, then analyst"
)
assert list(_rep.index) == [0, 1, 2, 3], "return a fresh 0..n-1 index"
assert list(_rep["status"]) == ["ok", "breach", "ok", "at risk"], (
    f"got {list(_rep['status'])}: 17/20 = 0.85 meets an 85% target; 16/20 is below it but its interval reaches it (at risk); 10/20 is a breach"
)
_lo, _hi = _confint(np.array([17, 10, 20, 16]), np.array([20, 20, 20, 20]), alpha=0.05, method="wilson")
assert np.allclose(_rep["low"], _lo) and np.allclose(_rep["high"], _hi), (
    "low/high must be the Wilson interval (statsmodels proportion_confint, method='wilson')"
)
_lo, _hi = _confint(np.array([17, 10, 20, 16]), np.array([20, 20, 20, 20]), alpha=0.3, method="wilson")
assert np.allclose(sla_report(_table, target=0.85, alpha=0.3)["high"], _hi), "use the alpha argument"
assert list(sla_report(_table, target=0.95)["status"]) == ["breach", "breach", "ok", "breach"], (
    "use the target argument (with a 95% target, 17/20 and 16/20 are clear breaches)"
)
# agreement with gold, not with the other analysts
_g = pd.DataFrame(
    {
        "week": [1] * 6,
        "analyst": ["P", "P", "P", "Q", "Q", "Q"],
        "label": [0, 0, 0, 0, 0, 1],
        "gold_label": [1, 1, 1, 1, 1, 1],
        "item_id": [1, 2, 3, 1, 2, 3],
    }
)
assert np.allclose(sla_report(_g)["agreement"], [0.0, 1 / 3]), (
    "agreement is with gold_label, not with the other analysts"
)
_rng = np.random.default_rng(8)
_fresh = pd.DataFrame(
    {
        "week": _rng.integers(1, 4, 600),
        "analyst": _rng.choice(["A", "B"], 600),
        "label": _rng.integers(0, 2, 600),
        "gold_label": _rng.integers(0, 2, 600),
    }
)
_rep = sla_report(_fresh, target=0.6)
_want = (_fresh["label"] == _fresh["gold_label"]).groupby([_fresh["week"], _fresh["analyst"]]).mean()
assert np.allclose(_rep["agreement"], _want.to_numpy()), "agreement per (week, analyst) on a fresh table"
assert (_rep["status"] != "ok").all(), "about half right is below a 60% target"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 7 (written): A monitoring plan for LendWell (4 points)
#
# Write LendWell's monitoring plan for the triage model, in 10-20 lines (a list is fine). Cover:
# (a) **what** is monitored (which features, which outputs, calibration, label quality) and how
# often; (b) **thresholds** and why they are right for a batch of 400, including what happens at
# a warning and at an alert and who acts; (c) when to **relabel and retrain** rather than fix the
# pipeline or wait, with a labeling budget and how you check that the retrained model is better
# before it replaces the old one; (d) one risk of the plan itself (privacy, label delay, alert
# fatigue, or the reviewers' quality) and how you handle it. Use numbers from the lesson.

# %% [markdown] nbgrader={"grade": true, "grade_id": "monitoring-plan", "locked": false, "points": 4.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (4 points, 1 per part).*
# (a) 1 point: names concrete signals at a stated cadence, at least per-feature drift (PSI or KS)
# *and* one signal that needs no labels on the model's output (flag rate, score PSI), plus
# calibration or label quality once labels arrive.
# (b) 1 point: gives numeric thresholds with a reason tied to batch size or noise (e.g. the PSI noise
# floor of undrifted batches of 400 is about 0.05, so 0.1 does not fire by chance; or a streak rule
# like Exercise 2) and says who does what at warning vs alert. Folklore thresholds with no reason: 0.5.
# (c) 1 point: a decision rule linking drift to the model's reliance on the feature (or to
# measured accuracy on a labeled slice); distinguishes an upstream change (fix the data, e.g. map
# the new credit scores) from a population change (relabel and retrain); states a budget (e.g.
# 300 labels from the alarmed weeks) and validates the retrained model on freshly labeled,
# held-out recent data against the current model before switching.
# (d) 1 point: one real risk with a concrete mitigation (labels arriving late -> prediction
# drift as early warning; reviewers drifting -> the weekly calibration set SLA with Wilson
# intervals; too many alerts -> streak rule / per-feature weights; published statistics ->
# Laplace noise and a privacy budget).
#
# *Example answer.*
# - Daily, per batch: PSI of the six numeric features against the training data (decile bins),
#   the KS statistic as a second opinion, and the share of applications flagged by the model.
# - Weekly: ECE and accuracy on the applications labeled that week; each analyst's agreement with
#   gold on the 40-item calibration set, with Wilson intervals.
# - Thresholds: PSI >= 0.1 is a warning (undrifted batches of 400 stay below about 0.05),
#   two warnings in a row or one PSI >= 0.25 is an alert; the on-call data scientist opens a
#   ticket at an alert, the weekly review discusses warnings.
# - On an alert in a feature with a large model weight (credit score), first ask the data owner
#   whether the source changed (new bureau score version: map the scores back); if the population
#   changed, buy 300 labels from the alarmed weeks and retrain.
# - The retrained model replaces the old one only if it beats it on a further 200 freshly labeled
#   recent applications (accuracy and ECE), after recalibration with Platt scaling.
# - Risk: the relabeled slice is only as good as the reviewers; labels from an analyst whose SLA
#   status is "breach" are re-reviewed before they enter the training set, since the lesson
#   measured that noisy labels at that rate cost several points of accuracy.
# ### END SOLUTION
