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
# - compare the two, with numbers you computed yourself;
# - measure how common wrong labels are in real, published data sets, and what tuning and a
#   targeted review buy on real text messages.

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
# **Where you are.** In a clone of the course, `python3 tasks.py progress` prints your progress
# table: for each module, the exercises you attempted, how many visible tests pass, the written
# answers still empty, and what to do next.
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
import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict, train_test_split
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
# Now the month of model work, compressed: a grid over four model families and their main
# hyperparameters, chosen by 3-fold cross-validation on the training data, as a careful team would.
# (It is kept small so that the lesson runs in seconds; the Try it below adds bigger models.)

# %%
search_space = [
    {"model": [LogisticRegression(max_iter=1000)], "model__C": [0.1, 1, 10]},
    {"model": [SVC()], "model__C": [1, 10]},
    {"model": [KNeighborsClassifier()], "model__n_neighbors": [5, 25]},
    {"model": [RandomForestClassifier(n_estimators=30, max_depth=6, random_state=SEED)]},
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
# the inspections. Figures such as "10-30% gains from fixing the data" are widely repeated and
# rarely sourced: how much you gain depends entirely on how bad the labels are, so measure on your
# own data, as you just did.
#
# How bad were the apples' labels? The cell below counts them from the ground truth.

# %%
error_share = truth["is_label_error"].mean()
night_share = night.mean()
night_error_share = truth.loc[night, "is_label_error"].sum() / truth["is_label_error"].sum()
print(
    f"wrong training labels: {error_share:.1%} overall, {night_error_share:.0%} of them from the night shift, "
    f"which graded {night_share:.0%} of the apples"
)

# %% tags=["claim-check"]
# The numbers the prose and the answers below state.
assert round(100 * error_share) == 9, error_share  # "9% of the training labels are wrong"
assert round(100 * night_share) == 28, night_share  # "the night shift graded 28% of the apples"
assert night_error_share > 0.85, night_error_share  # "nearly all of them from the night shift"

# %% [markdown]
# About 9% of the training labels are wrong, and nearly all of them come from one shift that
# graded 28% of the apples. That concentration is why one targeted fix pays so much. Real data
# is rarely this kind to us: the next section asks how it goes on data nobody here wrote.
#
# ## Does it hold on real data?
#
# **How common are wrong labels in real data sets?** Northcutt, Athalye and Mueller (2021,
# *Pervasive Label Errors in Test Sets Destabilize Machine Learning Benchmarks*) ran confident
# learning on the test sets of well-known benchmarks and showed every label it flagged to five
# Mechanical Turk workers. Their published verdicts for four of those test sets ship with the
# course (`data.load_label_errors`, card `label_errors`). A label counts as wrong when fewer than 3
# of the 5 workers chose it, the paper's rule. Count them yourself:

# %%
benchmark_names = {
    "mnist": "MNIST (handwritten digits)",
    "cifar10": "CIFAR-10 (small photos)",
    "20news": "20 Newsgroups (posts)",
    "imdb": "IMDB (film reviews)",
}
benchmark_rows = []
for name, title in benchmark_names.items():
    benchmark = data.load_label_errors(name)
    benchmark_rows.append(
        {
            "data set": title,
            "test labels": len(benchmark.labels),
            "flagged and shown to workers": len(benchmark.verdicts),
            "confirmed wrong": int(benchmark.verdicts["label_error"].sum()),
        }
    )
wrong_labels = pd.DataFrame(benchmark_rows).set_index("data set")
wrong_labels["wrong per 100 labels"] = 100 * wrong_labels["confirmed wrong"] / wrong_labels["test labels"]
wrong_labels["share of flags confirmed"] = (
    wrong_labels["confirmed wrong"] / wrong_labels["flagged and shown to workers"]
)
wrong_labels.round(2)

# %% tags=["claim-check"]
per_100 = wrong_labels["wrong per 100 labels"]
flags_confirmed = wrong_labels["share of flags confirmed"]
assert round(per_100.min(), 2) == 0.15 and per_100.idxmin().startswith("MNIST"), per_100
assert round(per_100.max(), 1) == 2.9 and per_100.idxmax().startswith("IMDB"), per_100
assert round(100 * flags_confirmed.min()) == 15 and round(100 * flags_confirmed.max()) == 88, flags_confirmed

# %% [markdown]
# Between 0.15 (MNIST) and 2.9 (IMDB) of every 100 test labels are confirmed wrong. These are
# **lower bounds**: the workers saw only the labels confident learning flagged, so errors it missed
# were never counted. They are also *test* labels, the measuring stick of a whole research field,
# and the paper shows that errors at these rates can change which of two models looks better.
#
# The last column matters for a *targeted review*: of the labels confident learning flagged, the
# workers confirmed between 15% and 88% as wrong. The rest were right, or ambiguous enough that the
# workers split. Flags are where to look, not a list of errors.
#
# **What do tuning and a targeted review buy on a real set?** The SMS Spam Collection (card
# `sms_spam`) holds 5,574 real text messages labeled ham or spam. Its 403 exact copies are dropped
# first, so that no message sits on both sides of the split (module 01 shows why). Then the same
# experiment as with the apples: a fixed model (word frequencies + logistic regression), a small
# tuning grid chosen by cross-validation, and the labels cleanlab flags, acted on in the two ways a
# hurried team would: drop them, or flip them.

# %%
sms_all = data.load("sms_spam")
sms = sms_all.drop_duplicates("text")  # exact copies dropped: none on both sides of the split
sms_train, sms_test = train_test_split(sms, test_size=0.3, stratify=sms["label"], random_state=SEED)
words = TfidfVectorizer().fit(sms_train["text"])  # the vocabulary of the training messages
X_train, X_test = words.transform(sms_train["text"]), words.transform(sms_test["text"])
spam_train = sms_train["label"].eq("spam").astype(int).to_numpy()
spam_test = sms_test["label"].eq("spam").astype(int).to_numpy()


def sms_accuracy(labels, keep=None, C=1.0):
    """Fit the fixed model on the training messages (those in `keep`) with `labels`; test accuracy."""
    keep = slice(None) if keep is None else keep
    model = LogisticRegression(C=C, max_iter=1000).fit(X_train[keep], labels[keep])
    return model.score(X_test, spam_test)


sms_scores = {"fixed model (logistic regression)": sms_accuracy(spam_train)}
sms_search = GridSearchCV(
    LogisticRegression(max_iter=1000), {"C": [1, 10, 100]}, cv=StratifiedKFold(3, shuffle=True, random_state=SEED)
).fit(X_train, spam_train)
sms_scores[f"tuned: C={sms_search.best_params_['C']} (of 1, 10, 100)"] = sms_search.score(X_test, spam_test)

sms_out_of_sample = cross_val_predict(
    LogisticRegression(max_iter=1000),
    X_train,
    spam_train,
    cv=StratifiedKFold(5, shuffle=True, random_state=SEED),
    method="predict_proba",
)
sms_flagged = find_label_issues(spam_train, sms_out_of_sample, filter_by="prune_by_noise_rate")
sms_scores[f"flagged labels dropped ({sms_flagged.sum()})"] = sms_accuracy(spam_train, keep=~sms_flagged)
sms_scores[f"flagged labels flipped ({sms_flagged.sum()})"] = sms_accuracy(
    np.where(sms_flagged, 1 - spam_train, spam_train)
)
sms_results = pd.Series(sms_scores, name="test accuracy").to_frame()
sms_results["gain (points)"] = 100 * (sms_results["test accuracy"] - sms_results["test accuracy"].iloc[0])
print(f"cleanlab flags {sms_flagged.sum()} of {len(spam_train):,} training labels ({sms_flagged.mean():.2%})")
sms_results.round({"test accuracy": 4, "gain (points)": 2})

# %% tags=["claim-check"]
sms_gains = sms_results["gain (points)"]
assert len(sms_all) == 5574 and len(sms) == 5171, (len(sms_all), len(sms))
assert sms_flagged.mean() < 0.005, sms_flagged.mean()  # "fewer than 1 label in 200"
assert sms_gains.iloc[1] > 1, sms_gains  # tuning buys more than a point
assert sms_gains.iloc[2:].abs().max() < 0.25, sms_gains  # acting on the flags: less than a quarter point either way
assert sms_gains.iloc[1] > sms_gains.iloc[2:].max() + 1, sms_gains

# %% [markdown]
# This time tuning wins. One hyperparameter (the regularization strength `C`) buys more than a
# point, while dropping or flipping what cleanlab flags moves test accuracy by less than a quarter of
# a point, either way. cleanlab flags fewer than 1 training label in 200. Read them:

# %%
for given_label, text in zip(sms_train.loc[sms_flagged, "label"], sms_train.loc[sms_flagged, "text"]):
    print(f"given {given_label:>4}: {text}")

# %% [markdown]
# Most of them look like hard cases rather than wrong labels: short personal messages that the
# model finds spam-like, and spam written as a joke, a quiz or a chat invitation (premium-rate
# services sent such texts to subscribers who paid per message). A few are debatable, and the
# right label depends on the rule you write down. Deciding is a person's job: flipping every flag
# without reading it is not a fix.
#
# So, the honest conclusion of this lesson: **data beats tuning when the labels are bad**, as they
# were for one shift of apples; on a well-labeled set, the labels leave little to gain and tuning
# is the cheaper win. Which case you are in is something you *measure*: the rate of wrong labels,
# where they come from, and what each fix buys on a trusted test set. That is what the rest of the
# course teaches.

# %% [markdown]
# ### Try it
#
# 1. Is the night shift's fruit really better? Compare `apples.groupby("shift")[FEATURES].mean()`.
# 2. Re-grade only the apples that are *both* from the night shift *and* flagged by cleanlab. How
#    many re-inspections does that cost, and how much accuracy does it buy?
# 3. Add bigger models to `search_space` (say `SVC(C=100)`, or
#    `HistGradientBoostingClassifier` from `sklearn.ensemble`). Do they close the gap?
# 4. On the SMS messages, tune with `C` up to 1000, or with word pairs
#    (`TfidfVectorizer(ngram_range=(1, 2))`). How much more does tuning buy?

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
# 5. On the SMS messages, tuning beat acting on cleanlab's flags. Does that contradict the apples?
#
# <details><summary>Answers</summary>
#
# 1. Cross-validation scores each model against held-out *training* labels, 9% of which are
#    wrong; the test labels are correct, so a model that learned the true rule scores better there.
# 2. The labels teach the model a different boundary for premium on the night shift's apples, 28%
#    of the training set; a better optimizer only learns that mixed rule more faithfully. The
#    information is wrong, not the model's capacity.
# 3. Targeted review is cheap but misses errors the model has partly learned (systematic errors
#    look "normal" to it); re-grading the source catches them all but costs one inspection per apple.
# 4. Noisy test labels would reward models that reproduce the noise. A small, carefully labeled
#    test set is the measuring stick for every data change.
# 5. No. The apples had many wrong labels concentrated in one source; the SMS labels are mostly
#    right, so there was little for a data fix to gain, and the default model was under-tuned. Which
#    side to work on depends on how bad the labels are, which you measure first.
# </details>
#
# ## Summary
#
# - Measure every change on a clean test set, the same one each time.
# - Tuning the model cannot undo wrong labels; finding *where* labels go wrong (a shift, an
#   annotator, a period) can.
# - A model's out-of-sample probabilities point at suspicious labels: `cleanlab.filter.find_label_issues`.
#   Flags are where to look, not a list of errors: read them before changing a label.
# - Even curated benchmarks carry confirmed label errors (0.15 to 2.9 per 100 test labels in the
#   four sets above); how much fixing them pays depends on how many there are and where.
#
# ## Going further
#
# - The library one-liner: `cleanlab.filter.find_label_issues(labels, pred_probs)`; module 06 builds it by hand.
# - Northcutt, Athalye, Mueller (2021): *Pervasive Label Errors in Test Sets Destabilize Machine
#   Learning Benchmarks*, NeurIPS Datasets and Benchmarks; its data and verdicts:
#   <https://github.com/cleanlab/label-errors> (Apache-2.0).
# - T. A. Almeida, J. M. Gómez Hidalgo, A. Yamakami (2011): *Contributions to the Study of SMS Spam
#   Filtering: New Collection and Results*, DocEng 2011 (the SMS Spam Collection, CC BY 4.0).
# - Next: the warm-up exercise, [`exercises/00-start-here/00-start-here.ipynb`](../exercises/00-start-here/00-start-here.ipynb),
#   then module 01, [Reading your data like a detective](01-data-detective.ipynb).
