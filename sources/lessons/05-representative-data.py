# %% [markdown]
# # 05 · Datasets that reflect reality
#
# A fitness app recognises what its users are doing (resting, walking, running, cycling) from a
# wrist sensor. Its training data came from a campus study: 2,400 labelled windows, no missing
# values, no label errors. A clean data set, and the model scored well on a held-out split of it.
# In production, the complaints came from users over 55 and from people wearing the watch: their
# runs were logged as walks. Nothing in the data was *wrong*. The data set simply was not the
# world the model was sent into: mostly students, mostly one band, recorded in spring and summer.
#
# **In this lesson you will:**
# - turn a coverage checklist into code: a coverage table of your data against a reference population;
# - measure how far the data is from the reference (total variation distance, chi-square) and find the under-represented slices;
# - fill gaps by targeted collection and by augmentation (sensor signals, images, text), and **validate** synthetic data before trusting it;
# - show, with numbers, that a smaller balanced set can beat a larger skewed one;
# - version and document a data set: a content fingerprint, a changelog, a data card.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown
from scipy import ndimage, stats
from sklearn.datasets import load_digits
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from utils import data, plots
from utils.representation import (
    chi_square_test,
    coverage_table,
    fingerprint,
    total_variation_distance,
    underrepresented,
)

SEED = 0
plots.use_course_style()
print(f"pandas {pd.__version__}")

# %% [markdown]
# ## Meet the data
#
# Four tables come with this module (see the data card, `data.show_card("activity_study")`):
# the **study** (the training data), the **reference** (the app's users, as shares per
# dimension), a **pool** of recordings from a later field campaign (what we could still collect)
# and a labelled **production** batch (the world, for evaluation only).

# %%
study = data.load("activity_study")
reference = data.load("activity_reference")
pool = data.load("activity_pool")
production = data.load("activity_production")
FEATURES = ["step_rate_spm", "accel_mean_g", "accel_std_g", "heart_rate_bpm", "skin_temp_c"]
print(f"study {len(study)}, pool {len(pool)}, production {len(production)} windows")
study.head()

# %% [markdown]
# ## A coverage checklist, turned into code
#
# A coverage checklist asks, for every dimension that can change how the data looks: *who*
# produced it (age group), *with what* (device), *when* (season), *what* (the label itself).
# For each value: how many rows do we have, what share is that, what share does the reference
# population have, and is it enough? `utils.representation.coverage_table` answers all of it in
# one table per dimension; slices with fewer than `MIN_COUNT` rows are marked `thin`.

# %%
REFERENCE = {dimension: group.set_index("category")["share"] for dimension, group in reference.groupby("dimension")}
DIMENSIONS = ["age_group", "device", "season", "activity"]
MIN_COUNT = 100

coverage = pd.concat(
    {
        dimension: coverage_table(study, dimension, REFERENCE[dimension], min_count=MIN_COUNT)
        for dimension in DIMENSIONS
    },
    names=["dimension", "slice"],
)
coverage.round(3)

# %%
fig, axes = plt.subplots(1, 4, figsize=(13, 3))
for ax, dimension in zip(axes, DIMENSIONS):
    table = coverage.loc[dimension].reindex(REFERENCE[dimension].index)
    positions = np.arange(len(table))
    ax.bar(positions - 0.2, table["share"], width=0.4, label="study")
    ax.bar(positions + 0.2, table["reference_share"], width=0.4, label="reference")
    ax.set_xticks(positions, table.index, rotation=30)
    ax.set_title(dimension)
axes[0].set_ylabel("share of rows")
axes[0].legend()
plt.show()

# %% [markdown]
# ## How far is the data from the reference?
#
# Two numbers summarize a dimension. The **total variation distance** (TVD) is half the sum of the
# absolute differences of shares: the largest difference in probability the two distributions
# give to any group of slices (0 = identical, 1 = nothing in common). The **chi-square** test asks
# whether counts this far from the reference could come from sampling noise alone. Here they are
# by hand for the age groups, then from `utils` (which calls `scipy.stats.chisquare`).

# %%
counts = study["age_group"].value_counts().reindex(REFERENCE["age_group"].index, fill_value=0)
shares = counts / counts.sum()
tvd_by_hand = 0.5 * (shares - REFERENCE["age_group"]).abs().sum()
expected = REFERENCE["age_group"] * counts.sum()
chi2_by_hand = ((counts - expected) ** 2 / expected).sum()
p_by_hand = stats.chi2.sf(chi2_by_hand, df=len(counts) - 1)
chi2_library, p_library = chi_square_test(counts, REFERENCE["age_group"])
assert np.isclose(tvd_by_hand, total_variation_distance(counts, REFERENCE["age_group"]))
assert np.isclose(chi2_by_hand, chi2_library) and np.isclose(p_by_hand, p_library)
print(f"age group: TVD {tvd_by_hand:.3f}, chi-square {chi2_by_hand:.1f} (p = {p_by_hand:.1e}); the library agrees")


# %% [markdown]
# A distance means little without a yardstick. The production batch is a *sample* of the
# reference population, so its distances show how far pure sampling noise goes.


# %%
def distances(table):
    rows = {}
    for dimension in DIMENSIONS:
        observed = table[dimension].value_counts()
        statistic, p_value = chi_square_test(observed, REFERENCE[dimension])
        rows[dimension] = {
            "TVD": total_variation_distance(observed, REFERENCE[dimension]),
            "chi-square": statistic,
            "p-value": p_value,
        }
    return pd.DataFrame(rows).T


distance_table = pd.concat({"study": distances(study), "production batch": distances(production)}, axis=1)
distance_table.round(3)

# %% [markdown]
# The production batch sits within a few hundredths of the reference on every dimension (its
# p-values are not small); the study is far away on age group, device and season, and close on
# the activity labels. A check on the label alone (the usual "is my data balanced?") would have
# passed.

# %% tags=["claim-check"]
assert (distance_table[("production batch", "TVD")] < 0.05).all() and (
    distance_table[("production batch", "p-value")] > 0.05
).all()
assert (distance_table.loc[["age_group", "device", "season"], ("study", "TVD")] > 0.3).all()
assert distance_table.loc["activity", ("study", "TVD")] < 0.1

# %% [markdown]
# ## Which slices are under-represented?
#
# `underrepresented` keeps the slices whose share is below `(1 - tolerance)` times their reference
# share, or which hold fewer than `MIN_COUNT` rows. Single dimensions are not the whole story:
# the users who suffer most may sit in a *combination* (aged 55+ *and* wearing the watch). For
# combinations we need a joint reference; here we assume the dimensions independent in the
# population (reference share of a cell = product of the two shares), an assumption to state
# whenever you make it.

# %%
gaps = underrepresented(coverage, tolerance=0.5, min_count=MIN_COUNT)
gaps[["count", "share", "reference_share", "ratio", "reason"]].round(3)

# %%
CELL = ["age_group", "device"]
joint_reference = pd.Series(
    {
        (age, device): REFERENCE["age_group"][age] * REFERENCE["device"][device]
        for age in REFERENCE["age_group"].index
        for device in REFERENCE["device"].index
    }
)
joint_reference.index.names = CELL
cells = coverage_table(study, CELL, joint_reference, min_count=MIN_COUNT)
cells["count"].unstack()


# %% [markdown]
# Users aged 55+ on the watch, nearly a tenth of the app's users (0.30 x 0.30), have no window
# at all in the study.
#
# ## Does it matter? Measure where it counts
#
# Train a model on the study and test it on the production batch, overall and **per slice**.
# The model sees only the sensor features (not the age group or the device), so it has to find
# one rule for everybody, and the training mix decides whose rule that is.


# %%
def activity_model():
    """The fixed model of this lesson: standardized sensor features, logistic regression."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


def production_scores(train, *, sample_weight=None):
    """Accuracy on the production batch: overall, per age group x device cell, and the worst cell."""
    fit_options = {} if sample_weight is None else {"logisticregression__sample_weight": sample_weight}
    model = activity_model().fit(train[FEATURES], train["activity"], **fit_options)
    correct = pd.Series(model.predict(production[FEATURES]) == production["activity"], index=production.index)
    per_cell = correct.groupby([production["age_group"], production["device"]]).mean()
    return {"accuracy": correct.mean(), "worst cell": per_cell.min(), "per cell": per_cell}


baseline = production_scores(study)
held_out_study = cross_val_predict(
    activity_model(), study[FEATURES], study["activity"], cv=StratifiedKFold(5, shuffle=True, random_state=SEED)
)
print(f"accuracy on held-out folds of the study itself: {(held_out_study == study['activity']).mean():.3f}")
print(
    f"trained on the study, tested on production: {baseline['accuracy']:.3f}; worst cell {baseline['worst cell']:.3f} "
    f"({' & '.join(baseline['per cell'].idxmin())})"
)
per_cell = baseline["per cell"].unstack()
fig, ax = plt.subplots(figsize=(5, 3))
image = ax.imshow(per_cell.to_numpy(), cmap="RdYlGn", vmin=0.7, vmax=1.0)
ax.set_xticks(range(per_cell.shape[1]), per_cell.columns)
ax.set_yticks(range(per_cell.shape[0]), per_cell.index)
for (i, j), value in np.ndenumerate(per_cell.to_numpy()):
    ax.text(j, i, f"{value:.2f}", ha="center", va="center")
ax.grid(False)
ax.set_title("Production accuracy by slice (trained on the study)")
plt.colorbar(image)
plt.show()

# %% [markdown]
# The held-out folds of the study flatter the model: they are drawn from the same skewed mix.
# On production, the errors sit exactly where the study is thin. What goes wrong for users aged 55+?

# %%
predicted = pd.Series(
    activity_model().fit(study[FEATURES], study["activity"]).predict(production[FEATURES]), index=production.index
)
older = production["age_group"] == "55+"
confusion_older = pd.crosstab(
    production.loc[older, "activity"], predicted[older], rownames=["true activity (users 55+)"], colnames=["predicted"]
)
confusion_older

# %% tags=["claim-check"]
assert (held_out_study == study["activity"]).mean() > baseline["accuracy"] + 0.03
assert baseline["per cell"].idxmin() == ("55+", "watch") and cells.loc[("55+", "watch"), "count"] == 0
assert confusion_older.loc["running", "walking"] > 0.5 * confusion_older.loc["running"].sum(), confusion_older

# %% [markdown]
# Most of their runs are logged as walks, the complaint from the introduction. Older users step
# more slowly and move their wrist less, the watch reads less acceleration than a band: their runs
# look like a student's walk. Three levers follow: collect where the data is
# thin, reweight what you have, synthesize what has a known cause.
#
# ## Filling the gaps
#
# ### Lever 1: targeted collection
#
# We can afford 400 more labelled windows from the field campaign (`pool`). Spend them the way
# the study was collected (same mix of slices), or **target** them: give each age group x device
# cell the windows it lacks to reach its reference share. Both are simulated by drawing from the
# pool, three times with different seeds.

# %%
BUDGET = 400


def allocate(weights, budget):
    """Split `budget` rows over cells in proportion to `weights` (largest remainders)."""
    raw = weights / weights.sum() * budget
    allocation = np.floor(raw).astype(int)
    allocation[(raw - allocation).sort_values(ascending=False).index[: budget - allocation.sum()]] += 1
    return allocation


POOL_BY_CELL = dict(list(pool.groupby(CELL)))


def collect(allocation, seed):
    """Draw the allocated number of windows per cell from the pool."""
    return pd.concat([POOL_BY_CELL[cell].sample(n, random_state=seed) for cell, n in allocation.items() if n > 0])


current = study.groupby(CELL).size().reindex(joint_reference.index, fill_value=0)
same_way = allocate(current.astype(float), BUDGET)
targeted = allocate((joint_reference * (len(study) + BUDGET) - current).clip(lower=0), BUDGET)
pd.DataFrame({"in the study": current, "same way": same_way, "targeted": targeted}).T


# %% [markdown]
# ### Lever 2: reweighting to the reference
#
# A cheaper lever works on the mix without new data: **reweight** the training rows so
# that each cell counts as much as its reference share (weight = reference share / share in the
# training set). It cannot invent information a cell lacks, and a handful of rows given a large
# weight make a noisy rule, but it stops the majority from deciding alone.


# %%
def reference_weights(table):
    """Per row: reference share of its age group x device cell divided by the cell's share in `table`."""
    cells = pd.MultiIndex.from_frame(table[CELL])
    cell_share = table.groupby(CELL).size() / len(table)
    return joint_reference.reindex(cells).to_numpy() / cell_share.reindex(cells).to_numpy()


rows = {
    "study only": production_scores(study),
    "study only, reweighted": production_scores(study, sample_weight=reference_weights(study)),
}
for plan, allocation in {"+400 same way": same_way, "+400 targeted": targeted}.items():
    for reweight in (False, True):
        runs = [pd.concat([study, collect(allocation, seed)]) for seed in range(3)]
        scores = [production_scores(run, sample_weight=reference_weights(run) if reweight else None) for run in runs]
        rows[plan + (", reweighted" if reweight else "")] = {
            "accuracy": np.mean([s["accuracy"] for s in scores]),
            "worst cell": np.mean([s["worst cell"] for s in scores]),
        }
collection = pd.DataFrame(rows).T[["accuracy", "worst cell"]].astype(float)
collection.round(3)

# %% tags=["claim-check"]
# Targeted collection beats collecting the same way, at the same budget; reweighting helps the worst cell.
assert collection.loc["+400 targeted", "accuracy"] > collection.loc["+400 same way", "accuracy"] + 0.005, collection
assert (
    collection.loc["+400 targeted, reweighted", "worst cell"] > collection.loc["+400 same way", "worst cell"] + 0.05
), collection
assert collection.loc["study only, reweighted", "worst cell"] > collection.loc["study only", "worst cell"], collection

# %% [markdown]
# ### Lever 3: augmentation, validated
#
# When the gap has a known physical cause, new data can be **synthesized**. The watch sits
# higher on the wrist and reads less acceleration than a band; everything else is the same
# person doing the same thing. Estimate the ratio from the few real watch windows, per activity,
# then turn band windows into synthetic watch windows (acceleration times the ratio, plus a
# little multiplicative noise). The tempting shortcut, "add noise to band windows and call them
# watch windows", is the control.

# %%
watch = study[study["device"] == "watch"]
band = study[study["device"] != "watch"]
ratio = watch.groupby("activity")["accel_mean_g"].median() / band.groupby("activity")["accel_mean_g"].median()
gain = float(ratio.median())
print(f"watch / band acceleration, per activity: {ratio.round(2).to_dict()} -> gain {gain:.2f}")


def synthetic_watch(source, *, gain, seed):
    """Band windows turned into watch windows: acceleration scaled by `gain`, 5% multiplicative noise."""
    rng = np.random.default_rng(seed)
    out = source.copy()
    out["device"] = "watch"
    for column in ("accel_mean_g", "accel_std_g"):
        out[column] = (source[column] * gain * np.exp(rng.normal(0, 0.05, len(source)))).round(4)
    return out


# %% [markdown]
# **Validate before you train.** Synthetic rows must look like real rows of the slice they claim
# to be. Two checks against the real watch windows, with the band windows drawn to the same mix
# of activities:
#
# - a **two-sample test** per feature (Kolmogorov-Smirnov, `scipy.stats.ks_2samp`);
# - a **classifier two-sample test**: train a classifier to tell real from synthetic. If it
#   cannot (cross-validated ROC AUC near 0.5), the synthetic rows are, for a model, real enough.

# %%
activity_mix = watch["activity"].value_counts()


def activity_matched_band(seed):
    return pd.concat(
        [band[band["activity"] == activity].sample(n, random_state=seed) for activity, n in activity_mix.items()]
    )


def validate(synthetic):
    features = pd.concat([watch[FEATURES], synthetic[FEATURES]])
    is_synthetic = np.r_[np.zeros(len(watch)), np.ones(len(synthetic))]
    probability = cross_val_predict(
        activity_model(),
        features,
        is_synthetic,
        method="predict_proba",
        cv=StratifiedKFold(5, shuffle=True, random_state=SEED),
    )[:, 1]
    return {
        "KS p-value, accel_mean_g": stats.ks_2samp(synthetic["accel_mean_g"], watch["accel_mean_g"]).pvalue,
        "KS p-value, accel_std_g": stats.ks_2samp(synthetic["accel_std_g"], watch["accel_std_g"]).pvalue,
        "real-vs-synthetic AUC": roc_auc_score(is_synthetic, probability),
    }


validation = pd.DataFrame(
    {
        "physics (gain + noise)": validate(synthetic_watch(activity_matched_band(SEED), gain=gain, seed=SEED)),
        "noise only": validate(synthetic_watch(activity_matched_band(SEED), gain=1.0, seed=SEED)),
    }
).T
validation.round(3)

# %%
source = band.sample(600, random_state=SEED)
augmentation = {}
for name, train in (
    ("study only", study),
    ("+600 synthetic watch (physics)", pd.concat([study, synthetic_watch(source, gain=gain, seed=SEED)])),
    ("+600 synthetic watch (noise only)", pd.concat([study, synthetic_watch(source, gain=1.0, seed=SEED)])),
):
    scores = production_scores(train)
    augmentation[name] = {
        "accuracy": scores["accuracy"],
        "watch accuracy": scores["per cell"].xs("watch", level="device").mean(),
    }
augmentation = pd.DataFrame(augmentation).T
augmentation.round(3)

# %% tags=["claim-check"]
assert (
    validation.loc["physics (gain + noise)", "real-vs-synthetic AUC"]
    < 0.6
    < validation.loc["noise only", "real-vs-synthetic AUC"]
), validation
assert (
    validation.loc["noise only", "KS p-value, accel_mean_g"]
    < 0.05
    < validation.loc["physics (gain + noise)", "KS p-value, accel_mean_g"]
)
assert (
    augmentation.loc["+600 synthetic watch (physics)", "watch accuracy"]
    > augmentation.loc["study only", "watch accuracy"]
)
assert (
    abs(
        augmentation.loc["+600 synthetic watch (noise only)", "watch accuracy"]
        - augmentation.loc["study only", "watch accuracy"]
    )
    < 0.01
)

# %% [markdown]
# The noise-only rows fail both checks, and adding them changes nothing for watch users; the
# physics-based rows pass, and help a little (the watch accuracy column). Augmentation fixed the
# device gap because we knew its cause. It cannot fix the age gap: nothing in a student's
# recording tells you how a 70-year-old runs. That one needs collection.
#
# ### Images: geometric transforms on handwritten digits
#
# The same discipline on images, with scikit-learn's 8x8 handwritten digits (they ship with the
# library). We train on only 10 real images per digit and augment them with small rotations
# (up to 10°), sub-pixel shifts (up to half a pixel) and, as a suspect, horizontal flips. Three
# checks: a simple **distribution** check (the total ink per image, KS test against real images),
# a **label** check (a "judge" classifier trained on *other* real digits: does it still see the
# same digit?), and the **downstream** accuracy on held-out real digits.

# %%
digits = load_digits()
images, labels = digits.images, digits.target
order = np.random.default_rng(SEED).permutation(len(labels))
judge_rows, rest = order[:700], order[700:]
small = np.concatenate([rest[labels[rest] == digit][:10] for digit in range(10)])
held_out = np.setdiff1d(rest, small)


def flat(stack):
    return stack.reshape(len(stack), -1)


def rotate(image, rng):
    return np.clip(ndimage.rotate(image, rng.uniform(-10, 10), reshape=False, order=1), 0, 16)


def subpixel_shift(image, rng):
    return np.clip(ndimage.shift(image, rng.uniform(-0.5, 0.5, 2), order=1), 0, 16)


def flip(image, rng):
    return np.fliplr(image)


def augment(transform, copies, seed):
    rng = np.random.default_rng(seed)
    new = np.array([transform(image, rng) for image in images[small] for _ in range(copies)])
    return new, np.repeat(labels[small], copies)


judge = SVC().fit(flat(images[judge_rows]), labels[judge_rows])
real_ink = images[judge_rows].sum(axis=(1, 2))
image_rows = {
    "real images only": {
        "judge agrees": judge.score(flat(images[small]), labels[small]),
        "ink KS p-value": np.nan,
        "held-out accuracy": SVC()
        .fit(flat(images[small]), labels[small])
        .score(flat(images[held_out]), labels[held_out]),
    }
}
for name, transform, copies in (
    ("+ rotations", rotate, 4),
    ("+ sub-pixel shifts", subpixel_shift, 4),
    ("+ flips", flip, 1),
):
    new, new_labels = augment(transform, copies, SEED)
    model = SVC().fit(flat(np.concatenate([images[small], new])), np.r_[labels[small], new_labels])
    image_rows[name] = {
        "judge agrees": judge.score(flat(new), new_labels),
        "ink KS p-value": stats.ks_2samp(new.sum(axis=(1, 2)), real_ink).pvalue,
        "held-out accuracy": model.score(flat(images[held_out]), labels[held_out]),
    }
image_checks = pd.DataFrame(image_rows).T
flipped, flipped_labels = augment(flip, 1, SEED)
flip_agreement = pd.Series(judge.predict(flat(flipped)) == flipped_labels).groupby(flipped_labels).mean()
print("judge agrees with the label of the flipped image, per digit:", flip_agreement.round(1).to_dict())
image_checks.round(3)

# %%
rng = np.random.default_rng(SEED)
examples = small[[2, 12, 22, 32, 42, 52, 62, 72]]


def padded(image):
    return np.pad(image, 1)


mosaic = np.vstack(
    [
        np.hstack([padded(transform(images[i], rng)) for i in examples])
        for transform in (lambda image, rng: image, rotate, subpixel_shift, flip)
    ]
)
fig, ax = plt.subplots(figsize=(8, 4))
ax.imshow(mosaic, cmap="Greys", vmin=0, vmax=16)
ax.set_yticks([5, 15, 25, 35], ["real", "rotated", "shifted", "flipped"])
ax.set_xticks([])
ax.grid(False)
plt.show()

# %% tags=["claim-check"]
transformed = ["+ rotations", "+ sub-pixel shifts"]
assert (image_checks.loc["+ flips", "ink KS p-value"] > 0.05) and (
    image_checks.loc[transformed, "ink KS p-value"] < 0.05
).all()
assert image_checks.loc["+ flips", "judge agrees"] < 0.6 < image_checks.loc[transformed, "judge agrees"].min()
assert (flip_agreement[[2, 3, 5, 7]] < 0.5).all(), flip_agreement
real_only = image_checks.loc["real images only", "held-out accuracy"]
assert (
    image_checks.loc[transformed, "held-out accuracy"].min()
    > real_only
    > image_checks.loc["+ flips", "held-out accuracy"]
)

# %% [markdown]
# Look at the three checks together. The ink test **passes the flips** (a mirrored digit has
# exactly the same ink) and **rejects the rotations and shifts** (interpolation smears the ink a
# little). The judge sees the truth: a mirrored 2, 3, 5 or 7 is no longer that digit, while
# rotated and shifted digits mostly still are. And the held-out accuracy agrees with the judge.
# A distribution check answers "does it look like real data?", never "is the label still right?":
# validate both, and always measure downstream on real data.
#
# ### Text: templates for a missing intent
#
# The app's support inbox has the same problem in text: the training messages came from early
# adopters, whose band had a long battery life, so only 16 of 396 are about battery. Today a
# quarter of the inbox is. A support lead writes templates with slots from what customers say
# about batteries; we fill them in to get 120 distinct synthetic messages. The naive alternative
# is to copy the 16 real ones until the class is bigger (oversampling).

# %%
messages = data.load("support_messages")
messages_test = data.load("support_messages_test")
print(messages["intent"].value_counts().to_dict(), "| test:", messages_test["intent"].value_counts().to_dict())

TEMPLATES = [
    "My {device} battery {fails} {when}.",
    "The {device} {fails} {when}.",
    "Battery {problem} on my {device}{when_comma}",
    "My {device} {needs} {when}.",
]
SLOTS = {
    "device": ["watch", "band", "tracker", "new watch"],
    "fails": [
        "runs out quickly",
        "is flat by the evening",
        "drains overnight",
        "lasts only half a day",
        "dies before lunch",
    ],
    "when": ["", "since the update", "every day", "lately", "after a run"],
    "when_comma": [".", ", since the update.", ", every day.", ", lately."],
    "problem": ["drains fast", "life is poor", "dies too soon", "won't last"],
    "needs": ["needs charging all the time", "keeps running out of power", "won't last a day", "loses charge fast"],
}


def fill_templates(templates, slots, n, seed):
    """`n` distinct messages: a random template, each slot filled with a random option."""
    rng = np.random.default_rng(seed)
    made = set()
    while len(made) < n:
        template = templates[rng.integers(len(templates))]
        text = template.format(**{slot: options[rng.integers(len(options))] for slot, options in slots.items()})
        text = " ".join(text.split()).replace(" .", ".")
        made.add(text[0].upper() + text[1:])
    return pd.DataFrame({"message": sorted(made), "intent": "battery"})


real_battery = messages.loc[messages["intent"] == "battery", ["message", "intent"]]
candidates = {
    "copies of the 16": pd.concat([real_battery] * 7, ignore_index=True),
    "templates v1": fill_templates(TEMPLATES, SLOTS, 120, SEED),
}
candidates["templates v1"].sample(4, random_state=SEED)


# %%
def words(texts):
    return [
        set(text.lower().replace(",", " ").replace(".", " ").replace("!", " ").replace("?", " ").split())
        for text in texts
    ]


known_words = set().union(*words(messages["message"]))


def intent_model():
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(max_iter=2000, C=10)
    )


def check_text(extra):
    """Validation before training (leakage, diversity, length, vocabulary), then the downstream effect."""
    predicted = (
        intent_model()
        .fit(pd.concat([messages["message"], extra["message"]]), pd.concat([messages["intent"], extra["intent"]]))
        .predict(messages_test["message"])
    )
    return {
        "distinct messages": extra["message"].nunique(),
        "also in the test set (leakage)": int(extra["message"].isin(messages_test["message"]).sum()),
        "length KS p-value vs real battery": stats.ks_2samp(
            extra["message"].str.split().str.len(), real_battery["message"].str.split().str.len()
        ).pvalue,
        "share of words never seen in training": np.mean(
            [len(w - known_words) / len(w) for w in words(extra["message"])]
        ),
        "battery recall (test)": recall_score(messages_test["intent"], predicted, labels=["battery"], average=None)[0],
        "accuracy (test)": (predicted == messages_test["intent"]).mean(),
    }


predicted = intent_model().fit(messages["message"], messages["intent"]).predict(messages_test["message"])
text_checks = {
    "real messages only": {
        "battery recall (test)": recall_score(messages_test["intent"], predicted, labels=["battery"], average=None)[0],
        "accuracy (test)": (predicted == messages_test["intent"]).mean(),
    }
}
text_checks.update({name: check_text(extra) for name, extra in candidates.items()})
pd.DataFrame(text_checks).T[list(text_checks["templates v1"])].round(3)

# %% [markdown]
# The copies pass every check trivially (they *are* the real messages) and change almost nothing:
# they add no new way of saying "battery". Templates v1 help, but the length test fails: the
# synthetic messages are shorter than real ones, because customers greet, explain when it started
# and sign off. A model could learn "short message means battery", a cue that real messages do not
# carry. The fix is cheap: read real messages again and add what the templates miss.

# %%
TEMPLATES_V2 = ["{hello} " + template + " {thanks}" for template in TEMPLATES]
SLOTS_V2 = SLOTS | {
    "when": [
        "since the last update",
        "every single day",
        "for a week now",
        "after a long run",
        "since I got it",
        "lately",
    ],
    "when_comma": [", since the last update.", ", every single day.", ", for a week now.", "."],
    "hello": ["", "Hi,", "Hello,", "Hey,", "Hi team,"],
    "thanks": ["", "Thanks.", "Any ideas?", "Please help.", "What should I do?", "Thank you!"],
}
candidates["templates v2"] = fill_templates(TEMPLATES_V2, SLOTS_V2, 120, SEED)
text_checks["templates v2"] = check_text(candidates["templates v2"])
text_table = pd.DataFrame(text_checks).T[list(text_checks["templates v2"])]
text_table.round(3)

# %% tags=["claim-check"]
assert (text_table.loc[["templates v1", "templates v2"], "also in the test set (leakage)"] == 0).all()
assert (
    text_table.loc["templates v1", "length KS p-value vs real battery"]
    < 0.05
    < text_table.loc["templates v2", "length KS p-value vs real battery"]
)
assert (
    text_table.loc["templates v2", "battery recall (test)"]
    > text_table.loc["real messages only", "battery recall (test)"] + 0.2
)
assert (
    text_table.loc["templates v2", "battery recall (test)"]
    > text_table.loc["copies of the 16", "battery recall (test)"] + 0.2
)
assert (
    abs(
        text_table.loc["copies of the 16", "battery recall (test)"]
        - text_table.loc["real messages only", "battery recall (test)"]
    )
    < 0.05
)
assert (
    candidates["templates v1"]["message"].str.split().str.len().mean()
    < real_battery["message"].str.split().str.len().mean()
)
assert 0.15 < text_table.loc["templates v2", "share of words never seen in training"] < 0.35

# %% [markdown]
# Version 2 passes the length test and, trained on, recognizes far more real battery messages.
# About a quarter of the synthetic words never occur in training: that is the point (new ways of
# saying "battery"), but check that they are words customers use, not the author's jargon. And no
# synthetic message may appear in the test set, or the score would be inflated. Templates still
# cover only what their author imagined; the lasting fix is, again, collecting real messages.
#
# ## A smaller balanced set can beat a larger skewed one
#
# Back to the activity data. Take 90 windows per age group x device cell from the pool (810 in
# all, a third of the study) and compare them, on production, with the 2,400 study windows.
# Three draws of the small set, to see that it is not luck.

# %%
balanced_runs = [production_scores(pool.groupby(CELL).sample(90, random_state=seed)) for seed in range(3)]
size_table = pd.DataFrame(
    {
        "study (2,400 skewed)": {
            "rows": len(study),
            "accuracy": baseline["accuracy"],
            "worst cell": baseline["worst cell"],
        },
        **{
            f"balanced draw {seed} (810)": {"rows": 810, "accuracy": run["accuracy"], "worst cell": run["worst cell"]}
            for seed, run in enumerate(balanced_runs)
        },
    }
).T
size_table.round(3)

# %% tags=["claim-check"]
assert (size_table.iloc[1:]["accuracy"] > baseline["accuracy"] + 0.02).all(), size_table
assert (size_table.iloc[1:]["worst cell"] > baseline["worst cell"] + 0.08).all(), size_table

# %%
plots.bar_comparison(
    {
        "study, 2,400 skewed": baseline["worst cell"],
        "balanced, 810 (mean of 3)": float(size_table.iloc[1:]["worst cell"].mean()),
    },
    title="Worst slice on production (age group x device)",
    xlabel="accuracy",
)
plt.show()

# %% [markdown]
# More data helps when it is more of the *right* data. A third of the rows, spread over the
# slices the model will meet, wins overall and by a wide margin on the worst slice.
#
# ### Try it
#
# 1. Raise `BUDGET` to 1,200. Does targeted collection still beat "same way"? Does the gap grow?
# 2. Change `tolerance` in `underrepresented` to 0.2. Which slices join the list?
# 3. Set the watch `gain` to 0.8 in `synthetic_watch` and re-run the validation. Which check
#    notices first, the KS test or the real-versus-synthetic classifier?

# %%
# Try it here.

# %% [markdown]
# ## Versioning and documenting a data set
#
# A data set changes: rows are collected, fixed, removed. A model is only reproducible if you
# know **which** data it was trained on. Three habits:
#
# 1. **A content fingerprint.** `utils.representation.fingerprint` hashes the rows (not the file):
#    the same data gives the same fingerprint whatever the row order or the index; any changed
#    cell, added or removed row, renamed column or changed type gives a new one.
# 2. **A changelog.** One line per version: fingerprint, rows, what changed and why.
# 3. **A data card.** What the data is for, what it contains, how it was collected, what it lacks.

# %%
version_2 = pd.concat([study, collect(targeted, SEED)], ignore_index=True)
edited = study.copy()
edited.loc[0, "heart_rate_bpm"] += 1
print("study          ", fingerprint(study)[:12])
print("rows shuffled  ", fingerprint(study.sample(frac=1, random_state=SEED))[:12], "(same data, same fingerprint)")
print("one cell edited", fingerprint(edited)[:12])
changelog = pd.DataFrame(
    [
        {
            "version": "1.0",
            "fingerprint": fingerprint(study)[:12],
            "rows": len(study),
            "change": "campus study, spring and summer",
            "reason": "first training set",
        },
        {
            "version": "1.1",
            "fingerprint": fingerprint(version_2)[:12],
            "rows": len(version_2),
            "change": f"+{BUDGET} windows from the field campaign, targeted at thin age group x device cells",
            "reason": "production errors concentrated on users aged 55+ and on the watch",
        },
    ]
)
changelog

# %% tags=["claim-check"]
assert fingerprint(study.sample(frac=1, random_state=SEED).reset_index(drop=True)) == fingerprint(study)
assert fingerprint(edited) != fingerprint(study) and fingerprint(version_2) != fingerprint(study)

# %% [markdown]
# The data card below is **generated from the data** (every number comes from a computation
# above), so it cannot drift from what it describes. The exercise asks you to write one by hand,
# with the judgement a generator cannot supply.

# %%
v2_coverage = pd.concat(
    {
        dimension: coverage_table(version_2, dimension, REFERENCE[dimension], min_count=MIN_COUNT)
        for dimension in DIMENSIONS
    },
    names=["dimension", "slice"],
)
v2_gaps = underrepresented(v2_coverage, tolerance=0.5, min_count=MIN_COUNT)
card = f"""### Data card: activity training set, version 1.1 (`{fingerprint(version_2)[:12]}`)

**Purpose.** Train the app's activity recognizer (resting, walking, running, cycling) from wrist-sensor windows.

**Composition.** {len(version_2):,} windows; activities {version_2["activity"].value_counts().to_dict()}.

**Collection.** {len(study):,} windows from a campus study (spring and summer) plus {len(version_2) - len(study)} windows
from the field campaign, targeted at under-represented age group x device cells.

**Coverage against the app's users.** TVD per dimension: {", ".join(f"{d} {total_variation_distance(version_2[d].value_counts(), REFERENCE[d]):.2f}" for d in DIMENSIONS)}.
Still under-represented (share below half of the reference or fewer than {MIN_COUNT} windows):
{", ".join(f"{d} = {s}" for d, s in v2_gaps.index) or "none"}.

**Known limitations.** The production accuracy is lowest for users aged 55+ on the watch; augmentation can
only help where the cause is physical (device), not for behaviour (age).

**Changelog.** See the table above; every version is identified by its fingerprint.
"""
Markdown(card)

# %% [markdown]
# ## Check your understanding
#
# 1. The study's label distribution is close to the reference. Why is that no evidence that the
#    data set is representative?
# 2. What does a total variation distance of 0.4 mean, in words? Why compare it with the
#    distance of a sample drawn from the reference?
# 3. Why did the physics-based watch augmentation help, and why can no augmentation fix the gap
#    for users aged 55+?
# 4. The ink test passed the flipped digits. What does that tell you about distribution checks of
#    synthetic data?
# 5. Why should a fingerprint ignore the row order but not a swap of two values between rows?
#
# <details><summary>Answers</summary>
#
# 1. Representativeness is about every dimension that changes how the data looks (who, with what,
#    when), and their combinations, not only the label. The study matches on labels and misses on
#    age group, device and season.
# 2. Some set of slices gets 40 percentage points more probability in one distribution than in the
#    other. A sample of the reference is never at distance 0: its distance shows how much is noise.
# 3. The watch gap has a known physical cause (a lower acceleration reading), which a transform can
#    reproduce and a test can validate. How older users move is behaviour the student recordings do
#    not contain; only data from older users can show it.
# 4. A distribution check only asks whether the synthetic data *looks* like real data; it cannot see
#    whether the label still fits. Check labels separately (a judge, a person) and measure downstream.
# 5. Rows are records: their order carries no information. Swapping values between rows creates
#    different records (a different person with a different heart rate), so it is different data.
# </details>
#
# ## Summary
#
# - Write the coverage checklist as code: per dimension and per combination, count, share,
#   reference share, and a minimum count; state any independence assumption.
# - Measure distance to the reference (TVD, chi-square) and read it against sampling noise.
# - The model's errors follow the training mix; measure per slice, on data like production.
# - Fill gaps by **targeted collection** (spend the budget where the deficit is), **reweighting**,
#   and **augmentation** where the cause is known, and validate synthetic data: distribution,
#   label, downstream, leakage.
# - A smaller balanced set can beat a larger skewed one.
# - Version data with a content fingerprint and a changelog; document it with a data card.
#
# ## Going further
#
# - The library one-liners: `scipy.stats.chisquare(counts, f_exp=expected)`,
#   `scipy.stats.ks_2samp(a, b)`, and `utils.representation.coverage_table / fingerprint`.
# - T. Gebru et al. (2021), *Datasheets for Datasets*, Communications of the ACM 64(12): the
#   questions a data card should answer (this course's cards follow it loosely).
# - D. Lopez-Paz and M. Oquab (2017), *Revisiting Classifier Two-Sample Tests*, ICLR: the
#   real-versus-synthetic classifier test used above.
# - C. Shorten and T. M. Khoshgoftaar (2019), *A survey on Image Data Augmentation for Deep
#   Learning*, Journal of Big Data 6: a catalogue of transforms; which ones preserve labels depends
#   on your task, as the flipped digits show.
# - Tools such as DVC or lakeFS version large data sets by content hash; the fingerprint here is the
#   same idea at the scale of one table.
# - The exercise: [`exercises/05-representative-data/05-representative-data.ipynb`](../exercises/05-representative-data/05-representative-data.ipynb).
#   Next: module 06, [Error analysis](06-error-analysis.ipynb).
