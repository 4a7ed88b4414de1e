# %% [markdown]
# # 00 · Why data beats model tuning
#
# A packing house grades apples as *reject*, *standard* or *premium*, and wants a model to do it
# from six measurements. The data science team spent a month on models: logistic regression,
# support vector machines, random forests, gradient boosting, each with its hyperparameters tuned.
# Accuracy barely moved. Then someone looked at *who* had graded the training apples.
#
# This lesson repeats that story on real numbers that the notebook computes as you run it.
#
# **In this lesson you will:**
# - find your way around the course (lessons, exercises, tests) in JupyterLab, Colab or Binder;
# - check that your environment has everything the course needs;
# - tune a grid of models on noisy labels and measure what tuning buys;
# - find an inconsistent label source and measure what fixing the labels buys;
# - compare the two, with numbers you computed yourself.

# %% [markdown]
# ## How this course works
#
# Each module has two notebooks:
#
# | notebook | where | what you do |
# |---|---|---|
# | the **lesson** | `course/NN-topic.ipynb` | read, run every cell, play with the "Try it" cells |
# | the **exercise** | `exercises/NN-topic/NN-topic.ipynb` | fill in the functions marked `# YOUR CODE HERE`, run the test cell below each one |
#
# The test cells you can see give feedback while you work. When you submit, your instructor's
# copy of nbgrader also runs **hidden tests** that try your functions on fresh inputs, so an
# answer that only fits the visible test will not get the points. Written answers are graded by
# a person, against a rubric.
#
# **Where to run it.** Locally, `python3 tasks.py lab` (from the repository's README) opens
# this page in JupyterLab. On **Colab** or **Binder**, use the badges at the top: the first cell
# of every notebook installs the course on Colab and does nothing anywhere else. Everything runs
# offline: the data ships with the course.
#
# Run the set-up cell below. It imports what the lesson needs, fixes the random seed, and prints
# the versions you are running.

# %%
import cleanlab
import matplotlib.pyplot as plt
import pandas as pd
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from utils import checks, data, plots

SEED = 0
plots.use_course_style()
print(f"pandas {pd.__version__}, scikit-learn {sklearn.__version__}, cleanlab {cleanlab.__version__}")

# %% [markdown]
# ### Check your environment
#
# `checks.environment_report()` lists every package the course needs, the version you have, and
# whether it is recent enough. `checks.data_check()` verifies each data file against its
# checksum in the course's data registry: if a file was edited by accident, it says how to restore it.

# %%
report = checks.environment_report()
report

# %%
data_status = checks.data_check()
assert report["ok"].all(), "Some packages are missing or too old: see the table above."
assert (data_status["status"] == "ok").all(), data_status
data_status

# %% [markdown]
# ## Meet the data
#
# Every data set of the course is loaded **by name** from a registry (`data.list_datasets()`),
# and each has a *data card* that says where it comes from and what is wrong with it on purpose.

# %%
print(data.list_datasets())
apples = data.load("apple_grading")  # 1,500 training apples, graded by three shifts
apples_test = data.load("apple_grading_test")  # 600 apples re-graded by the head inspector
FEATURES = ["diameter_mm", "weight_g", "sugar_brix", "firmness_kgf", "blemish_pct", "color_score"]
apples.head()

# %%
apples["grade"].value_counts().rename("apples").to_frame()


# %% [markdown]
# ## The model-centric way: tune the model
#
# First a baseline: standardize the six measurements and fit a logistic regression. We always
# measure on the **test set**, whose labels were checked by the head inspector.


# %%
def baseline_model():
    """The fixed model used throughout: scaling + logistic regression."""
    return Pipeline([("scale", StandardScaler()), ("model", LogisticRegression(max_iter=1000))])


def test_accuracy(model, labels):
    """Fit `model` on the training apples with `labels`; return accuracy on the clean test set."""
    model.fit(apples[FEATURES], labels)
    return model.score(apples_test[FEATURES], apples_test["grade"])


scores = {"baseline (logistic regression)": test_accuracy(baseline_model(), apples["grade"])}
print(f"baseline test accuracy: {scores['baseline (logistic regression)']:.3f}")

# %% [markdown]
# Now the month of model work, compressed: a grid over five model families and their main
# hyperparameters, chosen by 3-fold cross-validation on the training data, as a careful team would.

# %%
search_space = [
    {"model": [LogisticRegression(max_iter=1000)], "model__C": [0.1, 1, 10]},
    {"model": [SVC()], "model__C": [1, 10]},
    {"model": [KNeighborsClassifier()], "model__n_neighbors": [5, 25]},
    {"model": [RandomForestClassifier(n_estimators=100, random_state=SEED)], "model__max_depth": [6, None]},
    {"model": [HistGradientBoostingClassifier(random_state=SEED)]},
]
search = GridSearchCV(baseline_model(), search_space, cv=StratifiedKFold(3, shuffle=True, random_state=SEED))
search.fit(apples[FEATURES], apples["grade"])
tuning = pd.DataFrame(search.cv_results_)[["param_model", "params", "mean_test_score"]]
tuning["model"] = tuning["params"].map(
    lambda p: type(p["model"]).__name__ + " " + str({k[7:]: v for k, v in p.items() if k != "model"})
)
best_tuned = search.score(apples_test[FEATURES], apples_test["grade"])
scores[f"best of {len(tuning)} tuned models"] = best_tuned
print(f"best: {tuning.loc[search.best_index_, 'model']}, test accuracy {best_tuned:.3f}")
tuning[["model", "mean_test_score"]].sort_values("mean_test_score", ascending=False)

# %% [markdown]
# Compare the best tuned model's test accuracy with the baseline's: that difference is what the
# whole grid bought. Notice also that every cross-validation score in the table is *below* the
# test scores: the models are graded against training labels that disagree with the test
# labels. That is the clue.
#
# ## The data-centric way: look at the labels
#
# Who graded what? The table has a `shift` column. If every shift followed the written rule, each
# shift would call roughly the same share of apples premium: the apples do not know who inspects them.

# %%
grade_rates = pd.crosstab(apples["shift"], apples["grade"], normalize="index").round(3)
grade_rates.plot.bar(title="Share of each grade, by shift", ylabel="share of the shift's apples", rot=0)
plt.show()
grade_rates

# %% [markdown]
# The night shift calls far more apples premium than the other two. The measurements of its
# apples are no better (check `apples.groupby("shift")[FEATURES].mean()` in the Try it below), so
# the difference is in the *labels*: the night shift kept using last season's looser rule.
#
# Two ways to fix the labels, both measured with the **same baseline model** as before:
#
# 1. **Targeted review.** Let the model point at suspicious labels. cleanlab's
#    `find_label_issues` uses out-of-sample predicted probabilities (confident learning, module 06)
#    to flag labels that disagree with what the model confidently expects. An inspector re-grades
#    only the flagged apples.
# 2. **Re-grade the inconsistent source.** Send the night shift's apples back for re-grading with
#    the written rule.
#
# In this notebook, "re-grading" looks up the correct grade in the data set's ground truth
# (`data.load_truth("apple_grading")`), standing in for an inspector with the written rule.

# %%
from cleanlab.filter import find_label_issues

truth = data.load_truth("apple_grading")
grade_codes = {grade: code for code, grade in enumerate(sorted(apples["grade"].unique()))}
given_codes = apples["grade"].map(grade_codes).to_numpy()
out_of_sample = cross_val_predict(
    baseline_model(),
    apples[FEATURES],
    given_codes,
    cv=StratifiedKFold(5, shuffle=True, random_state=SEED),
    method="predict_proba",
)
flagged = find_label_issues(given_codes, out_of_sample, filter_by="prune_by_noise_rate")

reviewed = apples["grade"].where(~flagged, truth["true_grade"])  # inspector re-grades flagged apples only
scores[f"targeted review ({flagged.sum()} apples re-graded)"] = test_accuracy(baseline_model(), reviewed)

night = apples["shift"] == "night"
regraded = apples["grade"].where(~night, truth["true_grade"])  # re-grade the whole night shift
scores[f"night shift re-graded ({night.sum()} apples)"] = test_accuracy(baseline_model(), regraded)

precision = truth.loc[flagged, "is_label_error"].mean()
print(f"cleanlab flagged {flagged.sum()} labels; {precision:.0%} of them were really wrong")
print(
    f"the night shift's labels: {truth.loc[night, 'is_label_error'].mean():.0%} wrong; "
    f"the other shifts: {truth.loc[~night, 'is_label_error'].mean():.1%} wrong"
)

# %% [markdown]
# ## The verdict

# %%
results = pd.Series(scores, name="test accuracy").to_frame()
results["gain over baseline (points)"] = (100 * (results["test accuracy"] - results["test accuracy"].iloc[0])).round(1)
plots.bar_comparison(scores, title="Tuning the model vs fixing the data (same test set)")
plt.show()
results

# %% tags=["claim-check"]
# Regression guard (like cleanlab's tutorials): the lesson's claim must hold every time it runs.
gain_tuning = best_tuned - scores["baseline (logistic regression)"]
gain_regrade = scores[f"night shift re-graded ({night.sum()} apples)"] - scores["baseline (logistic regression)"]
assert gain_regrade > gain_tuning + 0.02, (gain_regrade, gain_tuning)
assert scores[f"targeted review ({flagged.sum()} apples re-graded)"] > scores["baseline (logistic regression)"]

# %% [markdown]
# Read the table from your own run. Fixing the labels of one shift, with the *plain baseline
# model*, beats the best tuned model (the cell above checks this every time the notebook runs);
# re-grading only the apples cleanlab flagged already recovers part of the gap, for a fraction of
# the inspections. The seed texts of data-centric AI quote
# "10-30% gains" from data fixes: how much you gain depends entirely on how bad the labels are, so
# treat such figures as anecdotes and measure on your own data, as you just did.
#
# How common are wrong labels? Northcutt, Athalye and Mueller (2021, *Pervasive Label Errors in
# Test Sets Destabilize Machine Learning Benchmarks*) estimated an average of at least 3.3% label
# errors across ten popular benchmark **test** sets (about 6% in ImageNet's validation set). Those
# are published, curated data sets; a company's first labeling round is rarely better. The rate
# in our apples, concentrated in one shift, is printed below: that concentration is why one
# targeted fix pays so much.

# %%
print(
    f"wrong training labels: {truth['is_label_error'].mean():.1%} overall, "
    f"{truth.loc[night, 'is_label_error'].sum() / truth['is_label_error'].sum():.0%} of them from the night shift"
)

# %% [markdown]
# ### Try it
#
# 1. Is the night shift's fruit really better? Compare `apples.groupby("shift")[FEATURES].mean()`.
# 2. Re-grade only the apples that are *both* from the night shift *and* flagged by cleanlab. How
#    many re-inspections does that cost, and how much accuracy does it buy?
# 3. Add a bigger model to `search_space` (say `SVC(C=100)`). Does it close the gap?

# %%
# Try it here.

# %% [markdown]
# ## Check your understanding
#
# 1. Why are the cross-validation scores of the tuned models lower than their test scores here?
# 2. Why can no amount of hyperparameter tuning recover the accuracy lost to the night shift's rule?
# 3. The targeted review re-graded far fewer apples than re-grading the whole shift. What is the
#    trade-off between the two fixes?
# 4. Why do we measure on a test set re-graded by the head inspector rather than on a split of the
#    training data?
#
# <details><summary>Answers</summary>
#
# 1. Cross-validation scores each model against held-out *training* labels, 9% of which are
#    wrong; the test labels are correct, so a model that learned the true rule scores better there.
# 2. The labels teach the model a different boundary for premium on a third of the apples; a
#    better optimizer only learns that mixed rule more faithfully. The information is wrong, not
#    the model's capacity.
# 3. Targeted review is cheap but misses errors the model has partly learned (systematic errors
#    look "normal" to it); re-grading the source catches them all but costs one inspection per apple.
# 4. Noisy test labels would reward models that reproduce the noise. A small, carefully labeled
#    test set is the measuring stick for every data change.
# </details>
#
# ## Summary
#
# - Measure every change on a clean test set, the same one each time.
# - Tuning the model cannot undo wrong labels; finding *where* labels go wrong (a shift, an
#   annotator, a period) can.
# - A model's out-of-sample probabilities point at suspicious labels: `cleanlab.filter.find_label_issues`.
#
# ## Going further
#
# - The library one-liner: `cleanlab.filter.find_label_issues(labels, pred_probs)`; module 06 builds it by hand.
# - Northcutt, Athalye, Mueller (2021): *Pervasive Label Errors in Test Sets Destabilize Machine
#   Learning Benchmarks*, NeurIPS Datasets and Benchmarks.
# - Next: the warm-up exercise, [`exercises/00-start-here/00-start-here.ipynb`](../exercises/00-start-here/00-start-here.ipynb),
#   then module 01, [Reading your data like a detective](01-data-detective.ipynb).
