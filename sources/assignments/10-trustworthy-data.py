# %% [markdown]
# # 10 · Exercises: data and scores you can trust
#
# You are on LendWell's data team again, with the lesson's data: the training applications and
# the review team's weekly calibration set.
#
# - Each exercise gives you a function to write. Replace `raise NotImplementedError()` (after
#   `# YOUR CODE HERE`) with your code and keep the function's name and arguments.
# - Run the test cell under each function: its messages tell you what is wrong. When you submit,
#   **hidden tests** also run your function on fresh inputs and check the contract in its
#   docstring to the letter, so read the contract first.
# - Graded answer cells are scored from their definitions only (functions, classes, imports and
#   constants): put any other code, such as trying your function, in a cell of your own.
# - In Exercises 1 and 2 you write the method **by hand** with NumPy: do not call
#   `utils.monitoring`, which does the same (the hidden tests check). The tests compare your
#   result with SciPy and scikit-learn.
# - Exercise 5 is a written answer, graded by a person.
# - Before you submit: *Kernel → Restart and run all* (or the **Validate** button).

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd

from utils import data

SEED = 0
FEATURES = ["age", "annual_income", "employment_years", "credit_score", "debt_to_income", "loan_amount"]
applications = data.load("loan_training")  # the training set, labeled (high_risk)
review = data.load("loan_review_calibration")  # the review team's weekly calibration set
applications.head()

# %% [markdown]
# ## Exercise 1: Compute the expected calibration error by hand (3 points)
#
# Write `expected_calibration_error` for binary labels and predicted probabilities of class 1,
# with the binning of `sklearn.calibration.calibration_curve(strategy="uniform")`:
#
# - `n_bins` equal-width bins of [0, 1], **closed on the right**: bin `b` holds
#   `b/n_bins < p <= (b+1)/n_bins`, and the first bin also holds `p = 0` (so 0.1 is in the
#   first of ten bins, and 1.0 in the last);
# - `ECE = sum over non-empty bins of (n_b / n) * |share of 1s in bin b - mean p in bin b|`.
#
# Find each probability's bin with `np.searchsorted(inner_edges, p, side="left")`, where the inner
# edges are `np.linspace(0, 1, n_bins + 1)[1:-1]` (as scikit-learn does) or
# `np.arange(1, n_bins) / n_bins`: both are accepted. Arithmetic such as `np.ceil(p * n_bins) - 1`
# is not, because `0.07 * 100` is `7.000000000000001` in floating point, which puts `p = 0.07` in
# the wrong one of 100 bins. `y_true` and `y_prob` may be lists, arrays or Series, matched by position (an index is
# ignored). Return a Python `float`.


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


from sklearn.calibration import calibration_curve


def _ref_ece(y, p, n_bins, inner_edges):
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    _i = np.searchsorted(inner_edges, p, side="left")
    return float(sum(abs(y[_i == _b].sum() - p[_i == _b].sum()) for _b in range(n_bins)) / len(p))


def _matches(got, y, p, n_bins=10):
    """`got` is the contract's ECE with either way of writing the edges the text allows."""
    _edge_sets = (np.linspace(0, 1, n_bins + 1)[1:-1], np.arange(1, n_bins) / n_bins)
    return any(np.isclose(got, _ref_ece(y, p, n_bins, _e), rtol=1e-9, atol=1e-15) for _e in _edge_sets)


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
    assert _matches(_got, _y, _p, _n_bins), (
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
_want = _ref_ece(_y, _p, 10, np.linspace(0, 1, 11)[1:-1])
_got = expected_calibration_error(_held["high_risk"], _p)
assert _matches(_got, _y, _p) and _got > 0.05, f"on the held-out applications: expected {_want:.4f}, got {_got:.4f}"
# real data: the published CIFAR-10 probabilities, top-label confidence against the given labels
_labels, _probs, _, _ = data.load_label_errors("cifar10")
_confidence, _right = _probs.max(axis=1), (_probs.argmax(axis=1) == _labels).astype(int)
_got = expected_calibration_error(_right, _confidence)
assert _matches(_got, _right, _confidence), (
    f"on the published CIFAR-10 probabilities: expected {_ref_ece(_right, _confidence, 10, np.linspace(0, 1, 11)[1:-1]):.4f}, got {_got:.4f}"
)
# values exactly on an edge, with gaps of both signs: p = 0.3 belongs to the bin (0.2, 0.3]
_e = expected_calibration_error([0, 1, 1], [0.25, 0.3, 0.35])
assert np.isclose(_e, (abs(-0.25 + 0.7) + 0.65) / 3), f"got {_e}: p = 0.3 belongs to the third of ten bins, (0.2, 0.3]"
# 0.07 closes the seventh of 100 bins, (0.06, 0.07]; 0.07 * 100 is 7.000000000000001 in floating point
_e = expected_calibration_error([1, 0], [0.07, 0.08], n_bins=100)
assert np.isclose(_e, (0.93 + 0.08) / 2), (
    f"got {_e}, expected {(0.93 + 0.08) / 2}: p = 0.07 belongs to the bin (0.06, 0.07]. Compute the bin with "
    "np.searchsorted on the edges, not with arithmetic such as ceil(p * n_bins) - 1"
)
for _n_bins in (10, 20, 100):
    _p = np.round(_rng.uniform(0, 1, 3000), 2)
    _y = _rng.integers(0, 2, 3000)  # labels unrelated to p: gaps of both signs, so misplaced values show
    assert _matches(expected_calibration_error(_y, _p, n_bins=_n_bins), _y, _p, _n_bins), (
        f"n_bins={_n_bins}, many values exactly on an edge: each belongs to the bin it closes (side='left')"
    )
# single examples, lists, and a float result
assert np.isclose(expected_calibration_error([1], [0.7]), 0.3), "one example: its own gap, |1 - 0.7|"
assert type(expected_calibration_error([0, 1], [0.2, 0.8])) in (float, np.float64), "return a float"
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
# ## Exercise 2: Implement the Laplace mechanism (3 points)
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
assert abs(_noise.mean()) < 0.1, (
    f"the noise must be centred on 0 (as often negative as positive); its mean is {_noise.mean():.3f}"
)
_noise = add_laplace_noise(np.zeros(20000), sensitivity=3, epsilon=0.5, seed=SEED)
assert 5.4 < np.abs(_noise).mean() < 6.6, (
    f"with sensitivity 3 and epsilon 0.5 the scale is 3 / 0.5 = 6; got a mean |noise| of {np.abs(_noise).mean():.3f}"
)
_original = _counts.astype(float)
_before = _original.copy()
add_laplace_noise(_original, sensitivity=1, epsilon=0.5, seed=SEED)
assert np.array_equal(_original, _before), "do not modify the input: return a new array"
for _bad in ({"sensitivity": 1, "epsilon": 0}, {"sensitivity": 0, "epsilon": 1}):
    try:
        add_laplace_noise(_counts, seed=SEED, **_bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"{_bad} must raise ValueError: both must be positive")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "laplace-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: the noise is Laplace(0, sensitivity/epsilon) (KS against scipy.stats.laplace), independent per value, locally seeded."""
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
# ## Exercise 3: Score a synthetic table against the real one (3 points)
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
# a small example by hand: the synthetic table has its columns in another order and a colour the real one lacks
_small_real = pd.DataFrame({"size": [1.0, 2.0, 3.0, 4.0], "colour": ["red", "red", "blue", "blue"]})
_small_synthetic = pd.DataFrame({"colour": ["red", "green", "green", "blue"], "size": [1.0, 2.0, 2.0, 2.0]})
_d = column_distances(_small_real, _small_synthetic)
assert list(_d.index) == ["size", "colour"], f"the columns of `real`, in its order; got {list(_d.index)}"
assert np.isclose(_d["size"], 0.5), (
    f"size: the empirical CDFs differ most at 2 (3/4 vs 2/4), so the KS statistic is 0.5; got {_d['size']}"
)
assert np.isclose(_d["colour"], 0.5), (
    f"colour: 0.5 * (|0.5 - 0.25| + |0.5 - 0.25| + |0 - 0.5|) = 0.5 over every colour of either table; got {_d['colour']}"
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
# ## Exercise 4: Check a labeling-quality SLA (3 points)
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
# a small table by hand: 17/20 meets an 85% target exactly; 16/20 misses it, but its interval reaches it
_hand = pd.DataFrame(
    {
        "week": [1] * 40,
        "analyst": ["P"] * 20 + ["Q"] * 20,
        "label": [1] * 17 + [0] * 3 + [1] * 16 + [0] * 4,
        "gold_label": [1] * 40,
    }
)
_r = sla_report(_hand, target=0.85)
assert list(_r["status"]) == ["ok", "at risk"], (
    f"expected ['ok', 'at risk'], got {list(_r['status'])}: 'breach' only when the whole interval is below the "
    "target (high < target); 'at risk' when only the estimate is (agreement < target, so 0.85 itself is ok)"
)
assert np.isclose(_r.loc[1, "high"], 0.9193, atol=5e-4), (
    f"16 of 20: the 95% Wilson interval's upper bound is about 0.919, got {_r.loc[1, 'high']:.4f}"
)

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
# ## Exercise 5 (written): What LendWell can promise (4 points)
#
# Four teams asked the data team for something (the lesson's introduction). In 12-20 lines (a
# list is fine), say what LendWell can promise each of them, and on what condition:
# (a) the **risk team**, who want to price loans with the model's probability: what you measure
# before agreeing, on which data, how you repair it, and how often you check it afterwards;
# (b) the **communications team**, who publish quarterly counts per region: the epsilon you
# propose, what it costs for the Islands and for the North (numbers from the lesson), and what
# happens to the budget when they publish every quarter;
# (c) the **vendor**, who wants "the data" for a dashboard: whether a synthetic table is fit for
# it, which checks it must pass before it leaves, and what it cannot promise;
# (d) the **review team**: the labeling SLA, and what happens at "at risk" and at "breach".

# %% [markdown] nbgrader={"grade": true, "grade_id": "trust-promises", "locked": false, "points": 4.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (4 points, 1 per part).*
# (a) 1 point: a reliability diagram and ECE (binning stated) on held-out labeled data the model
# did not train on; a repair fitted on separate data (Platt scaling or isotonic regression); a
# re-check on each freshly labeled slice, since calibration drifts (the lesson's weekly ECE rose
# once the credit scores shifted). Without held-out data or without a re-check: 0.5.
# (b) 1 point: a concrete epsilon with its cost from the lesson's trade-off (the error of a count is
# about 1/epsilon, so small regions need several times the budget of the North for the same
# relative error), and budget accounting over releases (budgets add up; disjoint groups in one
# release cost one epsilon). No number: 0.5.
# (c) 1 point: per-column distances *and* a task check (train on synthetic, test on real) *and* a
# copy check (distance to the closest training row, exact copies), with the lesson's evidence that
# per-column checks alone passed a useless table; says that without a differentially private
# generator there is no formal privacy guarantee.
# (d) 1 point: the SLA in numbers (e.g. each analyst >= 85% agreement with gold on the weekly
# calibration set, Fleiss' kappa >= 0.6), Wilson intervals so that a breach is called only when
# the interval lies below the target; "at risk" -> watch and review next week; "breach" -> the
# analyst's labels kept out of retraining, a second reviewer, a refresher; the lesson's cost of a
# breach (a worse model from the same 300 labels).
#
# *Example answer.*
# - Risk team: yes, once the ECE on 1,000 held-out applications is below 0.03 after Platt
#   scaling fitted on data the model did not train on; we re-check it on every week's labeled
#   sample, because it drifted from week 7 when the bureau changed its scores.
# - Communications: epsilon = 1 per quarterly release over the five disjoint regions (one
#   epsilon in all), so each count is off by about 1 on average: under 5% for the North, but not
#   for the Islands, whose count we publish pooled with the West. Four releases a year spend 4.
# - Vendor: a Gaussian-copula table, released only if every column distance is within what two
#   real samples differ by, a model trained on it scores within 2 points of one trained on real
#   rows, and no synthetic row is a copy or closer to a training row than unseen real rows are.
#   It carries no formal privacy guarantee; for that we would need a differentially private
#   generator.
# - Review team: each analyst agrees with gold on at least 85% of the 40 weekly items and the
#   team's Fleiss' kappa stays at or above 0.6. "At risk": a look at their disagreements in the
#   weekly meeting. "Breach" (the whole 95% interval below 85%): their labels leave the
#   retraining set until a second reviewer has checked them; the lesson measured that labels at
#   C's error rate cost 6 points of accuracy.
# ### END SOLUTION
