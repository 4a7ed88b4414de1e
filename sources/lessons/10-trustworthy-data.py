# %% [markdown]
# # 10 · Data and scores you can trust
#
# LendWell's triage model survived its first drift (module 09): the team noticed the credit
# bureau's new score version, relabeled a slice and retrained. Now four other teams want
# something from the data team, and each request is a promise:
#
# - the **risk team** prices loans with the model's probability, so a probability of 0.3 must
#   mean that about 30% of such applications are high risk;
# - the **communications team** publishes, every quarter, how many high-risk applications came
#   from each region, and those counts must not reveal anyone's verdict;
# - a **vendor** building a dashboard asks for "the data", and a synthetic table is on the table;
# - the **review team** labels the applications that retrain the model, and their labels must
#   stay good enough to learn from.
#
# This lesson measures each promise with numbers the notebook computes, and then checks the
# first one on models nobody here trained: four published image and text classifiers.
#
# **In this lesson you will:**
# - draw a reliability diagram, compute the expected calibration error (ECE) and repair it with Platt scaling or isotonic regression, and check what the repair does to the ranking;
# - release counts with the Laplace mechanism and plot what privacy costs in accuracy;
# - generate a synthetic table and validate it against the real one (per-column distances, train on synthetic and test on real, copies);
# - turn labeling agreement into a service level with a check that flags a breach, and measure what a breach costs;
# - measure the calibration of four published models' probabilities, and what a repair buys there.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy import stats
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.isotonic import IsotonicRegression
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
# ## The data: LendWell's applications, again
#
# The same data as module 09: `loan_training`, the 3,000 applications the analysts reviewed
# before launch, and `loan_production`, ten weekly batches of 400 applications, with the
# analysts' verdicts on them kept apart in `loan_production_truth` (looking them up stands in for
# paying for labels). In week 7 the credit bureau switched to a score version that reports
# everyone about 60 points higher (module 09 found it from the data). The deployed model is the
# same plain pipeline: standardize the six numeric features, fit a logistic regression.

# %%
applications = data.load("loan_training")
production = data.load("loan_production")
production_truth = data.load("loan_production_truth")
FEATURES = ["age", "annual_income", "employment_years", "credit_score", "debt_to_income", "loan_amount"]


def triage_model():
    """The fixed model of module 09: scaling + logistic regression."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


print(f"training: {len(applications)} applications, {applications['high_risk'].mean():.1%} high risk")
applications.head()


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
# Two standard repairs learn a map from scores to probabilities on data the model did not train
# on: **Platt scaling** fits a logistic curve (`method="sigmoid"`), **isotonic regression** fits
# any non-decreasing step function (`method="isotonic"`; more flexible, needs more data).
# `CalibratedClassifierCV(model, cv=5)` does it with internal cross-validation: by default
# (`ensemble=True`) it trains five copies of the model, each on four fifths of the data, fits each
# copy's map on the remaining fifth, and averages the five calibrated outputs. We still measure
# on the untouched holdout.

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
# than it finds (compare `mean_predicted` and `fraction_positive` in the table above). Both
# repairs bring the ECE down by more than half, and the ROC AUC barely moves: recalibration
# changes what the scores *mean*, not how well they *rank*. Platt scaling is enough here because
# the distortion is a smooth one; isotonic regression would pay off with a stranger shape and
# more data.
#
# ### Does a repair change the ranking?
#
# "Barely" deserves a closer look. A *strictly increasing* map of one model's scores keeps their
# order, so it cannot change the ROC AUC at all. The five-fold ensemble above is not that: it
# averages the maps of five different models, and an average of different models can order two
# applications differently from any one of them. `ensemble=False` gives the single-map version:
# the map is fitted on out-of-fold scores, then applied to one model trained on all of
# `fit_part` (the same fit as `balanced`). Kendall's tau between each output and the
# uncalibrated scores says how much of their order survives (1 = the same order, ties included).

# %%
probabilities_one_map = {}
for method, name in (("sigmoid", "Platt scaling, one map"), ("isotonic", "isotonic regression, one map")):
    calibrated = CalibratedClassifierCV(balanced_model(), method=method, cv=5, ensemble=False).fit(
        fit_part[FEATURES], fit_part["high_risk"]
    )
    probabilities_one_map[name] = calibrated.predict_proba(holdout[FEATURES])[:, 1]
ranking = pd.DataFrame(
    {
        name: {
            "Kendall's tau with the uncalibrated scores": stats.kendalltau(p_balanced, prob).statistic,
            "ROC AUC change": roc_auc_score(holdout["high_risk"], prob)
            - roc_auc_score(holdout["high_risk"], p_balanced),
            "distinct values": len(np.unique(prob)),
        }
        for name, prob in {**probabilities, **probabilities_one_map}.items()
    }
).T
ranking

# %% tags=["claim-check"]
tau = ranking["Kendall's tau with the uncalibrated scores"]
auc_change = ranking["ROC AUC change"]
assert tau["Platt scaling, one map"] == 1 and auc_change["Platt scaling, one map"] == 0, ranking
assert 0.99 < tau["Platt scaling"] < 1 and 0 < abs(auc_change["Platt scaling"]) < 0.001, ranking
assert tau["isotonic regression, one map"] < 1 and ranking.loc["isotonic regression, one map", "distinct values"] < 50
assert abs(auc_change).max() < 0.001, ranking

# %% [markdown]
# One Platt map keeps the order exactly: tau 1, the same AUC to the last digit. The five-fold
# ensemble of Platt maps reorders a few pairs (tau just under 1) and moves the AUC, by less than
# 0.001. Isotonic regression is non-decreasing, not strictly increasing: even as one map it merges
# the 1,000 holdout scores into fewer than 50 distinct values, and ties change the AUC a little.
# The practical rule stands (recalibration is not a way to rank better, nor a risk to the
# ranking), but the reason is exact only for one strictly increasing map.
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
# What would a breach cost? In module 09 the team bought **300 labels** from the alarmed weeks 7
# and 8 and retrained the triage model on them; the new model served weeks 9 and 10. Repeat that
# retraining (five label samples, as in 09), once with the analysts' verdicts as they are, and
# once with a share of them flipped at random: C's error rate in weeks 7 and 8.

# %%
BUDGET = 300
alarmed = np.flatnonzero(production["week"].isin([7, 8]))
test_weeks = production["week"] >= 9
X_test, y_test = production.loc[test_weeks, FEATURES], production_truth.loc[test_weeks, "high_risk"]
c_noise = 1 - per_analyst.query("analyst == 'C' and week in (7, 8)")["agreement"].mean()
clean_runs, noisy_runs = [], []
for seed in range(5):
    rng = np.random.default_rng(seed)
    rows = rng.choice(alarmed, BUDGET, replace=False)
    labels = production_truth.iloc[rows]["high_risk"].to_numpy()
    clean_runs.append(triage_model().fit(production.iloc[rows][FEATURES], labels).score(X_test, y_test))
    flipped = np.where(rng.random(BUDGET) < c_noise, 1 - labels, labels)
    noisy_runs.append(triage_model().fit(production.iloc[rows][FEATURES], flipped).score(X_test, y_test))
breach_cost = pd.Series(
    {
        "slice labeled within SLA": np.mean(clean_runs),
        f"slice labeled at C's error rate ({c_noise:.0%})": np.mean(noisy_runs),
    },
    name="accuracy, weeks 9-10 (mean of 5 label samples)",
)
breach_cost.round(3).to_frame()

# %% tags=["claim-check"]
assert set(flags.loc[flags["status"] == "breach", "analyst"]) == {"C"}
assert flags.loc[flags["status"] == "breach", "week"].min() >= 6
assert np.mean(noisy_runs) < np.mean(clean_runs) - 0.01, breach_cost

# %% [markdown]
# The same budget, labeled by an analyst in breach, buys a worse model: the SLA protects the
# retraining as much as the labels.
#
# %% [markdown]
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
# ## Does it hold on real data? Four published models' probabilities
#
# LendWell's miscalibration was made on purpose (`class_weight="balanced"`). Are real models'
# probabilities calibrated? The `cleanlab/label-errors` release (C. G. Northcutt, A. Athalye,
# J. Mueller, *Pervasive Label Errors in Test Sets Destabilize Machine Learning Benchmarks*,
# NeurIPS 2021 Datasets and Benchmarks; Apache-2.0) publishes, for the test sets of MNIST,
# CIFAR-10, 20 Newsgroups and IMDB, the out-of-sample predicted probabilities of the models the
# authors trained, the given labels, and the verdicts of Mechanical Turk workers on the labels
# that looked wrong. For a classifier with many classes, the usual check is **top-label
# calibration** (C. Guo et al., 2017): is the model right on 90% of the items where its largest
# probability is 0.9? The "positive class" of the reliability diagram becomes "the predicted
# class is the given label".
#
# Two things can make a model look miscalibrated that are not the model's fault: the labels
# (some given labels are wrong), and the sample. So next to the ECE against the given labels we
# compute it against labels corrected where at least 3 of the 5 workers chose the label the
# authors proposed, and we repair the calibration the honest way: isotonic regression fitted on
# one random half of each test set, applied to the other half (and the other way round), so
# no item is scored by a map that saw it.

# %%
calibration_sets = {}
for name in ("mnist", "cifar10", "20news", "imdb"):
    labels, pred_probs, verdicts, class_names = data.load_label_errors(name)
    confidence = np.minimum(pred_probs.max(axis=1), 1.0)  # IMDB's published rows exceed 1 by up to 2e-5
    predicted = pred_probs.argmax(axis=1)
    right = (predicted == labels).astype(int)
    corrected = labels.copy()
    confirmed = verdicts[verdicts["label_error"] & (verdicts["votes_guessed"] >= 3)]
    corrected[confirmed["index"].to_numpy()] = confirmed["guessed_label"].to_numpy()
    first_half = np.random.default_rng(SEED).permutation(len(labels)) < len(labels) // 2
    repaired = np.empty(len(labels))
    for fit_on in (first_half, ~first_half):
        isotonic = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(confidence[fit_on], right[fit_on])
        repaired[~fit_on] = isotonic.predict(confidence[~fit_on])
    calibration_sets[name] = {
        "confidence": confidence,
        "right": right,
        "repaired": repaired,
        "summary": {
            "items": len(labels),
            "classes": pred_probs.shape[1],
            "accuracy": right.mean(),
            "mean confidence": confidence.mean(),
            "ECE": monitoring.expected_calibration_error(right, confidence),
            "labels corrected": len(confirmed),
            "ECE, corrected labels": monitoring.expected_calibration_error(
                (predicted == corrected).astype(int), confidence
            ),
            "ECE after the repair": monitoring.expected_calibration_error(right, repaired),
            "share with confidence > 0.9": (confidence > 0.9).mean(),
        },
    }
published = pd.DataFrame({name: found["summary"] for name, found in calibration_sets.items()}).T

fig, axes = plt.subplots(1, 4, figsize=(13, 3.4), sharey=True)
for ax, (name, found) in zip(axes, calibration_sets.items()):
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":")
    for what, label in (("confidence", "published"), ("repaired", "isotonic, other half")):
        table = monitoring.reliability_table(found["right"], found[what])
        table = table[table["count"] > 0]
        ax.plot(table["mean_predicted"], table["fraction_positive"], marker="o", markersize=3, label=label)
    ax.set_title(name)
    ax.set_xlabel("confidence (bin mean)")
axes[0].set_ylabel("share right (bin)")
axes[0].legend(fontsize=8)
plt.show()
published.round(4)

# %% tags=["claim-check"]
ece = published["ECE"]
gap = published["mean confidence"] - published["accuracy"]
assert ece["mnist"] < 0.005 and ece[["cifar10", "imdb"]].between(0.03, 0.045).all() and ece["20news"] > 0.19, ece
assert gap["cifar10"] > 0.03 and gap["imdb"] > 0.04 and gap["20news"] < -0.19, gap
assert (
    round(published.loc["20news", "mean confidence"], 2) == 0.72
    and round(published.loc["20news", "accuracy"], 2) == 0.92
)
assert (published["ECE after the repair"] < 0.01).all(), published["ECE after the repair"]
assert published.loc["mnist", "ECE"] - published.loc["mnist", "ECE after the repair"] < 0.001
assert published.loc["mnist", "share with confidence > 0.9"] > 0.97
imdb = published.loc["imdb"]
assert (
    imdb["labels corrected"] == 173
    and round(imdb["ECE"], 3) == 0.040
    and round(imdb["ECE, corrected labels"], 3) == 0.033
)
label_share = (imdb["ECE"] - imdb["ECE, corrected labels"]) / imdb["ECE"]
assert 0.15 < label_share < 0.2, label_share

# %% [markdown]
# What the published probabilities show:
#
# - **Three of the four models are miscalibrated, in both directions.** The CIFAR-10 and IMDB
#   models are overconfident (their mean confidence is more than 3 and 4 points above their
#   accuracy; ECE about 0.03 and 0.04); the 20 Newsgroups model is strongly *under*confident: it
#   is right 92% of the time with a mean confidence of 0.72 (ECE about 0.2). The MNIST model is
#   calibrated (ECE below 0.005).
# - **The repair pays where there is something to repair.** Isotonic regression fitted on one
#   half brings every ECE below 0.01 on the other half. On MNIST it buys less than 0.001, and
#   there the ECE says little anyway: over 97% of the items sit in the top bin. The repair never
#   changes which class is predicted, so accuracy is untouched everywhere.
# - **Part of "overconfidence" is the labels' fault.** Correcting the 173 IMDB labels that the
#   workers confirmed wrong lowers its ECE from 0.040 to 0.033: about a sixth of the measured
#   overconfidence was the model disagreeing, rightly, with a wrong label. Only the candidates
#   flagged by confident learning were ever checked, so more of it may be.
#
# So calibration is not a property you can assume, even for strong published models, and it can
# be off in either direction. Measure it on held-out labeled data; repair it with a map fitted on
# data the model did not train on; and remember that an ECE is measured against labels, which
# have errors of their own.
#
# ### Try it
#
# 1. Replace the isotonic repair by Platt scaling on the log-odds of the confidence
#    (`LogisticRegression` on `np.log(c / (1 - c))`, clipped away from 0 and 1). Which sets does it
#    repair as well?
# 2. Compute the ECE with 20 or 5 bins. Which conclusions survive?

# %%
# Try it here.

# %% [markdown]
# ## Check your understanding
#
# 1. A model's ECE on held-out data is 0.08. What does that number mean, in words a risk team
#    understands, and what would you do before the team prices loans with it?
# 2. Recalibrating with Platt scaling lowered the ECE but left the ROC AUC (almost) unchanged. Why,
#    and why was it not exactly unchanged in the lesson's first comparison?
# 3. Why does the Laplace mechanism hurt the Islands' count more than the North's, for the same
#    epsilon?
# 4. The independent-columns synthetic table passed every per-column check. What did it lose,
#    and which check caught it?
# 5. The 20 Newsgroups model is right 92% of the time but says 0.72 on average. Is that a problem
#    if you only use its predicted class? When does it become one?
#
# <details><summary>Answers</summary>
#
# 1. On average over the bins, the predicted probability is 8 percentage points away from the
#    share of high-risk applications it stands for. Look at the reliability diagram to see where
#    and in which direction, repair it (Platt scaling or isotonic regression, fitted on data the
#    model did not train on), re-check the ECE on fresh held-out data, and keep checking it on
#    every new labeled slice: the lesson's calibrated model drifted once the scores shifted.
# 2. One Platt map is a strictly increasing function of the model's score: it keeps the order of
#    the applications, and the AUC measures only the order, so the one-map version has exactly
#    the same AUC. The lesson's first comparison used `CalibratedClassifierCV(cv=5)`, which
#    averages five calibrated models trained on different folds: that average is not a map of
#    one model's scores and reorders a few pairs (Kendall's tau just under 1), so the AUC moved,
#    by less than 0.001. Isotonic regression also changes the AUC a little, by merging scores
#    into ties.
# 3. The noise has the same size (about 1/epsilon) for every count, so its *relative* size is
#    larger for a small count. Small groups are exactly where one person matters most, so this
#    is the price of protecting them.
# 4. The relations between columns, and above all between the features and the label. TSTR
#    showed it: a model trained on it did no better than always answering "not high risk"; the
#    correlation gap showed it too.
# 5. Not for the predicted class: the argmax, and so the accuracy, is the same. It becomes a
#    problem as soon as someone uses the number: to rank items for review, to set a threshold
#    ("act when confidence > 0.8" would skip most correct predictions), or to estimate accuracy
#    without labels. A map fitted on held-out data repairs it.
# </details>
#
# ## Summary
#
# - Check calibration with a reliability diagram and the ECE (with its binning stated); repair it
#   with Platt scaling or isotonic regression on data the model did not train on, and re-check it
#   on every new labeled slice. One strictly increasing map keeps the ranking exactly; an ensemble
#   of maps nearly so.
# - The Laplace mechanism makes counts differentially private at a cost of about
#   sensitivity/epsilon per count, heaviest for small groups.
# - Validate synthetic data column by column *and* on the task (train on synthetic, test on real),
#   and check it does not copy real rows.
# - Write labeling quality down as an SLA with a check that runs every week, and use confidence
#   intervals before calling a breach: labels from an analyst in breach make a worse model.
# - On four published models, calibration was off in both directions, a held-out repair fixed it,
#   and part of the apparent overconfidence came from wrong labels.
#
# ## Going further
#
# - The library one-liners: `sklearn.calibration.CalibratedClassifierCV(model, method="sigmoid")`
#   (`ensemble=False` for one map), `sklearn.calibration.calibration_curve(y, p, n_bins=10)`,
#   `numpy.random.default_rng().laplace(0, sensitivity / epsilon)`. OpenDP and Google's
#   differential-privacy library implement the mechanisms with budget accounting; SDV implements
#   table generators; neither is installed with the course.
# - A. Niculescu-Mizil, R. Caruana (2005), *Predicting Good Probabilities with Supervised
#   Learning*, ICML (Platt scaling vs isotonic regression); C. Guo, G. Pleiss, Y. Sun,
#   K. Q. Weinberger (2017), *On Calibration of Modern Neural Networks*, ICML (top-label
#   calibration and the ECE; its binning conventions differ between papers, so always state
#   yours).
# - C. G. Northcutt, A. Athalye, J. Mueller (2021), *Pervasive Label Errors in Test Sets
#   Destabilize Machine Learning Benchmarks*, NeurIPS Datasets and Benchmarks: the probabilities
#   and verdicts of the real-data section.
# - C. Dwork, A. Roth (2014), *The Algorithmic Foundations of Differential Privacy*: the Laplace
#   mechanism, composition and sensitivity.
# - N. Patki, R. Wedge, K. Veeramachaneni (2016), *The Synthetic Data Vault*, IEEE DSAA: Gaussian
#   copula generators for tables.
# - H. B. McMahan et al. (2017), *Communication-Efficient Learning of Deep Networks from
#   Decentralized Data*, AISTATS: federated averaging.
# - Next: the exercises, [`exercises/10-trustworthy-data/10-trustworthy-data.ipynb`](../exercises/10-trustworthy-data/10-trustworthy-data.ipynb),
#   where you write the ECE, the Laplace mechanism, a synthetic-data check and an SLA check
#   yourself, and advise LendWell on what it can promise.
