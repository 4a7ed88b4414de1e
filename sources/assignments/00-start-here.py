# %% [markdown]
# # 00 · Warm-up exercise: labels, groups and accuracy
#
# This warm-up shows how the course's exercises work, on the apples from the lesson.
#
# - Each exercise gives you a function to write. Replace `raise NotImplementedError()` (after
#   `# YOUR CODE HERE`) with your code and keep the function's name and arguments.
# - Run the test cell under each function. Its messages tell you what is wrong. When you submit,
#   **hidden tests** also run your function on fresh inputs, so write the general solution, not one
#   that only fits the apples.
# - Written answers (marked *written*) are graded by a person.
# - Answer cells are scored from their definitions only: the functions, classes, imports and
#   constants you write there. Anything else in an answer cell (a print, a variable computed from
#   the data) does not run when your work is scored, so keep experiments in a cell of your own.
# - Before you submit: *Kernel → Restart and run all* (or the **Validate** button) to check that
#   everything runs from top to bottom.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd

from utils import data

SEED = 0
apples = data.load("apple_grading")
apples.head()


# %% [markdown]
# ## Exercise 1: Compute a label rate per group (3 points)
#
# In the lesson, the night shift called far more apples *premium* than the other shifts. Write
# `label_rate_by_group`, which returns, for each group, the share of its rows whose label equals
# `label` (a float between 0 and 1), as a `pandas.Series` indexed by the groups in ascending
# order. A group that never uses that label gets `0.0` (not missing). Do not modify the input.


# %% nbgrader={"grade": false, "grade_id": "label-rate-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def label_rate_by_group(table: pd.DataFrame, group_column: str, label_column: str, label) -> pd.Series:
    """Share of rows with a given label, per group.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)
    group_column : str
        Column whose values define the groups (e.g. "shift").
    label_column : str
        Column holding the labels (e.g. "grade").
    label
        The label to count (e.g. "premium").

    Returns
    -------
    pandas.Series, shape (n_groups,)
        Index: the groups, sorted ascending. Values: floats in [0, 1].
    """
    # contract: one entry per distinct value of table[group_column]; 0.0 where the label never occurs
    ### BEGIN SOLUTION
    is_label = table[label_column].eq(label).astype(float)
    return is_label.groupby(table[group_column]).mean().sort_index()
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "label-rate-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: label_rate_by_group on the apples (shifts and premium rates)."""
rates = label_rate_by_group(apples, "shift", "grade", "premium")
assert isinstance(rates, pd.Series), f"return a pandas Series, not {type(rates).__name__}"
assert list(rates.index) == ["day", "evening", "night"], (
    f"expected one entry per shift, sorted; got {list(rates.index)}"
)
assert rates.between(0, 1).all(), "rates are shares between 0 and 1: did you return counts instead?"
assert rates["night"] > rates["day"] + 0.1, "the night shift should call clearly more apples premium than the day shift"
_small = label_rate_by_group(pd.DataFrame({"g": ["b", "a", "b"], "y": ["x", "z", "z"]}), "g", "y", "x")
assert _small.to_dict() == {"a": 0.0, "b": 0.5}, (
    f"expected a: 0.0 (a group without the label gets 0.0, not missing), b: 0.5; got {_small.to_dict()}"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "label-rate-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: label_rate_by_group on fresh tables (missing label in a group, other columns, no mutation)."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame({"who": ["b", "a", "b", "c", "a", "b"], "lab": ["x", "y", "x", "y", "x", "y"]})
_before = _t.copy()
_r = label_rate_by_group(_t, "who", "lab", "x")
assert list(_r.index) == ["a", "b", "c"], f"groups must be sorted: got {list(_r.index)}"
assert np.allclose(_r.to_numpy(dtype=float), [0.5, 2 / 3, 0.0]), (
    f"expected [0.5, 0.667, 0.0], got {list(_r)}: a group without the label must get 0.0"
)
pd.testing.assert_frame_equal(_t, _before)
_rng = np.random.default_rng(7)
_big = pd.DataFrame({"g": _rng.integers(0, 5, 300), "y": _rng.choice(["p", "q", "r"], 300)})
_expected = pd.crosstab(_big["g"], _big["y"], normalize="index")["q"]
assert np.allclose(label_rate_by_group(_big, "g", "y", "q").to_numpy(dtype=float), _expected.to_numpy()), (
    "rates differ from pandas.crosstab(normalize='index')"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Implement accuracy by hand (2 points)
#
# Write `accuracy`: the share of positions where `y_true` and `y_pred` agree. Compare **by
# position**, whatever the inputs are (lists, NumPy arrays or pandas Series with different
# indexes). Raise a `ValueError` with a helpful message when the lengths differ (one label against
# several counts as a difference too) or the inputs are empty. Do not use scikit-learn here: the
# tests compare your result with `sklearn.metrics.accuracy_score`.


# %% nbgrader={"grade": false, "grade_id": "accuracy-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def accuracy(y_true, y_pred) -> float:
    """Fraction of positions where the two label sequences agree.

    Parameters
    ----------
    y_true, y_pred : array-like, shape (n,)

    Returns
    -------
    float in [0, 1]

    Raises
    ------
    ValueError
        If the lengths differ or n == 0.
    """
    ### BEGIN SOLUTION
    true, pred = np.asarray(y_true), np.asarray(y_pred)
    if len(true) != len(pred):
        raise ValueError(f"y_true has {len(true)} labels but y_pred has {len(pred)}: they must match one to one")
    if len(true) == 0:
        raise ValueError("accuracy of zero labels is undefined: pass at least one label")
    return float(np.mean(true == pred))
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "accuracy-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: accuracy on small lists, and a clear error for mismatched lengths."""
assert accuracy(["a", "b", "c", "d"], ["a", "b", "x", "d"]) == 0.75, "3 of 4 positions agree: expected 0.75"
assert isinstance(accuracy([1, 0], [1, 1]), float), "return a float"
try:
    accuracy([1, 2, 3], [1, 2])
except ValueError:
    pass
else:
    raise AssertionError("lengths 3 and 2 differ: accuracy must raise ValueError")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "accuracy-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: accuracy agrees with scikit-learn on fresh inputs, compares by position, rejects empty input."""
### BEGIN HIDDEN TESTS
from sklearn.metrics import accuracy_score

_rng = np.random.default_rng(11)
for _n in (1, 7, 250):
    _a, _b = _rng.choice(["ham", "spam", "eggs"], _n), _rng.choice(["ham", "spam", "eggs"], _n)
    assert np.isclose(accuracy(_a, _b), accuracy_score(_a, _b)), f"differs from accuracy_score for n={_n}"
_s1 = pd.Series([1, 2, 3], index=[10, 11, 12])
_s2 = pd.Series([1, 2, 0], index=[0, 1, 2])
assert np.isclose(accuracy(_s1, _s2), 2 / 3), "compare by position, not by pandas index"
try:
    accuracy([], [])
except ValueError:
    pass
else:
    raise AssertionError("accuracy of empty inputs must raise ValueError")
try:
    accuracy(np.array(["a"]), np.array(["a", "a", "a"]))
except ValueError:
    pass
else:
    raise AssertionError("1 label against 3 must raise ValueError (NumPy would broadcast the single label)")
assert accuracy(pd.Series(["x"]), ["x"]) == 1.0, "a single label that agrees"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Apply label corrections without losing the original (3 points)
#
# A reviewer re-graded some apples. Write `apply_corrections`, which returns a **new** Series with
# the corrections applied, keyed by index label, with the same index, name and order. The original
# Series must stay exactly as it was, even when the function raises (you will want it later, to
# compare and to undo). If a correction names an index that does not exist, raise a `KeyError`
# whose message names it: silently adding a new row would hide a typo. With no corrections, still
# return a new Series.


# %% nbgrader={"grade": false, "grade_id": "corrections-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def apply_corrections(labels: pd.Series, corrections: dict) -> pd.Series:
    """Return a copy of `labels` with `corrections` (index -> new label) applied.

    Parameters
    ----------
    labels : pandas.Series, shape (n,)
    corrections : dict
        Maps index labels of `labels` to their corrected label.

    Returns
    -------
    pandas.Series, shape (n,)
        Same index and name as `labels`; `labels` itself is unchanged.

    Raises
    ------
    KeyError
        If a key of `corrections` is not in `labels.index`.
    """
    ### BEGIN SOLUTION
    unknown = [key for key in corrections if key not in labels.index]
    if unknown:
        raise KeyError(f"corrections for unknown index labels {unknown}: check the ids")
    fixed = labels.copy()
    for key, value in corrections.items():
        fixed.loc[key] = value
    return fixed
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "corrections-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: apply_corrections changes the named labels and leaves the original alone."""
grades = apples["grade"].head(5)
original = grades.copy()
fixed = apply_corrections(grades, {0: "reject", 3: "premium"})
assert fixed[0] == "reject" and fixed[3] == "premium", "the corrected positions should hold the new labels"
pd.testing.assert_series_equal(grades, original, obj="the original labels (they must not change)")
assert len(fixed) == len(grades), "no rows should be added or removed"
try:
    apply_corrections(grades, {"A9999": "reject"})
except KeyError:
    pass
else:
    raise AssertionError("a correction for an index that does not exist must raise KeyError, not add a row")
pd.testing.assert_series_equal(grades, original, obj="the original labels (they must not change)")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "corrections-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: apply_corrections with a string index, an unknown key, and an empty dict."""
### BEGIN HIDDEN TESTS
_s = pd.Series(["cat", "dog", "cat"], index=["x1", "x2", "x3"], name="animal")
_copy = _s.copy()
_out = apply_corrections(_s, {"x3": "dog"})
assert list(_out) == ["cat", "dog", "dog"] and _out.name == "animal" and list(_out.index) == ["x1", "x2", "x3"]
pd.testing.assert_series_equal(_s, _copy)
try:
    apply_corrections(_s, {"x9": "dog"})
except KeyError as _error:
    assert "x9" in str(_error), "the KeyError message should name the unknown index"
else:
    raise AssertionError("an unknown index must raise KeyError, not add a row")
pd.testing.assert_series_equal(_s, _copy)
assert apply_corrections(_s, {}) is not _s, "return a new Series even when there is nothing to correct"
try:
    apply_corrections(_s, {"x1": "bird", "nope": "dog"})
except KeyError:
    pass
else:
    raise AssertionError("an unknown index must raise KeyError, even next to a valid correction")
pd.testing.assert_series_equal(_s, _copy, obj="the original, after a call that raised (change nothing, then raise)")
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4 (written): Which fix first? (2 points)
#
# In 3-6 sentences: in the lesson, re-grading one shift beat tuning ten models. Think of a model
# you know (at work, in a course, or a product you use). Where could its labels be inconsistent
# (a person, a period, a rule that changed)? What would you measure first, and on which data,
# before deciding between fixing labels and tuning the model?

# %% [markdown] nbgrader={"grade": true, "grade_id": "which-fix-first", "locked": false, "points": 2.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (2 points).* 1 point: names a concrete, plausible source of inconsistency (an annotator,
# a team, a time period, a changed guideline, a tool) for a specific model. 1 point: proposes a
# measurement that could distinguish label problems from model problems, on a held-out set with
# trusted labels (e.g. label rates per source, agreement on a re-labeled sample, cleanlab flags
# reviewed by hand). Answers that only say "collect more data" or "tune more" get 0 for the second point.
#
# *Example answer.* A support-ticket router is trained on tickets labeled by two teams; the night
# team was hired after the categories changed. I would compare category rates per team and
# re-label 100 random tickets with the current guideline as a trusted test set, then see whether
# the model's errors concentrate on one team's labels before touching the model.
# ### END SOLUTION
