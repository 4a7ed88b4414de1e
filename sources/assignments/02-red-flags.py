# %% [markdown]
# # 02 · Exercise: red flags, measured
#
# You will turn the lesson's checks into functions that work on *any* data: the metrics that see
# a rare class, a threshold for a required recall, a per-slice table and a drift detector. Replace
# each `raise NotImplementedError()` with your code, keep the names and arguments, and run the test
# cell below each function. Hidden tests run your functions on fresh inputs when you submit
# (including awkward ones: ties, a class that never appears, weeks that do not start at 1), so
# follow each contract exactly. Write the metrics yourself from counts: do not call
# `sklearn.metrics` inside your functions (the tests compare your results with it).
#
# Answer cells are scored from their definitions only: the functions, classes, imports and
# constants you write there. Anything else in an answer cell (a print, a variable computed from
# the data) does not run when your work is scored, so keep experiments in a cell of your own.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from utils import data

SEED = 0
transactions = data.load("card_transactions")
moderation = data.load("moderation_labels")
loans = data.load("loan_applications")

# Out-of-fold fraud scores for every transaction (the lesson's model, on fewer features).
fraud_features = pd.DataFrame(
    {
        "log_amount": np.log10(transactions["amount_usd"]),
        "tiny_amount": (transactions["amount_usd"] < 10).astype(int),
        "online": transactions["online"],
        "new_device": transactions["new_device"],
        "foreign": transactions["foreign"],
        "night": (transactions["hour"] < 6).astype(int),
        "log_distance": np.log10(1 + transactions["distance_from_home_km"]),
        "n_tx_last_24h": transactions["n_tx_last_24h"],
    }
)
model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)
fraud_scores = cross_val_predict(model, fraud_features, transactions["is_fraud"], cv=folds, method="predict_proba")[
    :, 1
]

# Out-of-fold default flags (1 = predicted to default) from the lesson's dollars-only loan model.
loan_features = pd.DataFrame(
    {
        "log_income": np.log(loans["annual_income_usd"]),
        "debt_burden": (loans["loan_amount_usd"] + loans["existing_debt_usd"]) / loans["annual_income_usd"],
        "late_payments_2y": loans["late_payments_2y"],
        "years_employed": loans["years_employed"],
    }
)
loan_flags = cross_val_predict(
    model, loan_features, loans["defaulted"], cv=StratifiedKFold(5, shuffle=True, random_state=SEED)
)
print(f"{len(fraud_scores):,} fraud scores, {len(loan_flags):,} loan predictions")


# %% [markdown]
# ## Exercise 1: Score the majority-class baseline (2 points)
#
# Return the accuracy of a "model" that always predicts the most frequent label: the share of the
# most frequent label among all labels. Labels can be numbers or strings; there are no missing values.


# %% nbgrader={"grade": false, "grade_id": "majority-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def majority_baseline_accuracy(labels) -> float:
    """Accuracy of always predicting the most common label.

    Parameters
    ----------
    labels : sequence, shape (n,)
        Class labels (numbers or strings), no missing values.

    Returns
    -------
    float in (0, 1]
    """
    ### BEGIN SOLUTION
    counts = pd.Series(list(labels)).value_counts()
    return float(counts.max() / counts.sum())
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "majority-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: the majority baseline on the fraud labels is above 99%."""
baseline = majority_baseline_accuracy(transactions["is_fraud"])
assert isinstance(baseline, float), f"return a float, got {type(baseline).__name__}"
assert abs(baseline - 0.9914375) < 1e-9, f"expected 0.9914 (15,863 of 16,000 are not fraud), got {baseline}"
_words = majority_baseline_accuracy(["spam", "ham", "spam"])
assert abs(_words - 2 / 3) < 1e-12, f"labels can be strings in a list: 'spam' is 2 of 3, got {_words}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "majority-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: majority_baseline_accuracy when the majority is 1, with strings, and with lists."""
### BEGIN HIDDEN TESTS
assert abs(majority_baseline_accuracy(pd.Series([1, 1, 1, 0])) - 0.75) < 1e-12, (
    "the majority here is 1: 0.75, not 1 - mean = 0.25"
)
assert abs(majority_baseline_accuracy(["cat", "dog", "dog", "bird", "dog", "cat"]) - 0.5) < 1e-12, (
    "three classes: 'dog' is 3 of 6"
)
assert majority_baseline_accuracy(np.array(["x"] * 5)) == 1.0
assert abs(majority_baseline_accuracy(pd.Series([2, 5, 2, 5], index=[10, 20, 30, 40])) - 0.5) < 1e-12, (
    "a tie still gives the share of one class"
)
_share = (moderation["label"] == "acceptable").mean()
assert np.isclose(majority_baseline_accuracy(moderation["label"]), _share), (
    "on the moderation labels: the share of 'acceptable'"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Compute the recall of every class (2 points)
#
# For each class that occurs in `y_true`, the share of its items that `y_pred` got right. Return a
# `pandas.Series` indexed by the classes in sorted order. Their mean is the **balanced accuracy**.
# `y_true` and `y_pred` are aligned by position (ignore any index).


# %% nbgrader={"grade": false, "grade_id": "per-class-recall-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def per_class_recall(y_true, y_pred) -> pd.Series:
    """Recall of each class of y_true.

    Parameters
    ----------
    y_true, y_pred : sequence, shape (n,)
        True and predicted labels, aligned by position.

    Returns
    -------
    pandas.Series, one value per class of y_true (sorted), values in [0, 1]
    """
    ### BEGIN SOLUTION
    truth = np.asarray(y_true)
    predicted = np.asarray(y_pred)
    classes = sorted(set(truth.tolist()))
    return pd.Series([float(np.mean(predicted[truth == c] == c)) for c in classes], index=classes)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "per-class-recall-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: per-class recall of 'always not fraud' on the fraud labels."""
recalls = per_class_recall(transactions["is_fraud"], np.zeros(len(transactions), dtype=int))
assert list(recalls.index) == [0, 1], f"one entry per class, sorted: expected [0, 1], got {list(recalls.index)}"
assert recalls[0] == 1.0 and recalls[1] == 0.0, (
    f"the constant model is right on every legit transaction and catches no fraud; got {recalls.to_dict()}"
)
assert recalls.mean() == 0.5, "balanced accuracy of a constant model is 0.5"
_letters = per_class_recall(["b", "a", "b"], ["b", "b", "a"])
assert list(_letters.index) == ["a", "b"], f"classes in sorted order: got {list(_letters.index)}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "per-class-recall-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: per_class_recall against scikit-learn on fresh labels, and position alignment."""
### BEGIN HIDDEN TESTS
from sklearn.metrics import balanced_accuracy_score as _bas
from sklearn.metrics import recall_score as _rs

_rng = np.random.default_rng(11)
for _ in range(5):
    _t = _rng.choice(["ham", "spam", "phish"], size=200, p=[0.7, 0.2, 0.1])
    _p = np.where(_rng.random(200) < 0.6, _t, _rng.choice(["ham", "spam", "phish"], size=200))
    _r = per_class_recall(_t, _p)
    assert list(_r.index) == ["ham", "phish", "spam"], f"classes in sorted order, got {list(_r.index)}"
    assert np.allclose(_r.to_numpy(dtype=float), _rs(_t, _p, average=None, labels=["ham", "phish", "spam"])), (
        "recall per class differs from sklearn's recall_score(average=None)"
    )
    assert np.isclose(_r.mean(), _bas(_t, _p)), "the mean of the per-class recalls must equal balanced accuracy"
_r2 = per_class_recall(pd.Series([1, 0, 1, 1], index=[3, 2, 1, 0]), pd.Series([1, 1, 0, 1], index=[0, 1, 2, 3]))
assert list(_r2.index) == [0, 1] and np.allclose(_r2.to_numpy(dtype=float), [0.0, 2 / 3]), (
    f"align by position, not by index: got {_r2.to_dict()}"
)
assert np.allclose(
    per_class_recall(loans["defaulted"], loan_flags).to_numpy(dtype=float),
    _rs(loans["defaulted"], loan_flags, average=None),
), "on the loan model"
_r3 = per_class_recall([0, 0, 1], [0, 2, 1])
assert list(_r3.index) == [0, 1], "only classes that occur in y_true, even if y_pred has others"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Compute precision, recall, F1 and balanced accuracy (3 points)
#
# For a binary problem with positive class 1, from the counts of true/false positives and
# negatives. Conventions (the same as scikit-learn's with `zero_division=0`): precision is 0 when
# nothing is predicted positive, and F1 is 0 when precision and recall are both 0. `y_true` always
# contains both classes. Return a dict with the keys `precision`, `recall`, `f1`, `balanced_accuracy`.


# %% nbgrader={"grade": false, "grade_id": "binary-metrics-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def binary_metrics(y_true, y_pred) -> dict:
    """Precision, recall, F1 and balanced accuracy for the positive class 1.

    Parameters
    ----------
    y_true, y_pred : sequence of {0, 1}, shape (n,)
        Aligned by position; y_true contains both classes.

    Returns
    -------
    dict with float values for "precision", "recall", "f1", "balanced_accuracy"
    """
    ### BEGIN SOLUTION
    truth = np.asarray(y_true).astype(int)
    predicted = np.asarray(y_pred).astype(int)
    tp = int(np.sum((truth == 1) & (predicted == 1)))
    fp = int(np.sum((truth == 0) & (predicted == 1)))
    fn = int(np.sum((truth == 1) & (predicted == 0)))
    tn = int(np.sum((truth == 0) & (predicted == 0)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    specificity = tn / (tn + fp)
    return {
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "balanced_accuracy": float((recall + specificity) / 2),
    }
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "binary-metrics-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: binary_metrics of the fraud scores at threshold 0.5 and of a constant model."""
scores_at_half = binary_metrics(transactions["is_fraud"], (fraud_scores >= 0.5).astype(int))
assert set(scores_at_half) == {"precision", "recall", "f1", "balanced_accuracy"}, f"keys: {sorted(scores_at_half)}"
assert scores_at_half["precision"] > scores_at_half["recall"], (
    "at threshold 0.5 this model is precise but misses most fraud"
)
assert scores_at_half["recall"] < scores_at_half["f1"] < (scores_at_half["precision"] + scores_at_half["recall"]) / 2, (
    "F1 is the harmonic mean of precision and recall: between them, and below their arithmetic mean"
)
constant = binary_metrics(transactions["is_fraud"], np.zeros(len(transactions), dtype=int))
assert constant == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "balanced_accuracy": 0.5}, (
    f"'always not fraud' should score 0, 0, 0, 0.5; got {constant}"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "binary-metrics-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: binary_metrics against scikit-learn on fresh random labels, and small hand-made cases."""
### BEGIN HIDDEN TESTS
from sklearn.metrics import balanced_accuracy_score as _bas
from sklearn.metrics import f1_score as _f1
from sklearn.metrics import precision_score as _ps
from sklearn.metrics import recall_score as _rs

_rng = np.random.default_rng(5)
for _ in range(20):
    _n = int(_rng.integers(10, 400))
    _t = (_rng.random(_n) < _rng.uniform(0.05, 0.6)).astype(int)
    _t[:2] = [0, 1]
    _p = (_rng.random(_n) < _rng.uniform(0.0, 0.7)).astype(int)
    _m = binary_metrics(list(_t), pd.Series(_p))
    _want = {
        "precision": _ps(_t, _p, zero_division=0),
        "recall": _rs(_t, _p),
        "f1": _f1(_t, _p, zero_division=0),
        "balanced_accuracy": _bas(_t, _p),
    }
    for _key, _value in _want.items():
        assert np.isclose(_m[_key], _value), (
            f"{_key}: got {_m[_key]:.4f}, sklearn says {_value:.4f} (check which count goes in the denominator)"
        )
_m = binary_metrics(loans["defaulted"], loan_flags)
assert np.isclose(_m["recall"], _rs(loans["defaulted"], loan_flags)) and np.isclose(
    _m["precision"], _ps(loans["defaulted"], loan_flags)
), "on the loan model"
_m = binary_metrics([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 1, 1, 1, 0, 0, 0])
assert np.isclose(_m["precision"], 0.25) and np.isclose(_m["recall"], 0.25), (
    f"precision = TP/(TP+FP) = 1/4, recall = TP/(TP+FN) = 1/4; got {_m}"
)
assert np.isclose(_m["f1"], 0.25) and np.isclose(_m["balanced_accuracy"], (0.25 + 0.5) / 2), f"got {_m}"
_m = binary_metrics(pd.Series([1, 1, 0, 0], index=[3, 2, 1, 0]), pd.Series([1, 1, 0, 0], index=[0, 1, 2, 3]))
assert _m["precision"] == 1.0 and _m["recall"] == 1.0, (
    f"align by position, not by index: every position agrees, so precision and recall are 1; got {_m}"
)
_m = binary_metrics([1, 0, 0, 0], [1, 1, 1, 1])
assert np.isclose(_m["precision"], 0.25) and _m["recall"] == 1.0 and np.isclose(_m["f1"], 0.4), (
    f"F1 is the harmonic mean 2PR/(P+R) = 0.4, not the arithmetic mean; got {_m}"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4: Find the threshold for a required recall (3 points)
#
# Items with `score >= t` are flagged. Return the **highest** threshold `t` such that the flagged
# items include at least `target_recall` of the positives (recall = caught positives / all
# positives). The answer is always the score of some positive item. `0 < target_recall <= 1`;
# `y_true` contains at least one positive.


# %% nbgrader={"grade": false, "grade_id": "threshold-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def threshold_for_recall(y_true, scores, target_recall: float) -> float:
    """Highest threshold t with recall(score >= t) >= target_recall.

    Parameters
    ----------
    y_true : sequence of {0, 1}, shape (n,)
    scores : sequence of float, shape (n,)
        Higher means more likely positive; aligned with y_true by position.
    target_recall : float in (0, 1]

    Returns
    -------
    float: one of the scores of the positive items
    """
    ### BEGIN SOLUTION
    truth = np.asarray(y_true).astype(int)
    values = np.asarray(scores, dtype=float)
    positive_scores = np.sort(values[truth == 1])[::-1]
    n_positive = len(positive_scores)
    for candidate in np.unique(positive_scores)[::-1]:
        if np.sum(positive_scores >= candidate) / n_positive >= target_recall:
            return float(candidate)
    return float(positive_scores[-1])
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "threshold-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: threshold_for_recall on the fraud scores, for 80% recall."""
t80 = threshold_for_recall(transactions["is_fraud"], fraud_scores, 0.8)
is_fraud = transactions["is_fraud"].to_numpy() == 1
caught = np.mean(fraud_scores[is_fraud] >= t80)
assert caught >= 0.8, f"at threshold {t80:.4f} only {caught:.1%} of frauds are caught; the target is 80%"
higher = fraud_scores[is_fraud][fraud_scores[is_fraud] > t80]
assert len(higher) == 0 or np.mean(fraud_scores[is_fraud] >= higher.min()) < 0.8, (
    "a higher threshold still reaches 80%: return the highest one"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "threshold-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: threshold_for_recall against brute force on fresh scores, with ties and edge targets."""
### BEGIN HIDDEN TESTS
_y = [1, 0, 1, 1, 0, 1, 0, 1, 1, 1]  # 7 positives
_s = [0.9, 0.8, 0.7, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
assert threshold_for_recall(_y, _s, 1.0) == 0.1, "recall 1.0 needs every positive: the lowest positive score"
assert threshold_for_recall(_y, _s, 0.1) == 0.9, "one positive (1/7 >= 0.1) is enough: the highest positive score"
assert threshold_for_recall(_y, _s, 3 / 7) == 0.7, (
    "the two positives tied at 0.7 are flagged together: 3/7 at threshold 0.7"
)
assert threshold_for_recall(_y, _s, 0.5) == 0.5, "4/7 >= 0.5 at 0.5; at 0.7 only 3/7: round the count up, never down"
assert threshold_for_recall(np.array(_y), pd.Series(_s, index=range(100, 110)), 0.5) == 0.5, "align by position"
_pos = fraud_scores[transactions["is_fraud"].to_numpy() == 1]


def _allowed(_pos, _target):
    """The answer, with recall >= target written as a share or as a count (they can differ by float rounding)."""
    return {
        max(c for c in np.unique(_pos) if np.mean(_pos >= c) >= _target),
        max(c for c in np.unique(_pos) if np.sum(_pos >= c) >= _target * len(_pos)),
    }


for _target in (0.5, 0.9, 1.0):
    assert threshold_for_recall(transactions["is_fraud"], fraud_scores, _target) in _allowed(_pos, _target), (
        f"on the fraud scores, target {_target}"
    )
_rng = np.random.default_rng(21)
for _ in range(30):
    _n = int(_rng.integers(5, 300))
    _yy = (_rng.random(_n) < 0.3).astype(int)
    _yy[0] = 1
    _ss = np.round(_rng.random(_n) + 0.3 * _yy, 2)  # rounded: many ties
    _target = float(_rng.choice([0.25, 0.5, 0.75, 0.8, 0.9, 1.0]))
    _pos = _ss[_yy == 1]
    _want = _allowed(_pos, _target)
    _got = threshold_for_recall(_yy, _ss, _target)
    assert type(_got) in (float, np.float64) and _got in _want, (
        f"target {_target}: expected {min(_want)}, got {_got} (flag score >= t, count ties together, keep the highest t)"
    )
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 5: Build a per-slice metric table (3 points)
#
# One row per group (index: the groups, sorted), columns `support` (number of items, int),
# `accuracy`, `fpr` (false positive rate: of the group's true negatives, the share predicted 1) and
# `fnr` (false negative rate: of the group's true positives, the share predicted 0). If a group has
# no true negatives its `fpr` is NaN; if it has no true positives its `fnr` is NaN. Inputs are
# aligned by position.


# %% nbgrader={"grade": false, "grade_id": "slices-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def slice_metrics(y_true, y_pred, groups) -> pd.DataFrame:
    """Support, accuracy, FPR and FNR per group.

    Parameters
    ----------
    y_true, y_pred : sequence of {0, 1}, shape (n,)
    groups : sequence, shape (n,)
        The group of each item (e.g. a region).

    Returns
    -------
    pandas.DataFrame, shape (n_groups, 4)
        Index: sorted groups; columns "support", "accuracy", "fpr", "fnr".
    """
    ### BEGIN SOLUTION
    frame = pd.DataFrame(
        {"y": np.asarray(y_true).astype(int), "pred": np.asarray(y_pred).astype(int), "group": np.asarray(groups)}
    )
    rows = {}
    for name, part in frame.groupby("group", sort=True):
        negatives, positives = part[part["y"] == 0], part[part["y"] == 1]
        rows[name] = {
            "support": len(part),
            "accuracy": float((part["y"] == part["pred"]).mean()),
            "fpr": float((negatives["pred"] == 1).mean()) if len(negatives) else np.nan,
            "fnr": float((positives["pred"] == 0).mean()) if len(positives) else np.nan,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")[["support", "accuracy", "fpr", "fnr"]]
    table["support"] = table["support"].astype(int)
    return table.sort_index()
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "slices-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: slice_metrics of the loan model by region."""
regions = slice_metrics(loans["defaulted"], loan_flags, loans["region"])
assert list(regions.columns) == ["support", "accuracy", "fpr", "fnr"], f"columns: {list(regions.columns)}"
assert list(regions.index) == ["city", "rural", "suburbs"], f"groups, sorted: {list(regions.index)}"
assert regions["support"].tolist() == [4966, 544, 2490], (
    f"support counts items per group: {regions['support'].tolist()}"
)
assert str(regions["support"].dtype).startswith("int"), f"support is an integer count, not {regions['support'].dtype}"
assert regions.loc["rural", "fpr"] > 5 * regions.loc["city", "fpr"], (
    "rural applicants who repaid are flagged far more often"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "slices-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: slice_metrics on a hand-made table (denominators, NaN for missing classes, sorting)."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame(
    {
        "y": [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1],
        "pred": [0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0],
        "g": ["b", "b", "b", "b", "b", "b", "a", "a", "a", "c", "c"],
    }
)
_m = slice_metrics(_t["y"], _t["pred"], _t["g"])
assert list(_m.index) == ["a", "b", "c"], f"sorted groups: {list(_m.index)}"
assert _m["support"].tolist() == [3, 6, 2] and str(_m["support"].dtype).startswith("int"), (
    f"support is an integer count of items: got {_m['support'].tolist()} ({_m['support'].dtype})"
)
assert np.allclose(_m["accuracy"].to_numpy(dtype=float), [2 / 3, 1 / 2, 1 / 2]), (
    f"accuracy per group: got {_m['accuracy'].tolist()}"
)
assert np.isclose(_m.loc["b", "fpr"], 2 / 3), (
    f"FPR of b = false positives / true negatives = 2/3 (not FP / predicted positives = 1/2); got {_m.loc['b', 'fpr']}"
)
assert np.isclose(_m.loc["b", "fnr"], 1 / 3), (
    f"FNR of b = false negatives / true positives = 1/3; got {_m.loc['b', 'fnr']}"
)
assert np.isclose(_m.loc["a", "fnr"], 1.0) and _m.loc["a", "fpr"] == 0.0, (
    f"group a: no false positives (FPR 0, not NaN), its one positive missed (FNR 1); got {_m.loc['a'].to_dict()}"
)
assert np.isnan(_m.loc["c", "fpr"]) and np.isclose(_m.loc["c", "fnr"], 0.5), (
    f"group c has no true negatives: its FPR is NaN (not 0); got {_m.loc['c'].to_dict()}"
)
_rural = loans["region"].to_numpy() == "rural"
_neg = _rural & (loans["defaulted"].to_numpy() == 0)
assert np.isclose(
    slice_metrics(loans["defaulted"], loan_flags, loans["region"]).loc["rural", "fpr"], loan_flags[_neg].mean()
), "rural FPR on the loan model"
_m2 = slice_metrics(np.array([1, 0]), [1, 0], pd.Series(["z", "y"], index=[7, 3]))
assert list(_m2.index) == ["y", "z"] and _m2.loc["z", "accuracy"] == 1.0 and np.isnan(_m2.loc["z", "fpr"]), (
    f"align by position; got {_m2.to_dict()}"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 6: Detect the drifting annotator (3 points)
#
# `labels` has one row per label, with the columns `week`, `annotator` and `label` (and an item id,
# which this function does not need), like `moderation_labels`. Implement the lesson's peer comparison:
#
# 1. `rate[a, w]`: the share of annotator `a`'s labels in week `w` that equal `positive`;
# 2. `gap[a, w] = rate[a, w] - median(rate[., w])`, the median over the annotators who labeled in week `w`;
# 3. annotator `a` **drifts from week `w`** if `gap >= threshold` in week `w` **and in every later week
#    in which `a` labeled**; take the earliest such `w` (a blip that goes away is not drift).
#
# Return `(annotator, week)`, with `week` an `int`. If several annotators drift, return the one
# whose drift starts first (ties: the name that sorts first). If nobody drifts, return `(None, None)`.


# %% nbgrader={"grade": false, "grade_id": "drift-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def find_drift(labels: pd.DataFrame, *, positive: str = "offensive", threshold: float = 0.1) -> tuple:
    """The drifting annotator and the week the drift starts, by comparison with peers.

    Parameters
    ----------
    labels : pandas.DataFrame, shape (n_labels, >= 3)
        Columns "week" (int), "annotator" (str) and "label".
    positive : str
        The label whose rate is compared.
    threshold : float
        Minimum gap to the weekly median that counts as drift.

    Returns
    -------
    tuple (annotator, week) or (None, None)
    """
    ### BEGIN SOLUTION
    rates = (
        labels.assign(hit=labels["label"] == positive)
        .pivot_table(index="week", columns="annotator", values="hit", aggfunc="mean")
        .sort_index()
    )
    gap = rates.sub(rates.median(axis=1, skipna=True), axis=0)
    found = []
    for annotator in sorted(gap.columns):
        weeks = gap[annotator].dropna()
        start = None
        for week in weeks.index[::-1]:
            if weeks[week] >= threshold:
                start = week
            else:
                break
        if start is not None:
            found.append((start, annotator))
    if not found:
        return (None, None)
    week, annotator = min(found)
    return (annotator, int(week))
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "drift-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: find_drift on the moderation labels."""
who, when = find_drift(moderation)
assert (who, when) == ("mira", 5), f"expected ('mira', 5), got {(who, when)}"
assert isinstance(when, int), "return the week as an int"
_swapped = moderation.assign(label=moderation["label"].map({"offensive": "acceptable", "acceptable": "offensive"}))
assert find_drift(_swapped, positive="acceptable") == ("mira", 5), "positive= says which label's rate is compared"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "drift-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: find_drift on fresh tables (a change everyone sees, blips, medians, week numbers)."""


### BEGIN HIDDEN TESTS
def _table(rates_by_week, n=20):
    """rates_by_week: {week: {annotator: rate}} -> a labels table with n labels per annotator and week."""
    _rows = []
    for _week, _by_annotator in rates_by_week.items():
        for _who, _rate in _by_annotator.items():
            _k = int(round(_rate * n))
            _rows += [(f"{_week}-{_who}-{_i}", _week, _who, "yes" if _i < _k else "no") for _i in range(n)]
    return pd.DataFrame(_rows, columns=["item_id", "week", "annotator", "label"])


_everyone = _table(
    {
        1: dict(a=0.1, b=0.1, c=0.15),
        2: dict(a=0.1, b=0.15, c=0.1),
        3: dict(a=0.4, b=0.45, c=0.4),
        4: dict(a=0.4, b=0.4, c=0.45),
    }
)
assert find_drift(_everyone, positive="yes") == (None, None), (
    "when every annotator's rate rises together, the data changed: no drift"
)
_blip = _table({1: dict(a=0.1, b=0.1, c=0.1), 2: dict(a=0.1, b=0.5, c=0.1), 3: dict(a=0.1, b=0.1, c=0.1)})
assert find_drift(_blip, positive="yes") == (None, None), "a one-week blip that goes away is not drift"
_dip = _table(
    {
        1: dict(a=0.1, b=0.1, c=0.1),
        2: dict(a=0.1, b=0.4, c=0.1),
        3: dict(a=0.1, b=0.1, c=0.1),
        4: dict(a=0.1, b=0.4, c=0.1),
        5: dict(a=0.1, b=0.45, c=0.1),
    }
)
assert find_drift(_dip, positive="yes") == ("b", 4), (
    f"b is above threshold from week 4 to the end (week 3 breaks the earlier run); got {find_drift(_dip, positive='yes')}"
)
_median = _table({10: dict(p=0.1, q=0.1, r=0.1), 11: dict(p=0.1, q=0.1, r=0.3), 12: dict(p=0.1, q=0.1, r=0.3)})
assert find_drift(_median, positive="yes", threshold=0.15) == ("r", 11), (
    "compare with the weekly MEDIAN (0.1, so r's gap is 0.2; the mean would give 0.13), and return the real week number"
)
_two = _table(
    {
        1: dict(a=0.1, b=0.1, c=0.1, d=0.1, e=0.1),
        2: dict(a=0.1, b=0.1, c=0.1, d=0.3, e=0.3),
        3: dict(a=0.1, b=0.1, c=0.1, d=0.3, e=0.3),
    }
)
assert find_drift(_two, positive="yes") == ("d", 2), "two annotators start in the same week: the name that sorts first"
_edge = _table({1: dict(a=0.25, b=0.25, c=0.25), 2: dict(a=0.25, b=0.25, c=0.5), 3: dict(a=0.25, b=0.25, c=0.5)})
assert find_drift(_edge, positive="yes", threshold=0.25) == ("c", 2), (
    "c's gap is exactly 0.25 in weeks 2 and 3: a gap equal to the threshold counts (>=)"
)
_spread = _table({1: dict(a=0.1, b=0.3, c=0.5), 2: dict(a=0.1, b=0.3, c=0.5)})
assert find_drift(_spread, positive="yes", threshold=0.25) == (None, None), (
    "the weekly median is over every annotator of the week, herself included: median(0.1, 0.3, 0.5) = 0.3, "
    "so c is only 0.2 above it"
)
_gapped = _table(
    {
        1: dict(a=0.1, b=0.1, c=0.1),
        2: dict(a=0.1, b=0.1, c=0.1, z=0.1),
        3: dict(a=0.1, b=0.1, c=0.1, z=0.6),
        4: dict(a=0.1, b=0.1, c=0.1),
    }
)
assert find_drift(_gapped, positive="yes") == ("z", 3), (
    "z did not label in weeks 1 and 4: only the weeks in which z labeled count for z"
)
_who, _when = find_drift(
    moderation.assign(label=moderation["label"].replace({"offensive": "acceptable", "acceptable": "offensive"})),
    positive="acceptable",
)
assert (_who, _when) == ("mira", 5), "positive= selects the label whose rate is compared"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 7 (written): Report the loan model's hidden bias (4 points)
#
# Run `slice_metrics` on the loan model (`loans["defaulted"]`, `loan_flags`, `loans["region"]`)
# and look at the data. Then write a short note (150-250 words) to the credit team that says:
# what the per-slice table shows and why the overall accuracy did not show it; who is harmed and
# how (say what a false positive means for an applicant here); the most likely cause; and two
# things you would do next, with the number you would watch to know they worked.

# %%
# Your investigation here.

# %% [markdown] nbgrader={"grade": true, "grade_id": "bias-report", "locked": false, "points": 4.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (4 points).*
# - 1 point: reads the table correctly: rural applicants are about 7% of the data (544 of 8,000);
#   their false positive rate is many times the city's (roughly 20%+ vs 2%), while overall accuracy
#   is close to the city's because the city dominates the average.
# - 1 point: names the harm: a false positive is an applicant who would have repaid but is flagged
#   as a defaulter, i.e. refused credit (or offered worse terms); rural applicants bear most of it.
# - 1 point: a plausible cause grounded in the data: the model sees income in dollars; rural
#   incomes are lower but so are costs, so at the same dollar income rural applicants default less
#   (the default rate by income band and region shows it). Small size alone is not the whole story.
# - 1 point: two concrete actions with a measurable check, e.g. add cost-of-living information
#   (region or an index; with legal review, since location can proxy protected attributes) and
#   compare rural FPR with city FPR; collect or weight more rural history; report metrics per slice
#   on every release with a tolerance (e.g. FPR gap under 3 points). Deduct a point for "remove the
#   region column" or "drop rural applicants" as the fix.
#
# *Example answer.* Overall the model is 86% accurate, but it is not equally right for everyone.
# Rural applicants are only 7% of our history, and among rural applicants who repaid, the model
# flags more than one in five as likely defaulters, against about one in sixty in the city. Overall
# accuracy hides this because it is a weighted average dominated by city applicants. For a rural
# applicant a false positive means being turned down for a loan they would have repaid. The
# likely cause is that the model judges income in dollars: rural incomes are about half of city
# incomes, but the cost of living is lower too, and at the same dollar income rural applicants in
# fact default less. First, give the model the missing information, a cost-of-living index or the
# region (after legal review), and check that rural FPR falls to within a few points of the city's
# without raising the city's FNR. Second, make the per-region table part of every model release,
# with support, FPR and FNR, and block a release whose FPR gap exceeds 3 points.
# ### END SOLUTION
