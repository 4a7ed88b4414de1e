# %% [markdown]
# # 09 · Keeping data healthy in production
#
# LendWell, an online lender, launched a model that triages personal-loan applications: it
# predicts whether a senior credit analyst, reading the whole file, would call the application
# *high risk*, and sends those to manual review. It was trained on 3,000 applications the
# analysts had reviewed before launch, and it scored well on held-out data.
#
# Ten weeks later the review team notices that their queue has become strangely light, while the
# applications they do see look riskier than ever. Nothing in the model changed. The *data* did:
# a marketing campaign, an upstream supplier, the people who label. This lesson is about
# noticing that early, deciding what to do, and checking that the fix worked, with numbers the
# notebook computes as you run it.
#
# **In this lesson you will:**
# - measure drift per feature and per weekly batch with PSI and the KS test, and set alert thresholds you can defend;
# - decide which batches deserve relabeling or retraining, and measure what retraining on a relabeled slice recovers;
# - draw a reliability diagram, compute the expected calibration error and fix it with Platt scaling or isotonic regression;
# - release counts with the Laplace mechanism and plot what privacy costs in accuracy;
# - generate a synthetic table and validate it against the real one (per-column distances, train on synthetic, test on real);
# - turn labeling agreement into a service level with a check that flags a breach.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy import stats
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import NearestNeighbors
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
from statsmodels.stats.proportion import proportion_confint

from utils import data, monitoring, plots

SEED = 0
plots.use_course_style()
print(f"pandas {pd.__version__}, scikit-learn {sklearn.__version__}, scipy {scipy.__version__}")

# %% [markdown]
# ## Meet the data: a training set and ten weekly batches
#
# `loan_training` holds the 3,000 reviewed applications the model was trained on.
# `loan_production` holds what arrived after launch: ten weekly batches of 400 applications,
# **without labels**, as in real life. The analysts' verdicts on the production applications are
# kept apart in `loan_production_truth`; in this notebook, looking them up stands in for paying
# the review team to label a sample ("relabeling"), and lets us measure, in hindsight, what the
# model really did each week. The data card says what was planted; we will find it from the data.

# %%
applications = data.load("loan_training")  # training period, labeled by the analysts
production = data.load("loan_production")  # 10 weekly batches, no labels
FEATURES = ["age", "annual_income", "employment_years", "credit_score", "debt_to_income", "loan_amount"]
print(f"training: {len(applications)} applications, {applications['high_risk'].mean():.1%} high risk")
print(f"production: {len(production)} applications in weeks {production['week'].min()}-{production['week'].max()}")
production.head()


# %% [markdown]
# The deployed model is the plain, fixed pipeline below: standardize the six numeric features,
# fit a logistic regression. Its coefficients (on standardized features) say how much it leans
# on each feature; keep them in mind, they matter when we decide which drift is dangerous.


# %%
def triage_model():
    """The fixed model used throughout: scaling + logistic regression."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


deployed = triage_model().fit(applications[FEATURES], applications["high_risk"])
weights = pd.Series(deployed[-1].coef_[0], index=FEATURES, name="coefficient (standardized)")
weights.to_frame().sort_values("coefficient (standardized)", key=abs, ascending=False).round(2)

# %% [markdown]
# ## Drift, one feature at a time: the population stability index
#
# The **population stability index** (PSI) comes from credit scoring. Cut the *training* values
# of a feature into bins, count which share of the training data (r) and of this week's batch
# (c) falls in each bin, and add up
#
# $$\mathrm{PSI} = \sum_{k} (c_k - r_k)\,\ln\frac{c_k}{r_k}.$$
#
# Every term is positive, so PSI is 0 only when the two histograms agree. It is the
# Kullback-Leibler divergence taken both ways, $\mathrm{KL}(c\,\|\,r) + \mathrm{KL}(r\,\|\,c)$.
# A PSI number is meaningless without its **binning contract**, so here is the course's
# (`utils.monitoring.psi`):
#
# 1. the bins are the **deciles of the training data** (`np.quantile` at 0.1, ..., 0.9; tied
#    quantiles merge);
# 2. a value equal to an edge goes to the bin on its right, and the two end bins are open, so a
#    production value outside the training range still counts (in the first or the last bin);
# 3. a bin's share is floored at `eps = 1e-4`, so an empty bin gives a large but finite PSI.
#
# Here is the age distribution of week 10 against training, bin by bin, with each bin's
# contribution to the PSI.

# %%
week10 = production[production["week"] == 10]
edges = monitoring.psi_bin_edges(applications["age"])
bins = [f"< {edges[0]:.0f}"] + [f"{lo:.0f}-{hi:.0f}" for lo, hi in zip(edges[:-1], edges[1:])] + [f">= {edges[-1]:.0f}"]
age_shares = pd.DataFrame(
    {
        "training": monitoring.psi_shares(applications["age"], edges),
        "week 10": monitoring.psi_shares(week10["age"], edges),
    },
    index=bins,
)
age_shares["contribution"] = (age_shares["week 10"] - age_shares["training"]) * np.log(
    age_shares["week 10"] / age_shares["training"]
)
age_shares[["training", "week 10"]].plot.bar(
    rot=0,
    ylabel="share of applications",
    title=f"Age, training vs week 10: PSI = {age_shares['contribution'].sum():.2f}",
)
plt.xlabel("age bin (training deciles)")
plt.show()
age_shares.round(3)

# %% [markdown]
# (Ages are whole numbers, so many training values sit exactly on an edge: that is why the
# training shares are not exactly 10% each, and why the tie rule of the contract matters.)
#
# No library ships PSI, but SciPy ships the Kullback-Leibler divergence
# (`scipy.stats.entropy(p, q)`); on the same bins, the two must agree.

# %%
psi_age = monitoring.psi(applications["age"], week10["age"])
r, c = age_shares["training"], age_shares["week 10"]
symmetric_kl = stats.entropy(c, r) + stats.entropy(r, c)
assert np.isclose(psi_age, symmetric_kl), (psi_age, symmetric_kl)
print(f"PSI with utils.monitoring: {psi_age:.4f};  KL both ways with scipy: {symmetric_kl:.4f}")

# %% [markdown]
# ### How big is big? PSI's noise floor
#
# The rule of thumb from credit scoring is **PSI < 0.1: stable, 0.1-0.25: moderate shift, >
# 0.25: major shift**. It is folklore, not a theorem: PSI also grows by chance when a batch is
# small. You can measure that noise floor for *your* batch size: draw many batches of 400 from
# the training data itself (no drift at all) and look at their PSI.

# %%
rng = np.random.default_rng(SEED)
null_psi = pd.DataFrame(
    {
        feature: [
            monitoring.psi(applications[feature], rng.choice(applications[feature].to_numpy(), 400, replace=False))
            for _ in range(200)
        ]
        for feature in FEATURES
    }
)
noise_floor = null_psi.quantile([0.5, 0.99]).T.rename(columns={0.5: "median", 0.99: "99th percentile"})
print(
    f"PSI of undrifted batches of 400: median {null_psi.stack().median():.3f}, 99th percentile {null_psi.stack().quantile(0.99):.3f}"
)
assert null_psi.stack().quantile(0.99) < monitoring.PSI_WARNING, (
    "the warning threshold should sit above the noise floor"
)
noise_floor.round(3)

# %% [markdown]
# With batches of 400, an undrifted week almost never reaches 0.1, so the usual thresholds will
# not fire by chance here. With batches of 50 they would (try it below): set thresholds from the
# noise floor of your own batch size, not from folklore alone.
#
# ### The KS test, and why its p-value is a poor alarm
#
# The two-sample Kolmogorov-Smirnov test compares the two empirical distribution functions; its
# **statistic** is their largest vertical gap (an effect size between 0 and 1) and its
# **p-value** asks whether a gap that large could be chance. `utils.monitoring.ks_test` is
# `scipy.stats.ks_2samp`. `monitoring.drift_table` computes PSI and KS for every feature and
# every week.

# %%
drift = monitoring.drift_table(applications, production, features=FEATURES)
psi_grid = drift.pivot(index="feature", columns="week", values="psi").loc[FEATURES]
fig, ax = plt.subplots(figsize=(9, 3.4))
image = ax.imshow(psi_grid.to_numpy(), cmap="Reds", vmin=0, vmax=0.5, aspect="auto")
for (i, j), value in np.ndenumerate(psi_grid.to_numpy()):
    ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=8, color="white" if value > 0.3 else "black")
ax.set_xticks(range(psi_grid.shape[1]), psi_grid.columns)
ax.set_yticks(range(len(FEATURES)), FEATURES)
ax.set_xlabel("production week")
ax.set_title("PSI of each feature, each week, against training")
ax.grid(False)
fig.colorbar(image, ax=ax, label="PSI")
plt.show()

# %%
fig, ax = plt.subplots(figsize=(8, 3.6))
for feature in FEATURES:
    ax.plot(psi_grid.columns, psi_grid.loc[feature], marker="o", label=feature)
ax.axhline(monitoring.PSI_WARNING, color="grey", linestyle="--")
ax.axhline(monitoring.PSI_ALERT, color="black", linestyle="--")
ax.text(1, monitoring.PSI_WARNING, " warning", va="bottom")
ax.text(1, monitoring.PSI_ALERT, " alert", va="bottom")
ax.set_xlabel("production week")
ax.set_ylabel("PSI")
ax.set_title("Two kinds of drift: a slow creep and a step")
ax.legend(ncol=3, fontsize=8)
plt.show()

# %% tags=["claim-check"]
# The readings of the chart that the text relies on.
step = psi_grid.loc["credit_score"]
assert step.loc[:6].max() < monitoring.PSI_WARNING and step.loc[7:].min() > monitoring.PSI_ALERT, step
for creeping in ("age", "annual_income"):
    assert psi_grid.loc[creeping, 1:3].max() < monitoring.PSI_WARNING < psi_grid.loc[creeping, 9:].min(), creeping
assert psi_grid.loc["debt_to_income"].max() < monitoring.PSI_WARNING

# %% [markdown]
# Two shapes stand out. `age` and `annual_income` **creep** up week after week: a gradual change
# in who applies. `credit_score` **jumps** from one week to the next and stays there: something
# changed abruptly. `debt_to_income` never moves. (The cell below checks these readings.)
#
# How good are the two alarms? The generator recorded which column drifts in which week and how
# (`loan_drift_truth`; "weak" marks real but small changes). Compare an alarm at PSI >= 0.1 with
# an alarm at KS p < 0.05, cell by cell.

# %%
drift_truth = data.load("loan_drift_truth")
scored = drift.merge(drift_truth, left_on=["week", "feature"], right_on=["week", "column"])
scored["psi >= 0.1"] = scored["psi"] >= monitoring.PSI_WARNING
scored["KS p < 0.05"] = scored["ks_pvalue"] < 0.05
false_alarms = scored[scored["kind"] == "none"]
print(
    f"cells with no drift: {len(false_alarms)}; false alarms: PSI {false_alarms['psi >= 0.1'].sum()}, "
    f"KS p-value {false_alarms['KS p < 0.05'].sum()}"
)
alarm_shares = scored.groupby("kind")[["psi >= 0.1", "KS p < 0.05"]].mean()
assert false_alarms["psi >= 0.1"].sum() == 0 < false_alarms["KS p < 0.05"].sum()
assert alarm_shares.loc["weak", "psi >= 0.1"] < alarm_shares.loc["weak", "KS p < 0.05"]
alarm_shares.round(2).rename_axis("planted drift")

# %% [markdown]
# The table gives, for each kind of planted drift, the share of (week, feature) cells each alarm
# flags. Both catch the abrupt step. The p-value answers "is there *any* difference?": it
# catches more of the small, real changes ("weak"), but with 60 tests at the 5% level some also
# fire on pure chance (the false alarms above), and with larger batches it would fire for
# differences too small to matter. PSI (like the KS *statistic*) measures *how big* the
# difference is, which is what a threshold should be about: it stays mostly quiet on the weak changes,
# which barely move the model, and raises no false alarm here.
#
# ### Prediction drift: watching the label balance without labels
#
# The label balance moves too, but labels are exactly what production lacks. What we *can*
# watch is the model's output: the share of applications it flags each week. Below it is drawn
# next to the true high-risk share, which we only know in hindsight.

# %%
production_truth = data.load("loan_production_truth")
weekly = pd.DataFrame(
    {
        "flagged by the model": pd.Series(
            {week: deployed.predict(batch[FEATURES]).mean() for week, batch in production.groupby("week")}
        ),
        "truly high risk (hindsight)": production_truth.groupby("week")["high_risk"].mean(),
    }
)
ax = weekly.plot(
    marker="o",
    figsize=(8, 3.4),
    xlabel="production week",
    ylabel="share of the week's applications",
    title="The model flags fewer applications while more are risky",
)
ax.axhline(applications["high_risk"].mean(), color="grey", linestyle=":", label="high-risk share in training")
ax.legend()
plt.show()
assert weekly.loc[7:, "flagged by the model"].max() < weekly.loc[:6, "flagged by the model"].min()
weekly.T.round(3)

# %% [markdown]
# The true high-risk share rises (the campaign brings riskier applicants). From week 7 the
# model's flag rate *drops*: exactly the "light queue" the review team noticed. A
# prediction-drift chart like this one costs nothing to keep, and the gap it opens is the first
# hint that the credit-score jump is not harmless.
#
# ## Decide: relabel, retrain, or watch
#
# An alert is a question, not an answer. A useful policy weighs *how much* a feature moved
# against *how much the model relies on it*:
#
# - **alert** (PSI >= 0.25) on a feature the model leans on (|standardized coefficient| >= 0.5):
#   pay for labels on a slice of the alarmed batches, and retrain on them;
# - **alert on a feature the model barely uses, or a warning**: watch, and check the pipeline;
# - otherwise: nothing to do.

# %%
drift["status"] = monitoring.drift_status(drift["psi"])
drift["weight"] = drift["feature"].map(weights.abs())


def decide(week_rows):
    """The action for one week, from its features' drift status and the model's weights."""
    heavy_alerts = week_rows[(week_rows["status"] == "alert") & (week_rows["weight"] >= 0.5)]
    if len(heavy_alerts):
        return "relabel a slice + retrain (" + ", ".join(heavy_alerts["feature"]) + ")"
    if (week_rows["status"] != "stable").any():
        return "watch (" + ", ".join(week_rows.loc[week_rows["status"] != "stable", "feature"]) + ")"
    return "ok"


decisions = drift.groupby("week")[["feature", "status", "weight"]].apply(decide).rename("decision").to_frame()
decisions

# %% [markdown]
# Week 7 is the first week that calls for action. In real life we could not see how accurate
# the model was each week; here the hindsight labels let us check that the policy was right:
# the slow creep of weeks 4-6 barely changes accuracy, the credit-score step costs a lot.

# %%
accuracy_by_week = pd.Series(
    {
        week: deployed.score(batch[FEATURES], production_truth.loc[batch.index, "high_risk"])
        for week, batch in production.groupby("week")
    },
    name="accuracy (hindsight)",
)
ax = accuracy_by_week.plot(
    marker="o",
    figsize=(8, 3.2),
    ylabel="accuracy",
    xlabel="production week",
    title="The deployed model's accuracy, week by week (hindsight labels)",
)
ax.axvline(6.5, color="grey", linestyle="--")
plt.show()
before_drift, creep, after_step = (
    accuracy_by_week.loc[1:3].mean(),
    accuracy_by_week.loc[4:6].mean(),
    accuracy_by_week.loc[7:].mean(),
)
assert abs(creep - before_drift) < 0.03 and after_step < before_drift - 0.05, (before_drift, creep, after_step)
accuracy_by_week.to_frame().T.round(3)

# %% [markdown]
# Now the fix, measured. At the week-7 alert, the team buys **300 labels** from the alarmed
# batches (weeks 7 and 8) and retrains the same pipeline on them; the new model serves weeks 9
# and 10, which we use as the test. Two comparisons keep us honest: the deployed model left
# alone, and the **same budget spent at random** over weeks 1-8. Each labeled sample is drawn
# with five seeds, so we see the spread as well as the mean.

# %%
BUDGET = 300
test_weeks = production["week"] >= 9
X_test, y_test = production.loc[test_weeks, FEATURES], production_truth.loc[test_weeks, "high_risk"]
pools = {
    "targeted: weeks 7-8": np.flatnonzero(production["week"].isin([7, 8])),
    "random: weeks 1-8": np.flatnonzero(production["week"] <= 8),
}


def retrained_accuracy(rows):
    """Fit the triage model on the relabeled `rows` of production; accuracy on weeks 9-10."""
    model = triage_model().fit(production.iloc[rows][FEATURES], production_truth.iloc[rows]["high_risk"])
    return model.score(X_test, y_test)


relabel_runs = pd.DataFrame(
    [
        {
            "labels from": name,
            "seed": seed,
            "accuracy, weeks 9-10": retrained_accuracy(np.random.default_rng(seed).choice(pool, BUDGET, replace=False)),
        }
        for name, pool in pools.items()
        for seed in range(5)
    ]
)
before = accuracy_by_week.loc[1:3].mean()
retraining = relabel_runs.groupby("labels from")["accuracy, weeks 9-10"].agg(["mean", "std"])
retraining.loc["deployed model, no retraining"] = [deployed.score(X_test, y_test), 0.0]
retraining = retraining.loc[["deployed model, no retraining", "random: weeks 1-8", "targeted: weeks 7-8"]]
plots.bar_comparison(
    retraining["mean"].to_dict(),
    title=f"Accuracy on weeks 9-10 after spending {BUDGET} labels",
    xlabel="accuracy (mean of 5 label samples)",
)
plt.show()
print(f"deployed model in weeks 1-3, before any drift: {before:.3f}")
retraining.round(3)

# %% tags=["claim-check"]
# The lesson's claims about retraining must hold every time it runs.
old = retraining.loc["deployed model, no retraining", "mean"]
targeted = retraining.loc["targeted: weeks 7-8", "mean"]
random_budget = retraining.loc["random: weeks 1-8", "mean"]
assert targeted > old + 0.05, (targeted, old)
assert targeted > random_budget + 0.03, (targeted, random_budget)
assert before - targeted < 0.5 * (before - old), "retraining should recover most of the lost accuracy"
assert decisions.index[decisions["decision"].str.startswith("relabel")].min() == 7

# %% [markdown]
# Read the numbers from your run: the deployed model lost accuracy after week 7; 300 labels from
# the alarmed weeks win most of it back (the cell above checks "most"), and the same 300 labels
# spread at random over weeks 1-8 win back much less, because most of them describe a world that no
# longer exists. (Weeks 9 and 10 are a riskier population than weeks 1-3, so "before" is a
# rough reference, not a ceiling.)
#
# Retraining is not the only fix, and for this particular step it may not be the best. A jump in
# *one* feature, from one week to the next, with no change in the others, smells like an
# upstream change rather than new customers: here the credit bureau switched to a new score
# version that reports everyone about 60 points higher (see the data card). The data-centric
# fix is to find out and map the scores back, keeping all 3,000 training labels valid. The Try
# it below measures that.
#
# ### Try it
#
# 1. Map the new scores back: subtract 60 from `credit_score` for weeks 7-10 and score the
#    deployed model on weeks 9-10. How does it compare with retraining?
# 2. Batches of 50 instead of 400: recompute the PSI noise floor with `sample(50)`. Would the
#    0.1 threshold still be safe?
# 3. Change `BUDGET` to 100 and 800. How many labels does the targeted strategy need?

# %%
# Try it here.

# %% [markdown]
# ## Calibration: can you trust the probabilities?
#
# The review team does not only want a yes/no: it sorts its queue by the model's probability,
# and the risk team prices loans with it. A probability of 0.3 should mean that 30% of such
# applications are high risk. A **reliability diagram** checks exactly that: bin the predicted
# probabilities, and plot, per bin, the observed share of high-risk applications against the
# mean prediction. The **expected calibration error** (ECE) is the average vertical gap,
# weighted by how many predictions fall in each bin:
#
# $$\mathrm{ECE} = \sum_b \frac{n_b}{n}\,\bigl|\text{share positive}_b - \text{mean predicted}_b\bigr|.$$
#
# Its binning contract (`utils.monitoring.reliability_table`): ten equal-width bins of [0, 1],
# closed on the right (0.1 belongs to the first bin), exactly the bins of scikit-learn's
# `calibration_curve(strategy="uniform")`.
#
# Before launch, a data scientist trained the model with `class_weight="balanced"`, to catch
# more high-risk applications. It does catch more, but its outputs are no longer probabilities.
# We measure on 1,000 held-out training applications.

# %%
fit_part, holdout = train_test_split(
    applications, test_size=1000, random_state=SEED, stratify=applications["high_risk"]
)


def balanced_model():
    """The same pipeline, trained with class_weight='balanced'."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced"))


balanced = balanced_model().fit(fit_part[FEATURES], fit_part["high_risk"])
p_balanced = balanced.predict_proba(holdout[FEATURES])[:, 1]
reliability = monitoring.reliability_table(holdout["high_risk"], p_balanced)
prob_true, prob_pred = calibration_curve(holdout["high_risk"], p_balanced, n_bins=10, strategy="uniform")
filled = reliability[reliability["count"] > 0]
assert np.allclose(filled["fraction_positive"], prob_true) and np.allclose(filled["mean_predicted"], prob_pred)
print(
    f"ECE = {monitoring.expected_calibration_error(holdout['high_risk'], p_balanced):.3f} (bins agree with sklearn's calibration_curve)"
)
reliability.round(3)

# %% [markdown]
# Two standard repairs learn a monotone map from scores to probabilities on data the model did
# not train on: **Platt scaling** fits a logistic curve (`method="sigmoid"`), **isotonic
# regression** fits any increasing step function (`method="isotonic"`; more flexible, needs more
# data). `CalibratedClassifierCV` does it with internal cross-validation, so we still measure on
# the untouched holdout.

# %%
probabilities = {"balanced, uncalibrated": p_balanced}
for method, name in (("sigmoid", "Platt scaling"), ("isotonic", "isotonic regression")):
    calibrated = CalibratedClassifierCV(balanced_model(), method=method, cv=5).fit(
        fit_part[FEATURES], fit_part["high_risk"]
    )
    probabilities[name] = calibrated.predict_proba(holdout[FEATURES])[:, 1]

fig, ax = plt.subplots(figsize=(5.5, 5.2))
ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect calibration")
for name, prob in probabilities.items():
    table = monitoring.reliability_table(holdout["high_risk"], prob)
    table = table[table["count"] > 0]
    ax.plot(table["mean_predicted"], table["fraction_positive"], marker="o", label=name)
ax.set_xlabel("mean predicted probability (bin)")
ax.set_ylabel("observed share high risk (bin)")
ax.set_title("Reliability diagram, held-out applications")
ax.legend()
plt.show()

calibration_scores = pd.DataFrame(
    {
        name: {
            "ECE": monitoring.expected_calibration_error(holdout["high_risk"], prob),
            "Brier score": brier_score_loss(holdout["high_risk"], prob),
            "ROC AUC": roc_auc_score(holdout["high_risk"], prob),
        }
        for name, prob in probabilities.items()
    }
).T
calibration_scores.round(3)

# %% tags=["claim-check"]
ece = calibration_scores["ECE"]
assert ece["Platt scaling"] < 0.5 * ece["balanced, uncalibrated"], ece
assert ece["isotonic regression"] < 0.5 * ece["balanced, uncalibrated"], ece
assert (
    abs(
        calibration_scores.loc["Platt scaling", "ROC AUC"] - calibration_scores.loc["balanced, uncalibrated", "ROC AUC"]
    )
    < 0.01
)

# %% [markdown]
# The balanced model's curve sits far below the diagonal: in every bin it predicts more risk
# than it finds (compare `mean_predicted` and `fraction_positive` in the table above). Both repairs bring the ECE down by more than half, and the ROC AUC barely moves:
# recalibration changes what the scores *mean*, not how well they *rank*. Platt scaling is
# enough here because the distortion is a smooth one; isotonic regression would pay off with a
# stranger shape and more data.
#
# Calibration drifts, too. Score the (Platt-calibrated) model on each production week, with the
# hindsight labels:

# %%
platt = CalibratedClassifierCV(balanced_model(), method="sigmoid", cv=5).fit(
    applications[FEATURES], applications["high_risk"]
)
production_prob = pd.Series(platt.predict_proba(production[FEATURES])[:, 1], index=production.index)
weekly_calibration = pd.DataFrame(
    {
        week: {
            "ECE": monitoring.expected_calibration_error(
                production_truth.loc[batch.index, "high_risk"], production_prob[batch.index]
            ),
            "mean predicted": production_prob[batch.index].mean(),
            "share high risk": production_truth.loc[batch.index, "high_risk"].mean(),
        }
        for week, batch in production.groupby("week")
    }
)
assert weekly_calibration.loc["ECE", 7:].mean() > 2 * weekly_calibration.loc["ECE", :3].mean()
assert (weekly_calibration.loc["mean predicted", 7:] < weekly_calibration.loc["share high risk", 7:]).all()
weekly_calibration.round(3)

# %% [markdown]
# A model calibrated before launch under-predicts risk by a wide margin once the scores shift:
# check calibration on every freshly labeled slice, not once.
#
# ## Privacy: counts with the Laplace mechanism
#
# Every quarter LendWell publishes how many high-risk applications came from each region. Those
# counts leak more than they seem. If an attacker knows everything about the data except one
# person's verdict, two innocent-looking queries reveal it. Below, the person is an Islands
# applicant the analysts judged high risk; the attack works the same whatever the verdict.

# %%
islands = applications[applications["region"] == "Islands"]
someone = islands.loc[islands["high_risk"] == 1, "application_id"].iloc[0]
with_them = int(islands["high_risk"].sum())
without_them = int(islands.loc[islands["application_id"] != someone, "high_risk"].sum())
print(f"high-risk applications in the Islands: {with_them}; without {someone}: {without_them}")
print(f"so {someone} was judged {'high' if with_them > without_them else 'not high'} risk")

# %% [markdown]
# The **Laplace mechanism** answers a query with noise drawn from a Laplace distribution of
# scale $b = \Delta / \varepsilon$, where the *sensitivity* $\Delta$ is the most one person can
# change the answer (1 for a count) and $\varepsilon$ is the privacy budget. The guarantee
# ($\varepsilon$-differential privacy): for any output, its probability with or without any one
# person differs by at most a factor $e^{\varepsilon}$. `monitoring.laplace_mechanism` takes a
# `seed=` so this notebook is reproducible; a real release must use unpredictable noise.
#
# First, check that its noise really is Laplace of scale $\Delta/\varepsilon$ against SciPy's
# distribution, then look at the two queries through the mechanism.

# %%
EPSILON = 0.5
draws = monitoring.laplace_mechanism(np.zeros(20000), sensitivity=1, epsilon=EPSILON, seed=SEED)
ks = stats.kstest(draws, stats.laplace(scale=1 / EPSILON).cdf)
print(f"KS statistic against scipy.stats.laplace(scale={1 / EPSILON}): {ks.statistic:.4f} (p = {ks.pvalue:.2f})")

noisy_with = monitoring.laplace_mechanism(np.full(20000, with_them), sensitivity=1, epsilon=EPSILON, seed=1)
noisy_without = monitoring.laplace_mechanism(np.full(20000, without_them), sensitivity=1, epsilon=EPSILON, seed=2)
fig, ax = plt.subplots(figsize=(7, 3.2))
grid = np.linspace(min(with_them, without_them) - 12, max(with_them, without_them) + 12, 49)
ax.hist(noisy_with, bins=grid, alpha=0.6, density=True, label=f"with {someone}")
ax.hist(noisy_without, bins=grid, alpha=0.6, density=True, label=f"without {someone}")
ax.set_xlabel("published count")
ax.set_title(f"The two answers under the Laplace mechanism, epsilon = {EPSILON}")
ax.legend()
plt.show()

# %% [markdown]
# The two distributions overlap heavily: by the guarantee, no published value is more than
# $e^{0.5} \approx 1.65$ times as likely in one world as in the other, so one published number no
# longer tells the attacker the verdict. The price is accuracy. The plot below measures, over many releases, the
# average error of each region's count as a share of the true count, for budgets from
# $\varepsilon = 0.01$ to $10$.

# %%
counts = applications.groupby("region")["high_risk"].sum().sort_values()
epsilons = np.logspace(-2, 1, 13)
relative_error = pd.DataFrame(
    {
        eps: np.abs(
            monitoring.laplace_mechanism(
                np.tile(counts.to_numpy(dtype=float), (2000, 1)), sensitivity=1, epsilon=eps, seed=SEED
            )
            - counts.to_numpy()
        ).mean(axis=0)
        / counts.to_numpy()
        for eps in epsilons
    },
    index=counts.index,
).T
ax = relative_error.plot(
    logx=True,
    logy=True,
    marker="o",
    figsize=(7.5, 3.8),
    xlabel="epsilon (privacy budget; smaller = more private)",
    ylabel="mean |error| / true count",
    title="The privacy/accuracy trade-off, per region",
)
ax.axhline(0.05, color="grey", linestyle=":")
ax.text(epsilons[0], 0.05, "5% error", va="bottom", color="grey")
ax.legend(title=None, labels=[f"{region} ({count} high risk)" for region, count in counts.items()])
plt.show()
print("smallest epsilon with < 5% mean relative error:")
print((relative_error < 0.05).idxmax().where((relative_error < 0.05).any()).round(3).to_string())

# %% tags=["claim-check"]
# The mean absolute Laplace error of a count is its scale, 1 / epsilon.
for eps in (0.1, 1.0):
    noise = monitoring.laplace_mechanism(np.zeros(50000), sensitivity=1, epsilon=eps, seed=SEED)
    assert abs(np.abs(noise).mean() * eps - 1) < 0.05
assert relative_error.iloc[0]["Islands"] > relative_error.iloc[0]["North"]
smallest_budget = (relative_error < 0.05).idxmax()
assert smallest_budget["Islands"] >= 3 * smallest_budget["North"], smallest_budget

# %% [markdown]
# The error of each count is about $1/\varepsilon$ whatever the count, so *small groups pay the
# most*: the Islands need a budget several times larger than the North for the same relative
# error. Two more rules matter in practice: each release spends budget, and budgets **add up**
# over releases (publishing every week for a year is 52 releases); counts over *disjoint* groups
# (one region per person) cost one $\varepsilon$ together, not one each.
#
# ## Synthetic data: useful only if validated
#
# A vendor wants "the data" to build a dashboard. A common answer is a **synthetic** table:
# rows drawn from a model of the real one. We build two simple generators and validate both.
#
# 1. **Independent columns**: sample each column from its own distribution (a shuffled copy).
# 2. **Gaussian copula, per class**: within each label class, turn each numeric column into
#    normal scores by rank, estimate their correlations, draw correlated normals and map them
#    back through the real quantiles; categorical columns are sampled from the class's rows.
#
# We fit both on 2,000 applications and keep 1,000 real ones apart for the checks.

# %%
NUMERIC, CATEGORICAL, LABEL = FEATURES, ["home_ownership", "region"], "high_risk"
columns = NUMERIC + CATEGORICAL + [LABEL]
real_train, real_test = train_test_split(
    applications[columns], test_size=1000, random_state=SEED, stratify=applications[LABEL]
)


def independent_columns(real, n, *, seed):
    """Each column sampled on its own from the real values: marginals kept, relations lost."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({column: real[column].to_numpy()[rng.integers(0, len(real), n)] for column in real.columns})


def gaussian_copula(real, n, *, seed):
    """Per label class, numeric columns from a Gaussian copula, categorical columns resampled."""
    rng = np.random.default_rng(seed)
    shares = real[LABEL].value_counts(normalize=True).sort_index()
    parts = []
    for label, size in zip(shares.index, rng.multinomial(n, shares.to_numpy())):
        group = real[real[LABEL] == label]
        values = group[NUMERIC].to_numpy(dtype=float)
        normal_scores = stats.norm.ppf((stats.rankdata(values, axis=0) - 0.5) / len(group))
        correlated = rng.multivariate_normal(
            np.zeros(len(NUMERIC)), np.corrcoef(normal_scores, rowvar=False), size=size
        )
        uniform = stats.norm.cdf(correlated)
        part = pd.DataFrame(
            {
                column: np.quantile(values[:, j], uniform[:, j], method="inverted_cdf")
                for j, column in enumerate(NUMERIC)
            }
        )
        part[CATEGORICAL] = group[CATEGORICAL].to_numpy()[rng.integers(0, len(group), size)]
        part[LABEL] = label
        parts.append(part)
    synthetic = pd.concat(parts, ignore_index=True)
    return synthetic.iloc[rng.permutation(len(synthetic))].reset_index(drop=True)[list(real.columns)]


synthetic = {
    "independent columns": independent_columns(real_train, 2000, seed=SEED),
    "Gaussian copula": gaussian_copula(real_train, 2000, seed=SEED),
}
synthetic["Gaussian copula"].head()

# %% [markdown]
# **Check 1: per-column distances.** `monitoring.column_distances` gives, per column, the KS
# statistic for numbers and the total variation distance for categories (both 0 = identical).
# The third column is the yardstick: the distance between the 2,000 real rows and 1,000 *other*
# real rows, i.e. what sampling alone produces.

# %%
distances = pd.DataFrame(
    {name: monitoring.column_distances(real_train, table)["distance"] for name, table in synthetic.items()}
)
distances["real vs other real rows"] = monitoring.column_distances(real_train, real_test)["distance"]
assert np.isclose(
    distances.loc["age", "Gaussian copula"],
    stats.ks_2samp(real_train["age"], synthetic["Gaussian copula"]["age"]).statistic,
)
distances.round(3)


# %% [markdown]
# Both generators pass: every column looks like the real one, within sampling noise. Per-column
# checks cannot see relations *between* columns. **Check 2: train on synthetic, test on real**
# (TSTR): fit the same model on each synthetic table and score it on the real held-out rows,
# next to the same model trained on real rows (TRTR). **Check 3: the largest difference between
# the real and synthetic rank correlation matrices.**


# %%
def design_matrix(table, reference_columns=None):
    """One-hot encode the categorical columns (aligned to the training columns)."""
    matrix = pd.get_dummies(table[NUMERIC + CATEGORICAL], columns=CATEGORICAL, dtype=float)
    return matrix if reference_columns is None else matrix.reindex(columns=reference_columns, fill_value=0.0)


def train_then_test_on_real(train_table):
    """TSTR: accuracy on the real held-out rows of a model trained on `train_table`."""
    X = design_matrix(train_table)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X, train_table[LABEL])
    return model.score(design_matrix(real_test, X.columns), real_test[LABEL])


real_corr = real_train[NUMERIC + [LABEL]].corr(method="spearman")
worst_distance = {**distances.max(), "real rows (TRTR)": distances["real vs other real rows"].max()}
validation = pd.DataFrame(
    {
        name: {
            "worst column distance": worst_distance[name],
            "largest correlation gap": (table[NUMERIC + [LABEL]].corr(method="spearman") - real_corr)
            .abs()
            .to_numpy()
            .max(),
            "TSTR accuracy": train_then_test_on_real(table),
        }
        for name, table in {**synthetic, "real rows (TRTR)": real_train}.items()
    }
).T
print(f"always predicting 'not high risk' scores {1 - real_test[LABEL].mean():.3f}")
validation.round(3)

# %% tags=["claim-check"]
assert validation.loc["independent columns", "worst column distance"] < 0.05
assert (
    validation.loc["Gaussian copula", "TSTR accuracy"] > validation.loc["independent columns", "TSTR accuracy"] + 0.05
)
assert (
    abs(validation.loc["Gaussian copula", "TSTR accuracy"] - validation.loc["real rows (TRTR)", "TSTR accuracy"]) < 0.02
)

# %% [markdown]
# The independent-columns table passes every per-column check and is useless: a model trained
# on it learns nothing (its TSTR accuracy is the score of always answering "not high risk"),
# because the relation between features and label is gone. The copula keeps the correlations
# and trains a model almost as good as the real rows. Validate synthetic data on the task it is
# for, not only column by column.
#
# **Synthetic is not automatically private.** A generator can memorize rows. A quick check: the
# distance from each synthetic row to its nearest real training row, compared with the same
# distance for real rows the generator never saw. If synthetic rows sit much closer to the
# training rows than fresh real rows do, they are copies in disguise.

# %%
scaler = StandardScaler().fit(real_train[NUMERIC])
nearest = NearestNeighbors(n_neighbors=1).fit(scaler.transform(real_train[NUMERIC]))
closest = pd.Series(
    {
        "Gaussian copula rows": np.median(
            nearest.kneighbors(scaler.transform(synthetic["Gaussian copula"][NUMERIC]))[0]
        ),
        "unseen real rows": np.median(nearest.kneighbors(scaler.transform(real_test[NUMERIC]))[0]),
    },
    name="median distance to the closest training row",
)
exact_copies = len(synthetic["Gaussian copula"].merge(real_train.drop_duplicates(), on=columns))
print(f"synthetic rows identical to a training row: {exact_copies}")
assert exact_copies == 0 and closest["Gaussian copula rows"] > 0.9 * closest["unseen real rows"]
closest.round(3).to_frame()

# %% [markdown]
# Here the copula's rows are no closer to the training rows than unseen real applicants are, and
# none is a copy. That is evidence, not a guarantee: only a differentially private generator
# bounds what a synthetic table can reveal (see Going further).
#
# ### Federated collection, in prose
#
# Sometimes the data cannot be gathered at all: partner banks may not share applications, and
# phones should not upload what their users type. **Federated learning** (McMahan et al., 2017)
# sends the model to the data instead: each site trains on its own rows and sends back only a
# model update, which a server averages. The data-centric consequences are what this lesson is
# about, turned inside out:
#
# - **you cannot look at the data.** Every check of this course (drift statistics, label
#   agreement, calibration) must run *at each site*, and only the summaries travel. Decide those
#   summaries up front, as part of the protocol;
# - **the sites differ.** One branch's applicants are not another's (non-IID data), so drift and
#   label quality must be tracked per site, and a site whose statistics stand out may be a data
#   problem rather than a real population;
# - **updates leak too.** Model updates can reveal training rows; combine federation with secure
#   aggregation (the server only sees the sum) and differential privacy (noise, as above) on the
#   updates or summaries.
#
# ## Labeling-quality SLAs
#
# Relabeling only helps if the labels are good. The review team keeps a **calibration set**:
# each week, 40 applications whose correct verdict has been agreed (the *gold* label) are slipped
# into the queue and labeled again by each analyst. Two numbers come out every week:
#
# - each analyst's **agreement with gold**, whose complement is an estimate of that analyst's
#   label-noise rate;
# - the **team's agreement with itself** beyond chance, Fleiss' kappa (module 03).
#
# A **service level** turns them into a promise with a check: *each analyst agrees with gold on at
# least 85% of the weekly calibration set, and Fleiss' kappa is at least 0.6.* With 40 items a
# share is noisy, so the check reports a **breach** only when the whole 95% Wilson interval lies
# below the target, and **at risk** when the estimate is below the target but the interval still
# reaches it.

# %%
review = data.load("loan_review_calibration")
review.head()

# %%
AGREEMENT_SLA, KAPPA_SLA = 0.85, 0.6
per_analyst = (
    review.assign(correct=review["label"] == review["gold_label"])
    .groupby(["week", "analyst"])["correct"]
    .agg(correct="sum", items="count")
    .reset_index()
)
per_analyst["agreement"] = per_analyst["correct"] / per_analyst["items"]
per_analyst["low"], per_analyst["high"] = proportion_confint(
    per_analyst["correct"], per_analyst["items"], alpha=0.05, method="wilson"
)
per_analyst["status"] = np.where(
    per_analyst["high"] < AGREEMENT_SLA, "breach", np.where(per_analyst["agreement"] < AGREEMENT_SLA, "at risk", "ok")
)

kappa_by_week = pd.Series(
    {
        week: fleiss_kappa(
            aggregate_raters(rows.pivot(index="item_id", columns="analyst", values="label").to_numpy())[0]
        )
        for week, rows in review.groupby("week")
    },
    name="Fleiss kappa",
)

fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
for analyst, rows in per_analyst.groupby("analyst"):
    axes[0].errorbar(
        rows["week"],
        rows["agreement"],
        yerr=[rows["agreement"] - rows["low"], rows["high"] - rows["agreement"]],
        marker="o",
        capsize=3,
        label=f"analyst {analyst}",
    )
axes[0].axhline(AGREEMENT_SLA, color="black", linestyle="--", label="SLA")
axes[0].set(xlabel="week", ylabel="agreement with gold", title="Agreement with gold (95% Wilson intervals)")
axes[0].legend(fontsize=8)
kappa_by_week.plot(ax=axes[1], marker="o", xlabel="week", ylabel="Fleiss' kappa", title="Team agreement beyond chance")
axes[1].axhline(KAPPA_SLA, color="black", linestyle="--")
plt.show()

flags = per_analyst[per_analyst["status"] != "ok"][["week", "analyst", "agreement", "low", "high", "status"]]
kappa_breaches = kappa_by_week[kappa_by_week < KAPPA_SLA]
print(f"weeks with Fleiss' kappa below {KAPPA_SLA}: {list(kappa_breaches.index)}")
flags.round(3)

# %% [markdown]
# The check points at analyst C in the later weeks, and only at C; the team's kappa sinks with
# it. The planted truth (`loan_review_calibration_truth`, below) confirms it: C's error rate was
# raised from week 6. With 40 items a week, the check needs the estimate to fall clearly below
# the target before it calls a breach, so it can lag the change by a week or so.

# %%
planted = data.load("loan_review_calibration_truth")
planted.pivot(index="analyst", columns="week", values="planted_error_rate")

# %% [markdown]
# The weekly flags are what turns that into an action (a
# refresher, a second reviewer on C's items, C's labels kept out of the retraining slice) before
# the labels reach a model.
#
# What would a breach cost? Suppose the 300 relabeled applications of the retraining step had
# been labeled at C's week-7/8 error rate. Flip that share of their labels at random and retrain:

# %%
c_noise = 1 - per_analyst.query("analyst == 'C' and week in (7, 8)")["agreement"].mean()
targeted_pool = pools["targeted: weeks 7-8"]
noisy_runs = []
for seed in range(5):
    rng = np.random.default_rng(seed)
    rows = rng.choice(targeted_pool, BUDGET, replace=False)
    labels = production_truth.iloc[rows]["high_risk"].to_numpy()
    labels = np.where(rng.random(BUDGET) < c_noise, 1 - labels, labels)
    model = triage_model().fit(production.iloc[rows][FEATURES], labels)
    noisy_runs.append(model.score(X_test, y_test))
breach_cost = pd.Series(
    {"slice labeled within SLA": targeted, f"slice labeled at C's error rate ({c_noise:.0%})": np.mean(noisy_runs)},
    name="accuracy, weeks 9-10",
)
breach_cost.round(3).to_frame()

# %% tags=["claim-check"]
assert set(flags.loc[flags["status"] == "breach", "analyst"]) == {"C"}
assert flags.loc[flags["status"] == "breach", "week"].min() >= 6
assert np.mean(noisy_runs) < targeted - 0.01

# %% [markdown]
# The same budget, labeled by an analyst in breach, buys a worse model: the SLA protects the
# retraining as much as the labels.
#
# ### Try it
#
# 1. Make the SLA stricter (0.9) or looser (0.8). Which weeks change status?
# 2. Recompute the Laplace trade-off with `sensitivity=2` (a query where one person can change
#    the answer by 2). What happens to the curves?
# 3. Give the copula generator one column it does not model (`loan_amount` drawn independently).
#    Which of the three checks notices?

# %%
# Try it here.

# %% [markdown]
# ## Check your understanding
#
# 1. A feature's PSI against training is 0.02 in a week where its KS p-value is 0.01. Is it
#    drifting? What would you do?
# 2. Why does the lesson decide from the PSI *and* the model's coefficients, instead of the
#    PSI alone?
# 3. Recalibrating with Platt scaling lowered the ECE but left the ROC AUC unchanged. Why?
# 4. Why does the Laplace mechanism hurt the Islands' count more than the North's, for the same
#    epsilon?
# 5. The independent-columns synthetic table passed every per-column check. What did it lose,
#    and which check caught it?
#
# <details><summary>Answers</summary>
#
# 1. A real but tiny difference: the p-value says "not chance", the PSI says "small". With
#    batches of 400 the PSI noise floor is a few hundredths, so 0.02 is within it. Log it, do not
#    page anyone; act when the size of the change (PSI, KS statistic) crosses a threshold.
# 2. Drift in a feature the model ignores cannot change its predictions (age moved a lot, and
#    the model barely uses it); drift in a feature it leans on (credit score) moves every
#    prediction. Spend the labeling budget where drift meets model reliance.
# 3. Both methods apply a monotone (order-preserving) map to the scores. The ranking of
#    applications, which is all the AUC measures, stays the same (isotonic regression can only
#    merge ties); what changes is what the numbers mean.
# 4. The noise has the same size (about 1/epsilon) for every count, so its *relative* size is
#    larger for a small count. Small groups are exactly where one person matters most, so this
#    is the price of protecting them.
# 5. The relations between columns, and above all between the features and the label. TSTR
#    showed it: a model trained on it did no better than always answering "not high risk"; the
#    correlation gap showed it too.
# </details>
#
# ## Summary
#
# - Monitor every feature of every batch with an **effect size** (PSI with a stated binning
#   contract, or the KS statistic), and set thresholds from your batch size's noise floor; keep a
#   prediction-drift chart too: it needs no labels.
# - Act where drift meets the model's reliance: relabel a slice of the alarmed batches and retrain,
#   and measure the result against doing nothing and against the same budget spent at random.
#   A sudden step in one feature may be an upstream change: fix the data before the model.
# - Check calibration with a reliability diagram and the ECE; repair it with Platt scaling or
#   isotonic regression on held-out data, and re-check it on every new labeled slice.
# - The Laplace mechanism makes counts differentially private at a cost of about
#   sensitivity/epsilon per count, heaviest for small groups.
# - Validate synthetic data column by column *and* on the task (train on synthetic, test on real),
#   and check it does not copy real rows.
# - Write labeling quality down as an SLA with a check that runs every week, and use confidence
#   intervals before calling a breach.
#
# ## Going further
#
# - The library one-liners: `scipy.stats.ks_2samp(reference, current)`,
#   `sklearn.calibration.CalibratedClassifierCV(model, method="sigmoid")`,
#   `numpy.random.default_rng().laplace(0, sensitivity / epsilon)`. Dedicated monitoring
#   libraries (Evidently, NannyML, alibi-detect) bundle drift reports and alerting; they are not
#   installed with the course.
# - PSI and its 0.1/0.25 thresholds come from credit-scoring practice, e.g. N. Siddiqi, *Credit
#   Risk Scorecards* (Wiley, 2006); the thresholds are conventions, not statistical tests.
# - S. Rabanser, S. Günnemann, Z. Lipton (2019), *Failing Loudly: An Empirical Study of Methods
#   for Detecting Dataset Shift*, NeurIPS: two-sample tests on features and on model outputs.
# - A. Niculescu-Mizil, R. Caruana (2005), *Predicting Good Probabilities with Supervised
#   Learning*, ICML (Platt scaling vs isotonic regression); C. Guo et al. (2017), *On Calibration
#   of Modern Neural Networks*, ICML (ECE; its binning conventions differ between papers, so
#   always state yours).
# - C. Dwork, A. Roth (2014), *The Algorithmic Foundations of Differential Privacy*: the Laplace
#   mechanism, composition and sensitivity.
# - N. Patki, R. Wedge, K. Veeramachaneni (2016), *The Synthetic Data Vault*, IEEE DSAA: Gaussian
#   copula generators for tables.
# - H. B. McMahan et al. (2017), *Communication-Efficient Learning of Deep Networks from
#   Decentralized Data*, AISTATS: federated averaging.
# - Next: the exercises, [`exercises/09-data-in-production/09-data-in-production.ipynb`](../exercises/09-data-in-production/09-data-in-production.ipynb),
#   where you write PSI, a drift alert, the ECE, the Laplace mechanism, a synthetic-data check and
#   an SLA check yourself, and a monitoring plan for LendWell.
