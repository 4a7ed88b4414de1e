# %% [markdown]
# # 06 · Error analysis: your model's report card
#
# A mail-sorting company reads handwritten digits off paper forms. Its model scores well on a
# checked test set, and the team is about to ship it. One number, though, hides everything that
# matters: *which* digits fail, on *which* forms, and *whose fault* each mistake is. A wrong label
# in the training data, a smudged scan, a kind of form the model has never seen and a digit that
# even a person cannot read all need different fixes, and only one of them is "more model".
#
# A report card answers those questions before the users do. This lesson builds one for a real
# image data set with problems planted on purpose, so you can check every finding against the truth.
#
# **In this lesson you will:**
# - get out-of-sample predicted probabilities with cross-validation, and see why in-sample ones mislead;
# - build a report card: confusion matrix, per-slice error rates, and calibration;
# - implement confident learning by hand (thresholds, confident joint, ranking) and check it against cleanlab;
# - sort the model's mistakes into label issues, data quality, missing coverage and ambiguous cases;
# - fix the flagged labels after review (not by blind deletion) and measure the gain on a clean test set.

# %%
import cleanlab
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from threadpoolctl import threadpool_limits

from utils import data, plots

SEED = 0
plots.use_course_style()
threadpool_limits(1)  # models this small run faster on one CPU thread than on several
print(f"pandas {pd.__version__}, scikit-learn {sklearn.__version__}, cleanlab {cleanlab.__version__}")

# %% [markdown]
# ## Meet the data
#
# `digits_quality` holds 1,347 real handwritten digits (scikit-learn's copy of the UCI optical
# digits, 8x8 pixels, each pixel 0-16) with problems planted on purpose; the data card lists them
# with their counts. `digits_quality_test` holds 450 other digits whose labels were checked twice: it is
# our measuring stick. The column `scanner` says which scanner read the form.

# %%
digits = data.load("digits_quality")
digits_test = data.load("digits_quality_test")
PIXELS = [f"pixel_{i}" for i in range(64)]
X, labels = digits[PIXELS].to_numpy() / 16, digits["label"].to_numpy()
X_test, y_test = digits_test[PIXELS].to_numpy() / 16, digits_test["label"].to_numpy()
print(f"{len(digits)} training images, {len(digits_test)} test images")
plots.digit_grid(digits[PIXELS].head(20), titles=[f"label {v}" for v in labels[:20]])
plt.show()
pd.DataFrame({"training": digits["scanner"].value_counts(), "test": digits_test["scanner"].value_counts()})


# %% [markdown]
# Every model in this lesson is the same, deliberately simple one: a logistic regression on the 64
# pixels. We change the **data**, never the model.


# %%
def make_model():
    """The fixed model of this lesson: multinomial logistic regression on the pixels."""
    return LogisticRegression(C=1.0, max_iter=3000)


baseline = make_model().fit(X, labels)
print(f"test accuracy of the baseline: {baseline.score(X_test, y_test):.3f}")

# %% [markdown]
# ## 1. Out-of-sample predicted probabilities
#
# To judge a training label, we need the model's opinion of that image **without having seen
# its label**. A model fitted on all rows has memorised part of the noise: asked about a row it
# trained on, it tends to agree with the label, right or wrong.
#
# Cross-validation fixes this. Split the rows into 5 folds; for each fold, fit a fresh model on the
# other 4 and predict the held-out fold. Every row gets probabilities from a model that never saw
# it: `cross_val_predict(..., method="predict_proba")`. The columns are the classes in sorted order (0-9).

# %%
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
pred_probs = cross_val_predict(make_model(), X, labels, cv=cv, method="predict_proba")
in_sample_probs = baseline.predict_proba(X)  # the leaky version, for comparison

truth = data.load_truth("digits_quality")  # the planted problems, used only to grade our findings
wrong = truth["is_label_error"].to_numpy()
leak = pd.DataFrame(
    {
        "agrees with the given label": [(p.argmax(1) == labels).mean() for p in (in_sample_probs, pred_probs)],
        "agrees with a planted WRONG label": [
            (p.argmax(1) == labels)[wrong].mean() for p in (in_sample_probs, pred_probs)
        ],
    },
    index=["in-sample (fitted on all rows)", "out-of-sample (5-fold CV)"],
).round(3)
leak

# %% [markdown]
# The in-sample model "agrees" with a larger share of the **wrong** labels: it learned them. Any
# method that looks for disagreement between the model and the labels must use out-of-sample
# probabilities, or it will miss exactly the errors it is looking for.

# %% tags=["claim-check"]
# The leak is real: in-sample probabilities side with more of the wrong labels than out-of-sample ones.
assert leak.iloc[0, 1] > leak.iloc[1, 1] + 0.05, leak

# %% [markdown]
# ### Try it
#
# Change `n_splits` to 2 and to 10. How do the out-of-sample agreements change, and why? (Fewer
# folds: each model sees less data.)

# %%
# Try it here.

# %% [markdown]
# ## 2. The report card: where does the model fail?
#
# Start with the **clean test set**: accuracy overall, per digit and per scanner, and the confusion
# matrix (rows: the true digit; columns: what the model said).

# %%
test_pred = baseline.predict(X_test)
fig, ax = plt.subplots(figsize=(5.5, 5))
ConfusionMatrixDisplay.from_predictions(y_test, test_pred, ax=ax, colorbar=False)
ax.set_title("Baseline on the clean test set")
plt.show()


def error_rates_by(slice_values, y_true, y_pred):
    """Rows, errors and error rate per value of a slice (e.g. the scanner), worst first."""
    table = pd.DataFrame({"slice": np.asarray(slice_values), "error": np.asarray(y_true) != np.asarray(y_pred)})
    out = table.groupby("slice")["error"].agg(rows="size", errors="sum", error_rate="mean")
    return out.sort_values("error_rate", ascending=False).round(3)


error_rates_by(digits_test["scanner"], y_test, test_pred)

# %%
error_rates_by(y_test, y_test, test_pred).rename_axis("true digit").head(5)

# %% [markdown]
# Two findings already. The images from scanner B, a tenth of the test set, are read far worse than
# those from scanner A: that is a **slice** problem, invisible in the overall accuracy. And one
# digit, the 1, is misread far more often than the others: keep that in mind. Now look at the **training** data through the out-of-sample
# predictions: where do the model and the given labels disagree?

# %%
cv_pred = pred_probs.argmax(axis=1)
counts = confusion_matrix(labels, cv_pred)  # rows: given label, columns: the model's out-of-sample prediction
np.fill_diagonal(counts, 0)  # keep only the disagreements
disagree = pd.DataFrame(
    counts, index=pd.Index(range(10), name="given label"), columns=pd.Index(range(10), name="model says")
)
pairs = disagree.stack().sort_values(ascending=False).head(5).rename("rows").to_frame()
pairs

# %% [markdown]
# One pair stands out: images **labeled 7 that the model reads as 1**. A single cell that large is
# the signature of *systematic* label noise (someone consistently typing the wrong digit), not of
# random slips. It also explains the test set's bad 1s: a model taught that many 1s are 7s calls
# them 7. The training slice table tells the same story about scanner B as the test one:

# %%
error_rates_by(digits["scanner"], labels, cv_pred)

# %% tags=["claim-check"]
# What the prose says: scanner B and the digit 1 are the worst test slices; "labeled 7, read as 1" the top pair.
assert error_rates_by(digits_test["scanner"], y_test, test_pred).index[0] == "B"
assert error_rates_by(y_test, y_test, test_pred).index[0] == 1
assert pairs.index[0] == (7, 1), pairs

# %% [markdown]
# ## 3. Confident learning, by hand
#
# Confident learning (Northcutt, Jiang and Chuang, 2021) turns out-of-sample probabilities into a
# list of likely label errors in four steps. You will implement them in the exercises; here is the
# whole method in a few lines, then the check against cleanlab.
#
# **Step 1: a threshold per class.** The model is more sure of some classes than others, so one
# global cut-off would be unfair. The threshold of class $j$ is the model's *average* probability
# of $j$ over the rows labeled $j$: $t_j = \frac{1}{|\{i: \tilde y_i = j\}|}\sum_{i:\tilde y_i=j} \hat p_{ij}$.

# %%
n_classes = pred_probs.shape[1]
thresholds = np.array([pred_probs[labels == k, k].mean() for k in range(n_classes)])
pd.Series(thresholds, name="threshold t_j").rename_axis("class j").round(3).to_frame().T

# %% [markdown]
# **Step 2: a confident guess per row.** A row "confidently belongs" to class $j$ when
# $\hat p_{ij} \ge t_j$. If no class qualifies, the row gets no guess; if several do, the most
# probable of them wins.
#
# **Step 3: the confident joint.** Count the rows by (given label, confident guess): a $K \times K$
# table $C$. The diagonal holds rows where the guess agrees with the label; every off-diagonal count
# is a set of likely label errors.

# %%
above = pred_probs >= thresholds  # (n, K): confidently in class j?
has_guess = above.any(axis=1)
guess = np.where(above, pred_probs, -1.0).argmax(axis=1)  # the most probable class among those above
guess[~has_guess] = -1  # no confident class: no guess

joint = np.zeros((n_classes, n_classes), dtype=int)
np.add.at(joint, (labels[has_guess], guess[has_guess]), 1)
pd.DataFrame(joint, index=pd.Index(range(10), name="given"), columns=pd.Index(range(10), name="confident guess"))

# %% [markdown]
# **Step 4: flag and rank.** Flag the off-diagonal rows (guess differs from the label). cleanlab
# adds one clean-up: a row whose single most probable class *is* its given label is not flagged.
# Then rank the flagged rows by **self-confidence**, the probability the model gives to the row's own
# label: the lower, the more suspicious (ties: the earlier row first).

# %%
top_class = pred_probs.argmax(axis=1)
flag_by_hand = has_guess & (guess != labels) & (top_class != labels)
self_confidence = pred_probs[np.arange(len(labels)), labels]
flagged_rows = np.flatnonzero(flag_by_hand)
ranked_by_hand = flagged_rows[np.lexsort((flagged_rows, self_confidence[flagged_rows]))]
print(f"{flag_by_hand.sum()} rows flagged; the 12 most suspicious:")
plots.digit_grid(
    digits[PIXELS].iloc[ranked_by_hand[:12]],
    ncols=12,
    titles=[f"label {labels[i]}\nmodel {top_class[i]}" for i in ranked_by_hand[:12]],
)
plt.show()

# %% [markdown]
# ### The same with cleanlab
#
# cleanlab implements confident learning. Its confident joint, `cleanlab.count.compute_confident_joint`,
# with `calibrate=False` is exactly our table, except that cleanlab forces every diagonal entry to be
# at least 1 (so no class looks empty; on our data every diagonal entry is far above 1 anyway). Its
# `find_label_issues(..., filter_by="confident_learning")` flags exactly the off-diagonal rows after the
# clean-up, and `return_indices_ranked_by="self_confidence"` ranks them. The cell below checks all
# three, every time the notebook runs.

# %%
from cleanlab.count import compute_confident_joint, get_confident_thresholds
from cleanlab.filter import find_label_issues

cl_joint = compute_confident_joint(labels, pred_probs, calibrate=False)
cl_mask = find_label_issues(labels, pred_probs, filter_by="confident_learning")
cl_ranked = find_label_issues(
    labels, pred_probs, filter_by="confident_learning", return_indices_ranked_by="self_confidence"
)
pd.Series(
    {
        "thresholds equal get_confident_thresholds": np.allclose(
            thresholds, get_confident_thresholds(labels, pred_probs)
        ),
        "confident joint equals compute_confident_joint": np.array_equal(joint, cl_joint),
        "flags equal find_label_issues(confident_learning)": np.array_equal(flag_by_hand, cl_mask),
        "ranking equals return_indices_ranked_by='self_confidence'": np.array_equal(ranked_by_hand, cl_ranked),
    },
    name="agrees",
).to_frame()

# %% tags=["claim-check"]
# The hand-written confident learning is cleanlab's, on the course data.
assert np.allclose(thresholds, get_confident_thresholds(labels, pred_probs))
assert (
    np.array_equal(joint, cl_joint)
    and np.array_equal(flag_by_hand, cl_mask)
    and np.array_equal(ranked_by_hand, cl_ranked)
)

# %% [markdown]
# How good are the flags? Here the truth is known, so measure **precision** (share of flags that are
# real errors) and **recall** (share of real errors flagged), by kind of planted noise. cleanlab's
# default, `filter_by="prune_by_noise_rate"`, uses the confident joint differently: it estimates *how
# many* errors each (given, true) pair holds and flags that many rows, the least confident first.

# %%
default_mask = find_label_issues(labels, pred_probs)  # filter_by="prune_by_noise_rate"
quality = pd.DataFrame(
    {
        name: {
            "flagged": int(mask.sum()),
            "precision": wrong[mask].mean(),
            "recall": mask[wrong].mean(),
            "recall, uniform noise": mask[truth["noise"] == "uniform"].mean(),
            "recall, systematic 1->7": mask[truth["noise"] == "systematic 1->7"].mean(),
        }
        for name, mask in {"confident learning (by hand)": flag_by_hand, "cleanlab default": default_mask}.items()
    }
).T.round(3)
quality

# %% [markdown]
# Random slips are easy to catch: the model has no reason to learn them. The systematic 1-to-7
# errors are harder: with so many of them, the model has partly learned that some 1s are 7s, so
# fewer of them look suspicious. Keep that in mind when you read any "label errors found" figure.

# %% tags=["claim-check"]
# Systematic errors are caught less often than random slips, by both methods.
assert (quality["recall, systematic 1->7"] < quality["recall, uniform noise"]).all(), quality

# %% [markdown]
# ### Try it
#
# Rank by `"normalized_margin"` instead of `"self_confidence"`
# (`find_label_issues(labels, pred_probs, return_indices_ranked_by="normalized_margin")`). Do the 20
# most suspicious rows change? Are they more often real errors?

# %%
# Try it here.

# %% [markdown]
# ## 4. Beyond labels: Datalab
#
# `cleanlab.Datalab` runs several audits at once. Given the probabilities **and the features** (the
# pixels), it also looks for outliers (images unlike the others) and near-duplicates. Which planted
# problems does each check find?

# %%
from cleanlab import Datalab

lab = Datalab(data=pd.DataFrame({"label": labels}), label_name="label", verbosity=0)
lab.find_issues(pred_probs=pred_probs, features=X, issue_types={"label": {}, "outlier": {}, "near_duplicate": {}})
issues = lab.get_issues()
display(lab.get_issue_summary())
found = pd.DataFrame(
    {
        "images": truth.groupby("degradation").size(),
        "flagged as outlier": issues["is_outlier_issue"].groupby(truth["degradation"]).sum(),
    }
).rename(index=lambda d: f"degradation: {d}")
found_scanner = pd.DataFrame(
    {
        "images": truth.groupby("scanner").size(),
        "flagged as outlier": issues["is_outlier_issue"].groupby(truth["scanner"]).sum(),
    }
).rename(index=lambda s: f"scanner {s}")
pd.concat([found, found_scanner])

# %% [markdown]
# Read the table from your run: the outlier check finds the images that *look* unusual, such as the
# cropped scans and the shifted scanner-B digits, but a mild blur leaves a digit looking ordinary.
# No single check finds everything, which is why an error analysis combines them.

# %% tags=["claim-check"]
# Outliers: most cropped and all-but-a-few scanner-B images flagged, most blurred ones not.
rate = pd.concat([found, found_scanner])
rate = rate["flagged as outlier"] / rate["images"]
assert rate["degradation: crop"] > 0.5 and rate["scanner B"] > 0.5 and rate["degradation: blur"] < 0.5, rate

# %% [markdown]
# ## 5. Sort the mistakes: the error table
#
# Now the heart of the report card. Take every training row where the out-of-sample prediction
# differs from the given label, and ask *why*. In a real project a person reviews each one; here the
# data set's ground truth plays the reviewer. Each mistake gets the first category that applies:
#
# | category | meaning | the fix |
# |---|---|---|
# | label issue | the given label is wrong | correct the label |
# | data quality | the image is damaged (blurred, cropped) | re-scan, or drop with a reason |
# | missing coverage | a style the model has rarely seen (scanner B, 2% of training) | collect or augment that slice |
# | ambiguous | label right, image fine, common style: a hard or ambiguous digit | more examples, a better model, or accept |

# %%
mistakes = pd.DataFrame(
    {
        "is_error": cv_pred != labels,
        "label_issue": wrong,
        "data_quality": truth["degradation"] != "none",
        "rare_style": digits["scanner"] == "B",
    }
)
category = np.select(
    [mistakes["label_issue"], mistakes["data_quality"], mistakes["rare_style"]],
    ["label issue", "data quality", "missing coverage"],
    default="ambiguous",
)
CATEGORIES = ["label issue", "data quality", "missing coverage", "ambiguous"]
error_table = (
    pd.Series(category[mistakes["is_error"]])
    .value_counts()
    .reindex(CATEGORIES, fill_value=0)
    .rename("mistakes")
    .to_frame()
)
error_table["share"] = (error_table["mistakes"] / error_table["mistakes"].sum()).round(3)
error_table

# %%
ambiguous = np.flatnonzero(mistakes["is_error"].to_numpy() & (category == "ambiguous"))[:12]
plots.digit_grid(
    digits[PIXELS].iloc[ambiguous], ncols=12, titles=[f"label {labels[i]}\nmodel {cv_pred[i]}" for i in ambiguous]
)
plt.show()

# %% [markdown]
# Look at the "ambiguous" images: some are digits a person would hesitate over too; others are
# plain mistakes of a linear model. That last category is the only one where a better *model*
# is the answer; every other row of the table calls for a *data* fix.
#
# ## 6. Fix the labels, with review, and measure
#
# A tempting shortcut is to **delete** every flagged row. But flags are not verdicts: some flagged
# labels are right (precision is below 1), and a row flagged for being unusual may be the rare case
# the model needs most (scanner B!). The careful way: a reviewer looks at each flagged image,
# corrects the label if it is wrong and keeps it otherwise. Here the ground truth plays the reviewer.
#
# We compare, always with the same model and the same clean test set: the baseline; deleting every
# row cleanlab flags; reviewing them; and, as a ceiling, training on fully corrected labels.

# %%
flagged = default_mask
reviewed_labels = np.where(flagged, truth["true_label"], labels)  # the reviewer fixes or keeps each flagged label
kept_after_review = int((flagged & ~wrong).sum())


def test_accuracy(X_train, y_train):
    return make_model().fit(X_train, y_train).score(X_test, y_test)


fix_scores = {
    "baseline (given labels)": test_accuracy(X, labels),
    f"delete the {flagged.sum()} flagged rows": test_accuracy(X[~flagged], labels[~flagged]),
    f"review the {flagged.sum()} flagged rows": test_accuracy(X, reviewed_labels),
    "every label corrected (ceiling)": test_accuracy(X, truth["true_label"].to_numpy()),
}
print(f"the reviewer corrected {int((flagged & wrong).sum())} labels and kept {kept_after_review} that were right")
plots.bar_comparison(fix_scores, title="Fixing labels, measured on the clean test set")
plt.show()
pd.Series(fix_scores, name="test accuracy").round(3).to_frame()

# %% tags=["claim-check"]
# Reviewing the flagged labels beats the baseline by more than a point and beats blind deletion.
base, delete, review = list(fix_scores.values())[:3]
assert review > base + 0.01, fix_scores
assert review > delete, fix_scores

# %% [markdown]
# Reviewing beats deleting here; read the gap from your run. Notice the ceiling: even perfect labels
# leave the scanner-B images misread, because that problem is **coverage**, not labels. The error
# table said so; the per-slice rates after the fix confirm it:

# %%
reviewed_model = make_model().fit(X, reviewed_labels)
reviewed_pred = reviewed_model.predict(X_test)
pd.concat(
    {
        "baseline": error_rates_by(digits_test["scanner"], y_test, test_pred)["error_rate"],
        "after review": error_rates_by(digits_test["scanner"], y_test, reviewed_pred)["error_rate"],
    },
    axis=1,
)

# %% tags=["claim-check"]
# Label review helps scanner A; scanner B stays mostly misread (a coverage problem).
assert error_rates_by(digits_test["scanner"], y_test, reviewed_pred).loc["B", "error_rate"] > 0.5


# %% [markdown]
# ### Try it
#
# A reviewer's time is limited. Review only the 30 *top-ranked* rows of `cl_ranked` instead of all
# the flagged ones. How much of the gain do you keep?

# %%
# Try it here.

# %% [markdown]
# ## 7. Calibration: can we trust the model's confidence?
#
# A report card also says whether the model's **confidence** means something. If it says 90%, is it
# right 90% of the time? Group the test images by the model's top probability (its *confidence*),
# and compare each group's mean confidence with its accuracy: a *reliability diagram*. The
# **expected calibration error** (ECE) is the average gap, weighted by the size of each group.


# %%
def reliability(confidence, correct, n_bins=10):
    """Per confidence bin: images, mean confidence, accuracy; and the expected calibration error."""
    bins = np.minimum((np.asarray(confidence) * n_bins).astype(int), n_bins - 1)
    table = (
        pd.DataFrame({"bin": bins, "confidence": confidence, "correct": correct})
        .groupby("bin")
        .agg(images=("correct", "size"), confidence=("confidence", "mean"), accuracy=("correct", "mean"))
    )
    ece = float((table["images"] * (table["confidence"] - table["accuracy"]).abs()).sum() / len(bins))
    return table, ece


test_probs = reviewed_model.predict_proba(X_test)
confidence, correct = test_probs.max(axis=1), reviewed_pred == y_test
table, ece = reliability(confidence, correct)
fig, ax = plt.subplots(figsize=(4.5, 4.5))
ax.plot([0, 1], [0, 1], "--", color="grey", label="perfectly calibrated")
ax.plot(table["confidence"], table["accuracy"], "o-", label="model (after review)")
ax.set(xlabel="mean confidence in the bin", ylabel="accuracy in the bin", title=f"Reliability diagram (ECE {ece:.3f})")
ax.legend()
plt.show()
scanner_b = (digits_test["scanner"] == "B").to_numpy()
pd.DataFrame(
    {
        "mean confidence": [confidence[~scanner_b].mean(), confidence[scanner_b].mean()],
        "accuracy": [correct[~scanner_b].mean(), correct[scanner_b].mean()],
    },
    index=["scanner A", "scanner B"],
).round(3)

# %% [markdown]
# Compare the two rows: on scanner B the model's confidence is far above its accuracy (on scanner A
# it is, if anything, a little *under*-confident). A model is
# least trustworthy exactly where it lacks coverage, and its confidence does not warn you. That is
# one more reason to report per-slice numbers. (Module 09 returns to calibration in production.)

# %% tags=["claim-check"]
# Overconfident where coverage is missing: on scanner B confidence exceeds accuracy by more than 0.1.
assert confidence[scanner_b].mean() > correct[scanner_b].mean() + 0.1
assert confidence[~scanner_b].mean() < correct[~scanner_b].mean()  # and under-confident on scanner A

# %% [markdown]
# ## 8. The report card
#
# Everything on one page, computed from this run:

# %%
worst_digit = error_rates_by(y_test, y_test, reviewed_pred).index[0]
report_card = pd.Series(
    {
        "test accuracy, baseline": round(fix_scores["baseline (given labels)"], 3),
        "test accuracy, after label review": round(fix_scores[f"review the {flagged.sum()} flagged rows"], 3),
        "error rate, scanner A / B (after review)": " / ".join(
            f"{v:.2f}" for v in error_rates_by(digits_test["scanner"], y_test, reviewed_pred).sort_index()["error_rate"]
        ),
        "worst digit (after review)": int(worst_digit),
        "expected calibration error": round(ece, 3),
        "training mistakes: largest category": error_table["mistakes"].idxmax(),
        "labels flagged / corrected after review": f"{flagged.sum()} / {int((flagged & wrong).sum())}",
        "next data fix": "collect or augment scanner-B images (module 05)",
    },
    name="report card",
).to_frame()
report_card

# %% [markdown]
# ## Check your understanding
#
# 1. Why must confident learning use out-of-sample probabilities? What happens with in-sample ones?
# 2. Why does confident learning use one threshold per class rather than a single cut-off such as 0.5?
# 3. A row is flagged by cleanlab. Give two reasons not to delete it without looking.
# 4. The baseline's overall accuracy looks decent. Which line of the report card would you show the
#    team before shipping, and why?
#
# <details><summary>Answers</summary>
#
# 1. A model that trained on a row has partly memorised its label, wrong or right, so it rarely
#    disagrees with it: the very errors we look for become invisible. Cross-validation gives each row
#    a prediction from a model that never saw it.
# 2. The model is systematically more confident on some classes (a clean 0) than on others (a 1 that
#    looks like a 7). A per-class average of the probability of the own class adapts the cut-off to
#    each class, so hard classes are not flagged wholesale.
# 3. Precision is not 1: some flagged labels are right, and deleting them removes good, often hard,
#    examples. And a flag can come from a rare style (coverage), where the fix is more such data, not
#    less; deleting it widens the gap.
# 4. The per-slice error rates: scanner B is a tenth of the production forms and most of its images
#    are misread, with a confidence far above the accuracy. That is hidden in the overall number and
#    no label fix solves it.
# </details>
#
# ## Summary
#
# - Judge labels with **out-of-sample** probabilities (`cross_val_predict(..., method="predict_proba")`).
# - A report card has per-slice error rates, a confusion matrix, an error table by cause, and calibration.
# - Confident learning: per-class thresholds, the confident joint, off-diagonal rows flagged, ranked by
#   self-confidence; cleanlab does the same in one line, and Datalab adds outliers and near-duplicates.
# - Review flagged rows instead of deleting them, and measure every fix on a clean test set.
#
# ## Going further
#
# - The library one-liner: `cleanlab.filter.find_label_issues(labels, pred_probs)`, and
#   `cleanlab.Datalab(data, label_name=...).find_issues(pred_probs=..., features=...)` for a wider audit.
# - Northcutt, Jiang, Chuang (2021), *Confident Learning: Estimating Uncertainty in Dataset Labels*,
#   Journal of Artificial Intelligence Research 70. The method of section 3, with its assumptions
#   (noise that depends on the class, not on the image), which systematic, image-dependent noise breaks.
# - Guo, Pleiss, Sun, Weinberger (2017), *On Calibration of Modern Neural Networks*, ICML: the
#   reliability diagram and ECE used in section 7.
# - The images: Alpaydin and Kaynak (1998), Optical Recognition of Handwritten Digits, UCI Machine
#   Learning Repository (CC BY 4.0).
# - Next: the exercises, [`exercises/06-error-analysis/06-error-analysis.ipynb`](../exercises/06-error-analysis/06-error-analysis.ipynb),
#   then module 07, [Strategic data collection](07-active-learning.ipynb).
