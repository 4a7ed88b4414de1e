# %% [markdown]
# # 07 · Exercises: active learning
#
# You will write the pieces of pool-based active learning from the lesson: the three uncertainty
# scores, batch selection, one full round of the loop, and the "labels to reach a target" comparison.
# The pool is scikit-learn's digits, as in the lesson.
#
# - Replace `raise NotImplementedError()` (after `# YOUR CODE HERE`) with your code; keep each
#   function's name and arguments.
# - Run the test cell under each function. When you submit, **hidden tests** also run your functions
#   on fresh inputs and compare them with SciPy and the course's reference, so write the general solution.
# - Do not use `utils.active_learning` in your answers: the tests compare with it.
# - Answer cells are scored from their definitions only (functions, imports, constants): code at the
#   top level of an answer cell, or in cells you add, does not run when grading.
# - Before you submit: *Kernel → Restart and run all*.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

SEED = 0
threadpool_limits(1)  # many small fits: one CPU thread each is faster than several
digits = load_digits()
X_pool, X_test, y_pool, y_test = train_test_split(
    digits.data / 16, digits.target, test_size=500, stratify=digits.target, random_state=SEED
)


def make_model():
    """The fixed model (as in the lesson)."""
    return LogisticRegression(C=1.0, max_iter=500, tol=1e-3)


rng = np.random.default_rng(SEED)
start = rng.choice(len(y_pool), size=30, replace=False)
pool_probs = make_model().fit(X_pool[start], y_pool[start]).predict_proba(X_pool)  # (1297, 10)
print(pool_probs.shape)


# %% [markdown]
# ## Exercise 1: Score least confidence (2 points)
#
# `least_confidence(pred_probs)`: $1 - \max_k \hat p_{ik}$ for each row, as a NumPy array of floats
# (one per row). `pred_probs` may be a list of rows or an array. Higher = more uncertain.


# %% nbgrader={"grade": false, "grade_id": "lc-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def least_confidence(pred_probs) -> np.ndarray:
    """Least-confidence uncertainty of each row.

    Parameters
    ----------
    pred_probs : array-like, shape (n_items, n_classes)
        Each row sums to 1.

    Returns
    -------
    numpy.ndarray of float, shape (n_items,)
    """
    ### BEGIN SOLUTION
    return 1.0 - np.asarray(pred_probs, dtype=float).max(axis=1)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "lc-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: least_confidence on two rows and on the pool's probabilities."""
assert np.allclose(least_confidence([[0.7, 0.2, 0.1], [0.4, 0.4, 0.2]]), [0.3, 0.6]), "1 - max: expected [0.3, 0.6]"
_lc = least_confidence(pool_probs)
assert np.asarray(_lc).shape == (1297,), f"one score per pool item: expected shape (1297,), got {np.asarray(_lc).shape}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "lc-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: least_confidence equals the course's reference on fresh inputs (rows, not columns)."""
### BEGIN HIDDEN TESTS
from utils import active_learning as _al

_rng = np.random.default_rng(71)
for _shape in ((5, 3), (3, 5), (200, 10)):
    _p = _rng.dirichlet(np.ones(_shape[1]), size=_shape[0])
    _got = least_confidence(_p)
    assert isinstance(_got, np.ndarray), f"return a NumPy array, got {type(_got).__name__}"
    assert _got.shape == (_shape[0],), f"expected one score per ROW, shape ({_shape[0]},), got {_got.shape}"
    assert np.allclose(_got, _al.least_confidence(_p)), "differs from 1 - max over each row"
assert np.allclose(least_confidence([[1.0, 0.0]]), [0.0]) and np.allclose(least_confidence([[0.5, 0.5]]), [0.5]), (
    "a single row works too"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Score the margin (2 points)
#
# `margin(pred_probs)`: $1 - (\hat p_{i,(1)} - \hat p_{i,(2)})$, one minus the gap between the two
# largest probabilities of each row (wherever they are; two equal largest values give a gap of 0),
# as a NumPy array of floats. Higher = more uncertain.


# %% nbgrader={"grade": false, "grade_id": "margin-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def margin(pred_probs) -> np.ndarray:
    """Margin uncertainty of each row: 1 - (largest - second largest probability).

    Parameters
    ----------
    pred_probs : array-like, shape (n_items, n_classes), n_classes >= 2

    Returns
    -------
    numpy.ndarray of float, shape (n_items,), values in [0, 1]
    """
    ### BEGIN SOLUTION
    top_two = np.sort(np.asarray(pred_probs, dtype=float), axis=1)[:, -2:]
    return 1.0 - (top_two[:, 1] - top_two[:, 0])
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "margin-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: margin on small rows (the two LARGEST probabilities, wherever they are)."""
assert np.allclose(margin([[0.5, 0.45, 0.05], [0.1, 0.3, 0.6]]), [0.95, 0.7]), (
    "expected [0.95, 0.7]: the second row's top two are 0.6 and 0.3, not the first two columns"
)
assert np.asarray(margin(pool_probs)).shape == (1297,)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "margin-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: margin equals the course's reference on fresh inputs, including ties for the top."""
### BEGIN HIDDEN TESTS
from utils import active_learning as _al

_rng = np.random.default_rng(72)
for _shape in ((6, 2), (4, 7), (300, 10)):
    _p = _rng.dirichlet(np.ones(_shape[1]), size=_shape[0])
    _got = margin(_p)
    assert isinstance(_got, np.ndarray), f"return a NumPy array, got {type(_got).__name__}"
    assert np.allclose(_got, _al.margin(_p)), "differs from 1 - (largest - second largest) per row"
assert np.allclose(margin([[0.4, 0.4, 0.2], [0.2, 0.1, 0.7]]), [1.0, 0.5]), (
    "two equal top probabilities give margin 1.0; the second largest is not always the second column"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Score the entropy (2 points)
#
# `entropy(pred_probs)`: $-\sum_k \hat p_{ik} \log \hat p_{ik}$ with the natural logarithm and the
# convention $0 \log 0 = 0$ (a row like `[1, 0, 0]` has entropy 0, not `nan`), as a NumPy array of
# floats, one per row.


# %% nbgrader={"grade": false, "grade_id": "entropy-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def entropy(pred_probs) -> np.ndarray:
    """Entropy (in nats) of each row of probabilities.

    Parameters
    ----------
    pred_probs : array-like, shape (n_items, n_classes)

    Returns
    -------
    numpy.ndarray of float, shape (n_items,), no NaN
    """
    ### BEGIN SOLUTION
    p = np.asarray(pred_probs, dtype=float)
    logs = np.log(np.where(p > 0, p, 1.0))  # log(1) = 0 where p = 0, so 0 log 0 counts as 0
    return -(p * logs).sum(axis=1)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "entropy-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: entropy of a certain row, a uniform row, and the pool."""
_e = np.asarray(entropy([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]]))
assert not np.isnan(_e).any(), "0 log 0 must count as 0, not NaN"
assert np.allclose(_e, [0.0, np.log(2), np.log(3)]), f"expected [0, log 2, log 3] (natural log), got {_e}"
assert np.asarray(entropy(pool_probs)).shape == (1297,)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "entropy-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: entropy equals scipy.stats.entropy on fresh inputs with and without zeros."""
### BEGIN HIDDEN TESTS
from scipy.stats import entropy as _scipy_entropy

_rng = np.random.default_rng(73)
for _shape in ((5, 3), (100, 10)):
    _p = _rng.dirichlet(np.ones(_shape[1]) * 0.3, size=_shape[0])
    _p[::3, 0] = 0.0
    _p = _p / _p.sum(axis=1, keepdims=True)
    _got = entropy(_p)
    assert isinstance(_got, np.ndarray), f"return a NumPy array, got {type(_got).__name__}"
    assert _got.shape == (_shape[0],) and not np.isnan(_got).any(), "one finite score per row"
    assert np.allclose(_got, _scipy_entropy(_p, axis=1)), (
        "differs from scipy.stats.entropy(p, axis=1): natural log, sum over each row"
    )
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4: Select a batch (3 points)
#
# `select_batch(scores, k, labeled)`: the positions of the `k` highest scores among the items **not
# yet labeled** (`labeled` is a boolean mask). Highest first; equal scores in increasing position. If
# fewer than `k` unlabeled items are left, return them all.


# %% nbgrader={"grade": false, "grade_id": "batch-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def select_batch(scores, k: int, labeled) -> np.ndarray:
    """Positions of the k most uncertain unlabeled items.

    Parameters
    ----------
    scores : array-like of float, shape (n_items,)
        Higher = ask first.
    k : int
        Batch size.
    labeled : array-like of bool, shape (n_items,)
        True for items that already have a label (never selected).

    Returns
    -------
    numpy.ndarray of int, shape (min(k, n_unlabeled),)
        Highest score first; ties in increasing position.
    """
    ### BEGIN SOLUTION
    scores, labeled = np.asarray(scores, dtype=float), np.asarray(labeled, dtype=bool)
    candidates = np.flatnonzero(~labeled)
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order[:k]]
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "batch-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: select_batch skips labeled items and breaks ties by position."""
_s = np.array([0.2, 0.9, 0.5, 0.9, 0.7])
_got = np.asarray(select_batch(_s, 2, np.array([False, True, False, False, False])))
assert _got.tolist() == [3, 4], f"expected [3, 4] (item 1 is labeled; then 0.9 at 3 and 0.7 at 4), got {_got.tolist()}"
assert np.asarray(select_batch(_s, 2, np.zeros(5, dtype=bool))).tolist() == [1, 3], (
    "ties (0.9 at 1 and 3): lower position first"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "batch-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: select_batch equals the course's reference on fresh inputs (ties, k too large, k = 0)."""
### BEGIN HIDDEN TESTS
from utils import active_learning as _al

_rng = np.random.default_rng(74)
for _n, _k in ((50, 5), (200, 30), (400, 1)):
    _sc = _rng.integers(0, 6, _n) / 5  # many ties
    _lab = _rng.random(_n) < 0.3
    _got = np.asarray(select_batch(_sc, _k, _lab))
    _ref = _al.select_batch(_sc, _k, labeled=_lab)
    assert not _lab[_got].any(), "a labeled item was selected again"
    assert _got.tolist() == _ref.tolist(), (
        f"differs from the reference for n={_n}, k={_k}: highest first, ties by increasing position"
    )
_lab = np.ones(10, dtype=bool)
_lab[[2, 7]] = False
assert sorted(np.asarray(select_batch(np.arange(10.0), 5, _lab)).tolist()) == [2, 7], (
    "only 2 unlabeled items: return both"
)
assert len(np.asarray(select_batch(np.arange(10.0), 0, np.zeros(10, dtype=bool)))) == 0, "k = 0 selects nothing"
assert np.issubdtype(np.asarray(select_batch(np.arange(4.0), 2, np.zeros(4, dtype=bool))).dtype, np.integer), (
    "return integer positions"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 5: Run one active-learning round (3 points)
#
# `active_learning_round`: fit a **fresh** `make_model()` on the labeled items only (features
# `X_pool[labeled]`, labels `oracle_labels[labeled]`), compute `score(model.predict_proba(...))` for
# the pool, select `k` items with your `select_batch`, and return a **new** mask with those items
# also labeled. Do not modify `labeled`. (The labeled items contain every class.)


# %% nbgrader={"grade": false, "grade_id": "round-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def active_learning_round(X_pool, oracle_labels, labeled, k: int, make_model, score) -> np.ndarray:
    """One round of pool-based active learning.

    Parameters
    ----------
    X_pool : array-like, shape (n_items, n_features)
    oracle_labels : array-like, shape (n_items,)
        The labels an annotator would give; only read where ``labeled`` is True.
    labeled : array-like of bool, shape (n_items,)
    k : int
        Batch size.
    make_model : callable returning a fresh, unfitted classifier with ``predict_proba``.
    score : callable
        ``score(pred_probs) -> scores``, e.g. your ``margin``.

    Returns
    -------
    numpy.ndarray of bool, shape (n_items,)
        ``labeled`` plus the k selected items (a new array).
    """
    ### BEGIN SOLUTION
    X_pool, oracle_labels = np.asarray(X_pool), np.asarray(oracle_labels)
    labeled = np.asarray(labeled, dtype=bool)
    model = make_model().fit(X_pool[labeled], oracle_labels[labeled])
    chosen = select_batch(score(model.predict_proba(X_pool)), k, labeled)
    updated = labeled.copy()
    updated[chosen] = True
    return updated
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "round-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: one margin round on the digit pool adds 20 new items and leaves the input alone."""
_labeled = np.zeros(len(y_pool), dtype=bool)
_labeled[start] = True
_before = _labeled.copy()
_after = active_learning_round(X_pool, y_pool, _labeled, 20, make_model, margin)
assert np.array_equal(_labeled, _before), "the input mask was modified: return a new array"
assert np.asarray(_after).dtype == bool and np.asarray(_after).shape == _labeled.shape, (
    "return a boolean mask of the pool's size"
)
assert _after.sum() == 50 and _after[_labeled].all(), "expected the 30 labeled items plus 20 new ones"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "round-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: active_learning_round fits only on labeled items, never re-queries, matches the reference selection."""
### BEGIN HIDDEN TESTS
from sklearn.linear_model import LogisticRegression as _LR

from utils import active_learning as _al

_rng = np.random.default_rng(75)
_X = _rng.normal(size=(150, 3))
_y = (_X[:, 0] + _X[:, 1] > 0).astype(int) + (_X[:, 2] > 1)
_lab = np.zeros(150, dtype=bool)
_lab[_rng.choice(150, 25, replace=False)] = True
while len(np.unique(_y[_lab])) < 3:
    _lab[_rng.integers(150)] = True
_seen = []


class _Spy(_LR):
    def fit(self, X, y):
        _seen.append((len(y), np.asarray(y).copy()))
        return super().fit(X, y)


_fake_oracle = _y.copy()
_fake_oracle[~_lab] = 99  # unlabeled items' labels must never be read
_new = np.asarray(active_learning_round(_X, _fake_oracle, _lab, 10, lambda: _Spy(), _al.entropy))
assert len(_seen) == 1 and _seen[0][0] == _lab.sum() and 99 not in _seen[0][1], (
    "fit one fresh model on the labeled items only (their oracle labels), not on the whole pool"
)
assert (_new & ~_lab).sum() == 10 and _new[_lab].all(), "exactly k new items, all old ones kept"
_probs = _LR().fit(_X[_lab], _y[_lab]).predict_proba(_X)
_expected = _al.select_batch(_al.entropy(_probs), 10, labeled=_lab)
assert sorted(np.flatnonzero(_new & ~_lab).tolist()) == sorted(_expected.tolist()), (
    "selected items differ from the top-10 entropy items"
)
_almost = np.ones(150, dtype=bool)
_almost[[4, 90]] = False
assert np.asarray(active_learning_round(_X, _y, _almost, 10, _LR, _al.margin)).all(), (
    "with 2 items left and k = 10, label both"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 6: Compare labels-to-target from two learning curves (3 points)
#
# Each curve is a table with one row per (seed, number of labels): columns `seed`, `n_labels`,
# `accuracy`, in any row order. For each curve, **average the accuracy over seeds** at each
# `n_labels` (the mean, not the median), and find the smallest `n_labels` at which that average is
# `>= target`. Return a dict with `"random"` and `"active"` (those numbers as floats, `nan` when the
# curve never reaches the target) and `"saving"` $= 1 - \text{active}/\text{random}$ (a float, `nan`
# if either is `nan`).
#
# The cell below computes the course's curves for random and margin sampling (5 seeds).

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "course-curves", "locked": true, "schema_version": 3, "solution": false, "task": false}
from utils import active_learning as al

course_curves = al.learning_curves(
    X_pool,
    y_pool,
    X_test,
    y_test,
    make_model=make_model,
    strategies=["random", "margin"],
    seeds=range(5),
    n_initial=20,
    batch_size=20,
    n_labels=120,
    progress=False,
)
curve_random = course_curves[course_curves["strategy"] == "random"].drop(columns="strategy")
curve_margin = course_curves[course_curves["strategy"] == "margin"].drop(columns="strategy")
curve_margin.head()


# %% nbgrader={"grade": false, "grade_id": "saving-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def labels_saved(curve_random: pd.DataFrame, curve_active: pd.DataFrame, target: float) -> dict:
    """Labels each strategy needs to reach a target accuracy, and the saving of the active one.

    Parameters
    ----------
    curve_random, curve_active : pandas.DataFrame
        Columns ``seed``, ``n_labels``, ``accuracy``; one row per seed and label count.
    target : float

    Returns
    -------
    dict
        ``"random"``, ``"active"``: float (a label count, or nan if never reached);
        ``"saving"``: ``1 - active / random`` (nan if either is nan).
    """

    ### BEGIN SOLUTION
    def needed(curve):
        mean = curve.groupby("n_labels")["accuracy"].mean().sort_index()
        reached = mean[mean >= target]
        return float(reached.index[0]) if len(reached) else float("nan")

    random_n, active_n = needed(curve_random), needed(curve_active)
    return {"random": random_n, "active": active_n, "saving": 1 - active_n / random_n}
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "saving-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: labels_saved on the course's curves at an 85% target."""
result = labels_saved(curve_random, curve_margin, 0.85)
assert set(result) == {"random", "active", "saving"}, f"expected keys random, active, saving; got {set(result)}"
_mean = curve_margin.groupby("n_labels")["accuracy"].mean()
assert result["active"] == _mean[_mean >= 0.85].index.min(), (
    "active: the first n_labels where the MEAN over seeds reaches the target"
)
assert 0 < result["saving"] < 1, f"margin should need fewer labels than random here; got {result}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "saving-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: labels_saved averages over seeds, uses >=, handles unsorted rows and unreached targets."""
### BEGIN HIDDEN TESTS
_a = pd.DataFrame(
    {"seed": [0, 0, 0, 1, 1, 1], "n_labels": [10, 20, 30, 10, 20, 30], "accuracy": [0.50, 0.80, 0.90, 0.85, 0.80, 0.90]}
)
_b = pd.DataFrame(
    {"seed": [0, 0, 0, 1, 1, 1], "n_labels": [10, 20, 30, 10, 20, 30], "accuracy": [0.60, 0.60, 0.75, 0.60, 0.70, 0.85]}
)
_r = labels_saved(_b, _a, 0.80)
assert _r["active"] == 20 and _r["random"] == 30, (
    f"expected active 20 (at 10 labels seed 1 reaches 0.85 but the MEAN over seeds is 0.675; "
    f"at 20 the mean is 0.80 and >= counts) and random 30, got {_r}"
)
assert np.isclose(_r["saving"], 1 - 20 / 30), f"saving = 1 - active/random = 1/3, got {_r['saving']}"
_shuffled = _a.sample(frac=1, random_state=3)
assert labels_saved(_b.sample(frac=1, random_state=4), _shuffled, 0.80)["active"] == 20, (
    "rows may come in any order: sort by n_labels"
)
_never = labels_saved(_b, _a, 0.95)
assert np.isnan(_never["random"]) and np.isnan(_never["active"]) and np.isnan(_never["saving"]), (
    "a target never reached gives nan (not 0, not the last count)"
)
_half = labels_saved(_b, _a, 0.86)
assert _half["active"] == 30 and np.isnan(_half["random"]) and np.isnan(_half["saving"]), (
    f"random never reaches 0.86: expected nan saving, got {_half}"
)
assert all(isinstance(_r[key], float) for key in ("random", "active", "saving")), (
    f"return floats (a label count as a float), got {[type(v).__name__ for v in _r.values()]}"
)
_three = pd.DataFrame(
    {"seed": [0, 1, 2, 0, 1, 2], "n_labels": [10, 10, 10, 20, 20, 20], "accuracy": [0.9, 0.9, 0.0, 0.9, 0.9, 0.9]}
)
_m = labels_saved(_three, _three, 0.85)
assert _m["active"] == 20 and _m["random"] == 20, (
    f"at 10 labels the MEAN over seeds is 0.6 (the median would be 0.9): expected 20, got {_m}"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 7 (written): Should this team use active learning? (3 points)
#
# A team labels product photos into 40 categories; one annotator costs the same per label whatever the
# photo. A vendor promises "up to 70% fewer labels" with active learning. In 6-10 sentences, using what
# you measured in the lesson and above: what would you run before deciding (data, strategies, seeds,
# target), which uncertainty score would you try first and why, what could make active learning
# disappoint here, and how would you report the result to the team?

# %% [markdown] nbgrader={"grade": true, "grade_id": "al-decision", "locked": false, "points": 3.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (3 points).*
# - 1 point: a fair experiment: a labeled sample of their own data as pool and a separate test set,
#   random sampling as the baseline from the same cold start, several seeds with the spread, and a
#   target accuracy fixed in advance; savings reported as labels-to-target.
# - 1 point: a reasoned choice of score (e.g. margin first: with 40 classes, confusions are mostly
#   between two similar categories and entropy chases spread-out probabilities, as in the lesson where
#   entropy did no better than random) and at least two risks: cold start missing rare categories,
#   large batches of similar photos, a weak model whose uncertainty is uninformative, noisy labels on
#   hard items, sampling bias (the labeled set no longer reflects the real distribution).
# - 1 point: reporting: the measured saving with its spread and the target it holds for, compared
#   with the vendor's claim; the note that the saving depends on target/model/data: in the lesson it
#   was well below 70% on the digits, above 70% on the imbalanced SMS messages and nothing you could
#   count on for the small breast cancer table.
#
# *Example answer.* Before deciding I would take 2,000 of their photos, have them labeled as a pool and
# a separate test set, and simulate active learning as in the lesson: random sampling against margin,
# least confidence and entropy, each from the same cold start, over at least five seeds, with a target
# accuracy agreed in advance. I would try margin first: with 40 categories most confusions are between
# two similar ones, and in the lesson entropy did no better than random on ten digits. Active learning
# could disappoint if the cold start misses rare categories, if the model is too weak early on for its
# uncertainty to mean anything, if batches are large and full of near-identical photos, or if the most
# uncertain photos are simply ambiguous and get noisy labels. I would report the number of labels each
# strategy needed to reach the target with its range over seeds, and the saving against random at that
# target. In the lesson the same method saved well under 70% on the digits, more than 70% on the
# imbalanced SMS messages and nothing dependable on a small table, so I would present the vendor's
# figure as a possibility to be checked on their photos, not a plan.
# ### END SOLUTION
