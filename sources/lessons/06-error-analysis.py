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
# - sort a sample of the model's mistakes yourself into label issues, data quality, missing coverage and
#   ambiguous cases, and measure your tags against the truth;
# - fix the flagged labels after review (not by blind deletion) and measure the gain on a clean test set;
# - check confident learning against errors that people verified, on four real benchmarks.

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
# ## 5. Sort the mistakes: your error table
#
# Now the heart of the report card. Take every training row where the out-of-sample prediction
# differs from the given label, and ask *why*. Each mistake gets the first category that applies:
#
# | category | meaning | the fix |
# |---|---|---|
# | label issue | the given label is wrong | correct the label |
# | data quality | the image is damaged (blurred, cropped) | re-scan, or drop with a reason |
# | missing coverage | a style the model has rarely seen (scanner B, 2% of training) | collect or augment that slice |
# | ambiguous | label right, image fine, common style: a hard or ambiguous digit | more examples, a better model, or accept |
#
# In a real project a person reviews the mistakes; here **you** do, on a sample. The data set's
# planted truth is known, so the sample can make sure you meet every kind: 8 mistakes of each
# category, drawn at random, shown in random order (the widget does not show the truth). For each
# image you see its given label, the model's guess with its probability, and the scanner. Click
# the first category that applies. Every click is saved at once in
# `annotations/06-error-tags.csv`, so you can stop and come back; **Undo** takes a click back.

# %%
from utils.agreement import cohens_kappa, percent_agreement
from utils.labeling import LabelingWidget, learner_decisions

CATEGORIES = ["label issue", "data quality", "missing coverage", "ambiguous"]
is_error = cv_pred != labels
true_category = pd.Series(
    np.select([wrong, truth["degradation"] != "none", digits["scanner"] == "B"], CATEGORIES[:3], default=CATEGORIES[3]),
    index=digits["image_id"],
)
mistakes = pd.DataFrame({"item_id": digits.loc[is_error, "image_id"]})
mistakes["truth"] = true_category[mistakes["item_id"]].to_numpy()
PER_CATEGORY = 8
tag_sample = mistakes.groupby("truth").sample(PER_CATEGORY, random_state=SEED).sample(frac=1, random_state=SEED)
position = pd.Series(np.arange(len(digits)), index=digits["image_id"])


def render_mistake(row):
    """HTML for one mistake: the 8x8 image as grey cells, the given label, the model's guess, the scanner."""
    i = position[row["item_id"]]
    grey = (255 - digits.loc[i, PIXELS].to_numpy(dtype=float).reshape(8, 8) * 255 / 16).astype(int)
    cells = "".join(
        "<tr>"
        + "".join(f'<td style="width:20px;height:20px;padding:0;background:rgb({g},{g},{g})"></td>' for g in line)
        + "</tr>"
        for line in grey
    )
    return (
        f'<table style="border-collapse:collapse">{cells}</table>'
        f"<div>given label <b>{labels[i]}</b> · the model says <b>{cv_pred[i]}</b> "
        f"({pred_probs[i, cv_pred[i]]:.0%}) · scanner <b>{digits.loc[i, 'scanner']}</b></div>"
    )


TAG_LOG = "annotations/06-error-tags.csv"
tagger = LabelingWidget(
    tag_sample[["item_id"]],
    labels=CATEGORIES,
    annotator="me",
    log_path=TAG_LOG,
    render=render_mistake,
    instructions=(
        "<b>First that applies:</b> 1 the image shows another digit than its label → label issue; "
        "2 the scan is damaged (blurred, cut off) → data quality; 3 scanner B (digits shifted right "
        "and down) → missing coverage; 4 otherwise → ambiguous."
    ),
)
print(f"{is_error.sum()} training mistakes; tag these {len(tag_sample)}:")
tagger

# %% [markdown]
# When you have tagged them (or now, to see how it works), run the next cells. They read **your**
# tags. If you have none yet, they read the course's example log instead, made by a stand-in
# reviewer who is usually right and makes the confusions people make (its data card,
# `data.show_card("error_tags_example")`, gives its rules), and they say so. First, your tags
# against the truth, image by image: the confusion matrix (rows: the truth; columns: your tag).

# %% tags=["learner-decisions"]
decisions = learner_decisions(TAG_LOG, example="error_tags_example", annotator="me", items=tag_sample["item_id"])
print(decisions.source)
tagged = tag_sample[tag_sample["item_id"].isin(decisions.labels.index)]
your_tags = decisions.labels.reindex(tagged["item_id"]).to_numpy()
tag_confusion = pd.crosstab(
    pd.Categorical(tagged["truth"], categories=CATEGORIES),
    pd.Categorical(your_tags, categories=CATEGORIES),
    rownames=["truth"],
    colnames=["your tag"],
    dropna=False,
)
tag_agreement = percent_agreement(tagged["truth"], your_tags)
tag_kappa = cohens_kappa(tagged["truth"], your_tags)
print(
    f"{len(tagged)} of {len(tag_sample)} tagged; your tag is the truth's for {tag_agreement:.0%} of them "
    f"(Cohen's kappa {tag_kappa:.2f})"
)
tag_confusion

# %% [markdown]
# Read it row by row: where do the mistakes of each kind end up? A row spread over several
# columns is a kind of mistake that is hard to recognise. Confusions are not all equal: calling a
# scanner-B digit "data quality" sends someone to re-scan forms that are fine, while calling a
# label issue "ambiguous" leaves a wrong label in the training data.
#
# **What your tags would have told the team.** The sample holds 8 mistakes of each kind, so the
# rare kinds are over-represented in it. To turn tags into shares of all the mistakes, each
# tagged image stands for the mistakes of its kind it was drawn from: an image drawn from the
# label issues stands for (number of label issues) / 8 mistakes. With perfect tags, these weighted
# shares are exactly the truth's.

# %% tags=["learner-decisions"]
kind_size = mistakes["truth"].value_counts()
weight = kind_size[tagged["truth"]].to_numpy() / tagged["truth"].map(tagged["truth"].value_counts()).to_numpy()
error_table = pd.DataFrame(
    {
        "mistakes (truth)": kind_size.reindex(CATEGORIES, fill_value=0).astype(int),
        "share (truth)": (kind_size / kind_size.sum()).reindex(CATEGORIES, fill_value=0.0),
        "share (from your tags)": pd.Series(weight, index=your_tags)
        .groupby(level=0)
        .sum()
        .reindex(CATEGORIES, fill_value=0.0)
        / weight.sum(),
        "share (your tags, unweighted)": pd.Series(your_tags)
        .value_counts(normalize=True)
        .reindex(CATEGORIES, fill_value=0.0),
    }
).rename_axis("category")
share_gap = (error_table["share (from your tags)"] - error_table["share (truth)"]).abs()
print(
    f"largest category: {error_table['share (from your tags)'].idxmax()} by your tags, "
    f"{error_table['share (truth)'].idxmax()} by the truth; your shares are off by up to "
    f"{share_gap.max():.0%} ({share_gap.idxmax()})"
)
error_table.round(3)

# %% tags=["claim-check"]
# The truth column counts every training mistake once; weighting perfect tags gives the truth's shares.
assert error_table["mistakes (truth)"].sum() == is_error.sum() and (kind_size >= PER_CATEGORY).all()
perfect = pd.Series(weight, index=tagged["truth"].to_numpy()).groupby(level=0).sum() / weight.sum()
if set(tagged["truth"]) == set(CATEGORIES):
    assert np.allclose(perfect.reindex(CATEGORIES), error_table["share (truth)"]), perfect
assert np.isclose(error_table["share (from your tags)"].sum(), 1) and tag_confusion.to_numpy().sum() == len(tagged)
assert error_table["share (truth)"].idxmax() == "label issue"  # the report card below relies on it
assert (tag_sample["truth"].value_counts() == PER_CATEGORY).all()  # "a quarter of each kind by design"
assert error_table.loc["missing coverage", "share (truth)"] < 0.25 / 2  # "far fewer"

# %% [markdown]
# Whatever your numbers, notice why the weights matter. The sample holds a quarter of each kind by
# design: counted without weights, even perfect tags would tell the team that scanner B causes a
# quarter of the mistakes, when it causes far fewer (the truth column). A sample answers the
# question it was drawn for.
#
# Finally, the images the truth calls "ambiguous" (label right, image fine, scanner A):

# %%
ambiguous = np.flatnonzero(is_error & (true_category.to_numpy() == "ambiguous"))[:12]
plots.digit_grid(
    digits[PIXELS].iloc[ambiguous], ncols=12, titles=[f"label {labels[i]}\nmodel {cv_pred[i]}" for i in ambiguous]
)
plt.show()

# %% [markdown]
# Some are digits a person would hesitate over too; others are plain mistakes of a linear model.
# That last category is the only one where a better *model* is the answer; every other row of the
# table calls for a *data* fix.
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
        "training mistakes: largest category (truth / your tags)": " / ".join(
            error_table[column].idxmax() for column in ("share (truth)", "share (from your tags)")
        ),
        "labels flagged / corrected after review": f"{flagged.sum()} / {int((flagged & wrong).sum())}",
        "next data fix": "collect or augment scanner-B images (module 05)",
    },
    name="report card",
).to_frame()
report_card

# %% [markdown]
# ## Does it hold on real data?
#
# The digits' label errors were planted, so the truth was free. On real data it is not: someone
# has to look. The `cleanlab/label-errors` release (Northcutt, Athalye and Mueller, 2021; card
# `data.show_card("label_errors_mnist_labels")`) did it for the test sets of four famous
# benchmarks: MNIST (digits), CIFAR-10 (small photos), 20 Newsgroups (forum posts) and IMDB (film
# reviews). It gives the given labels, out-of-sample predicted probabilities, and for every
# candidate error the votes of five Mechanical Turk workers: an item is a **confirmed error**
# when fewer than 3 of the 5 chose the given label. Here is our hand-written confident learning of
# section 3 on each set, checked against cleanlab and against the workers.
#
# Two cautions from the data card. The probabilities' rows sum to 1 only within about 1e-5 (IMDB's
# to 1.00002, above what cleanlab accepts), so we normalise them first. And the workers only saw
# items confident learning had flagged: a flag they never saw counts here as unconfirmed, and
# **recall cannot be measured** (an error nobody flagged was never checked).


# %%
def confident_learning(labels, pred_probs):
    """Section 3 in one function: the flagged rows, and their positions ranked by self-confidence."""
    n_classes = pred_probs.shape[1]
    thresholds = np.array([pred_probs[labels == k, k].mean() for k in range(n_classes)])
    above = pred_probs >= thresholds
    guess = np.where(above, pred_probs, -1.0).argmax(axis=1)
    flags = above.any(axis=1) & (guess != labels) & (pred_probs.argmax(axis=1) != labels)
    rows = np.flatnonzero(flags)
    return flags, rows[np.lexsort((rows, pred_probs[rows, labels[rows]]))]


real_sets = {}
for name in data.LABEL_ERROR_SETS:
    given, probs, verdicts, class_names = data.load_label_errors(name)
    probs = probs / probs.sum(axis=1, keepdims=True)
    flags, ranked = confident_learning(given, probs)
    confirmed = verdicts.set_index("index")["label_error"].reindex(ranked, fill_value=False).to_numpy(dtype=bool)
    real_sets[name] = {
        "given": given,
        "probs": probs,
        "verdicts": verdicts,
        "ranked": ranked,
        "confirmed": confirmed,
        "cleanlab ranked": find_label_issues(
            given, probs, filter_by="confident_learning", return_indices_ranked_by="self_confidence"
        ),
        "same flags as cleanlab": np.array_equal(
            flags, find_label_issues(given, probs, filter_by="confident_learning")
        ),
    }
real_table = pd.DataFrame(
    {
        name: {
            "items": len(r["given"]),
            "flagged": len(r["ranked"]),
            "checked by workers": int(np.isin(r["ranked"], r["verdicts"]["index"]).sum()),
            "confirmed errors": int(r["confirmed"].sum()),
            "precision": r["confirmed"].mean(),
            "same flags as cleanlab": r["same flags as cleanlab"],
            "same ranking as cleanlab": np.array_equal(r["ranked"], r["cleanlab ranked"]),
        }
        for name, r in real_sets.items()
    }
).T
real_table

# %% [markdown]
# The hand-written method flags exactly what cleanlab flags on all four sets. Its precision
# ranges from about 0.2 on CIFAR-10 (four flags in five are not confirmed errors) to about 0.7 on
# 20 Newsgroups. The ranking is cleanlab's on three sets, not on 20 Newsgroups: more on that below.

# %% tags=["claim-check"]
assert real_table["same flags as cleanlab"].all(), real_table
assert real_table["same ranking as cleanlab"].tolist() == [True, True, False, True], real_table
precision = real_table["precision"].astype(float).round(2)
assert precision.to_dict() == {"mnist": 0.47, "cifar10": 0.2, "20news": 0.73, "imdb": 0.57}, precision
assert precision.idxmin() == "cifar10" and precision.idxmax() == "20news"

# %% [markdown]
# **Precision at k.** A reviewer works down the ranking and stops when the budget runs out, so
# what matters is the precision of the first k flags: the share of confirmed errors among them.


# %%
def precision_at(confirmed, k):
    return confirmed[:k].mean()


fig, ax = plt.subplots(figsize=(6, 3.5))
for name, r in real_sets.items():
    ks = np.arange(1, min(len(r["ranked"]), 300) + 1)
    ax.plot(ks, [precision_at(r["confirmed"], k) for k in ks], label=name)
ax.set(xlabel="k (flags reviewed, most suspicious first)", ylabel="precision at k", ylim=(0, 1.05))
ax.legend()
plt.show()
at_k = pd.DataFrame(
    {
        name: {k: precision_at(r["confirmed"], k) if k <= len(r["ranked"]) else np.nan for k in (10, 25, 100)}
        for name, r in real_sets.items()
    }
).T.add_prefix("precision at ")
at_k.assign(**{"precision of all flags": real_table["precision"].astype(float)}).round(2)

# %% [markdown]
# On every set with more than 25 flags, the first 25 hold a larger share of real errors than the
# whole list: the ranking pays, and a small review budget is best spent at the top.

# %% tags=["claim-check"]
for name in ("cifar10", "20news", "imdb"):
    assert at_k.loc[name, "precision at 25"] > real_table.loc[name, "precision"], at_k

# %% [markdown]
# **Ties.** In 20 Newsgroups, the model gave some flagged posts a probability of *exactly* 0 for
# their own label, so their self-confidence ties at the top of the ranking. Our rule puts tied rows
# in row order; cleanlab's sort leaves them in another order. Neither is wrong, but precision at k
# for a k that cuts through the tie then depends on an arbitrary choice: report the range over all
# orders of the tied rows, or choose k at the end of the tie.

# %%
news = real_sets["20news"]
self_confidence = news["probs"][news["ranked"], news["given"][news["ranked"]]]
tied = int((self_confidence == 0).sum())
confirmed_in_tie = int(news["confirmed"][:tied].sum())
cleanlab_confirmed = (
    news["verdicts"]
    .set_index("index")["label_error"]
    .reindex(news["cleanlab ranked"], fill_value=False)
    .to_numpy(dtype=bool)
)
K = 10
tie_table = pd.Series(
    {
        "flagged posts with self-confidence exactly 0": tied,
        "confirmed errors among them": confirmed_in_tie,
        f"precision at {K}, our order": precision_at(news["confirmed"], K),
        f"precision at {K}, cleanlab's order": precision_at(cleanlab_confirmed, K),
        f"precision at {K}, lowest possible": max(0, K - (tied - confirmed_in_tie)) / K,
        f"precision at {K}, highest possible": min(K, confirmed_in_tie) / K,
        f"precision at {tied} (end of the tie), any order": precision_at(news["confirmed"], tied),
    },
    name="20 Newsgroups",
)
tie_table.round(2).to_frame()

# %% tags=["claim-check"]
assert tied > K and not np.array_equal(news["ranked"][:tied], news["cleanlab ranked"][:tied])
assert set(news["ranked"][:tied]) == set(news["cleanlab ranked"][:tied])  # same tied rows, other order
assert precision_at(cleanlab_confirmed, tied) == precision_at(news["confirmed"], tied)
assert tie_table[f"precision at {K}, lowest possible"] < tie_table[f"precision at {K}, highest possible"]

# %% [markdown]
# **Hard cases, not errors.** A confirmed error is not always a wrong label with a right one
# waiting. For every flag the workers checked, did they keep the given label (the flag was
# wrong), confirm the label confident learning proposed (a clear fix), or neither (they split, or
# chose "neither", "both", "neutral" or "off-topic")?

# %%
outcomes = {}
for name, r in real_sets.items():
    checked = r["verdicts"][r["verdicts"]["index"].isin(r["ranked"])]
    error = checked["label_error"]
    outcomes[name] = {
        "given label kept (flag wrong)": int((~error).sum()),
        "proposed label confirmed (clear fix)": int((error & (checked["votes_guessed"] >= 3)).sum()),
        "error, no clear fix (hard or ambiguous)": int((error & (checked["votes_guessed"] < 3)).sum()),
    }
outcomes = pd.DataFrame(outcomes).T
no_clear_fix = outcomes["error, no clear fix (hard or ambiguous)"] / outcomes.iloc[:, 1:].sum(axis=1)
outcomes.assign(**{"share of errors with no clear fix": no_clear_fix.round(2)})

# %% [markdown]
# On CIFAR-10, 20 Newsgroups and IMDB, most confirmed errors have no clear fix: the workers
# rejected the given label but did not agree on the proposed one either (an item that fits both
# classes or neither, a review that is neutral or off-topic). Only on MNIST do most come with a
# clear fix. Relabelling such an item to the
# proposed class only swaps one doubtful label for another; the fix is a decision about the task
# (drop the item, allow two labels, say in the guideline what to do). And on CIFAR-10 most flags
# the workers checked were fine labels.
#
# **What held, and what did not.** The method is the same on real data (exactly cleanlab's flags),
# and its ranking does put real errors first. But a flag is a request for review, not a verdict:
# precision goes from about 0.2 to about 0.7 depending on the data, most real "errors" on three of
# the four sets are hard cases rather than wrong labels with a right one waiting, and on exact ties the order of the list (and
# any precision at k inside the tie) is a convention. Blindly relabelling or deleting the flagged
# items would not pay; reviewing the top of the list would.

# %% tags=["claim-check"]
assert (no_clear_fix[["cifar10", "20news", "imdb"]] > 0.5).all() and no_clear_fix["mnist"] < 0.5, outcomes
cifar = outcomes.loc["cifar10"]
assert cifar["given label kept (flag wrong)"] > cifar.iloc[1:].sum(), outcomes  # "most flags ... fine labels"
assert (outcomes.sum(axis=1) == real_table["checked by workers"].astype(int)).all()

# %% [markdown]
# ## Check your understanding
#
# 1. Why must confident learning use out-of-sample probabilities? What happens with in-sample ones?
# 2. Why does confident learning use one threshold per class rather than a single cut-off such as 0.5?
# 3. A row is flagged by cleanlab. Give two reasons not to delete it without looking.
# 4. The baseline's overall accuracy looks decent. Which line of the report card would you show the
#    team before shipping, and why?
# 5. On CIFAR-10, confident learning's precision is about 0.2. Is the method useless there? What
#    would you tell a team that wants to relabel every flagged image automatically?
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
# 5. Not useless: its top-ranked flags are purer than the list as a whole, so a small review budget
#    spent at the top finds real errors at a better rate than the whole list (measure precision at
#    k). But four flags in five are not confirmed errors, and most confirmed ones have no clear fix, so
#    automatic relabelling would change many correct labels and swap doubtful ones for other doubtful
#    ones. Review the top of the ranking; decide what to do with ambiguous items in the guideline.
# </details>
#
# ## Summary
#
# - Judge labels with **out-of-sample** probabilities (`cross_val_predict(..., method="predict_proba")`).
# - A report card has per-slice error rates, a confusion matrix, an error table by cause, and calibration.
# - Confident learning: per-class thresholds, the confident joint, off-diagonal rows flagged, ranked by
#   self-confidence; cleanlab does the same in one line, and Datalab adds outliers and near-duplicates.
# - Review flagged rows instead of deleting them, and measure every fix on a clean test set.
# - Judging mistakes is itself error-prone: measure a reviewer's tags against known answers, and
#   weight a stratified sample before turning it into shares.
# - On real benchmarks a flag is a request for review: precision from 0.2 to 0.7, best at the top of
#   the ranking; many confirmed errors are hard cases without a right label; ties make precision at
#   k a convention inside the tie.
#
# ## Going further
#
# - The library one-liner: `cleanlab.filter.find_label_issues(labels, pred_probs)`, and
#   `cleanlab.Datalab(data, label_name=...).find_issues(pred_probs=..., features=...)` for a wider audit.
# - Northcutt, Jiang, Chuang (2021), *Confident Learning: Estimating Uncertainty in Dataset Labels*,
#   Journal of Artificial Intelligence Research 70. The method of section 3, with its assumptions
#   (noise that depends on the class, not on the image), which systematic, image-dependent noise breaks.
# - Northcutt, Athalye, Mueller (2021), *Pervasive Label Errors in Test Sets Destabilize Machine
#   Learning Benchmarks*, NeurIPS Datasets and Benchmarks track: the real data of the last section
#   (`cleanlab/label-errors`, Apache-2.0), with the Mechanical Turk protocol.
# - Guo, Pleiss, Sun, Weinberger (2017), *On Calibration of Modern Neural Networks*, ICML: the
#   reliability diagram and ECE used in section 7.
# - The images: Alpaydin and Kaynak (1998), Optical Recognition of Handwritten Digits, UCI Machine
#   Learning Repository (CC BY 4.0).
# - Next: the exercises, [`exercises/06-error-analysis/06-error-analysis.ipynb`](../exercises/06-error-analysis/06-error-analysis.ipynb),
#   then module 07, [Strategic data collection](07-active-learning.ipynb).
