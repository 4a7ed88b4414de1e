# %% [markdown]
# # 06 · Exercises: error analysis and confident learning
#
# You will rebuild, piece by piece, the error analysis of the lesson: out-of-sample probabilities,
# confident learning by hand (thresholds, confident joint, ranking), the error table, a
# review-and-measure step, and the precision of a ranking against people's verdicts on real data.
# Exercises 1-6 use the lesson's data: 1,347 handwritten digits with planted problems.
#
# - Replace `raise NotImplementedError()` (after `# YOUR CODE HERE`) with your code; keep each
#   function's name and arguments.
# - Run the test cell under each function. When you submit, **hidden tests** also run your functions
#   on fresh inputs and compare them with scikit-learn and cleanlab, so write the general solution.
# - Use only NumPy, pandas and scikit-learn in your answers (not cleanlab: the tests compare with it).
# - Answer cells are scored from their **definitions only**: functions, classes, imports and
#   constants. Code that computes or prints at the top level of an answer cell does not run when
#   your work is graded, so try things out in a new cell of your own.
# - Exercise 7 works on real data: human-verified label errors in the MNIST and CIFAR-10 test sets.
# - Before you submit: *Kernel → Restart and run all*.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from threadpoolctl import threadpool_limits

from utils import data

SEED = 0
threadpool_limits(1)  # models this small run faster on one CPU thread than on several
digits = data.load("digits_quality")
digits_test = data.load("digits_quality_test")
truth = data.load_truth("digits_quality")
PIXELS = [f"pixel_{i}" for i in range(64)]
X, labels = digits[PIXELS].to_numpy() / 16, digits["label"].to_numpy()
X_test, y_test = digits_test[PIXELS].to_numpy() / 16, digits_test["label"].to_numpy()


def make_model():
    """The fixed model: multinomial logistic regression on the pixels (as in the lesson)."""
    return LogisticRegression(C=1.0, max_iter=3000)


# Out-of-sample probabilities for the course data, computed once here so that Exercises 2-4
# do not depend on your answer to Exercise 1.
pred_probs = cross_val_predict(
    make_model(), X, labels, method="predict_proba", cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
)
print(X.shape, pred_probs.shape)


# %% [markdown]
# ## Exercise 1: Compute out-of-sample probabilities without leakage (3 points)
#
# Write `out_of_sample_probs`. Split the rows with
# `StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)`; for each fold, fit a
# **fresh** model from `make_model()` on the other folds only, and put its `predict_proba` for the
# held-out rows in those rows of the result. Columns are the classes in sorted order (every class
# appears in every training fold). Any correct method is fine, including scikit-learn's helpers,
# as long as no row is ever predicted by a model that saw it.


# %% nbgrader={"grade": false, "grade_id": "oos-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def out_of_sample_probs(X, y, make_model, *, n_splits: int = 5, seed: int = 0) -> np.ndarray:
    """Predicted probabilities for every row from a model that never saw that row.

    Parameters
    ----------
    X : array-like, shape (n_rows, n_features)
    y : array-like, shape (n_rows,)
        Class labels (any sortable type).
    make_model : callable
        Returns a fresh, unfitted classifier with ``predict_proba``.
    n_splits : int
        Number of folds.
    seed : int
        ``random_state`` of the shuffled ``StratifiedKFold``.

    Returns
    -------
    numpy.ndarray, shape (n_rows, n_classes)
        Row i: the probabilities predicted for row i by the model of the fold that held it out;
        columns in sorted class order.
    """
    # contract: same row order as X; rows sum to 1; no row predicted by a model trained on it
    ### BEGIN SOLUTION
    X, y = np.asarray(X), np.asarray(y)
    classes = np.unique(y)
    probs = np.zeros((len(y), len(classes)))
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    for train, held_out in folds.split(X, y):
        model = make_model().fit(X[train], y[train])
        probs[np.ix_(held_out, np.searchsorted(classes, model.classes_))] = model.predict_proba(X[held_out])
    return probs
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "oos-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: out_of_sample_probs on the digits has the right shape and is not the in-sample fit."""
_p = out_of_sample_probs(X, labels, make_model)
assert isinstance(_p, np.ndarray) and _p.shape == (1347, 10), (
    f"expected an array of shape (1347, 10), got {getattr(_p, 'shape', type(_p))}"
)
assert np.allclose(_p.sum(axis=1), 1), "each row must hold probabilities that sum to 1"
_agree = (_p.argmax(axis=1) == labels).mean()
assert _agree < 0.87, (
    f"the model agrees with {_agree:.1%} of the given labels: that looks like an in-sample fit "
    "(a model predicting rows it was trained on). Predict each fold with a model fitted on the others."
)
assert np.allclose(_p, pred_probs), "with n_splits=5, seed=0 the result should equal pred_probs (computed at the top)"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "oos-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: out_of_sample_probs matches cross_val_predict on fresh data, respects n_splits/seed, never leaks."""
### BEGIN HIDDEN TESTS
from sklearn.neighbors import KNeighborsClassifier

_rng = np.random.default_rng(61)
_Xf = _rng.normal(size=(120, 4))
_yf = np.array(["cat", "dog", "emu"])[(_Xf[:, 0] + 0.5 * _rng.normal(size=120) > 0).astype(int) + (_Xf[:, 1] > 0.8)]
for _k, _s in ((3, 1), (4, 7)):
    _ref = cross_val_predict(
        LogisticRegression(max_iter=500),
        _Xf,
        _yf,
        method="predict_proba",
        cv=StratifiedKFold(n_splits=_k, shuffle=True, random_state=_s),
    )
    _got = out_of_sample_probs(_Xf, _yf, lambda: LogisticRegression(max_iter=500), n_splits=_k, seed=_s)
    assert np.asarray(_got).shape == _ref.shape, f"expected shape {_ref.shape}, got {np.asarray(_got).shape}"
    assert np.allclose(_got, _ref), (
        f"differs from cross_val_predict with StratifiedKFold(n_splits={_k}, shuffle=True, "
        f"random_state={_s}): use n_splits and seed, shuffle, stratify, sorted class columns"
    )
# Leakage: a 1-nearest-neighbour model memorises its training rows. On random labels, an
# out-of-sample prediction agrees with the label only by chance (about 1/3); an in-sample one always.
_yr = _rng.choice(["a", "b", "c"], size=120)
_pk = out_of_sample_probs(_Xf, _yr, lambda: KNeighborsClassifier(n_neighbors=1), n_splits=5, seed=0)
_agree = (np.array(["a", "b", "c"])[np.asarray(_pk).argmax(axis=1)] == _yr).mean()
assert _agree < 0.6, (
    f"on random labels a memorising model agreed with {_agree:.0%} of them: rows were predicted by a model that saw them"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Compute the per-class thresholds (2 points)
#
# Confident learning's threshold for class $j$ is the model's **average probability of $j$ over the
# rows labeled $j$**: $t_j = \text{mean}\{\hat p_{ij} : \tilde y_i = j\}$. Labels are integers
# `0 .. K-1`, each present at least once.


# %% nbgrader={"grade": false, "grade_id": "thresholds-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def per_class_thresholds(labels, pred_probs) -> np.ndarray:
    """Confident-learning threshold of every class.

    Parameters
    ----------
    labels : array-like of int, shape (n_rows,)
        Given labels, in 0 .. n_classes-1.
    pred_probs : array-like, shape (n_rows, n_classes)
        Out-of-sample predicted probabilities.

    Returns
    -------
    numpy.ndarray, shape (n_classes,)
        ``t[j]`` = mean of ``pred_probs[i, j]`` over the rows i with ``labels[i] == j``.
    """
    ### BEGIN SOLUTION
    labels, pred_probs = np.asarray(labels), np.asarray(pred_probs, dtype=float)
    return np.array([pred_probs[labels == j, j].mean() for j in range(pred_probs.shape[1])])
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "thresholds-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: per_class_thresholds on the digits (one per class; the 1s are the least sure class)."""
thresholds = per_class_thresholds(labels, pred_probs)
assert isinstance(thresholds, np.ndarray), f"return a NumPy array, got {type(thresholds).__name__}"
assert np.asarray(thresholds).shape == (10,), (
    f"expected one threshold per class, shape (10,), got {np.asarray(thresholds).shape}"
)
assert np.all((0 < thresholds) & (thresholds < 1)), "thresholds are average probabilities, between 0 and 1"
assert np.isclose(thresholds[0], pred_probs[labels == 0, 0].mean()), (
    "t[0] should be the mean of column 0 over the rows labeled 0"
)
assert np.argmin(thresholds) == 1, "with a third of the 1s labeled 7, class 1 should have the lowest threshold"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "thresholds-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: per_class_thresholds equals cleanlab's get_confident_thresholds on fresh inputs."""
### BEGIN HIDDEN TESTS
from cleanlab.count import get_confident_thresholds

_rng = np.random.default_rng(62)
for _n, _k in ((40, 3), (500, 6)):
    _pp = _rng.dirichlet(np.ones(_k) * 0.7, size=_n)
    _lab = np.concatenate([np.arange(_k), _rng.integers(0, _k, _n - _k)])
    _got = np.asarray(per_class_thresholds(_lab, _pp))
    assert _got.shape == (_k,), f"expected shape ({_k},), got {_got.shape}"
    assert np.allclose(_got, get_confident_thresholds(_lab, _pp)), (
        "differs from cleanlab's thresholds: average column j over the rows LABELED j (not all rows, not the max)"
    )
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Build the confident joint (3 points)
#
# For each row, the classes $j$ with $\hat p_{ij} \ge t_j$ are the classes it *confidently* belongs to.
# Its **confident guess** is the most probable of those (even when a class below its threshold is
# more probable still); a row with no such class has no guess and is not counted. The confident joint counts rows by (given label, confident guess):
# `C[i, j]` = number of rows labeled `i` whose confident guess is `j`. Use your `per_class_thresholds`.


# %% nbgrader={"grade": false, "grade_id": "joint-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def confident_joint(labels, pred_probs) -> np.ndarray:
    """The confident joint of given labels and confident guesses.

    Parameters
    ----------
    labels : array-like of int, shape (n_rows,)
        Given labels, in 0 .. n_classes-1, each present at least once.
    pred_probs : array-like, shape (n_rows, n_classes)

    Returns
    -------
    numpy.ndarray of int, shape (n_classes, n_classes)
        Rows: given label; columns: confident guess. Rows without a confident guess are left out,
        so the total can be below n_rows.
    """
    ### BEGIN SOLUTION
    labels, pred_probs = np.asarray(labels), np.asarray(pred_probs, dtype=float)
    n_classes = pred_probs.shape[1]
    above = pred_probs >= per_class_thresholds(labels, pred_probs)
    has_guess = above.any(axis=1)
    guess = np.where(above, pred_probs, -1.0).argmax(axis=1)
    joint = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(joint, (labels[has_guess], guess[has_guess]), 1)
    return joint
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "joint-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: the confident joint of the digits shows the systematic 7-for-1 labels."""
joint = confident_joint(labels, pred_probs)
assert isinstance(joint, np.ndarray) and joint.shape == (10, 10), (
    f"expected a 10 x 10 NumPy array, got {getattr(joint, 'shape', type(joint).__name__)}"
)
assert np.issubdtype(joint.dtype, np.integer), f"the table holds counts: an integer array, got dtype {joint.dtype}"
assert joint.sum() < len(labels), (
    f"the table counts {joint.sum()} of the {len(labels)} rows: some digits have no class above its threshold, "
    "and such rows must be left out"
)
assert joint[7, 1] > 20, (
    f"C[7, 1] (labeled 7, confidently a 1) should be large, got {joint[7, 1]}: "
    "rows are the given label, columns the confident guess"
)
assert joint[1, 7] < joint[7, 1], "C[1, 7] should be small: is your table transposed?"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "joint-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: confident_joint on hand-made cases (ties at the threshold, no guess, two confident classes) and against cleanlab."""
### BEGIN HIDDEN TESTS
from cleanlab.count import compute_confident_joint

# Hand-made: thresholds are t = [0.6, 0.5, 0.5] (class 2 has one row: its threshold is exactly its probability).
_lab = np.array([0, 0, 1, 1, 2, 0])
_pp = np.array(
    [
        [0.70, 0.20, 0.10],  # labeled 0, confident 0
        [0.30, 0.30, 0.40],  # labeled 0, no class above its threshold -> not counted
        [0.10, 0.60, 0.30],  # labeled 1, confident 1
        [0.40, 0.40, 0.20],  # labeled 1, no confident class (0.40 < 0.6, 0.40 < 0.5)
        [0.05, 0.45, 0.50],  # labeled 2, p = t exactly -> confident 2 (>=, not >)
        [0.80, 0.15, 0.05],  # labeled 0, confident 0
    ]
)
_expected = np.array([[2, 0, 0], [0, 1, 0], [0, 0, 1]])
_got = np.asarray(confident_joint(_lab, _pp))
assert np.array_equal(_got, _expected), (
    f"expected\n{_expected}\ngot\n{_got}\n(use p >= t, and skip rows with no confident class)"
)
# Two confident classes: the most probable of them wins (row 5); rows are the given label.
_lab2 = np.array([0, 0, 1, 1, 2, 2, 2])
_pp2 = np.array(
    [
        [0.6, 0.3, 0.1],
        [0.2, 0.7, 0.1],
        [0.3, 0.6, 0.1],
        [0.1, 0.3, 0.6],
        [0.1, 0.1, 0.8],
        [0.42, 0.5, 0.08],
        [0.2, 0.2, 0.6],
    ]
)
# t = [0.4, 0.45, 0.493]; row 5 (labeled 2) is above the thresholds of classes 0 and 1 -> guess 1.
_expected2 = np.array([[1, 1, 0], [0, 1, 1], [0, 1, 2]])
_got2 = np.asarray(confident_joint(_lab2, _pp2))
assert np.array_equal(_got2, _expected2), (
    f"expected\n{_expected2}\ngot\n{_got2}\n(rows: given label, columns: guess; "
    "with several confident classes, take the most probable of them)"
)
# The most probable class overall (2 in row 0) is not a confident class: the guess is 0.
_lab4 = np.array([0, 0, 1, 1, 2, 2])
_pp4 = np.array(
    [
        [0.42, 0.00, 0.58],  # labeled 0; t = [0.40, 0.75, 0.90]: only class 0 is above -> guess 0
        [0.38, 0.52, 0.10],  # no class above its threshold
        [0.10, 0.80, 0.10],  # guess 1
        [0.20, 0.70, 0.10],  # no class above
        [0.00, 0.00, 1.00],  # guess 2
        [0.10, 0.10, 0.80],  # no class above
    ]
)
_got4 = np.asarray(confident_joint(_lab4, _pp4))
assert np.array_equal(_got4, np.eye(3, dtype=int)), (
    f"expected the identity, got\n{_got4}\n(the guess is the most probable of the CONFIDENT classes, "
    "not the most probable class overall)"
)
assert np.issubdtype(_got4.dtype, np.integer), f"counts are integers, got dtype {_got4.dtype}"
_lab3 = np.array([0, 0, 1, 1])
_pp3 = np.array([[0.9, 0.1], [0.5, 0.5], [0.45, 0.55], [0.2, 0.8]])
# t = [0.7, 0.675]; row 1 labeled 0: nothing above (0.5 < 0.7, 0.5 < 0.675); row 2: nothing above either.
assert np.array_equal(np.asarray(confident_joint(_lab3, _pp3)), [[1, 0], [0, 1]]), (
    "rows with no confident class must not be counted"
)
_rng = np.random.default_rng(63)
for _n, _k in ((300, 4), (2000, 7)):
    _probs = _rng.dirichlet(np.ones(_k) * 0.6, size=_n)
    _given = np.where(_rng.random(_n) < 0.8, _probs.argmax(axis=1), _rng.integers(0, _k, _n))
    _ref = compute_confident_joint(_given, _probs, calibrate=False)
    assert np.array_equal(np.asarray(confident_joint(_given, _probs)), _ref), (
        f"differs from cleanlab's confident joint (n={_n}, K={_k})"
    )
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4: Flag and rank the label issues (3 points)
#
# Flag a row when it has a confident guess, the guess differs from its label, **and** its single most
# probable class (`argmax`) is not its label either (cleanlab's clean-up step). Return the flagged
# row positions ranked by **self-confidence**, `pred_probs[i, labels[i]]`, lowest first; equal
# self-confidences in increasing position.


# %% nbgrader={"grade": false, "grade_id": "rank-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rank_label_issues(labels, pred_probs) -> np.ndarray:
    """Positions of the likely label errors, most suspicious first.

    Parameters
    ----------
    labels : array-like of int, shape (n_rows,)
    pred_probs : array-like, shape (n_rows, n_classes)

    Returns
    -------
    numpy.ndarray of int, shape (n_flagged,)
        Flagged positions, ordered by self-confidence ascending, ties by position.
    """
    ### BEGIN SOLUTION
    labels, pred_probs = np.asarray(labels), np.asarray(pred_probs, dtype=float)
    above = pred_probs >= per_class_thresholds(labels, pred_probs)
    has_guess = above.any(axis=1)
    guess = np.where(above, pred_probs, -1.0).argmax(axis=1)
    flagged = np.flatnonzero(has_guess & (guess != labels) & (pred_probs.argmax(axis=1) != labels))
    self_confidence = pred_probs[flagged, labels[flagged]]
    return flagged[np.lexsort((flagged, self_confidence))]
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "rank-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: rank_label_issues on the digits finds mostly real errors, most suspicious first."""
ranked = rank_label_issues(labels, pred_probs)
assert isinstance(ranked, np.ndarray) and ranked.ndim == 1, "return a 1-D array of row positions (not a boolean mask)"
assert 40 < len(ranked) < 150, f"expected several dozen flagged rows, got {len(ranked)}"
_sc = pred_probs[ranked, labels[ranked]]
assert np.all(np.diff(_sc) >= 0), "rank by self-confidence, LOWEST first"
_precision = truth["is_label_error"].to_numpy()[ranked[:30]].mean()
assert _precision > 0.8, f"only {_precision:.0%} of the 30 top-ranked rows are real errors: check the flagging rule"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "rank-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: rank_label_issues equals cleanlab's find_label_issues(confident_learning) ranking; clean-up step; ties."""
### BEGIN HIDDEN TESTS
from cleanlab.filter import find_label_issues

_rng = np.random.default_rng(64)
for _n, _k in ((200, 3), (1500, 8)):
    _probs = _rng.dirichlet(np.ones(_k) * 0.6, size=_n)
    _given = np.where(_rng.random(_n) < 0.75, _probs.argmax(axis=1), _rng.integers(0, _k, _n))
    _ref = find_label_issues(_given, _probs, filter_by="confident_learning", return_indices_ranked_by="self_confidence")
    _got = np.asarray(rank_label_issues(_given, _probs))
    assert set(_got.tolist()) == set(_ref.tolist()), (
        f"flags differ from cleanlab's (n={_n}): {len(_got)} vs {len(_ref)} rows; "
        "did you apply the clean-up (argmax != label)?"
    )
    assert np.array_equal(_got, _ref), f"same rows, different order (n={_n}): lowest self-confidence first"
# Clean-up: row 0 is labeled 0 and its argmax is 0, although class 1 is its only confident class -> not flagged.
_lab = np.array([0, 0, 1, 1, 2])
_pp = np.array([[0.45, 0.40, 0.15], [0.90, 0.05, 0.05], [0.10, 0.30, 0.60], [0.05, 0.45, 0.50], [0.1, 0.1, 0.8]])
# t = [0.675, 0.375, 0.8]; row 0: confident in 1 only, argmax 0 = label -> not flagged.
# row 2: labeled 1, 0.30 < 0.375, 0.60 < 0.8 -> no guess. row 3: labeled 1, confident 1 -> fine.
assert np.asarray(rank_label_issues(_lab, _pp)).tolist() == [], (
    "a row whose argmax is its own label must not be flagged"
)
# Ties: many rows with the same self-confidence (0.2) -> increasing position.
_kind = np.random.default_rng(67).permutation(np.repeat(np.arange(6), 20))  # kinds 0, 1: clean rows; 2-5: wrong labels
_lab = np.array([0, 1, 0, 1, 0, 1])[_kind]
_pp = np.array([[0.9, 0.1], [0.1, 0.9], [0.2, 0.8], [0.8, 0.2], [0.15, 0.85], [0.7, 0.3]])[_kind]
_sc = np.array([0.9, 0.9, 0.2, 0.2, 0.15, 0.3])[_kind]  # self-confidence; kinds 2 and 3 tie at 0.2
_rows = np.flatnonzero(_kind >= 2)
_expected = _rows[np.lexsort((_rows, _sc[_rows]))].tolist()
_got = np.asarray(rank_label_issues(_lab, _pp)).tolist()
assert sorted(_got) == sorted(_expected), "on this small case, every row of kinds 2-5 is a label issue"
assert _got == _expected, "equal self-confidence: the earlier row comes first (increasing position); use a stable sort"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 5: Build the error table from reviewed flags (2 points)
#
# A reviewer has looked at the training rows and filled in boolean flags: `is_error` (the model's
# out-of-sample prediction differs from the given label), `label_issue`, `data_quality` and
# `rare_style`. Write `error_table`: for the rows with `is_error`, give each the **first** category
# that applies, in this order: `"label issue"`, `"data quality"`, `"missing coverage"` (rare style),
# otherwise `"ambiguous"`. Return one row per category in that order (the list `CATEGORIES` of the
# read-only cell below; zero counts included), with columns `mistakes` (int) and `share` (of all
# mistakes; 0.0 when there are none). Rows without `is_error` are not counted, whatever their other
# flags.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "errors-categories", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The four categories, in the order of the table (read-only: the tests use it too).
CATEGORIES = ["label issue", "data quality", "missing coverage", "ambiguous"]


# %% nbgrader={"grade": false, "grade_id": "errors-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def error_table(flags: pd.DataFrame) -> pd.DataFrame:
    """Count the model's mistakes by cause.

    Parameters
    ----------
    flags : pandas.DataFrame, shape (n_rows, >= 4)
        Boolean columns ``is_error``, ``label_issue``, ``data_quality``, ``rare_style``.

    Returns
    -------
    pandas.DataFrame, shape (4, 2)
        Index: ``CATEGORIES`` in that order. Columns ``mistakes`` (int) and ``share`` (float).
    """
    ### BEGIN SOLUTION
    category = np.select(
        [flags["label_issue"], flags["data_quality"], flags["rare_style"]], CATEGORIES[:3], default=CATEGORIES[3]
    )
    counts = pd.Series(category[flags["is_error"].to_numpy(dtype=bool)]).value_counts()
    table = counts.reindex(CATEGORIES, fill_value=0).astype(int).rename("mistakes").to_frame()
    total = table["mistakes"].sum()
    table["share"] = table["mistakes"] / total if total else 0.0
    return table
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "errors-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: error_table on the digits' reviewed flags."""
_flags = pd.DataFrame(
    {
        "is_error": pred_probs.argmax(axis=1) != labels,
        "label_issue": truth["is_label_error"],
        "data_quality": truth["degradation"] != "none",
        "rare_style": digits["scanner"] == "B",
    }
)
table = error_table(_flags)
assert list(table.index) == CATEGORIES, f"expected the four categories in order, got {list(table.index)}"
assert list(table.columns) == ["mistakes", "share"], (
    f"expected columns ['mistakes', 'share'], got {list(table.columns)}"
)
assert pd.api.types.is_integer_dtype(table["mistakes"]), (
    f"mistakes are counts: an integer column, got dtype {table['mistakes'].dtype}"
)
assert table["mistakes"].sum() == _flags["is_error"].sum(), (
    "every mistake gets exactly one category (and only mistakes count)"
)
assert np.isclose(table["share"].sum(), 1), "shares are of all mistakes and sum to 1"
assert table["mistakes"].idxmax() == "label issue", "on the digits, wrong labels explain the most mistakes"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "errors-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: error_table on fresh flags (precedence, zero categories, no mistakes)."""
### BEGIN HIDDEN TESTS
_f = pd.DataFrame(
    {
        "is_error": [True, True, True, True, False, True, False],
        "label_issue": [True, False, False, False, True, True, False],
        "data_quality": [True, True, False, False, False, False, True],
        "rare_style": [False, True, True, False, False, True, True],
    }
)
_t = error_table(_f)
assert _t["mistakes"].tolist() == [2, 1, 1, 1], (
    f"expected [2, 1, 1, 1] (a label issue wins over everything, data quality "
    f"over coverage; only is_error rows count), got {_t['mistakes'].tolist()}"
)
assert np.allclose(_t["share"].to_numpy(dtype=float), [0.4, 0.2, 0.2, 0.2])
_t0 = error_table(_f.assign(label_issue=False, rare_style=False))
assert (
    list(_t0.index) == CATEGORIES
    and _t0.loc["label issue", "mistakes"] == 0
    and _t0.loc["missing coverage", "mistakes"] == 0
), "keep categories with zero mistakes, in the fixed order"
_none = error_table(_f.assign(is_error=False))
assert _none["mistakes"].sum() == 0 and np.allclose(_none["share"].to_numpy(dtype=float), 0), (
    "no mistakes: zero counts and zero shares, no NaN"
)
_rng = np.random.default_rng(65)
_big = pd.DataFrame(
    _rng.random((400, 4)) < [0.3, 0.1, 0.1, 0.1], columns=["is_error", "label_issue", "data_quality", "rare_style"]
)
_m = _big[_big["is_error"]]
_li = _m["label_issue"]
_dq = ~_li & _m["data_quality"]
_rs = ~_li & ~_m["data_quality"] & _m["rare_style"]
assert error_table(_big)["mistakes"].tolist() == [
    _li.sum(),
    _dq.sum(),
    _rs.sum(),
    len(_m) - _li.sum() - _dq.sum() - _rs.sum(),
]
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 6: Review the flagged labels, retrain and measure (3 points)
#
# Write `review_and_measure`. The reviewer's verdict for every row is in `reviewer_labels`, but the
# reviewer only looks at the **flagged** rows: use it there and nowhere else. A flagged row keeps its
# label when the reviewer agrees and gets the reviewer's label otherwise; no row is deleted. Fit a
# fresh `make_model()` on the given labels and another on the reviewed labels, and measure both on the
# test set. Do not modify the inputs.


# %% nbgrader={"grade": false, "grade_id": "review-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def review_and_measure(X_train, labels, flagged, reviewer_labels, X_test, y_test, make_model) -> dict:
    """Test accuracy before and after reviewing the flagged labels.

    Parameters
    ----------
    X_train : array-like, shape (n_rows, n_features)
    labels : array-like, shape (n_rows,)
        The given labels.
    flagged : array-like of bool, shape (n_rows,)
        Rows the reviewer looks at.
    reviewer_labels : array-like, shape (n_rows,)
        What the reviewer would say for each row (only used where ``flagged``).
    X_test, y_test : the clean test set.
    make_model : callable returning a fresh, unfitted classifier.

    Returns
    -------
    dict
        ``"before"`` and ``"after"``: test accuracies (float); ``"corrected"``: flagged rows whose
        label changed (int); ``"kept"``: flagged rows whose label the reviewer confirmed (int).
    """
    ### BEGIN SOLUTION
    labels, flagged = np.asarray(labels), np.asarray(flagged, dtype=bool)
    reviewed = np.where(flagged, np.asarray(reviewer_labels), labels)
    changed = flagged & (reviewed != labels)
    before = make_model().fit(X_train, labels).score(X_test, y_test)
    after = make_model().fit(X_train, reviewed).score(X_test, y_test)
    return {
        "before": float(before),
        "after": float(after),
        "corrected": int(changed.sum()),
        "kept": int((flagged & ~changed).sum()),
    }
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "review-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: reviewing the rows cleanlab flags on the digits improves test accuracy."""
from cleanlab.filter import find_label_issues

_flagged = find_label_issues(labels, pred_probs)
result = review_and_measure(X, labels, _flagged, truth["true_label"].to_numpy(), X_test, y_test, make_model)
assert set(result) == {"before", "after", "corrected", "kept"}, (
    f"expected the keys before, after, corrected, kept; got {set(result)}"
)
import numbers

assert isinstance(result["before"], float) and isinstance(result["after"], float), (
    f"before and after are accuracies (floats), got {type(result['before']).__name__} and {type(result['after']).__name__}"
)
assert isinstance(result["corrected"], numbers.Integral) and isinstance(result["kept"], numbers.Integral), (
    f"corrected and kept are counts (int), got {type(result['corrected']).__name__} and {type(result['kept']).__name__}"
)
assert result["corrected"] + result["kept"] == _flagged.sum(), "every flagged row is either corrected or kept"
assert result["after"] > result["before"] + 0.01, f"reviewing should gain more than a point here: {result}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "review-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: review_and_measure uses the reviewer only on flagged rows, deletes nothing, fits fresh models, changes no input."""
### BEGIN HIDDEN TESTS
from sklearn.neighbors import KNeighborsClassifier

_rng = np.random.default_rng(66)
_Xa = _rng.normal(size=(200, 2))
_ya = (_Xa[:, 0] > 0).astype(int)
_Xb = _rng.normal(size=(100, 2))
_yb = (_Xb[:, 0] > 0).astype(int)
_given = _ya.copy()
_given[:40] = 1 - _ya[:40]  # 40 wrong labels
_flag = np.zeros(200, dtype=bool)
_flag[:30] = True
_flag[100:110] = True  # 30 real errors + 10 correct labels flagged
_reviewer = 1 - _ya  # nonsense everywhere ...
_reviewer[_flag] = _ya[_flag]  # ... except where the reviewer looks
_copies = [a.copy() for a in (_given, _flag, _reviewer)]


def _knn():
    return KNeighborsClassifier(n_neighbors=1)


_r = review_and_measure(_Xa, _given, _flag, _reviewer, _Xb, _yb, _knn)
for _a, _c in zip((_given, _flag, _reviewer), _copies):
    assert np.array_equal(_a, _c), "an input array was modified"
assert (_r["corrected"], _r["kept"]) == (30, 10), (
    f"expected 30 corrected and 10 kept, got {_r['corrected']} and {_r['kept']}"
)
_fixed = np.where(_flag, _ya, _given)
assert np.isclose(_r["after"], _knn().fit(_Xa, _fixed).score(_Xb, _yb)), (
    "'after' differs from a model fitted on ALL rows with the flagged ones reviewed (use the reviewer only on flagged rows; delete nothing)"
)
assert np.isclose(_r["before"], _knn().fit(_Xa, _given).score(_Xb, _yb)), (
    "'before' is the model fitted on the given labels"
)
_fits = []


class _Counting(KNeighborsClassifier):
    def fit(self, X, y):
        _fits.append(len(y))
        return super().fit(X, y)


review_and_measure(_Xa, _given, _flag, _reviewer, _Xb, _yb, lambda: _Counting(n_neighbors=1))
assert _fits == [200, 200], f"expected two fits on all 200 rows, got fits on {_fits} rows"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 7: Measure a ranking against people's verdicts on real data (3 points)
#
# The cleanlab/label-errors release (Northcutt, Athalye and Mueller, 2021) showed the items that
# confident learning flagged in famous test sets to five Mechanical Turk workers each. The cell
# below loads MNIST's and CIFAR-10's: `verdicts` has one row per item the workers checked, with
# `index` (the item's position in the test set) and `label_error` (True when fewer than 3 of the 5
# workers chose the given label: a **confirmed error**). It also ranks each set's flags with
# cleanlab, most suspicious first.
#
# Write `precision_at_k(ranked, verdicts, k)`: the share of the **first `k`** items of `ranked`
# that are confirmed errors, as a float.
#
# - Look items up by the `index` **column** of `verdicts` (not by the table's row labels or row
#   positions); the rows of `verdicts` may come in any order, under any row labels.
# - An item of the first `k` that has **no verdict** (nobody checked it) counts as *not* confirmed:
#   it stays in the denominator, which is always `k`.
# - `ranked` may be a list or a NumPy array of ints; `k` is an int from 1 to `len(ranked)`. Any
#   other `k` raises a `ValueError` saying what was wrong.
# - Do not modify `verdicts`.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "real-setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from cleanlab.filter import find_label_issues

real_ranked, real_verdicts = {}, {}
for _name in ("mnist", "cifar10"):
    _given, _probs, real_verdicts[_name], _ = data.load_label_errors(_name)
    _probs = _probs / _probs.sum(axis=1, keepdims=True)  # rows sum to 1 only within float error
    real_ranked[_name] = find_label_issues(
        _given, _probs, filter_by="confident_learning", return_indices_ranked_by="self_confidence"
    )
print({name: len(ranked) for name, ranked in real_ranked.items()}, "flags;")
real_verdicts["mnist"][["index", "given_name", "guessed_name", "votes_given", "votes_guessed", "label_error"]].head()


# %% nbgrader={"grade": false, "grade_id": "precision-at-k-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def precision_at_k(ranked, verdicts: pd.DataFrame, k: int) -> float:
    """Share of the first k ranked items that people confirmed as label errors.

    Parameters
    ----------
    ranked : list or numpy.ndarray of int, shape (n_flagged,)
        Item positions, most suspicious first.
    verdicts : pandas.DataFrame, shape (n_checked, >= 2)
        Columns ``index`` (item position) and ``label_error`` (bool), one row per checked item,
        in any order and under any row labels.
    k : int
        How many of the top-ranked items to judge, 1 <= k <= len(ranked).

    Returns
    -------
    float
        (confirmed errors among ranked[:k]) / k; an item without a verdict counts as not confirmed.

    Raises
    ------
    ValueError
        If k is below 1 or above len(ranked).
    """
    ### BEGIN SOLUTION
    ranked = list(ranked)
    if not 1 <= k <= len(ranked):
        raise ValueError(f"k must be between 1 and len(ranked) = {len(ranked)}, got {k}")
    confirmed = set(verdicts.loc[verdicts["label_error"].astype(bool), "index"].tolist())
    return sum(item in confirmed for item in ranked[:k]) / k
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "precision-at-k-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: precision_at_k on a small worked example and on MNIST's flags."""
_verdicts = pd.DataFrame(
    {"index": [40, 7, 12, 3], "label_error": [True, False, True, True]},
    index=[3, 2, 1, 0],  # row labels that are NOT the item positions
)
# ranked: 12 (confirmed), 5 (never checked), 40 (confirmed), 7 (checked, not an error), 3 (confirmed)
_p = precision_at_k([12, 5, 40, 7, 3], _verdicts, 4)
assert isinstance(_p, float), f"return a float, got {type(_p).__name__}"
assert np.isclose(_p, 0.5), (
    f"expected 0.5 (2 confirmed among the first 4; item 5 has no verdict and counts as not confirmed), "
    f"got {_p}: look items up by the 'index' column, and divide by k"
)
assert np.isclose(precision_at_k(np.array([12, 5, 40, 7, 3]), _verdicts, 1), 1.0), "k=1: item 12 is confirmed"
assert list(_verdicts.index) == [3, 2, 1, 0] and list(_verdicts.columns) == ["index", "label_error"], (
    "verdicts was modified: work on a copy"
)
_mnist = precision_at_k(real_ranked["mnist"], real_verdicts["mnist"], len(real_ranked["mnist"]))
assert np.isclose(_mnist, 7 / 15), f"all 15 MNIST flags: the lesson found 7 confirmed (0.47), got {_mnist}"
for _bad in (0, len(real_ranked["mnist"]) + 1):
    try:
        precision_at_k(real_ranked["mnist"], real_verdicts["mnist"], _bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"k={_bad} is outside 1..len(ranked): raise a ValueError")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "precision-at-k-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: precision_at_k on fresh verdict tables (shuffled rows, unchecked items, boundaries) and on CIFAR-10."""
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(68)
for _trial in range(20):
    _items = _rng.choice(1000, size=60, replace=False)
    _checked = _rng.choice(_items, size=40, replace=False)  # a third of the flags never checked
    _errors = _rng.random(40) < 0.5
    _table = pd.DataFrame({"label_error": _errors, "index": _checked, "votes_given": _rng.integers(0, 6, 40)})
    _table.index = _rng.permutation(1000)[:40]  # row labels unrelated to the items
    _before = _table.copy()
    _ranked = _rng.permutation(_items)
    _confirmed = set(_checked[_errors].tolist())
    for _k in (1, 7, 33, 60):
        _expected = sum(int(i) in _confirmed for i in _ranked[:_k]) / _k
        _got = precision_at_k(_ranked if _trial % 2 else _ranked.tolist(), _table, _k)
        assert isinstance(_got, float), f"return a float, got {type(_got).__name__}"
        assert np.isclose(_got, _expected), (
            f"k={_k}: expected {_expected:.3f}, got {_got:.3f} (items by the 'index' column, "
            "unchecked items count as not confirmed, the first k in ranked order, divided by k)"
        )
    pd.testing.assert_frame_equal(_table, _before, obj="verdicts (it must not be modified)")
for _bad in (0, -1, 61):
    try:
        precision_at_k(_ranked, _table, _bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"k={_bad} with 60 ranked items must raise a ValueError")
assert precision_at_k([5], pd.DataFrame({"index": [5], "label_error": [True]}), 1) == 1.0
assert precision_at_k([5], pd.DataFrame({"index": [6], "label_error": [True]}), 1) == 0.0
_cifar_confirmed = set(real_verdicts["cifar10"].query("label_error")["index"].tolist())
for _k in (10, 25, 100, len(real_ranked["cifar10"])):
    _expected = np.mean([int(i) in _cifar_confirmed for i in real_ranked["cifar10"][:_k]])
    _got = precision_at_k(real_ranked["cifar10"], real_verdicts["cifar10"], _k)
    assert np.isclose(_got, _expected), f"CIFAR-10, k={_k}: expected {_expected:.3f}, got {_got:.3f}"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 8 (written): Your error analysis (3 points)
#
# Using the lesson's report card and your own results above, write the error analysis you would send
# to the team that wants to ship the digit model (8-12 sentences). Name the **two** most important
# problems, each with the evidence (a number from a table you computed and which table) and its
# category (label issue, data quality, missing coverage, ambiguous). Say what you would fix first and
# how, what you would *not* do and why, and how you would measure that the fix worked.

# %% [markdown] nbgrader={"grade": true, "grade_id": "error-analysis", "locked": false, "points": 3.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (3 points).*
# - 1 point: two distinct problems, each backed by a number from the learner's own tables (e.g. the
#   error rate on scanner B vs A; C[7, 1] of the confident joint or the share of "label issue" in the
#   error table) and correctly categorised (scanner B = missing coverage, 7-for-1 = systematic label issue).
# - 1 point: a prioritised fix with a concrete method (review the cleanlab-flagged labels, in ranked
#   order, and correct them; collect or augment scanner-B images), plus something explicitly *not* to
#   do with a reason (not delete flagged rows blindly: precision below 1 and rare styles get removed;
#   not tune the model first: the report card points at data).
# - 1 point: a measurement plan on the clean test set, per slice (overall and scanner B separately),
#   with the same fixed model; mentions calibration/overconfidence on scanner B or the limits of
#   confident learning on systematic noise for full marks.
#
# *Example answer.* Two problems dominate. First, label errors: in the error table about half of the
# model's training mistakes are label issues, and the confident joint shows a block of images labeled
# 7 that the model confidently reads as 1, so one source typed 7 for many 1s; the test error on the
# digit 1 is the highest of all digits. Second, missing coverage: scanner B is 2% of training but 10%
# of the test forms, and its error rate is about ten times that of scanner A, with confidence far
# above accuracy, so the model fails silently there. I would first review the cleanlab-flagged labels
# in ranked order and correct them, since that gained about three points of test accuracy in the
# lesson at the cost of about a hundred reviews; I would not delete the flagged rows, because a fifth
# of them were correct and deleting also removes the rare scanner-B rows. Second, I would collect
# scanner-B forms or add shifted copies of training images, and re-measure the scanner-B error rate
# on its own. Every change is measured on the same clean test set with the same model, reporting
# the overall accuracy, the per-scanner error rates and the calibration error.
# ### END SOLUTION
